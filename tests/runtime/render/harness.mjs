// A page opened into a fake frame (scripts/conformance_node.mjs), for render tests.
import { Component, hooks, enterModule, leaveModule, resetRegistry, resetPages, flushRenders } from '../../../src/openmini/runtime/logic/index.js';
import { registerView, resetModules } from '../../../src/openmini/runtime/logic/modules.js';
import { configureRender, openPage, handleViewMessage, flushAll } from '../../../src/openmini/runtime/render/index.js';
import { createFrame, canonical } from '../../../scripts/conformance_node.mjs';

let pageId = 1000;

/** Reset the model and registries; warnings are collected, errors thrown unless `errors` collects them. */
export function reset(errors) {
  resetModules();
  resetRegistry();
  resetPages();
  const warnings = [];
  hooks.warn = (m) => warnings.push(m);
  hooks.error = errors ? (e) => errors.push(e) : (e) => { throw e; };
  return warnings;
}

/**
 * Open page "index" with this root node list and definition. Returns {page, frame, sent, id,
 * settle(), tree(), event(node, type, detail)}. `wxs`: {name: exports} for the file.
 */
export function open(root, def, { wxs = {}, send } = {}) {
  const modules = {};
  for (const name in wxs) modules[name] = `index.wxml#${name}`;
  registerView('index.wxml', { version: 1, wxs: modules, imports: [], templates: {}, root });
  enterModule('index');
  Component(def);
  leaveModule();
  configureRender({ manifest: { pages: { index: { template: 'index.wxml', config: {} } }, components: {}, files: {} }, base: 'https://cdn/files/' });
  const frame = createFrame();
  const sent = [];
  const id = ++pageId;
  const h = {
    frame, sent, id, page: null,
    settle() {
      for (let i = 0; i < 20; i++) {
        flushAll();
        const acks = sent.filter((m) => m.t === 'ops' && !m.acked);
        if (!acks.length) return;
        for (const m of acks) { m.acked = true; handleViewMessage(id, { t: 'applied', seq: m.seq }); }
      }
    },
    tree: () => canonical(frame.root, []),
    ops: (from = 0) => sent.slice(from).filter((m) => m.t === 'ops').flatMap((m) => m.ops),
    event(node, type, detail = {}) {
      handleViewMessage(id, { t: 'event', node, type, detail, timeStamp: 1 });
      flushRenders();
      h.settle();
    },
  };
  h.page = openPage({ id, route: 'index', send: send || ((msg) => { sent.push(msg); if (msg.t === 'ops') frame.apply(msg.ops); }) });
  h.settle();
  return h;
}

/** A view-code binding reading `D[name]` / `W[mod][fn]`. */
export const d = (name) => [(D) => D[name], [['D', name]]];
export const w = (mod, fn, W) => [() => W[mod] && W[mod][fn], []];

#!/usr/bin/env node
// Run the WXML/component conformance suite (tests/conformance/README.md) in node, without a
// browser: the Python compiler builds every case (one process for all), the runtime's logic
// and render layers run it, and an in-memory op applier stands in for the page frame.
//
//   node scripts/conformance_node.mjs tests/conformance/cases.jsonl [-v] [--only id,id]
//
// Prints `conformance: N/M passed` and the failing ids (with -v: expected and actual trees).

import { readFileSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNTIME = join(ROOT, 'src/openmini/runtime');

// --- the page frame stand-in --------------------------------------------------------------

/** A DOM-less page frame: applies ops to plain objects. */
export function createFrame() {
  const root = { tag: 'page', host: false, children: [], parent: null, props: {}, dataset: {}, cls: '', style: '', domId: '' };
  /** @type {Map<number, any>} */
  const nodes = new Map([[0, root]]);
  const detach = (n) => {
    if (n.parent) n.parent.children.splice(n.parent.children.indexOf(n), 1);
    n.parent = null;
  };
  const drop = (n) => {
    nodes.delete(n.nid);
    if (n.children) n.children.forEach(drop);
  };
  /** @param {any[][]} ops */
  function apply(ops) {
    for (const o of ops) {
      const n = nodes.get(o[1]);
      switch (o[0]) {
        case 0: nodes.set(o[1], { nid: o[1], tag: o[2], host: !!(o[3] & 1), children: [], parent: null, props: {}, dataset: {}, cls: '', style: '', domId: '', listen: [] }); break;
        case 1: nodes.set(o[1], { nid: o[1], text: o[2], parent: null }); break;
        case 2: {
          const child = nodes.get(o[2]);
          const parent = nodes.get(o[1]);
          if (!child || !parent) throw new Error(`INSERT of unknown node ${JSON.stringify(o)}`);
          detach(child);
          const at = o[3] ? parent.children.indexOf(nodes.get(o[3])) : -1;
          if (o[3] && at < 0) throw new Error(`INSERT before a node that is not a child ${JSON.stringify(o)}`);
          parent.children.splice(at < 0 ? parent.children.length : at, 0, child);
          child.parent = parent;
          break;
        }
        case 3: if (!n) throw new Error(`REMOVE of unknown node ${o[1]}`); detach(n); drop(n); break;
        case 4: n.props[o[2]] = o[3] === undefined ? null : o[3]; break;
        case 5: n.text = o[2]; break;
        case 6: n.cls = o[2]; break;
        case 7: n.style = o[2]; break;
        case 8: n.listen = o[2]; break;
        case 9: n.dataset = o[2]; break;
        case 10: n.domId = o[2]; break;
        default: throw new Error(`unknown op ${JSON.stringify(o)}`);
      }
    }
  }
  /** First node with this id attribute, in document order. @param {string} id */
  function find(id) {
    const walk = (n) => {
      if (n.domId === id) return n;
      for (const c of n.children || []) {
        const f = c.children && walk(c);
        if (f) return f;
      }
      return null;
    };
    return walk(root);
  }
  return { root, nodes, apply, find };
}

/**
 * The canonical `tree` of the README: tags without prefix, hosts flagged, classes without
 * component prefixes, other attributes of native nodes typed and in name order, text merged.
 * @param {any} root @param {string[]} prefixes
 */
export function canonical(root, prefixes) {
  const unprefix = (cls) => {
    const out = [];
    for (let t of cls.split(/\s+/)) {
      if (!t) continue;
      for (const p of prefixes) if (t.startsWith(p + '--')) t = t.slice(p.length + 2);
      if (!out.includes(t)) out.push(t);
    }
    return out.join(' ');
  };
  const kids = (n) => {
    const out = [];
    for (const c of n.children) {
      if (c.text !== undefined) {
        if (c.text === '') continue;
        if (typeof out[out.length - 1] === 'string') out[out.length - 1] += c.text;
        else out.push(c.text);
        continue;
      }
      const attrs = {};
      if (c.domId) attrs.id = c.domId;
      const cls = unprefix(c.cls);
      if (cls) attrs.class = cls;
      if (c.style) attrs.style = c.style;
      if (!c.host) for (const k of Object.keys(c.props).sort()) attrs[k] = c.props[k];
      const el = { tag: c.tag };
      if (c.host) el.component = true;
      el.attrs = attrs;
      if (Object.keys(c.dataset).length) el.dataset = c.dataset;
      el.children = kids(c);
      out.push(el);
    }
    return out;
  };
  return kids(root);
}

// --- building the cases -----------------------------------------------------------------

const BUILD = String.raw`
import json, sys
from pathlib import Path
from openmini.compiler import compile_project
cases_file, out = sys.argv[1], Path(sys.argv[2])
for i, line in enumerate(l for l in open(cases_file, encoding="utf-8") if l.strip()):
    case = json.loads(line)
    src = out / str(i) / "src"
    page = case.get("root", "index")
    files = {"app.json": {"pages": [page]}, **case["files"]}
    files.setdefault(page + ".js", "Component({ data: %s })" % json.dumps(case.get("data", {})))
    for name, content in files.items():
        p = src / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    result = compile_project(src)
    if result.package is None:
        (out / str(i) / "errors.txt").write_text("\n".join(str(d) for d in result.diagnostics if d.is_error))
    else:
        result.package.write(out / str(i) / "pkg")
`;

async function main(argv) {
  const verbose = argv.includes('-v');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1].split(',')) : null;
  const file = argv.find((a) => a.endsWith('.jsonl')) || join(ROOT, 'tests/conformance/cases.jsonl');
  const cases = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const tmp = mkdtempSync(join(tmpdir(), 'om-conf-'));
  execFileSync(join(ROOT, '.venv/bin/python'), ['-c', BUILD, file, tmp], { stdio: 'inherit' });

  const logic = await import(pathToFileURL(join(RUNTIME, 'logic/index.js')).href);
  const modules = await import(pathToFileURL(join(RUNTIME, 'logic/modules.js')).href);
  const render = await import(pathToFileURL(join(RUNTIME, 'render/index.js')).href);
  const warnings = [];
  logic.hooks.warn = (m) => warnings.push(m);
  const errors = [];
  logic.hooks.error = (e, where) => errors.push(`${where}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);

  const failed = [];
  let passed = 0;
  let pageId = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (only && !only.has(c.id)) continue;
    warnings.length = 0;
    errors.length = 0;
    let got = [];
    let problem = '';
    try {
      got = runCase(c, join(tmp, String(i)), ++pageId, { logic, modules, render });
    } catch (error) {
      problem = String(error && error.stack ? error.stack : error);
    }
    const want = c.expected.map((e) => e.tree);
    if (!problem && isDeepStrictEqual(got, want)) {
      passed++;
      if (verbose && errors.length) console.log(`\n✓ ${c.id} (with errors)\n  errors: ` + errors.join('\n          '));
    } else {
      failed.push(c.id);
      if (verbose) {
        console.log(`\n✗ ${c.id}: ${c.title}`);
        if (problem) console.log('  ' + problem.split('\n').slice(0, 6).join('\n  '));
        for (let s = 0; s < want.length; s++) {
          if (isDeepStrictEqual(got[s], want[s])) continue;
          console.log(`  step ${s}:\n    want ${JSON.stringify(want[s])}\n    got  ${JSON.stringify(got[s])}`);
          break;
        }
        if (errors.length) console.log('  errors: ' + errors.join('\n          '));
      }
    }
  }
  rmSync(tmp, { recursive: true, force: true });
  const total = only ? only.size : cases.length;
  console.log(`conformance: ${passed}/${total} passed`);
  if (failed.length) console.log('failing: ' + failed.join(' '));
  process.exitCode = failed.length ? 1 : 0;
}

/** @returns {any[]} the canonical tree after the initial render and after each step */
function runCase(c, dir, pageId, { logic, modules, render }) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'pkg/manifest.json'), 'utf8'));
  } catch {
    throw new Error('build failed: ' + readFileSync(join(dir, 'errors.txt'), 'utf8'));
  }
  modules.resetModules();
  logic.resetRegistry();
  logic.resetPages();
  logic.resetApp();
  const g = { App: logic.App, Page: logic.Page, Component: logic.Component, Behavior: logic.Behavior, getApp: logic.getApp, getCurrentPages: logic.getCurrentPages, wx: {}, global: {} };
  modules.setLogicGlobals(g);
  for (const name in manifest.packages) {
    for (const kind of ['logic', 'view']) {
      const entry = manifest.files[manifest.packages[name][kind]];
      if (!entry) continue;
      const code = readFileSync(join(dir, 'pkg/files', entry.file), 'utf8');
      new Function('__openmini_define__', '__openmini_view__', code)(modules.define, modules.registerView);
    }
  }
  render.configureRender({ manifest, base: '/files/', ready: false });
  const frame = createFrame();
  const replies = [];
  const send = (msg) => {
    if (msg.t === 'ops') {
      frame.apply(msg.ops);
      replies.push({ t: 'applied', seq: msg.seq });
    }
  };
  const settle = () => {
    for (let round = 0; round < 100; round++) {
      render.flushAll();
      if (!replies.length) return;
      while (replies.length) render.handleViewMessage(pageId, replies.shift());
    }
  };
  const prefixes = Object.values(manifest.components || {}).map((u) => u.classPrefix).filter(Boolean);
  const route = c.root || 'index';
  const page = render.openPage({ id: pageId, route, query: {}, send });
  settle();
  const out = [canonical(frame.root, prefixes)];
  const compOf = (sel) => {
    if (!sel) return page;
    const n = frame.find(sel.slice(1));
    const b = n && render.pageView(pageId).nodes.get(n.nid);
    if (!b || !b.cs) throw new Error(`no component ${sel}`);
    return b.cs.comp;
  };
  for (const step of c.steps) {
    if (step.setData) compOf(step.target).setData(step.setData);
    else if (step.call) {
      const comp = compOf(step.call.target);
      comp[step.call.method](...(step.call.args || []));
    } else {
      const ev = step.tap ? { target: step.tap, type: 'tap' } : step.event;
      const n = frame.find(ev.target.slice(1));
      if (!n) throw new Error(`no node ${ev.target}`);
      render.handleViewMessage(pageId, { t: 'event', node: n.nid, type: ev.type, detail: ev.detail || {}, timeStamp: 0 });
    }
    settle();
    out.push(canonical(frame.root, prefixes));
  }
  render.closePage(pageId);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exitCode = 2;
  });
}

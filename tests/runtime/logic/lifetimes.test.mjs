import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  Component, Behavior, hooks, createComponent, attachComponent, readyComponent, moveComponent,
  detachComponent, enterModule, leaveModule,
} from '../../../src/openmini/runtime/logic/index.js';

beforeEach(() => {
  hooks.warn = () => {};
  hooks.error = (e) => { throw e; };
  hooks.render = null;
});

const logger = (log, tag) => ({
  created() { log.push(`${tag}.created`); },
  attached() { log.push(`${tag}.attached`); },
  ready() { log.push(`${tag}.ready`); },
  moved() { log.push(`${tag}.moved`); },
  detached() { log.push(`${tag}.detached`); },
});

test('order: created, attached parent first, ready, detached child first', () => {
  const log = [];
  const P = Component({ lifetimes: logger(log, 'p') });
  const C = Component({ lifetimes: logger(log, 'c') });
  // the view builds children before the parent's created (glass-easel order) — here: as the view calls us
  const c = createComponent(C);
  const p = createComponent(P);
  attachComponent(p);
  attachComponent(c, p);
  readyComponent(c);
  readyComponent(p);
  readyComponent(p); // once only
  moveComponent(c);
  detachComponent(p); // detaches c first
  assert.deepEqual(log, ['c.created', 'p.created', 'p.attached', 'c.attached', 'c.ready', 'p.ready', 'c.moved', 'c.detached', 'p.detached']);
});

test('behavior lifetimes: referenced first, each behavior once', () => {
  const log = [];
  const shared = Behavior({ lifetimes: { created() { log.push('shared'); } } });
  const a = Behavior({ behaviors: [shared], created() { log.push('a'); } });
  const b = Behavior({ behaviors: [shared], lifetimes: { created() { log.push('b'); } } });
  createComponent(Component({ behaviors: [a, b], created() { log.push('comp'); } }));
  assert.deepEqual(log, ['shared', 'a', 'b', 'comp']);
});

test('properties/methods priority: component > later behavior > earlier > referenced', () => {
  const inner = Behavior({ methods: { m() { return 'inner'; }, n() { return 'inner'; } }, properties: { p: { type: String, value: 'inner' } } });
  const outer = Behavior({ behaviors: [inner], methods: { m() { return 'outer'; } } });
  const later = Behavior({ properties: { p: { type: String, value: 'later' } } });
  const c = createComponent(Component({ behaviors: [outer, later] }));
  assert.equal(c.m(), 'outer');
  assert.equal(c.n(), 'inner');
  assert.equal(c.data.p, 'later');
  assert.ok(c.hasBehavior(inner));
  assert.ok(!c.hasBehavior(Behavior({})));
});

test('definitionFilter rewrites the definition that uses the behavior', () => {
  const b = Behavior({
    definitionFilter(defFields) {
      defFields.data = Object.assign({}, defFields.data, { injected: true });
    },
  });
  assert.equal(createComponent(Component({ behaviors: [b], data: { own: 1 } })).data.injected, true);
});

test('wx://form-field adds name and value properties', () => {
  const c = createComponent(Component({ behaviors: ['wx://form-field'] }), { properties: { name: 'n', value: 3 } });
  assert.deepEqual([c.data.name, c.data.value], ['n', 3]);
});

test('relations: parent/child link after attached, unlink after detached, linkChanged on move', () => {
  const log = [];
  enterModule('components/ul/ul');
  const UL = Component({
    relations: {
      '../li/li': {
        type: 'child',
        linked(t) { log.push(`ul.linked ${t.id}`); },
        linkChanged(t) { log.push(`ul.linkChanged ${t.id}`); },
        unlinked(t) { log.push(`ul.unlinked ${t.id}`); },
      },
    },
  });
  leaveModule();
  enterModule('components/li/li');
  const LI = Component({
    lifetimes: { attached() { log.push(`${this.id}.attached`); }, detached() { log.push(`${this.id}.detached`); } },
    relations: {
      '../ul/ul': {
        type: 'parent',
        linked(t) { log.push(`${this.id}.linked ${t.is}`); },
        linkChanged() { log.push(`${this.id}.linkChanged`); },
        unlinked() { log.push(`${this.id}.unlinked`); },
        linkFailed() { log.push(`${this.id}.linkFailed`); },
      },
    },
  });
  leaveModule();
  const ul = createComponent(UL);
  attachComponent(ul);
  const a = createComponent(LI, { id: 'a' });
  const b = createComponent(LI, { id: 'b' });
  attachComponent(a, ul);
  attachComponent(b, ul);
  assert.deepEqual(ul.getRelationNodes('../li/li'), [a, b]);
  assert.deepEqual(a.getRelationNodes('../ul/ul'), [ul]);
  moveComponent(b);
  detachComponent(a);
  const orphan = createComponent(LI, { id: 'o' });
  attachComponent(orphan, null);
  assert.deepEqual(log, [
    'a.attached', 'ul.linked a', 'a.linked components/ul/ul',
    'b.attached', 'ul.linked b', 'b.linked components/ul/ul',
    'ul.linkChanged b', 'b.linkChanged',
    'a.detached', 'ul.unlinked a', 'a.unlinked',
    'o.attached', 'o.linkFailed',
  ]);
  assert.deepEqual(ul.getRelationNodes('../li/li'), [b]);
});

test('relations: ancestor linked through a middle component', () => {
  const log = [];
  const fb = Behavior({});
  const ib = Behavior({});
  const Form = Component({ behaviors: [fb], relations: { input: { type: 'descendant', target: ib, linked(t) { log.push('form+' + t.id); } } } });
  const Input = Component({ behaviors: [ib], relations: { form: { type: 'ancestor', target: fb, linked(t) { log.push(this.id + '->form'); } } } });
  const form = createComponent(Form);
  attachComponent(form);
  const mid = createComponent(Component({}));
  attachComponent(mid, form);
  const input = createComponent(Input, { id: 'i' });
  attachComponent(input, mid);
  assert.deepEqual(log, ['form+i', 'i->form']);
  assert.deepEqual(form.getRelationNodes('input'), [input]);
});

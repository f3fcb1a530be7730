// Test-only control (docs/runtime-protocol.md "Test control"): accepted only when the host's
// `init` said `test: true` (launch({test: true}); never in a real launch). It drives a page the
// way the WXML conformance suite's steps do — setData / a method call on a component, a custom
// event at an element — and answers once every DOM batch the step caused is applied in the
// page frame, so a test can read the frame's DOM right after the answer. Taps are not here:
// tests click the page frame for real.

/**
 * @param {any} render render/index.js
 * @param {(msg: any) => void} post to the host
 * @returns {(msg: Record<string, any>) => void}
 */
export function testControl(render, post) {
  return (msg) => {
    const answer = (/** @type {any} */ result, /** @type {string} */ error) => post(error ? { t: 'test.result', id: msg.id, ok: false, error } : { t: 'test.result', id: msg.id, ok: true, result });
    const view = render.pageView(msg.page);
    if (!view) return answer(null, `no page ${msg.page}`);
    try {
      const act = msg.action;
      if (act === 'setData') component(view, msg.target).setData(msg.data);
      else if (act === 'call') {
        const comp = component(view, msg.target);
        if (typeof comp[msg.method] !== 'function') throw new Error(`no method ${msg.method}`);
        comp[msg.method](...(msg.args || []));
      } else if (act === 'event') {
        const b = find(view.root, String(msg.target).slice(1));
        if (!b) throw new Error(`no node ${msg.target}`);
        render.handleViewMessage(msg.page, { t: 'event', node: b.id, type: msg.type, detail: msg.detail || {}, timeStamp: 0 });
      } else if (act !== 'settle') throw new Error(`unknown test action ${act}`);
    } catch (error) {
      return answer(null, String(error && /** @type {any} */ (error).message || error));
    }
    settle(render, view, msg.quiet || 0, (seq) => answer({ seq }, ''));
  };
}

/** The root component, or the component whose host has this `#id`. @param {any} view @param {string} [target] */
function component(view, target) {
  if (!target) return view.comp;
  const b = find(view.root, target.slice(1));
  if (!b || !b.cs) throw new Error(`no component ${target}`);
  return b.cs.comp;
}

/**
 * The first element or component host on screen whose id is `id`, in composed-tree order
 * (the order of the frame's DOM).
 * @param {any} b @param {string} id
 * @returns {any}
 */
function find(b, id) {
  for (let i = 0; i < b.kids.length; i++) {
    const k = b.kids[i];
    if (!k.live) continue;
    if (k.k !== 4 && k.v && k.v.domId === id) return k; // 4: a virtual block (render/tree.js VIRT)
    const f = find(k, id);
    if (f) return f;
  }
  return null;
}

/**
 * Call `done(seq)` when the page has nothing left to send and the frame acknowledged every
 * batch, for `quiet` more checks in a row (a step whose effects arrive by another channel,
 * such as a click in the frame, gets a few).
 * @param {any} render @param {any} view @param {number} quiet @param {(seq: number) => void} done
 */
function settle(render, view, quiet, done) {
  let idle = 0;
  const tick = () => {
    render.flushAll();
    idle = view.waiting.size || view.ops.length ? 0 : idle + 1;
    if (idle > quiet) done(view.seq);
    else setTimeout(tick, 5);
  };
  tick();
}

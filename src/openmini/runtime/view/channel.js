// The frame's two channels: the page port to logic and postMessage to the host (parent window).

/** @type {MessagePort | null} */
let port = null;
/** @type {Map<number, (m: any) => void>} */
const waiting = new Map();
let nextId = 1;

/** @param {MessagePort} p */
export function setPort(p) {
  port = p;
}

/** @param {any} msg @param {Transferable[]} [transfer] */
export function toLogic(msg, transfer = []) {
  if (port) port.postMessage(msg, transfer);
}

/** @param {any} msg */
export function toHost(msg) {
  window.parent.postMessage(msg, "*");
}

/**
 * Ask the host something it answers with `{t: msg.t + ".result", id, …}` (button open-types).
 * @param {Record<string, any>} msg
 * @returns {Promise<any>}
 */
export function askHost(msg) {
  const id = nextId++;
  toHost({ ...msg, id });
  return new Promise((resolve) => waiting.set(id, resolve));
}

/**
 * A host message that answers `askHost`; returns whether it was one.
 * @param {any} m
 */
export function hostAnswer(m) {
  const done = m && typeof m.t === "string" && m.t.endsWith(".result") && waiting.get(m.id);
  if (!done) return false;
  waiting.delete(m.id);
  done(m);
  return true;
}

// A minimal DOM for node tests of the applier: enough of Node/Element for view/apply.js and the
// DOM-light widgets, recording mutations so tests can assert the operations, not only the result.

export const log = [];

class FakeNode {
  constructor(type) {
    this.nodeType = type;
    this.parentNode = null;
    this.childNodes = [];
  }
  get firstChild() { return this.childNodes[0] || null; }
  get nextSibling() {
    const s = this.parentNode && this.parentNode.childNodes;
    return s ? s[s.indexOf(this) + 1] || null : null;
  }
  insertBefore(child, before) {
    if (child.parentNode) child.parentNode.childNodes.splice(child.parentNode.childNodes.indexOf(child), 1);
    const i = before ? this.childNodes.indexOf(before) : -1;
    if (i < 0) this.childNodes.push(child);
    else this.childNodes.splice(i, 0, child);
    child.parentNode = this;
    log.push(`${this.name}.insert(${child.name}${before ? ", " + before.name : ""})`);
    return child;
  }
  append(...cs) { for (const c of cs) this.insertBefore(c, null); }
  prepend(...cs) { for (const c of cs.reverse()) this.insertBefore(c, this.firstChild); }
  remove() {
    if (!this.parentNode) return;
    const s = this.parentNode.childNodes;
    s.splice(s.indexOf(this), 1);
    log.push(`${this.parentNode.name}.remove(${this.name})`);
    this.parentNode = null;
  }
  get textContent() {
    return this.nodeType === 3 ? this.data : this.childNodes.map((c) => c.textContent).join("");
  }
  set textContent(v) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    if (v) this.append(new FakeText(v));
  }
}

class FakeText extends FakeNode {
  constructor(data) { super(3); this._data = data; }
  get name() { return JSON.stringify(this._data); }
  get data() { return this._data; }
  set data(v) { this._data = v; log.push(`text=${JSON.stringify(v)}`); }
}

class FakeElement extends FakeNode {
  constructor(tag) {
    super(1);
    this.localName = tag;
    this.attributes = new Map();
    this.style = { cssText: "", setProperty() {} };
    this.listeners = {};
    this.className = "";
  }
  get name() { return `<${this.localName}>`; }
  get id() { return this.attributes.get("id") || ""; }
  set id(v) { this.setAttribute("id", v); }
  setAttribute(k, v) {
    if (!/^[a-z][\w:.-]*$/i.test(k)) throw new Error("InvalidCharacterError");
    this.attributes.set(k, String(v));
  }
  getAttribute(k) { return this.attributes.has(k) ? this.attributes.get(k) : null; }
  removeAttribute(k) { this.attributes.delete(k); }
  hasAttribute(k) { return this.attributes.has(k); }
  toggleAttribute(k, on) { on ? this.setAttribute(k, "") : this.removeAttribute(k); return on; }
  addEventListener(t, fn) { (this.listeners[t] ||= []).push(fn); }
  dispatchEvent(e) {
    e.target ||= this;
    for (let n = this; n; n = e.bubbles ? n.parentNode : null) for (const fn of n.listeners?.[e.type] || []) fn(e);
  }
  get isConnected() { return true; }
}

export function installFakeDom() {
  globalThis.document = {
    createElement: (tag) => new FakeElement(tag),
    createTextNode: (s) => new FakeText(s),
  };
  globalThis.CustomEvent = class { constructor(type, o = {}) { this.type = type; this.bubbles = !!o.bubbles; this.detail = o.detail; } };
  return new FakeElement("wx-page");
}

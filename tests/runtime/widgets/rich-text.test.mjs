import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, parse, richNodes, sanitise } from "../../../src/openmini/runtime/view/widgets/rich-text-html.js";

test("parses nested elements, attributes and text", () => {
  assert.deepEqual(parse('<div class="a" style=\'color:red\'>Hi <b>you</b></div>'), [
    { name: "div", attrs: { class: "a", style: "color:red" }, children: [
      { type: "text", text: "Hi " }, { name: "b", attrs: {}, children: [{ type: "text", text: "you" }] }] },
  ]);
});

test("void and self-closing tags do not swallow siblings; stray end tags are ignored", () => {
  const n = parse("<p>a<br>b<img src=x.png/></span>c</p>");
  assert.equal(n.length, 1);
  assert.deepEqual(n[0].children.map((c) => c.name ?? c.text), ["a", "br", "b", "img", "c"]);
});

test("decodes entities", () => {
  assert.equal(decode("&lt;a&gt; &amp;&nbsp;&#65;&#x42;&unknown;"), "<a> &\u00a0AB&unknown;");
  assert.equal(decode("&#0;&#xD800;"), "\ufffd\ufffd");
});

test("script and style content is never parsed as markup and the elements are dropped", () => {
  const n = richNodes("<p>x</p><script>alert('<b>1</b>')</script><style>p{}</style><p>y</p>");
  assert.deepEqual(n.map((e) => e.name), ["p", "p"]);
});

test("untrusted elements go with their whole subtree", () => {
  const n = richNodes("<div><h11>gone<b>also</b></h11><iframe src=https://x></iframe><svg><a>z</a></svg>ok</div>");
  assert.deepEqual(n[0].children, [{ type: "text", text: "ok" }]);
});

test("event handlers, id and unknown attributes are dropped; class/style kept", () => {
  const [d] = richNodes('<div id="i" onclick="x()" class="c" style="color:red" data-x="1" title="t">a</div>');
  assert.deepEqual(d.attrs, { class: "c", style: "color:red" });
});

test("links lose href (WeChat allows no attribute on <a>)", () => {
  assert.deepEqual(richNodes('<a href="javascript:alert(1)">x</a>')[0].attrs, {});
});

test("img src must be a network or data image", () => {
  const imgs = richNodes('<img src="javascript:alert(1)"><img src=" https://a/b.png" width=10><img src="data:text/html,x"><img src="data:image/png;base64,AA==">');
  assert.deepEqual(imgs.map((i) => i.attrs.src), [undefined, " https://a/b.png", undefined, "data:image/png;base64,AA=="]);
  assert.equal(imgs[1].attrs.width, "10");
});

test("style with script-ish constructs is dropped", () => {
  for (const s of ["width:expression(alert(1))", "background:url(javascript:x)", "-moz-binding:url(x)", "x:e\\xpression(1)", "@import 'x'"])
    assert.deepEqual(richNodes(`<p style="${s}">a</p>`)[0].attrs, {}, s);
});

test("array nodes are sanitised the same way, names case-insensitive, text entities decoded", () => {
  const n = richNodes([{ name: "DIV", attrs: { ID: "x", Class: "k", onerror: "y" }, children: [{ type: "text", text: "a&amp;b" }, { name: "script", children: [] }] }, null, 3]);
  assert.deepEqual(n, [{ name: "div", attrs: { class: "k" }, children: [{ type: "text", text: "a&b" }] }]);
});

test("table attributes per tag", () => {
  const [t] = richNodes('<table width=1 border=1><tr><td colspan=2 rowspan=3 nowrap>x</td></tr></table>');
  assert.deepEqual(t.attrs, { width: "1" });
  assert.deepEqual(t.children[0].children[0].attrs, { colspan: "2", rowspan: "3" });
});

test("prototype names are not tags", () => {
  assert.deepEqual(sanitise([{ name: "constructor" }, { name: "__proto__" }, { name: "toString" }]), []);
});

test("deep nesting is bounded", () => {
  let n = [{ type: "text", text: "x" }];
  for (let i = 0; i < 200; i++) n = [{ name: "div", children: n }];
  let depth = 0;
  for (let c = sanitise(n); c.length; c = c[0].children) depth++;
  assert.ok(depth <= 66);
});

test("unterminated comments and tags do not throw", () => {
  assert.deepEqual(richNodes("a<!-- b"), [{ type: "text", text: "a" }]);
  assert.doesNotThrow(() => richNodes("<div <p class='x"));
});

// <rich-text> content: a small HTML parser (string → WeChat's node array) and the sanitiser that
// keeps only WeChat's trusted tags and attributes. Pure functions; the widget builds DOM from the
// result with createElement/setAttribute, never innerHTML.

/** Trusted tags → their own attributes (class and style are allowed on all; id never). */
const TRUSTED = /** @type {Record<string, string[]>} */ ({});
for (const t of ("a abbr address article aside b bdi big blockquote br caption center cite code dd del div dl dt em " +
  "fieldset font footer h1 h2 h3 h4 h5 h6 header hr i ins label legend li mark nav p pre q rt ruby s section " +
  "small span strong sub sup tbody tfoot thead tt u ul").split(" ")) TRUSTED[t] = [];
Object.assign(TRUSTED, {
  bdo: ["dir"], col: ["span", "width"], colgroup: ["span", "width"], img: ["alt", "src", "height", "width"],
  ol: ["start", "type"], table: ["width"], td: ["colspan", "height", "rowspan", "width"],
  th: ["colspan", "height", "rowspan", "width"], tr: ["colspan", "height", "rowspan", "width"],
});

const VOID = new Set("area base br col embed hr img input link meta param source track wbr".split(" "));
const RAW = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noscript", "noembed", "template"]);
const ENT = /** @type {Record<string, string>} */ ({
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ensp: "\u2002", emsp: "\u2003",
  thinsp: "\u2009", copy: "©", reg: "®", trade: "™", hellip: "…", mdash: "—", ndash: "–", lsquo: "‘",
  rsquo: "’", ldquo: "“", rdquo: "”", middot: "·", times: "×", divide: "÷", yen: "¥", deg: "°",
});

/** Decode character references (named subset, decimal, hex). */
export function decode(/** @type {string} */ s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);?/gi, (m, e) => {
    if (e[0] !== "#") return ENT[e.toLowerCase()] ?? m;
    const c = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return c > 0 && c <= 0x10ffff && !(c >= 0xd800 && c < 0xe000) ? String.fromCodePoint(c) : "\ufffd";
  });
}

/**
 * @typedef {{type: "text", text: string}} TextNode
 * @typedef {{name: string, attrs: Record<string, string>, children: RichNode[], type?: "node"}} ElementNode
 * @typedef {TextNode | ElementNode} RichNode
 */

/**
 * Parse an HTML string into WeChat's node array (unsanitised: run `sanitise` on the result).
 * Forgiving like a browser: unknown end tags are ignored, open elements close at the end, and the
 * content of script/style/… is skipped entirely.
 * @param {string} html @returns {RichNode[]}
 */
export function parse(html) {
  /** @type {ElementNode} */
  const root = { name: "", attrs: {}, children: [] };
  const stack = [root];
  const re = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>?|<\?[^>]*>?|<\/([a-zA-Z][^\s/>]*)[^>]*>?|<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let i = 0, m;
  const text = (/** @type {string} */ t) => t && stack[stack.length - 1].children.push({ type: "text", text: decode(t) });
  while ((m = re.exec(html))) {
    text(html.slice(i, m.index));
    i = re.lastIndex;
    if (m[1]) {
      const name = m[1].toLowerCase();
      const k = stack.map((n) => n.name).lastIndexOf(name);
      if (k > 0) stack.length = k;
    } else if (m[2]) {
      const name = m[2].toLowerCase(), body = m[3] || "";
      /** @type {ElementNode} */
      const node = { name, attrs: attrs(body.replace(/\/\s*$/, "")), children: [] };
      stack[stack.length - 1].children.push(node);
      if (RAW.has(name)) {
        // skip to the matching end tag: nothing inside is markup
        const end = html.toLowerCase().indexOf("</" + name, i);
        i = re.lastIndex = end < 0 ? html.length : end;
      } else if (!VOID.has(name) && !/\/\s*$/.test(body)) stack.push(node);
    }
  }
  text(html.slice(i));
  return root.children;
}

/** @param {string} s @returns {Record<string, string>} */
function attrs(s) {
  /** @type {Record<string, string>} */
  const out = {};
  const re = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  let m;
  while ((m = re.exec(s))) {
    const k = m[1].toLowerCase();
    if (!(k in out)) out[k] = decode(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

/** A URL an <img> may load: network or data images only (WeChat: network images only). */
export const safeSrc = (/** @type {string} */ u) => /^(https?:)?\/\//i.test(u.trim()) || /^data:image\/(png|gif|jpe?g|webp|bmp);/i.test(u.trim());

/** Inline styles that could run code or phone home through legacy features are dropped. */
const unsafeStyle = (/** @type {string} */ s) => /expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|@import/i.test(decode(s).replace(/\\|\/\*[\s\S]*?\*\//g, ""));

/**
 * Keep WeChat's trusted nodes and attributes: an untrusted element is removed with its whole
 * subtree (WeChat's rule), `on*` handlers, `id` and unknown attributes are dropped, `<img src>`
 * must be a network or data image, `style` must not contain script-ish constructs.
 * @param {any} nodes @param {number} [depth] @returns {RichNode[]}
 */
export function sanitise(nodes, depth = 0) {
  /** @type {RichNode[]} */
  const out = [];
  if (!Array.isArray(nodes) || depth > 64) return out;
  for (const n of nodes) {
    if (!n || typeof n !== "object") continue;
    if (n.type === "text") {
      out.push({ type: "text", text: String(n.text ?? "") });
      continue;
    }
    const name = String(n.name ?? "").toLowerCase();
    const allowed = Object.hasOwn(TRUSTED, name) ? TRUSTED[name] : null;
    if (!allowed) continue;
    /** @type {Record<string, string>} */
    const a = {};
    const src = n.attrs && typeof n.attrs === "object" ? n.attrs : {};
    for (const key of Object.keys(src)) {
      const k = key.toLowerCase(), v = String(src[key] ?? "");
      if (k !== "class" && k !== "style" && !allowed.includes(k)) continue;
      if (k === "style" && unsafeStyle(v)) continue;
      if (k === "src" && !safeSrc(v)) continue;
      a[k] = v;
    }
    out.push({ name, attrs: a, children: sanitise(n.children, depth + 1) });
  }
  return out;
}

/** The `nodes` prop (array or HTML string) → sanitised nodes. Text nodes keep their entities decoded. */
export function richNodes(/** @type {any} */ nodes) {
  if (typeof nodes === "string") return sanitise(parse(nodes));
  // text in array nodes "supports entities", as WeChat says
  /** @type {(list: any) => any} */
  const dec = (/** @type {any} */ list) => Array.isArray(list) ? list.map((n) => !n || typeof n !== "object" ? n
    : n.type === "text" ? { ...n, text: decode(String(n.text ?? "")) } : { ...n, children: dec(n.children) }) : list;
  return sanitise(dec(nodes));
}

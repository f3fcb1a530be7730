// Page urls as navigation APIs take them: "/pages/a/a?x=1", "../b/b?y=2", "pages/c/c".

/**
 * Split a query string into a decoded object. WeChat decodes each key and value once;
 * a malformed escape is kept as written rather than throwing.
 * @param {string} text  without the leading "?"
 * @returns {Record<string, string>}
 */
export function parseQuery(text) {
  /** @type {Record<string, string>} */
  const query = {};
  if (!text) return query;
  const parts = text.split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    query[key] = eq < 0 ? '' : decode(part.slice(eq + 1));
  }
  return query;
}

function decode(/** @type {string} */ s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The query object back to text (for `getCurrentPages()[i].options` round trips and logs). */
export function stringifyQuery(/** @type {Record<string, unknown>} */ query) {
  const out = [];
  for (const key in query) out.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(query[key]))}`);
  return out.join('&');
}

/**
 * Resolve `url` against the route of the page that navigates (`from`, e.g. "pages/a/a").
 * @param {string} url
 * @param {string} [from]
 * @returns {{ route: string, query: Record<string, string> }}
 */
export function resolveUrl(url, from = '') {
  const mark = url.indexOf('?');
  let path = mark < 0 ? url : url.slice(0, mark);
  const query = parseQuery(mark < 0 ? '' : url.slice(mark + 1));
  /** @type {string[]} */
  let segments;
  if (path.startsWith('/')) {
    segments = [];
    path = path.slice(1);
  } else if (path.startsWith('./') || path.startsWith('../')) {
    segments = from.split('/');
    segments.pop(); // the page's own file name
  } else {
    segments = []; // a bare "pages/x/x" is root-relative, as WeChat treats it
  }
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === '..') segments.pop();
    else if (part !== '.' && part !== '') segments.push(part);
  }
  return { route: segments.join('/'), query };
}

// A tiny shared log of lifecycle calls. Every entry also goes to the console, so the
// simulator's Console panel (and WeChat's devtools) show the same order as the screen.
const lines = [];
const listeners = [];

function log(who, what) {
  const line = who + '.' + what;
  lines.push(line);
  console.log('[lifecycle] ' + line);
  listeners.forEach((fn) => fn(rows()));
}

function all() {
  return lines.slice();
}

// The log as list rows for wx:for ... wx:key="n".
function rows() {
  return lines.map((text, i) => ({ n: i + 1, text }));
}

// Calls fn with the rows now and after every new entry; returns a function that stops.
function watch(fn) {
  listeners.push(fn);
  fn(rows());
  return function stop() {
    const i = listeners.indexOf(fn);
    if (i >= 0) listeners.splice(i, 1);
  };
}

function clear() {
  lines.length = 0;
  listeners.forEach((fn) => fn([]));
}

module.exports = { log, all, rows, watch, clear };

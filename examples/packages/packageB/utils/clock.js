// packageB's own helper. An independent subpackage may not require anything outside its root.
function pad(n) {
  return n < 10 ? '0' + n : String(n);
}

// "02:13:05" until `end` (a time in ms), or "00:00:00" once it has passed.
function remaining(end, now) {
  const left = Math.max(0, Math.floor((end - now) / 1000));
  return pad(Math.floor(left / 3600)) + ':' + pad(Math.floor((left % 3600) / 60)) + ':' + pad(left % 60);
}

// The sale ends on the hour, one to two hours from now.
function saleEnd(now) {
  const d = new Date(now);
  d.setHours(d.getHours() + 2, 0, 0, 0);
  return d.getTime();
}

module.exports = { remaining, saleEnd };

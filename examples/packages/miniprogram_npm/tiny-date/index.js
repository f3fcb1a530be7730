// tiny-date: a very small date helper, written for this example. As "npm built" by WeChat's
// devtools, it lives in miniprogram_npm/ and is required by its bare name: require('tiny-date').
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December'
];
const DAY_MS = 24 * 60 * 60 * 1000;

function pad(n) {
  return n < 10 ? '0' + n : String(n);
}

// Tokens: YYYY, MM, M, MMMM, MMM, DD, D, dddd, ddd, HH, mm, ss. Other text is kept.
function format(date, pattern) {
  const d = date instanceof Date ? date : new Date(date);
  const tokens = {
    YYYY: String(d.getFullYear()),
    MMMM: MONTHS[d.getMonth()],
    MMM: MONTHS[d.getMonth()].slice(0, 3),
    MM: pad(d.getMonth() + 1),
    M: String(d.getMonth() + 1),
    dddd: DAYS[d.getDay()],
    ddd: DAYS[d.getDay()].slice(0, 3),
    DD: pad(d.getDate()),
    D: String(d.getDate()),
    HH: pad(d.getHours()),
    mm: pad(d.getMinutes()),
    ss: pad(d.getSeconds())
  };
  return pattern.replace(/YYYY|MMMM|MMM|MM|M|dddd|ddd|DD|D|HH|mm|ss/g, (t) => tokens[t]);
}

function startOfDay(date) {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  return d;
}

function addDays(date, days) {
  const d = new Date(date);
  d.setDate(d.getDate() + days);
  return d;
}

// "today", "yesterday", "3 days ago", "tomorrow", "in 2 days".
function fromNow(date, now) {
  const days = Math.round((startOfDay(date) - startOfDay(now || new Date())) / DAY_MS);
  if (days === 0) return 'today';
  if (days === -1) return 'yesterday';
  if (days === 1) return 'tomorrow';
  return days < 0 ? -days + ' days ago' : 'in ' + days + ' days';
}

module.exports = { format, addDays, fromNow };

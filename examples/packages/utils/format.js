// Required relatively from the main package's pages: require('../../utils/format').
// It uses the npm package itself, by its bare name.
const date = require('tiny-date');

function today(now) {
  return date.format(now || new Date(), 'dddd, D MMMM YYYY');
}

function price(cents) {
  return (cents / 100).toFixed(2);
}

module.exports = { today, price };

// A main-package component; pages of the normal subpackage packageA use it too.
const format = require('../../utils/format');

Component({
  properties: {
    cents: { type: Number, value: 0 },
    unit: { type: String, value: '' },
    large: { type: Boolean, value: false }
  },

  data: {
    amount: '0.00'
  },

  observers: {
    cents(cents) {
      this.setData({ amount: format.price(cents) });
    }
  }
});

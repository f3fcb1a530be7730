const history = require('../../behaviors/history');

Component({
  behaviors: [history],

  properties: {
    label: String, // short form: type only, default ""
    value: {
      type: Number,
      value: 0,
      // Legacy property observer: runs when the parent passes a different value.
      observer(newValue, oldValue) {
        this.setData({ count: newValue });
        this.remember('value ' + oldValue + ' → ' + newValue);
      }
    },
    step: { type: Number, value: 1 },
    min: { type: Number, value: 0 },
    max: { type: Number, value: 99 },
    compact: { type: Boolean, value: false },
    showHistory: { type: Boolean, value: false }
  },

  data: {
    count: 0,
    atMin: true,
    atMax: false
  },

  observers: {
    // Runs whenever one of these fields is set, from setData or from the parent.
    'count, min, max': function (count, min, max) {
      this.setData({ atMin: count <= min, atMax: count >= max });
    }
  },

  methods: {
    increase() {
      this.change(this.data.step);
    },

    decrease() {
      this.change(-this.data.step);
    },

    change(delta) {
      const { count, min, max } = this.data;
      const next = Math.min(max, Math.max(min, count + delta));
      if (next === count) return;
      this.setData({ count: next });
      this.remember((delta > 0 ? '+' : '') + delta);
      this.triggerEvent('change', { value: next });
    },

    // Public: the page calls it through this.selectComponent('#id').reset().
    reset() {
      this.setData({ count: this.data.min });
      this.remember('reset');
      this.triggerEvent('change', { value: this.data.min });
    }
  }
});

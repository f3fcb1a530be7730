// A shopping basket: each row has a counter; totals come from a wildcard observer.
Component({
  properties: {
    items: { type: Array, value: [] }
  },

  data: {
    totalCount: 0,
    totalPrice: '0.00',
    observerRuns: 0
  },

  observers: {
    // 'items.**' also fires for setData({'items[1].qty': 2}); a plain 'items' observer would not.
    'items.**': function (items) {
      let count = 0;
      let cents = 0;
      items.forEach((item) => {
        count += item.qty;
        cents += item.qty * item.cents;
      });
      this.setData({
        totalCount: count,
        totalPrice: (cents / 100).toFixed(2),
        observerRuns: this.data.observerRuns + 1
      });
      this.triggerEvent('total', { count, price: (cents / 100).toFixed(2) });
    }
  },

  methods: {
    onQty(e) {
      const index = e.currentTarget.dataset.index;
      this.setData({ ['items[' + index + '].qty']: e.detail.value });
    }
  }
});

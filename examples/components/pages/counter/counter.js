Page({
  data: {
    cups: 2,
    total: { count: 0, price: '0.00' },
    fruit: [
      { name: 'Apples', price: '3.50', cents: 350, qty: 1 },
      { name: 'Pears', price: '4.20', cents: 420, qty: 0 },
      { name: 'Plums', price: '6.00', cents: 600, qty: 2 }
    ]
  },

  // The counter reports every change; the page keeps its own copy.
  onCupsChange(e) {
    this.setData({ cups: e.detail.value });
  },

  // Changing the bound property from the page runs the counter's legacy observer.
  setFive() {
    this.setData({ cups: 5 });
  },

  // selectComponent returns the component instance, so the page can call its methods.
  resetCounter() {
    this.selectComponent('#cups').reset();
  },

  onBasketTotal(e) {
    this.setData({ total: e.detail });
  }
});

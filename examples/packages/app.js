const date = require('tiny-date');

App({
  globalData: {
    launchedAt: '',
    basket: []
  },

  onLaunch() {
    console.log('[app] onLaunch');
    this.globalData.launchedAt = date.format(new Date(), 'HH:mm:ss');
  },

  onShow() {
    console.log('[app] onShow');
  },

  addToBasket(item, quantity) {
    const basket = this.globalData.basket;
    const line = basket.find((l) => l.id === item.id);
    if (line) line.quantity += quantity;
    else basket.push({ id: item.id, name: item.name, quantity });
  },

  basketCount() {
    return this.globalData.basket.reduce((n, line) => n + line.quantity, 0);
  }
});

// An independent subpackage: this page can open before (or without) the main package, e.g.
// from a QR code. App() may not have run yet, so ask for getApp({ allowDefault: true }).
const clock = require('../../utils/clock');

Page({
  data: {
    left: '',
    appReady: false,
    offers: [
      { id: 'a', name: 'Strawberries', was: '5.90', now: '3.90' },
      { id: 'b', name: 'Goat cheese', was: '8.20', now: '6.50' },
      { id: 'c', name: 'Sourdough loaf', was: '9.50', now: '7.00' }
    ]
  },

  onLoad() {
    this.end = clock.saleEnd(Date.now());
    this.tick();
  },

  onShow() {
    const app = getApp({ allowDefault: true });
    // launchedAt is set by the main package's App.onLaunch.
    this.setData({ appReady: !!(app && app.globalData && app.globalData.launchedAt) });
    this.timer = setInterval(() => this.tick(), 1000);
  },

  onHide() {
    clearInterval(this.timer);
  },

  onUnload() {
    clearInterval(this.timer);
  },

  tick() {
    this.setData({ left: clock.remaining(this.end, Date.now()) });
  },

  goToMarket() {
    // Opening a main-package page loads the main package and runs App() first.
    wx.reLaunch({ url: '/pages/index/index' });
  }
});

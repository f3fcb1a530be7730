const catalog = require('/utils/catalog');
const date = require('tiny-date');

Page({
  data: {
    item: null,
    picked: '',
    pickedOn: '',
    quantity: 1
  },

  onLoad(query) {
    const item = catalog.byId(query.id);
    if (!item) {
      wx.showToast({ title: 'No such stall', icon: 'error' });
      return;
    }
    const pickedOn = date.addDays(new Date(), -item.pickedDaysAgo);
    this.setData({
      item,
      picked: date.fromNow(pickedOn),
      pickedOn: date.format(pickedOn, 'dddd D MMMM')
    });
    wx.setNavigationBarTitle({ title: item.name });
  },

  less() {
    if (this.data.quantity > 1) this.setData({ quantity: this.data.quantity - 1 });
  },

  more() {
    this.setData({ quantity: this.data.quantity + 1 });
  },

  addToBasket() {
    // A normal subpackage shares the main package's App.
    getApp().addToBasket(this.data.item, this.data.quantity);
    wx.showToast({ title: 'Added ' + this.data.quantity, icon: 'success' });
    this.setData({ quantity: 1 });
  }
});

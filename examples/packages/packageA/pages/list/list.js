// A root-absolute require: from a subpackage into the main package.
const catalog = require('/utils/catalog');
const date = require('tiny-date');

Page({
  data: {
    items: [],
    basketCount: 0,
    updated: ''
  },

  onLoad() {
    this.setData({
      items: catalog.all(),
      updated: date.format(new Date(), 'ddd D MMM, HH:mm')
    });
  },

  onShow() {
    this.setData({ basketCount: getApp().basketCount() });
  },

  openItem(e) {
    wx.navigateTo({ url: '../detail/detail?id=' + e.currentTarget.dataset.id });
  }
});

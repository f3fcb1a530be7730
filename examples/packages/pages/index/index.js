// Relative require of a main-package module, which itself requires an npm package.
const format = require('../../utils/format');

Page({
  data: {
    today: '',
    launchedAt: '',
    basketCount: 0
  },

  onLoad() {
    this.setData({
      today: format.today(),
      launchedAt: getApp().globalData.launchedAt
    });
  },

  onShow() {
    this.setData({ basketCount: getApp().basketCount() });
  }
});

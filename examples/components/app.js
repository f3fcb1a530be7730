const lifelog = require('./utils/lifelog');

App({
  globalData: {
    launchedAt: ''
  },

  onLaunch(options) {
    lifelog.log('App', 'onLaunch');
    this.globalData.launchedAt = new Date().toLocaleTimeString();
  },

  onShow() {
    lifelog.log('App', 'onShow');
  },

  onHide() {
    lifelog.log('App', 'onHide');
  }
});

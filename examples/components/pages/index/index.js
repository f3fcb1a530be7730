const lifelog = require('../../utils/lifelog');

Page({
  data: {
    demos: [
      {
        url: '/pages/slots/slots',
        title: 'Slots, styles and generics',
        text: 'named slots, externalClasses, styleIsolation, virtualHost, generic:'
      },
      {
        url: '/pages/counter/counter',
        title: 'Properties and observers',
        text: 'typed properties, legacy observer, observers with list.**, selectComponent'
      },
      {
        url: '/pages/tabs/tabs',
        title: 'Relations and behaviors',
        text: 'a <tabs> parent and <tab> children linked both ways, a shared Behavior'
      },
      {
        url: '/pages/events/events',
        title: 'Events and lifetimes',
        text: 'triggerEvent with bubbles and composed, lifetimes, pageLifetimes'
      }
    ],
    log: [],
    launchedAt: ''
  },

  onLoad() {
    lifelog.log('index', 'onLoad');
    this.setData({ launchedAt: getApp().globalData.launchedAt });
  },

  onShow() {
    lifelog.log('index', 'onShow');
    this.setData({ log: lifelog.rows() });
  },

  onReady() {
    lifelog.log('index', 'onReady');
    this.setData({ log: lifelog.rows() });
  },

  onHide() {
    lifelog.log('index', 'onHide');
  },

  clearLog() {
    lifelog.clear();
    this.setData({ log: [] });
  }
});

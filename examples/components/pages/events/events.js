const lifelog = require('../../utils/lifelog');

Page({
  data: {
    heard: '—',
    heardFrom: '',
    heardCount: 0,
    showProbe: true,
    log: []
  },

  onLoad() {
    lifelog.log('events', 'onLoad');
    // Show only this page's and the probe's entries, renumbered.
    this.stopWatching = lifelog.watch((rows) => {
      const mine = rows.filter((row) => /^(probe|events)\./.test(row.text));
      this.setData({ log: mine.map((row, i) => ({ n: i + 1, text: row.text })) });
    });
  },

  onShow() {
    lifelog.log('events', 'onShow');
  },

  onReady() {
    lifelog.log('events', 'onReady');
  },

  onHide() {
    lifelog.log('events', 'onHide');
  },

  onUnload() {
    lifelog.log('events', 'onUnload');
    this.stopWatching();
  },

  // Only composed events get out of <event-panel>; the target is the panel's host, because
  // the emitter inside is in the panel's own tree.
  onStagePing(e) {
    this.setData({
      heard: e.detail.label,
      heardFrom: e.target.id,
      heardCount: this.data.heardCount + 1
    });
  },

  toggleProbe() {
    this.setData({ showProbe: !this.data.showProbe });
  },

  openAnother() {
    wx.navigateTo({ url: '/pages/tabs/tabs' });
  }
});

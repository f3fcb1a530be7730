Page({
  data: {
    current: 'Tea',
    changes: 0,
    showExtra: false
  },

  onTabChange(e) {
    this.setData({ current: e.detail.title, changes: this.data.changes + 1 });
  },

  // Adding a <tab> links it to <tabs>; removing it unlinks it. The headers follow.
  toggleExtra() {
    this.setData({ showExtra: !this.data.showExtra });
  }
});

// Invariant 8: an endless loop in a tap handler, after the page has rendered.
Page({
  data: { count: 0 },
  bump() {
    this.setData({ count: this.data.count + 1 })
  },
  spin() {
    console.log('tap page: spinning forever')
    for (;;) {}
  },
})

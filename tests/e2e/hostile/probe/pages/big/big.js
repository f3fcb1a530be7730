// Invariant 8: a 10 MB setData must be refused in the worker (WeChat's limit is 1024 KB per
// call) with a clear console error, and the page must keep working afterwards.
Page({
  data: { count: 0, big: '', outcome: '' },
  huge() {
    let outcome = 'accepted'
    try {
      this.setData({ big: 'x'.repeat(10 * 1024 * 1024) })
    } catch (e) {
      outcome = 'threw:' + (e && e.message)
    }
    this.setData({ outcome, bigLength: this.data.big.length })
  },
  bump() {
    this.setData({ count: this.data.count + 1 })
  },
})

// Invariant 8: a 10 MB setData must be refused in the worker (WeChat's limit is 1024 KB per
// call) with a clear error, nothing may reach the page frame, and the page keeps working.
const TEN_MB = 'x'.repeat(10 * 1024 * 1024)

Page({
  data: { count: 0, big: '', outcome: 'none' },
  // Uncaught, as most code would leave it: the runtime reports it on the console.
  huge() {
    this.setData({ big: TEN_MB })
  },
  // Caught: the refusal is an exception the developer can handle.
  hugeCaught() {
    let outcome = 'accepted'
    try {
      this.setData({ big: TEN_MB })
    } catch (e) {
      outcome = 'refused'
    }
    this.setData({ outcome, stored: this.data.big.length })
  },
  bump() {
    this.setData({ count: this.data.count + 1 })
  },
})

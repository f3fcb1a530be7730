// Invariant 8: floods of messages towards the host and the page frame, from a worker that never
// yields — console output, host API calls, setData batches — and a worker that eats all memory.
Page({
  data: { n: 0 },
  consoleFlood() {
    for (let i = 0; ; i++) console.log('flood ' + i)
  },
  callFlood() {
    for (;;) wx.getNetworkType({})
  },
  memoryBomb() {
    const hoard = []
    for (;;) hoard.push(new Array(1 << 20).fill(hoard.length))
  },
  setDataFlood() {
    for (let i = 0; ; i++) this.setData({ n: i })
  },
})

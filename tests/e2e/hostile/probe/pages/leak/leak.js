// Invariant 1, between mini programs: two instances open this page at the same time (two apps
// in two hosts, or two in one host). Each leaves a mark in its global scope, broadcasts its id
// for 4 s and listens; it must see nothing of the other.
const me = 'mp-' + Math.random().toString(36).slice(2, 10)

Page({
  data: { lines: [], done: false },
  onLoad() {
    const foreignGlobal = typeof self.__openminiLeak === 'undefined' ? 'none' : String(self.__openminiLeak)
    self.__openminiLeak = me
    getApp().leakId = me
    const heard = []
    let channel = null
    if (typeof BroadcastChannel !== 'undefined') {
      channel = new BroadcastChannel('openmini-leak')
      channel.onmessage = (e) => { if (e.data && e.data.from !== me) heard.push(e.data.from) }
    }
    const timer = setInterval(() => channel && channel.postMessage({ from: me, secret: wx.getStorageSync('secret') }), 100)
    setTimeout(() => {
      clearInterval(timer)
      if (channel) channel.close()
      this.setData({
        lines: [
          'me=' + me,
          'foreign-global=' + foreignGlobal,
          'heard=' + (heard.length ? Array.from(new Set(heard)).join(',') : 'nothing'),
        ],
        done: true,
      })
    }, 4000)
  },
})

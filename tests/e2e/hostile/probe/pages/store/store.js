// Invariant 3: storage partitioned per (user, mini program) with WeChat's quotas.
// `?step=write` stores this app's secret; `?step=limits` tries a 1 MB+ value and 10 MB+ in all;
// `?step=read` reports what is there (after a reload of the simulator, or from another app).
const MB = 1024 * 1024

function asyncSet(key, data) {
  return new Promise((resolve) => wx.setStorage({
    key, data,
    success: (r) => resolve('ok:' + r.errMsg),
    fail: (e) => resolve('fail:' + e.errMsg),
  }))
}

function syncSet(key, data) {
  try {
    wx.setStorageSync(key, data)
    return 'ok'
  } catch (e) {
    return 'threw:' + (e && (e.errMsg || e.message))
  }
}

Page({
  data: { lines: [], done: false },
  async onLoad(query) {
    const lines = []
    const step = query.step || 'read'
    if (step === 'write') {
      lines.push('write=' + syncSet('secret', 'app-a-storage-secret'))
      lines.push('write-object=' + syncSet('profile', { name: 'A', when: new Date(0) }))
    }
    if (step === 'limits') {
      lines.push('item-sync=' + syncSet('too-big', 'x'.repeat(MB + 1)))
      lines.push('item-async=' + await asyncSet('too-big', 'x'.repeat(MB + 1)))
      // 1000 KB values: ten fit, the eleventh crosses 10 MB.
      let total = ''
      for (let i = 0; i < 11; i++) {
        total = syncSet('fill-' + i, 'y'.repeat(1000 * 1024))
        if (total !== 'ok') {
          total = i + ':' + total
          break
        }
      }
      lines.push('total-sync=' + total)
      lines.push('total-async=' + await asyncSet('fill-extra', 'z'.repeat(1000 * 1024)))
      lines.push('size=' + wx.getStorageInfoSync().currentSize + '/' + wx.getStorageInfoSync().limitSize)
    }
    if (step === 'clear') {
      wx.clearStorageSync()
      lines.push('cleared=ok')
    }
    const info = wx.getStorageInfoSync()
    lines.push('keys=' + info.keys.slice().sort().join(','))
    lines.push('secret=' + JSON.stringify(wx.getStorageSync('secret')))
    this.setData({ lines, done: true })
  },
})

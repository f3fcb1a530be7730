// Invariants 1 and 2 from inside the logic worker: each probe tries to reach the host's origin
// (cookies, storage, DOM) or the network outside wx.request, and records how far it got.
// Outcomes: "absent" (the global does not exist), "threw:…"/"rejected:…" (it exists and failed),
// "fail:<errMsg>" (a wx API refused), "ok:…" (the attack got through).
const { rec, devOrigin } = require('../../config.js')

const TIMEOUT = 'timeout'

/** Run one probe; an attack that neither succeeds nor fails within 3 s counts as a timeout. */
function attempt(fn) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(TIMEOUT), 3000)
    const done = (v) => { clearTimeout(timer); resolve(v) }
    try {
      Promise.resolve(fn()).then((v) => done('ok:' + String(v).slice(0, 60)), (e) => done('rejected:' + describe(e)))
    } catch (e) {
      done('threw:' + describe(e))
    }
  })
}

function describe(e) {
  if (!e) return String(e)
  if (e.errMsg) return e.errMsg
  return (e.name || 'Error') + ' ' + String(e.message || '').slice(0, 80)
}

/** A global that should not exist: "absent", or what using it did. */
function global(name, use) {
  if (typeof self[name] === 'undefined') return Promise.resolve('absent')
  return attempt(() => use(self[name]))
}

/** A wx API with callbacks, as a promise of "ok:…" / "fail:<errMsg>". */
function wxCall(api, args) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(TIMEOUT), 5000)
    wx[api](Object.assign({}, args, {
      success: (r) => { clearTimeout(timer); resolve('ok:' + (r && r.errMsg)) },
      fail: (e) => { clearTimeout(timer); resolve('fail:' + (e && e.errMsg)) },
    }))
  })
}

/** An event-driven connection: "opened" if it connects, "error" otherwise. */
function connection(make) {
  return new Promise((resolve) => {
    const c = make()
    c.onopen = () => resolve('ok:opened')
    c.onerror = () => resolve('rejected:error event')
    setTimeout(() => resolve(TIMEOUT), 3000)
  })
}

const probes = {
  // ---- invariant 1: the host's origin, its DOM, cookies and storage
  'origin': () => Promise.resolve(String(self.origin)),
  'document': () => global('document', (d) => d.cookie),
  'window': () => global('window', (w) => w.document.cookie),
  'parent': () => global('parent', (p) => p.document.cookie),
  'top': () => global('top', (t) => t.document.cookie),
  'opener': () => global('opener', (o) => o.document.cookie),
  'frames': () => global('frames', (f) => f.length),
  'self.parent': () => Promise.resolve(typeof self.parent === 'undefined' ? 'absent' : 'present'),
  'localStorage': () => global('localStorage', (s) => JSON.stringify(s)),
  'sessionStorage': () => global('sessionStorage', (s) => JSON.stringify(s)),
  'indexedDB': () => global('indexedDB', (idb) => new Promise((resolve, reject) => {
    const req = idb.open('openmini-host')
    req.onsuccess = () => resolve('opened')
    req.onerror = () => reject(req.error)
  })),
  'caches': () => global('caches', (c) => c.keys()),
  'cookieStore': () => global('cookieStore', (c) => c.getAll()),
  'opfs': () => attempt(() => navigator.storage.getDirectory()),
  'storage.estimate': () => attempt(() => navigator.storage.estimate().then((e) => e.quota)),
  'broadcast': () => global('BroadcastChannel', (B) => {
    new B('openmini-leak').postMessage('app-a-broadcast-secret')
    return 'posted'
  }),
  'eval': () => attempt(() => (0, eval)('1+1')),
  'Function': () => attempt(() => new Function('return 2')()),
  // ---- invariant 2: every network primitive of a worker
  'fetch': () => global('fetch', (f) => f(rec + '/fetch')),
  'XMLHttpRequest': () => global('XMLHttpRequest', (X) => new Promise((resolve, reject) => {
    const x = new X()
    x.open('GET', rec + '/xhr')
    x.onload = () => resolve(x.status)
    x.onerror = () => reject(new Error('xhr error'))
    x.send()
  })),
  'WebSocket': () => global('WebSocket', (W) => connection(() => new W(rec.replace('http', 'ws') + '/websocket'))),
  'EventSource': () => global('EventSource', (E) => connection(() => new E(rec + '/eventsource'))),
  'importScripts': () => global('importScripts', (i) => i(rec + '/importScripts')),
  'Worker': () => global('Worker', (W) => connection(() => new W(rec + '/worker'))),
  'SharedWorker': () => global('SharedWorker', (W) => new W(rec + '/sharedworker')),
  'WebTransport': () => global('WebTransport', (W) => new W(rec.replace('http', 'https') + '/webtransport').ready),
  'sendBeacon': () => Promise.resolve(navigator.sendBeacon ? String(navigator.sendBeacon(rec + '/beacon', 'x')) : 'absent'),
  'import': () => attempt(() => import(rec + '/import.js')),
  'import-data': () => attempt(() => import('data:text/javascript,export default 1')),
  'FontFace': () => global('FontFace', (F) => new F('leak', 'url(' + rec + '/font)').load()),
  // A module from a blob: URL (CSP allows blob: scripts) runs in this same, network-less scope.
  'blob-module': () => attempt(() => {
    const url = URL.createObjectURL(new Blob(['export default typeof fetch + "," + typeof XMLHttpRequest'], { type: 'text/javascript' }))
    return import(url).then((m) => m.default)
  }),
  // Prototype-chain recovery of a deleted global.
  'fetch-recovered': () => Promise.resolve((() => {
    for (let o = self; o; o = Object.getPrototypeOf(o)) {
      const d = Object.getOwnPropertyDescriptor(o, 'fetch')
      if (d && typeof d.value === 'function') return 'found on ' + (o.constructor && o.constructor.name)
    }
    return 'absent'
  })()),
  // ---- invariant 2 through the wx API: only registered https domains
  'wx.request': () => wxCall('request', { url: rec + '/wx-request' }),
  'wx.request-https': () => wxCall('request', { url: rec.replace('http:', 'https:') + '/wx-request-https' }),
  'wx.request-platform': () => wxCall('request', { url: devOrigin + '/api/storage?appid=wxhostilebbbb0002' }),
  'wx.downloadFile': () => wxCall('downloadFile', { url: rec + '/wx-download' }),
  'wx.uploadFile': () => wxCall('uploadFile', { url: rec + '/wx-upload', filePath: 'wxfile://tmp_x', name: 'f' }),
  'wx.connectSocket': () => new Promise((resolve) => {
    const task = wx.connectSocket({ url: rec.replace('http', 'ws') + '/wx-socket', fail: (e) => resolve('fail:' + e.errMsg) })
    if (task && task.onError) task.onError((e) => resolve('fail:' + (e && e.errMsg)))
    if (task && task.onOpen) task.onOpen(() => resolve('ok:opened'))
    setTimeout(() => resolve(TIMEOUT), 5000)
  }),
  // ---- invariant 2 through host APIs that take a file path or an image URL: the host (the
  // platform's origin, no CSP) must not load an arbitrary URL for the mini program.
  'wx.saveImageToPhotosAlbum': () => wxCall('saveImageToPhotosAlbum', { filePath: rec + '/wx-save-image' }),
  'wx.saveImageToPhotosAlbum-platform': () => wxCall('saveImageToPhotosAlbum', { filePath: devOrigin + '/api/storage?appid=wxhostilebbbb0002' }),
  'wx.getImageInfo': () => wxCall('getImageInfo', { src: rec + '/wx-image-info.png' }),
  'wx.showToast-image': () => wxCall('showToast', { title: 'x', image: rec + '/wx-toast-image.png', duration: 10 }),
}

Page({
  data: { lines: [], done: false, rec },
  async onLoad() {
    const lines = []
    for (const name of Object.keys(probes)) {
      let outcome
      try {
        outcome = await probes[name]()
      } catch (e) {
        outcome = 'threw:' + describe(e)
      }
      lines.push(name + '=' + outcome)
    }
    this.setData({ lines, done: true })
  },
})

const cart = require('../../utils/cart.js')

const PICKUP_TIMES = ['As soon as possible', 'In 15 minutes', 'In 30 minutes', 'In 1 hour']
const PHONE = /^1[3-9]\d{9}$/

Page({
  data: {
    cart: [],
    itemCount: 0,
    name: '',
    phone: '',
    pickupTimes: PICKUP_TIMES,
    pickupIndex: 0,
    takeaway: true
  },

  onLoad(query) {
    const lines = cart.load()
    this.setData({ cart: lines, itemCount: Number(query.items) || cart.count(lines) })
  },

  typeName(event) {
    this.setData({ name: event.detail.value })
  },

  typePhone(event) {
    this.setData({ phone: event.detail.value })
  },

  changePickup(event) {
    this.setData({ pickupIndex: Number(event.detail.value) })
  },

  toggleTakeaway(event) {
    this.setData({ takeaway: event.detail.value })
  },

  submit(event) {
    const form = event.detail.value
    if (!form.name || !form.name.trim()) {
      wx.showToast({ title: 'Please enter your name', icon: 'none' })
      return
    }
    if (!PHONE.test(form.phone)) {
      wx.showToast({ title: 'Please check the number', icon: 'none' })
      return
    }
    const order = cart.placeOrder({
      name: form.name.trim(),
      phone: form.phone,
      pickup: PICKUP_TIMES[Number(form.pickup)],
      takeaway: form.takeaway,
      note: form.note
    })
    wx.showToast({ title: 'Order #' + order.number + ' placed', icon: 'success', duration: 1500 })
    setTimeout(() => wx.switchTab({ url: '/pages/me/me' }), 1500)
  },

  reset() {
    this.setData({ name: '', phone: '', pickupIndex: 0, takeaway: true })
  }
})

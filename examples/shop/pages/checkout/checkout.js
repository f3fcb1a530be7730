// Checkout: a <form> with input, picker, switch and textarea. On submit the values arrive
// together in e.detail.value (keyed by each field's name) and the page shows the order.
const cart = require('../../utils/cart.js')

const TIMES = ['As soon as possible', 'In 15 minutes', 'In 30 minutes', 'In 1 hour']

Page({
  data: {
    cart: [],
    times: TIMES,
    timeIndex: 0,
    order: null
  },

  onLoad() {
    this.setData({ cart: cart.load() })
  },

  pickTime(e) {
    this.setData({ timeIndex: Number(e.detail.value) })
  },

  submit(e) {
    const form = e.detail.value
    const name = form.name.trim()
    if (!name) {
      wx.showToast({ title: 'Please enter your name', icon: 'none' })
      return
    }
    if (form.phone && form.phone.length !== 11) {
      wx.showToast({ title: 'Phone needs 11 digits', icon: 'none' })
      return
    }
    const lines = this.data.cart
    const order = {
      no: 'A' + String(Date.now() % 1000).padStart(3, '0'),
      name,
      phone: form.phone,
      pickup: TIMES[Number(form.pickup)],
      takeaway: form.takeaway,
      note: form.note.trim(),
      count: cart.count(lines),
      total: lines.reduce((sum, line) => sum + line.price * line.qty, 0),
      time: new Date().toTimeString().slice(0, 5)
    }
    cart.addOrder(order)
    cart.save([])
    this.setData({ order })
    wx.showToast({ title: 'Order placed', icon: 'success' })
  },

  done() {
    if (getCurrentPages().length > 1) wx.navigateBack()
    else wx.switchTab({ url: '/pages/menu/menu' })
  }
})

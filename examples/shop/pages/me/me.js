const cart = require('../../utils/cart.js')

Page({
  data: {
    name: 'Guest',
    initial: 'G',
    orders: [],
    cartCount: 0
  },

  onShow() {
    const orders = cart.orders()
    const lines = cart.load()
    // The name from the latest order, so the page greets you after your first coffee.
    const name = orders.length ? orders[0].name : 'Guest'
    this.setData({ orders, name, initial: name[0].toUpperCase(), cartCount: cart.count(lines) })
    cart.syncBadge(lines)
  },

  clearHistory() {
    wx.showModal({
      title: 'Clear history?',
      content: 'Your past orders will be removed from this phone.',
      confirmText: 'Clear',
      cancelText: 'Keep',
      confirmColor: '#d9534f',
      success: (res) => {
        if (!res.confirm) return
        cart.clearOrders()
        this.setData({ orders: [], name: 'Guest', initial: 'G' })
      }
    })
  }
})

const cart = require('../../utils/cart.js')

const SLOTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

Page({
  data: {
    slots: SLOTS,
    stamps: 0,
    orders: [],
    expanded: -1
  },

  onShow() {
    const orders = cart.loadOrders()
    const drinks = orders.reduce((sum, order) => sum + order.lines.reduce((n, line) => n + line.qty, 0), 0)
    this.setData({ orders, stamps: drinks % 11, expanded: orders.length > 0 ? 0 : -1 })
    wx.setNavigationBarTitle({ title: getApp().globalData.shopName })
  },

  toggle(event) {
    const index = event.currentTarget.dataset.index
    this.setData({ expanded: this.data.expanded === index ? -1 : index })
  },

  clearHistory() {
    wx.showModal({
      title: 'Clear history?',
      content: 'Your loyalty stamps will be reset too.',
      success: (result) => {
        if (result.confirm) {
          cart.clearOrders()
          this.setData({ orders: [], stamps: 0, expanded: -1 })
          wx.showToast({ title: 'Cleared', icon: 'success' })
        }
      }
    })
  }
})

const { categories } = require('../../utils/menu.js')
const cart = require('../../utils/cart.js')

Page({
  data: {
    greeting: 'morning',
    categories,
    counts: {} // item id -> how many are in the cart
  },

  onLoad() {
    const hour = new Date().getHours()
    this.setData({ greeting: hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening' })
  },

  onShow() {
    // The cart may have changed on another page: refresh the "×2 in cart" hints.
    const lines = cart.load()
    const counts = {}
    lines.forEach((line) => {
      counts[line.id] = (counts[line.id] || 0) + line.qty
    })
    this.setData({ counts })
    cart.syncBadge(lines)
  },

  openItem(e) {
    wx.navigateTo({ url: '/pages/detail/detail?id=' + e.currentTarget.dataset.id })
  },

  onShareAppMessage() {
    return { title: 'Little Bean Café', path: '/pages/menu/menu' }
  }
})

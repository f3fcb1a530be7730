// The cart tab. Lines come from storage; one line's quantity is updated with setData's path
// syntax ('cart[2].qty'), so only that number is sent to the view.
const cart = require('../../utils/cart.js')

Page({
  data: {
    cart: []
  },

  onShow() {
    const lines = cart.load()
    this.setData({ cart: lines })
    cart.syncBadge(lines)
  },

  more(e) {
    this.changeQty(Number(e.currentTarget.dataset.index), 1)
  },

  less(e) {
    this.changeQty(Number(e.currentTarget.dataset.index), -1)
  },

  changeQty(index, delta) {
    const qty = this.data.cart[index].qty + delta
    if (qty > 0) {
      this.setData({ ['cart[' + index + '].qty']: qty })
    } else {
      const lines = this.data.cart.slice()
      lines.splice(index, 1)
      this.setData({ cart: lines })
    }
    cart.save(this.data.cart)
  },

  checkout() {
    wx.navigateTo({ url: '/pages/checkout/checkout' })
  }
})

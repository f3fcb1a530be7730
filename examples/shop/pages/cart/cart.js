const cart = require('../../utils/cart.js')

Page({
  data: {
    cart: []
  },

  onShow() {
    // A tab page stays alive, so reload what other pages may have added meanwhile.
    this.setData({ cart: cart.load() })
  },

  changeQty(event) {
    const { index, delta } = event.currentTarget.dataset
    const qty = this.data.cart[index].qty + delta
    if (qty <= 0) {
      const lines = this.data.cart.filter((_, i) => i !== index)
      this.setData({ cart: lines })
      cart.save(lines)
      return
    }
    // Only the one changed field crosses to the view: setData with a path key.
    this.setData({ ['cart[' + index + '].qty']: qty })
    cart.save(this.data.cart)
  },

  clear() {
    wx.showModal({
      title: 'Empty cart?',
      content: 'All items will be removed.',
      confirmText: 'Empty',
      success: (result) => {
        if (result.confirm) {
          cart.save([])
          this.setData({ cart: [] })
        }
      }
    })
  },

  checkout() {
    wx.navigateTo({ url: '/pages/checkout/checkout?items=' + cart.count(this.data.cart) })
  },

  browse() {
    wx.switchTab({ url: '/pages/menu/menu' })
  }
})

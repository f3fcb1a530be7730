const menu = require('../../utils/menu.js')
const cart = require('../../utils/cart.js')

Page({
  data: {
    item: null,
    sizes: menu.sizes,
    sizeIndex: 1,
    qty: 1,
    from: 'menu'
  },

  onLoad(query) {
    const item = menu.findItem(query.id)
    this.setData({ item, from: query.from || 'menu' })
    if (item) {
      wx.setNavigationBarTitle({ title: item.name })
    }
  },

  changeSize(event) {
    this.setData({ sizeIndex: Number(event.detail.value) })
  },

  changeQty(event) {
    const qty = this.data.qty + event.currentTarget.dataset.delta
    if (qty >= 1 && qty <= this.data.item.stock) {
      this.setData({ qty })
    }
  },

  addToCart() {
    const { item, qty, sizes, sizeIndex } = this.data
    cart.add(item, qty, sizes[sizeIndex])
    wx.showToast({ title: 'Added to cart', icon: 'success', duration: 1000 })
    setTimeout(() => wx.navigateBack(), 1000)
  },

  back() {
    wx.switchTab({ url: '/pages/menu/menu' })
  }
})

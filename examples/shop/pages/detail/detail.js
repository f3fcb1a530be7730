// Item detail: opened with wx.navigateTo('/pages/detail/detail?id=latte'); the query arrives
// in onLoad. Every lifecycle call is logged so you can watch the order in the console:
// onLoad -> onShow -> onReady, then onUnload when you go back.
const { findItem, sizes } = require('../../utils/menu.js')
const cart = require('../../utils/cart.js')

Page({
  data: {
    item: null,
    sizes,
    sizeIndex: 0,
    qty: 1,
    unitPrice: 0,
    inCart: 0
  },

  onLoad(query) {
    console.log('[detail] onLoad id=' + query.id)
    const item = findItem(query.id)
    if (!item) return
    // Drinks come in sizes; bakery items have one size.
    const choices = item.category === 'bakery' ? sizes.slice(0, 1) : sizes
    this.setData({
      item,
      sizes: choices,
      unitPrice: item.price,
      inCart: cart.countOf(cart.load(), item.id)
    })
    wx.setNavigationBarTitle({ title: item.name })
  },

  onShow() {
    console.log('[detail] onShow')
  },

  onReady() {
    console.log('[detail] onReady')
  },

  onHide() {
    console.log('[detail] onHide')
  },

  onUnload() {
    console.log('[detail] onUnload')
  },

  chooseSize(e) {
    const sizeIndex = Number(e.currentTarget.dataset.index)
    this.setData({
      sizeIndex,
      unitPrice: this.data.item.price + this.data.sizes[sizeIndex].extra
    })
  },

  less() {
    if (this.data.qty > 1) this.setData({ qty: this.data.qty - 1 })
  },

  more() {
    this.setData({ qty: this.data.qty + 1 })
  },

  addToCart() {
    const { item, sizes: choices, sizeIndex, qty } = this.data
    const lines = cart.add(item, choices[sizeIndex], qty)
    this.setData({ inCart: cart.countOf(lines, item.id), qty: 1 })
    wx.showToast({ title: 'Added to cart', icon: 'success' })
  },

  goBack() {
    // Opened from a shared link or QR code, the page is alone on the stack: nothing to go back to.
    if (getCurrentPages().length > 1) wx.navigateBack()
    else wx.switchTab({ url: '/pages/menu/menu' })
  }
})

// Little Bean Café: the app instance. The cart lives in storage (utils/cart.js), so it
// survives a restart; lifecycle calls are logged so you can watch them in the console.
App({
  globalData: {
    shopName: 'Little Bean Café'
  },

  onLaunch(options) {
    console.log('[app] onLaunch', options.path)
  },

  onShow() {
    console.log('[app] onShow')
  },

  onHide() {
    console.log('[app] onHide')
  }
})

// The cart and the order history, kept in local storage so that they survive a restart.
const CART_KEY = 'cart'
const ORDERS_KEY = 'orders'

function load() {
  const cart = wx.getStorageSync(CART_KEY)
  return Array.isArray(cart) ? cart : []
}

function save(cart) {
  wx.setStorageSync(CART_KEY, cart)
  syncBadge(cart)
}

// Adds `qty` of one item in one size; lines are keyed by item and size.
function add(item, size, qty) {
  const cart = load()
  const key = item.id + '-' + size.id
  const line = cart.find((l) => l.key === key)
  if (line) {
    line.qty += qty
  } else {
    cart.push({
      key,
      id: item.id,
      name: item.name,
      color: item.color,
      size: size.name,
      price: item.price + size.extra,
      qty
    })
  }
  save(cart)
  return cart
}

function count(cart) {
  return cart.reduce((n, line) => n + line.qty, 0)
}

function countOf(cart, id) {
  return cart.filter((line) => line.id === id).reduce((n, line) => n + line.qty, 0)
}

// The Cart tab's red number. Tab bar APIs only work while a tab page is on top, so this is
// called from the tab pages' onShow, and failures elsewhere are expected and ignored.
function syncBadge(cart = load()) {
  const n = count(cart)
  const quiet = () => {}
  if (n > 0) wx.setTabBarBadge({ index: 1, text: String(n), fail: quiet })
  else wx.removeTabBarBadge({ index: 1, fail: quiet })
}

function orders() {
  const list = wx.getStorageSync(ORDERS_KEY)
  return Array.isArray(list) ? list : []
}

function addOrder(order) {
  wx.setStorageSync(ORDERS_KEY, [order].concat(orders()).slice(0, 20))
}

function clearOrders() {
  wx.removeStorageSync(ORDERS_KEY)
}

module.exports = { load, save, add, count, countOf, syncBadge, orders, addOrder, clearOrders }

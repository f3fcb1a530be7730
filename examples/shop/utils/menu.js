// The café's menu. Prices are in cents (fen) so that sums stay exact; wxs/price.wxs formats them.
const categories = [
  {
    id: 'coffee',
    name: 'Coffee',
    items: [
      { id: 'latte', name: 'Caffè Latte', price: 2800, color: '#c8a27a', tag: 'Popular',
        desc: 'A double shot of espresso with steamed milk and a thin layer of foam.' },
      { id: 'flatwhite', name: 'Flat White', price: 3000, color: '#b0875f', tag: '',
        desc: 'Ristretto shots with velvety micro-foam. Strong and smooth.' },
      { id: 'americano', name: 'Americano', price: 2200, color: '#5b3a24', tag: '',
        desc: 'Espresso lengthened with hot water. Bold, clean, no milk.' },
      { id: 'coldbrew', name: 'Cold Brew', price: 3200, color: '#3e2a1c', tag: 'New',
        desc: 'Steeped for 18 hours, served over ice. Naturally sweet and low in acidity.' }
    ]
  },
  {
    id: 'tea',
    name: 'Tea',
    items: [
      { id: 'matcha', name: 'Matcha Latte', price: 3000, color: '#8db36b', tag: '',
        desc: 'Stone-ground Uji matcha whisked with steamed milk.' },
      { id: 'oolong', name: 'Osmanthus Oolong', price: 2400, color: '#d9a441', tag: '', soldOut: true,
        desc: 'Lightly roasted oolong scented with osmanthus blossoms.' }
    ]
  },
  {
    id: 'bakery',
    name: 'Bakery',
    items: [
      { id: 'croissant', name: 'Butter Croissant', price: 1600, color: '#e3b46b', tag: 'Popular',
        desc: 'Laminated by hand every morning with cultured butter.' },
      { id: 'cheesecake', name: 'Basque Cheesecake', price: 3600, color: '#c7742f', tag: '',
        desc: 'Burnt on top, creamy in the middle. One generous slice.' }
    ]
  }
]

const sizes = [
  { id: 'S', name: 'Small', extra: 0 },
  { id: 'M', name: 'Medium', extra: 300 },
  { id: 'L', name: 'Large', extra: 600 }
]

function findItem(id) {
  for (const category of categories) {
    for (const item of category.items) {
      if (item.id === id) return Object.assign({ category: category.id }, item)
    }
  }
  return null
}

module.exports = { categories, sizes, findItem }

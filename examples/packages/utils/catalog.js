// The market's stalls. packageA requires it root-absolutely: require('/utils/catalog').
const items = [
  { id: 1, name: 'Heirloom tomatoes', unit: 'kg', cents: 680, pickedDaysAgo: 0, tag: 'new', farm: 'Green Hill Farm' },
  { id: 2, name: 'Sourdough loaf', unit: 'loaf', cents: 950, pickedDaysAgo: 0, tag: 'hot', farm: 'Riverside Bakery' },
  { id: 3, name: 'Wildflower honey', unit: 'jar', cents: 1450, pickedDaysAgo: 6, tag: '', farm: 'Bee Happy Apiary' },
  { id: 4, name: 'Goat cheese', unit: '200 g', cents: 820, pickedDaysAgo: 2, tag: '', farm: 'Meadow Dairy' },
  { id: 5, name: 'Strawberries', unit: 'box', cents: 590, pickedDaysAgo: 1, tag: 'new', farm: 'Green Hill Farm' }
];

function all() {
  return items.slice();
}

function byId(id) {
  return items.find((item) => item.id === Number(id)) || null;
}

module.exports = { all, byId };

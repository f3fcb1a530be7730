// A list whose rows are drawn by a generic component: the page picks it with
// <list-view generic:item="fancy-item">, or gets plain-item by default.
Component({
  properties: {
    entries: { type: Array, value: [] }
  }
});

// Invariant 8: an endless loop in onLoad. Only the logic worker should hang.
Page({
  onLoad() {
    console.log('loop page: entering an endless loop')
    for (;;) {}
  },
})

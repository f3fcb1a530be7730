// virtualHost: no <chip> host node is rendered, so the inner .chip is a direct child of the
// parent's flex row (and the row's gap/wrap apply to it).
Component({
  options: {
    virtualHost: true
  },
  properties: {
    label: String,
    selected: Boolean
  },
  methods: {
    onTap() {
      this.triggerEvent('toggle', { label: this.data.label, selected: !this.data.selected });
    }
  }
});

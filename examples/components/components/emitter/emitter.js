// A button that fires a custom "ping" event with the given triggerEvent options.
Component({
  properties: {
    label: String,
    bubbles: { type: Boolean, value: false },
    composed: { type: Boolean, value: false }
  },
  methods: {
    onTap() {
      const { label, bubbles, composed } = this.data;
      this.triggerEvent('ping', { label }, { bubbles, composed });
    }
  }
});

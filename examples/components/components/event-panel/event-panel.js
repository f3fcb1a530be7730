// Three emitters inside this component's own tree. Where a "ping" is heard depends on its
// options: on the emitter itself (always), on this panel's inner <view> (bubbles), and
// outside the panel, in the page (bubbles + composed).
Component({
  data: {
    onEmitter: '—',
    onPanelView: '—'
  },
  methods: {
    onEmitterPing(e) {
      this.setData({ onEmitter: e.detail.label });
    },
    onPanelViewPing(e) {
      this.setData({ onPanelView: e.detail.label });
    }
  }
});

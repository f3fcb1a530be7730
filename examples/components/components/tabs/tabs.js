// <tabs> draws the tab headers; the <tab> children fill it. Both sides declare the relation,
// so each learns about the other when a tab is attached inside tabs.
Component({
  relations: {
    '../tab/tab': {
      type: 'child',
      // Tabs linked while the page is first built are counted once, in ready.
      linked() {
        if (this.isReady) this.refresh();
      },
      unlinked() {
        if (this.isReady) this.refresh();
      }
    }
  },

  properties: {
    active: { type: Number, value: 0 }
  },

  data: {
    titles: []
  },

  lifetimes: {
    ready() {
      this.isReady = true;
      this.refresh();
    }
  },

  methods: {
    tabs() {
      return this.getRelationNodes('../tab/tab');
    },

    refresh() {
      const tabs = this.tabs();
      const active = Math.min(this.data.active, Math.max(tabs.length - 1, 0));
      this.setData({ titles: tabs.map((tab) => tab.data.title), active });
      tabs.forEach((tab, i) => tab.show(i === active));
    },

    onHeaderTap(e) {
      const index = e.currentTarget.dataset.index;
      if (index === this.data.active) return;
      this.setData({ active: index });
      this.tabs().forEach((tab, i) => tab.show(i === index));
      this.triggerEvent('change', { index, title: this.data.titles[index] });
    }
  }
});

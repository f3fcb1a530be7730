const history = require('../../behaviors/history');

Component({
  behaviors: [history],

  relations: {
    '../tabs/tabs': {
      type: 'parent',
      // Runs after the parent's own linked callback for this tab.
      linked(parent) {
        this.parent = parent;
        this.remember('linked');
        this.updatePosition();
      },
      unlinked() {
        this.parent = null;
      }
    }
  },

  properties: {
    title: { type: String, value: '' }
  },

  data: {
    active: false,
    position: ''
  },

  methods: {
    // Called by the parent <tabs>.
    show(active) {
      if (active && !this.data.active) this.remember('shown');
      if (active !== this.data.active) this.setData({ active });
      this.updatePosition();
    },

    // "2 of 3", asked of the parent this tab is linked to.
    updatePosition() {
      if (!this.parent) return;
      const tabs = this.parent.tabs();
      const position = tabs.indexOf(this) + 1 + ' of ' + tabs.length;
      if (position !== this.data.position) this.setData({ position });
    }
  }
});

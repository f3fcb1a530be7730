// A Behavior shared by several components: it adds data, a method and a lifetime to every
// component that lists it in `behaviors`.
module.exports = Behavior({
  data: {
    history: [],
    historySeq: 0
  },

  lifetimes: {
    attached() {
      this.remember('attached');
    }
  },

  methods: {
    // Keeps the last four things that happened to this component, newest last.
    remember(what) {
      const id = this.data.historySeq + 1;
      const history = this.data.history.concat({ id, text: what }).slice(-4);
      this.setData({ history, historySeq: id });
    }
  }
});

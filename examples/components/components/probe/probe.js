const lifelog = require('../../utils/lifelog');

// Logs its own lifetimes and the lifetimes of the page it is on.
Component({
  lifetimes: {
    created() {
      // setData does nothing yet in created; plain fields on `this` are fine.
      this.createdAt = Date.now();
      lifelog.log('probe', 'created');
    },
    attached() {
      lifelog.log('probe', 'attached');
    },
    ready() {
      lifelog.log('probe', 'ready');
    },
    detached() {
      lifelog.log('probe', 'detached');
    }
  },

  pageLifetimes: {
    show() {
      lifelog.log('probe', 'pageShow');
    },
    hide() {
      lifelog.log('probe', 'pageHide');
    }
  }
});

// styleIsolation 'apply-shared': the page's and app.wxss classes reach this component
// (its own classes still do not leak out).
Component({
  options: {
    styleIsolation: 'apply-shared'
  },
  properties: {
    text: String
  }
});

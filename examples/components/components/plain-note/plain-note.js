// The default styleIsolation, 'isolated': app.wxss's .pill does not apply in here.
Component({
  options: {
    styleIsolation: 'isolated'
  },
  properties: {
    text: String
  }
});

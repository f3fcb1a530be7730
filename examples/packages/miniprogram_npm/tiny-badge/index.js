// tiny-badge: a custom component shipped as an npm package. Use it with
// "usingComponents": { "tiny-badge": "tiny-badge" }.
Component({
  properties: {
    text: { type: String, value: '' },
    // "new" | "hot" | "info" | "light"
    type: { type: String, value: 'info' }
  }
});

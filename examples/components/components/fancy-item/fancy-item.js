Component({
  properties: {
    entry: Object
  }
});

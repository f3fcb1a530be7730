// A white card with a title, a default slot for the body and two named slots.
Component({
  options: {
    multipleSlots: true // needed for <slot name="..."> besides the default slot
  },

  // The page may restyle the title by passing its own class: <card title-class="my-title">.
  externalClasses: ['title-class'],

  properties: {
    title: { type: String, value: '' },
    note: { type: String, value: '' }
  }
});

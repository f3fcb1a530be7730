Page({
  data: {
    chips: [
      { label: 'Tea', selected: true },
      { label: 'Coffee', selected: false },
      { label: 'Juice', selected: false },
      { label: 'Water', selected: false }
    ],
    picked: 'Tea',
    people: [
      { id: 1, name: 'Ada', role: 'Compiler', color: '#3a5ccc' },
      { id: 2, name: 'Grace', role: 'Runtime', color: '#e0703a' },
      { id: 3, name: 'Linus', role: 'Host shell', color: '#168a4a' }
    ]
  },

  onChipToggle(e) {
    const index = e.currentTarget.dataset.index;
    const key = 'chips[' + index + '].selected';
    this.setData({ [key]: e.detail.selected }, () => {
      const picked = this.data.chips.filter((c) => c.selected).map((c) => c.label);
      this.setData({ picked: picked.join(', ') || 'nothing' });
    });
  }
});

Page({
  data: {
    parts: [
      { where: 'main package', what: 'pages/index, pages/about, components/price-tag, utils/, styles/, miniprogram_npm/' },
      { where: 'packageA (shop)', what: 'pages/list, pages/detail and styles/shop.wxss; uses the main package\'s price-tag and utils' },
      { where: 'packageB (promo)', what: 'independent: pages/promo and its own utils; nothing from the main package' },
      { where: 'miniprogram_npm', what: 'tiny-date (a module) and tiny-badge (a component), "npm built"' }
    ],
    rules: [
      'A page of a subpackage loads that subpackage the first time it opens.',
      'preloadRule asks for packageA as soon as the home page opens.',
      'A normal subpackage may use everything in the main package.',
      'An independent subpackage may use nothing outside itself, not even app.wxss.'
    ]
  }
});

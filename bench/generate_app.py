"""A generated large mini program for benchmarks: many pages, components, templates, WXS and styles."""

from __future__ import annotations

import json
from pathlib import Path

PAGE_WXML = """<import src="/templates/row.wxml"/>
<wxs module="fmt" src="/utils/fmt.wxs"/>
<view class="page {{theme}}" style="padding: {{pad}}rpx">
  <card title="{{title}} #{n}" bind:open="onOpen">
    <text slot="head">Page {n}</text>
    <view wx:for="{{items}}" wx:key="id" class="row {{item.done ? 'done' : ''}}" data-id="{{item.id}}" bindtap="onTap">
      <template is="row" data="{{...item, index}}"/>
      <text wx:if="{{item.price > 100}}">{{fmt.price(item.price)}}</text>
      <text wx:elif="{{item.price > 10}}">mid {{item.price * 2}}</text>
      <text wx:else>cheap</text>
    </view>
  </card>
  <counter value="{{count}}" bind:change="onChange"/>
  <input model:value="{{query}}" placeholder="Search {n}"/>
  <button type="primary" bindtap="onMore" loading="{{loading}}">More</button>
</view>
"""

PAGE_JS = """const util = require('../../utils/util.js')
Page({{
  data: {{ title: 'Page {n}', theme: 'light', pad: 24, count: {n}, query: '', loading: false,
          items: util.makeItems({n}) }},
  onLoad(query) {{ this.setData({{ title: 'Page {n} ' + (query.q || '') }}) }},
  onTap(e) {{ const id = e.currentTarget.dataset.id; this.setData({{ ['items[' + id + '].done']: true }}) }},
  onChange(e) {{ this.setData({{ count: e.detail.value }}) }},
  onOpen() {{ wx.showToast({{ title: 'open {n}' }}) }},
  onMore() {{ wx.navigateTo({{ url: '/pages/p{next}/index?q=more' }}) }},
}})
"""

PAGE_WXSS = """@import "/styles/common.wxss";
.page {{ padding: 24rpx; background: #f7f7f7; }}
.row {{ display: flex; justify-content: space-between; padding: 16rpx 32rpx; border-bottom: 1rpx solid #eee; }}
.row.done {{ color: #999; text-decoration: line-through; }}
.p{n} {{ margin: {n}rpx; }}
@media (min-width: 600px) {{ .page {{ padding: 48rpx; }} }}
"""

CARD = {
    "card.wxml": '<view class="card"><view class="head"><slot name="head"/></view><text>{{title}}</text>'
    '<view class="body" bindtap="open"><slot/></view></view>',
    "card.wxss": ".card { border-radius: 16rpx; box-shadow: 0 4rpx 12rpx rgba(0,0,0,.1); }\n"
    ".head { font-weight: bold; }",
    "card.js": "Component({ options: { multipleSlots: true }, properties: { title: String },"
    " methods: { open() { this.triggerEvent('open', {}, { bubbles: true }) } } })",
    "card.json": json.dumps({"component": True}),
}
COUNTER = {
    "counter.wxml": '<view class="counter"><button bindtap="dec">-</button><text>{{value}}</text>'
    '<button bindtap="inc">+</button></view>',
    "counter.wxss": ".counter { display: flex; gap: 12rpx; }",
    "counter.js": "Component({ properties: { value: { type: Number, value: 0 } }, methods: {"
    " inc() { this.triggerEvent('change', { value: this.data.value + 1 }) },"
    " dec() { this.triggerEvent('change', { value: this.data.value - 1 }) } } })",
    "counter.json": json.dumps({"component": True}),
}


def generate(root: Path, pages: int = 320, subpackages: int = 4) -> Path:
    """Write a mini program with ``pages`` pages, split over the main package and subpackages."""
    files: dict[str, str] = {
        "utils/util.js": "module.exports = { makeItems(n) { const a = [];"
        " for (let i = 0; i < 20; i++) a.push({ id: i, price: (i * n) % 200, done: false }); return a } }\n",
        "utils/fmt.wxs": "var re = getRegExp('\\\\B(?=(\\\\d{3})+(?!\\\\d))', 'g');\n"
        "module.exports = { price: function (v) { return '¥' + v.toFixed(2).replace(re, ',') } };\n",
        "templates/row.wxml": '<template name="row"><text class="id">{{id}}</text><text>{{index}}: {{price}}</text>'
        "</template>",
        "styles/common.wxss": "page { font-size: 28rpx; color: #333; }\n.light { background: #fff; }",
        "app.js": "App({ onLaunch() { this.globalData = { started: Date.now() } } })\n",
        "app.wxss": '@import "/styles/common.wxss";\n',
    }
    for name, text in {**CARD, **COUNTER}.items():
        files[f"components/{name.split('.')[0]}/{name}"] = text
    per_package = pages // (subpackages + 1)
    main_pages: list[str] = []
    subs: list[dict[str, object]] = [{"root": f"sub{s}", "pages": []} for s in range(subpackages)]
    for n in range(pages):
        package = min(n // per_package, subpackages)
        prefix = "" if package == 0 else f"sub{package - 1}/"
        page = f"{prefix}pages/p{n}/index"
        up = "../../../" if prefix else "../../"
        files[f"{page}.wxml"] = PAGE_WXML.replace("{n}", str(n))
        files[f"{page}.js"] = PAGE_JS.format(n=n, next=(n + 1) % per_package).replace("../../", up)
        files[f"{page}.wxss"] = PAGE_WXSS.format(n=n)
        files[f"{page}.json"] = json.dumps({"navigationBarTitleText": f"Page {n}"})
        if package == 0:
            main_pages.append(page)
        else:
            pages_list = subs[package - 1]["pages"]
            assert isinstance(pages_list, list)
            pages_list.append(page.removeprefix(prefix))
    files["app.json"] = json.dumps(
        {
            "pages": main_pages,
            "subpackages": subs,
            "window": {"navigationBarTitleText": "Bench"},
            "usingComponents": {"card": "/components/card/card", "counter": "/components/counter/counter"},
        },
        indent=1,
    )
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root

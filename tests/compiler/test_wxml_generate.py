from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from wxml_support import compile_file, evaluate, view

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.wxml import compile_wxml
from openmini.compiler.project import Project


def root(text: str, data: dict[str, Any] | None = None, **kwargs: Any) -> list[Any]:
    nodes: list[Any] = view(text, data, **kwargs)["root"]
    return nodes


def value(binding: Any) -> Any:
    return binding["value"]


def test_static_text_and_element() -> None:
    assert root("<view id=\"a\">hi &amp; bye</view>") == [
        {"k": "element", "tag": "view", "id": "a", "children": [{"k": "text", "v": "hi & bye"}]}
    ]


def test_text_interpolation_has_binding_map() -> None:
    [node] = root("<view>Hello, {{user.name}}! {{n + 1}}</view>", {"user": {"name": "Ann"}, "n": 1})[0]["children"]
    assert node["k"] == "text"
    assert node["v"]["value"] == "Hello, Ann! 2"
    assert node["v"]["deps"] == [["D", "user", "name"], ["D", "n"]]


def test_single_mustache_attribute_is_typed_and_mixed_is_a_string() -> None:
    [element] = root('<view a="{{3}}" b="x{{3}}" c="{{1}}{{2}}" d="plain" e/>')
    attrs = element["attrs"]
    assert value(attrs["a"]) == 3 and attrs["a"]["deps"] == []
    assert value(attrs["b"]) == "x3"
    assert value(attrs["c"]) == "12"
    assert attrs["d"] == "plain" and attrs["e"] is True


def test_class_and_style_with_two_mustaches() -> None:
    [element] = root(
        '<view class="card {{on ? \'on\' : \'off\'}} size-{{size}}" style="color:{{c}}"/>',
        {"on": True, "size": 2, "c": "red"},
    )
    assert value(element["class"]) == "card on size-2"
    assert element["class"]["deps"] == [["D", "on"], ["D", "size"]]
    assert value(element["style"]) == "color:red"


def test_if_elif_else_chain() -> None:
    [node] = root('<text wx:if="{{n < 0}}">neg</text><text wx:elif="{{n == 0}}">zero</text><text wx:else>pos</text>',
                  {"n": 0})
    assert node["k"] == "if"
    tests = [branch[0] for branch in node["branches"]]
    assert [value(t) for t in tests[:2]] == [False, True] and tests[2] is None
    assert [b[1][0]["children"][0]["v"] for b in node["branches"]] == ["neg", "zero", "pos"]
    assert "wx:if" not in str(node["branches"][0][1][0])


def test_adjacent_chains_and_block_branches() -> None:
    nodes = root('<block wx:if="{{a}}"><text>1</text><text>2</text></block><view wx:else/><view wx:if="{{b}}"/>')
    assert [n["k"] for n in nodes] == ["if", "if"]
    assert [c["tag"] for c in nodes[0]["branches"][0][1]] == ["text", "text"]


def test_for_with_defaults_and_key() -> None:
    [loop] = root('<view wx:for="{{list}}" wx:key="id">{{index}}:{{item.id}}</view>', {"list": [1]})
    assert (loop["k"], loop["item"], loop["index"], loop["key"]) == ("for", "item", "index", "id")
    assert loop["list"]["deps"] == [["D", "list"]]
    text = loop["children"][0]["children"][0]["v"]
    assert text["deps"] == [["S", "index"], ["S", "item", "id"]]


def test_for_names_key_this_and_empty_key() -> None:
    loops = root('<view wx:for="{{a}}" wx:for-item="fruit" wx:for-index="i" wx:key="*this">{{i}}{{fruit}}</view>'
                 '<view wx:for="{{b}}" wx:key="">x</view><view wx:for-items="{{c}}"/>')
    assert [(loop["item"], loop["index"], loop["key"]) for loop in loops] == [
        ("fruit", "i", "*this"), ("item", "index", None), ("item", "index", None)
    ]
    assert loops[0]["children"][0]["children"][0]["v"]["deps"] == [["S", "i"], ["S", "fruit"]]
    assert loops[2]["list"]["deps"] == [["D", "c"]]


def test_for_over_plain_string_keeps_the_string() -> None:
    result, diagnostics = compile_file({"index.wxml": '<view wx:for="abc">{{item}}</view>'})
    assert result is not None and [d.code for d in diagnostics.items] == [2102]
    [loop] = evaluate([{"js": result.js, "D": {}, "S": {}, "W": {}}])[0]["root"]
    assert loop["list"] == "abc"


def test_nested_loops_shadow_and_outer_data() -> None:
    [outer] = root('<view wx:for="{{rows}}"><text wx:for="{{item}}">{{index}}{{item}}{{p}}</text></view>')
    inner = outer["children"][0]["children"][0]
    assert inner["list"]["deps"] == [["S", "item"]]
    assert inner["children"][0]["children"][0]["v"]["deps"] == [["S", "index"], ["S", "item"], ["D", "p"]]


def test_for_and_if_on_one_node_puts_the_loop_outside() -> None:
    [loop] = root('<text wx:for="{{nums}}" wx:if="{{item % 2 == 0}}">{{item}}</text>')
    assert loop["k"] == "for"
    [condition] = loop["children"]
    assert condition["k"] == "if" and condition["branches"][0][0]["deps"] == [["S", "item"]]


def test_templates_definition_instance_and_shorthand_data() -> None:
    code = view('<template is="t" data="{{a, b: 1, ...o}}"/><template name="t"><text>{{a}}</text></template>'
                '<template is="{{dyn}}"/>', {"a": 5, "o": {"c": 2}, "dyn": "t"})
    assert list(code["templates"]) == ["t"]
    assert code["templates"]["t"][0]["children"][0]["v"]["deps"] == [["D", "a"]]
    first, second = code["root"]
    assert first["is"] == "t" and value(first["data"]) == {"a": 5, "b": 1, "c": 2}
    assert value(second["is"]) == "t" and second["data"] is None


def test_template_in_loop_sees_the_loop_item_in_data() -> None:
    [loop] = root('<block wx:for="{{rows}}"><template is="row" data="{{...item}}"/></block>')
    assert loop["children"][0]["data"]["deps"] == [["S", "item"]]


def test_import_include_and_resolved_paths() -> None:
    files = {"pages/a.wxml": '<import src="/common/t.wxml"/><include src="part.wxml"/><include src="part.wxml"/>',
             "common/t.wxml": '<template name="c"/>', "pages/part.wxml": "<text>P</text>"}
    result, diagnostics = compile_file(files, "pages/a.wxml")
    assert result is not None and not diagnostics.items
    assert result.imports == ("common/t.wxml",) and result.includes == ("pages/part.wxml",)
    code = evaluate([{"js": result.js, "D": {}, "S": {}, "W": {}}])[0]
    assert code["imports"] == ["common/t.wxml"]
    assert code["root"] == [{"k": "include", "src": "pages/part.wxml"}] * 2


def test_wxs_inline_and_src() -> None:
    text = '<wxs module="m">module.exports = {f: function(x) { return x < 2 && /<\\/a>/.test("") }}</wxs>' \
           '<wxs module="fmt" src="./utils/fmt.wxs"/><text>{{m.f(n)}}{{fmt.p(1)}}</text>'
    files = {"index.wxml": text, "utils/fmt.wxs": "module.exports = {}"}
    result, diagnostics = compile_file(files)
    assert result is not None and not diagnostics.items
    inline, from_file = result.wxs
    assert (inline.name, inline.module, from_file) == ("m", "index.wxml#m", ("fmt", "utils/fmt.wxs", None))
    assert inline.body is not None and text[inline.body[0] : inline.body[1]].startswith("module.exports")
    code = evaluate([{"js": result.js, "D": {"n": 1}, "S": {}, "W": {}}])[0]
    assert code["wxs"] == {"m": "index.wxml#m", "fmt": "utils/fmt.wxs"}
    assert code["root"][0]["children"][0]["v"]["deps"] == [["D", "n"]]
    assert "W.m" in code["root"][0]["children"][0]["v"]["fn"]


def test_events_in_every_form() -> None:
    [element] = root('<view bindtap="a" bind:longpress="b" catchtap="c" catch:tap="d" mut-bind:tap="e" '
                     'capture-bind:tap="f" capture-catch:tap="g" capture-mut-bind:tap="h" capture-bindtap="i" '
                     'bind:myEvent="{{name}}"/>', {"name": "dyn"})
    events = element["on"]
    assert [e[:2] for e in events] == [
        ["tap", "bind"], ["longpress", "bind"], ["tap", "catch"], ["tap", "catch"], ["tap", "mut-bind"],
        ["tap", "capture-bind"], ["tap", "capture-catch"], ["tap", "capture-mut-bind"], ["tap", "capture-bind"],
        ["myEvent", "bind"],
    ]
    assert [e[2] for e in events[:9]] == list("abcdefghi") and value(events[9][2]) == "dyn"


def test_skyline_worklet_handlers_are_worklet_events_and_other_worklet_attributes_stay_plain() -> None:
    [pan, legacy, tap] = root(
        '<pan-gesture-handler worklet:ongesture="onPan" worklet:should-response-on-move="ok" tag="t"/>'
        '<vertical-drag-gesture-handler onGestureEvent="onDrag"/><view onGestureEvent="plain"/>'
    )
    assert pan["on"] == [["gesture", "worklet", "onPan"]]
    assert set(pan["attrs"]) == {"worklet:should-response-on-move", "tag"}
    assert legacy["on"] == [["gesture", "worklet", "onDrag"]]
    assert "on" not in tap and "onGestureEvent" in tap["attrs"]


def test_events_used_and_tags_used() -> None:
    result, _ = compile_file({"index.wxml": '<view bindtap="a"><c-x bind:pick="b"/><block><text/></block></view>'},
                             components={"c-x": "c/x"})
    assert result is not None
    assert result.events_used == {"tap", "pick"} and result.tags_used == {"view", "c-x", "text"}


def test_dataset_mark_and_special_attributes() -> None:
    [element] = root('<view data-user-id="{{id}}" data-a-b-c="s" data-ABC="up" data:rawKey="r" mark:k="{{1}}" '
                     'slot="head" hover-class="h"/>', {"id": 7})
    assert list(element["data"]) == ["userId", "aBC", "abc", "rawKey"]
    assert value(element["data"]["userId"]) == 7 and element["data"]["abc"] == "up"
    assert value(element["mark"]["k"]) == 1
    assert element["slot"] == "head" and element["attrs"] == {"hover-class": "h"}


def test_class_and_style_toggles() -> None:
    [element] = root('<view class:on="{{a}}" style:color="{{c}}"/>', {"a": True, "c": "red"})
    assert value(element["classes"]["on"]) is True and value(element["styles"]["color"]) == "red"


def test_model_records_the_assignable_path() -> None:
    nodes = root('<input model:value="{{form.name}}"/><input wx:for="{{l}}" model:value="{{item[\'v\'][0]}}"/>',
                 {"form": {"name": "x"}})
    assert value(nodes[0]["attrs"]["value"]) == "x"
    assert nodes[0]["model"] == {"value": ["D", "form", "name"]}
    assert nodes[1]["children"][0]["model"] == {"value": ["S", "item", "v", 0]}


def test_model_on_a_non_path_is_an_error() -> None:
    _result, diagnostics = compile_file({"index.wxml": '<input model:value="{{a + 1}}"/>\n<input model:v="x"/>'})
    assert [(d.code, d.start.line, d.start.column) for d in diagnostics.items if d.start] == [
        (2201, 1, 8), (2201, 2, 8)
    ]


def test_components_generics_and_slots() -> None:
    components = {"c-card": "components/card/index", "c-star": "c/star"}
    nodes = root('<c-card id="c" class="host {{k}}" user-name="{{n}}" generic:item="c-star" bind:pick="p">'
                 '<text slot="head">H</text><item/><slot/><slot name="{{s}}"/></c-card>',
                 {"n": "N", "s": "x"}, components=components, generics=frozenset({"item"}))
    [card] = nodes
    assert (card["k"], card["tag"], card["component"]) == ("component", "c-card", "components/card/index")
    assert card["id"] == "c" and value(card["attrs"]["user-name"]) == "N"
    assert card["generics"] == {"item": "c/star"} and card["on"] == [["pick", "bind", "p"]]
    head, generic, default_slot, named_slot = card["children"]
    assert head["slot"] == "head"
    assert generic == {"k": "generic", "tag": "item", "children": []}
    assert default_slot == {"k": "slot", "name": ""} and value(named_slot["name"]) == "x"


def test_unknown_generic_is_an_error() -> None:
    _result, diagnostics = compile_file({"index.wxml": '<c-g generic:item="nope"/>'}, components={"c-g": "c/g"})
    assert [(d.code, d.start.column) for d in diagnostics.items if d.start] == [(2202, 6)]


def test_orphan_else_renders_nothing() -> None:
    result, diagnostics = compile_file({"index.wxml": "<view wx:else/>"})
    assert result is not None and [d.code for d in diagnostics.items] == [2101]
    assert evaluate([{"js": result.js, "D": {}, "S": {}, "W": {}}])[0]["root"] == []


def test_missing_file_and_bad_encoding_return_none() -> None:
    assert compile_file({}, "nope.wxml")[0] is None
    project = Project(root=Path("/nowhere"), files={"index.wxml": b"<view>\xff</view>"})
    diagnostics = Diagnostics()
    assert compile_wxml(project, "index.wxml", diagnostics, components={}) is None
    assert [d.name for d in diagnostics.items] == ["not_utf8"]


def test_expression_errors_leave_null_and_are_reported() -> None:
    result, diagnostics = compile_file({"index.wxml": "<view a=\"{{ 1 + }}\">{{ ) }}</view>"})
    assert result is not None and diagnostics.has_errors
    [element] = evaluate([{"js": result.js, "D": {}, "S": {}, "W": {}}])[0]["root"]
    assert element["attrs"]["a"] is None and element["children"][0]["v"] is None


def test_unicode_line_separators_stay_valid_js() -> None:
    [element] = root("<view title=\"a\u2028b\">\u2029</view>")
    assert element["attrs"]["title"] == "a\u2028b"


_PIECES = [
    "<view>", "</view>", "<c-x a=\"{{x}}\">", "</c-x>", '<wxs module="m">1</wxs>', "<block wx:if=\"{{a}}\">",
    "</block>", "<text wx:else>", "</text>", '<template name="t">', "</template>", '<template is="t" data="{{a}}"/>',
    '<include src="index.wxml"/>', '<import src="x.wxml"/>', "{{", "}}", "item", '"', "'", "<", ">", "/>",
    'wx:for="{{l}}"', "<slot/>", 'model:value="{{a.b}}"', 'bind:tap="{{h}}"', "data-a-b=\"1\"", "&lt;",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=30))
def test_compile_never_raises(pieces: list[str]) -> None:
    result, _diagnostics = compile_file({"index.wxml": "".join(pieces), "x.wxml": ""}, components={"c-x": "c/x"})
    assert result is not None and result.js.startswith("{")


def test_constructs_that_broke_another_compiler() -> None:
    text = (
        '<wxs module="re">var p = getRegExp("^<[a-z]+>$", "g"); var q = /\\d{2,}<\\/b>/;'
        " module.exports = {ok: function(s) { return s.length < 3 }}</wxs>"
        '<view wx:for="{{in}}" wx:key="" class="a {{x < y}} b {{y > x ? \'<\' : "&gt;"}}">'
        "{{ a > 1 && b < 2 ? \"x<y\" : 'q' }}{{in.length}}</view>"
    )
    result, diagnostics = compile_file({"index.wxml": text})
    assert result is not None and not diagnostics.items, [str(d) for d in diagnostics.items]
    [loop] = evaluate([{"js": result.js, "D": {"in": [1], "x": 1, "y": 2, "a": 2, "b": 1}, "S": {}, "W": {}}])[0][
        "root"
    ]
    assert loop["list"]["deps"] == [["D", "in"]] and loop["key"] is None
    element = loop["children"][0]
    assert value(element["class"]) == "a true b <"
    assert value(element["children"][0]["v"]) == "x<y1"

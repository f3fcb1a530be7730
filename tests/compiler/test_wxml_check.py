from __future__ import annotations

from pathlib import Path

from openmini.compiler.check.wxml import check_wxml
from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.parse.wxml import parse_wxml
from openmini.compiler.parse.wxml_attributes import AttributeKind, classify, dataset_key
from openmini.compiler.project import Project


def check(text: str, others: dict[str, str] | None = None, path: str = "pages/a.wxml") -> list[tuple[int, int, int]]:
    files = {path: text.encode(), **{k: v.encode() for k, v in (others or {}).items()}}
    project = Project(root=Path("/nowhere"), files=files)
    diagnostics = Diagnostics()
    source = project.source(path, diagnostics)
    assert source is not None
    check_wxml(project, parse_wxml(source, diagnostics), diagnostics)
    return [(d.code, d.start.line, d.start.column) for d in diagnostics.items if d.start]


def test_well_formed_file_has_no_diagnostics() -> None:
    text = (
        '<import src="/lib/t.wxml"/><include src="../part.wxml"/><wxs module="m" src="./m.wxs"/>'
        '<wxs module="n">module.exports = 1</wxs>'
        '<view wx:if="{{a}}"/><view wx:elif="{{b}}"/><view wx:else/>'
        '<view wx:for="{{l}}" wx:for-item="it" wx:for-index="i" wx:key="id" bind:tap="h" data-x="1"/>'
        '<template name="t"><text/></template><template is="t" data="{{...o}}"/>'
    )
    assert check(text, {"lib/t.wxml": "", "part.wxml": "", "pages/m.wxs": ""}) == []


def test_orphan_elif_and_else() -> None:
    assert check('<view wx:elif="{{a}}"/>\n<text>x</text><view wx:else/>') == [(2101, 1, 7), (2101, 2, 21)]


def test_text_between_breaks_the_chain() -> None:
    assert check('<view wx:if="{{a}}"/>t<view wx:else/>') == [(2101, 1, 29)]


def test_else_after_loop_with_if_is_orphan() -> None:
    assert check('<view wx:for="{{l}}" wx:if="{{a}}"/><view wx:else/>') == [(2101, 1, 43)]


def test_for_with_plain_string_warns() -> None:
    assert check('<view wx:for="abc"/>') == [(2102, 1, 7)]
    assert check('<view wx:for-items="abc"/>') == [(2102, 1, 7)]


def test_for_item_must_be_a_name() -> None:
    assert check('<view wx:for="{{l}}" wx:for-item="{{x}}" wx:for-index="a.b"/>') == [(2114, 1, 22), (2114, 1, 42)]


def test_key_expression_warns() -> None:
    assert check('<view wx:for="{{l}}" wx:key="{{item.id}}"/>') == [(2115, 1, 22)]


def test_empty_key_is_fine() -> None:
    assert check('<view wx:for="{{l}}" wx:key=""/>') == []


def test_template_without_name_or_is() -> None:
    assert check("<view/>\n<template><text/></template>") == [(2103, 2, 1)]


def test_template_data_must_be_one_mustache() -> None:
    assert check('<template is="t" data="a{{b}}"/>') == [(2117, 1, 18)]


def test_duplicate_template_warns() -> None:
    assert check('<template name="t"/>\n<template name="t"/>') == [(2116, 2, 17)]


def test_import_and_include_need_src() -> None:
    assert check("<import/><include src=\"\"/>") == [(2104, 1, 1), (2104, 1, 10)]


def test_missing_file_and_escaping_path() -> None:
    assert check('<import src="nope.wxml"/>\n<include src="../../x.wxml"/>') == [(2105, 1, 14), (2106, 2, 15)]


def test_include_cycle_reports_the_chain() -> None:
    files = {"pages/b.wxml": '<include src="/pages/c.wxml"/>', "pages/c.wxml": '<include src="a.wxml"/>'}
    path = "pages/a.wxml"
    project = Project(root=Path("/nowhere"), files={path: b'<include src="b.wxml"/>', **{
        k: v.encode() for k, v in files.items()}})
    diagnostics = Diagnostics()
    source = project.source(path, diagnostics)
    assert source is not None
    check_wxml(project, parse_wxml(source, diagnostics), diagnostics)
    assert [d.code for d in diagnostics.items] == [2107]
    assert "pages/a.wxml → pages/b.wxml → pages/c.wxml → pages/a.wxml" in diagnostics.items[0].message


def test_self_include_is_a_cycle() -> None:
    assert check('<include src="a.wxml"/>') == [(2107, 1, 1)]


def test_wxs_checks() -> None:
    text = (
        "<wxs>1</wxs>\n"
        '<wxs module="m">1</wxs><wxs module="m">2</wxs>\n'
        '<wxs module="1x">1</wxs>\n'
        '<wxs module="s" src="a.js"/>\n'
        '<wxs module="t" src="gone.wxs"/>\n'
        '<wxs module="u" src="u.wxs">var x</wxs>'
    )
    assert check(text, {"pages/u.wxs": ""}) == [
        (2108, 1, 1), (2109, 2, 37), (2118, 3, 14), (2110, 4, 17), (2123, 5, 22), (2113, 6, 1),
    ]


def test_unknown_wx_attribute_and_duplicates_warn() -> None:
    assert check('<view wx:iff="{{a}}" id="a" id="b"/>') == [(2111, 1, 7), (2112, 1, 29)]


def test_event_without_name() -> None:
    assert check('<view bind:="h" catch="x"/>') == [(2119, 1, 7), (2119, 1, 17)]


def test_condition_on_definition_warns() -> None:
    assert check('<import wx:if="{{a}}" src="x.wxml"/>', {"pages/x.wxml": ""}) == [(2120, 1, 9)]


def test_attribute_classification() -> None:
    assert classify("bindtap").kind is AttributeKind.EVENT and classify("bindtap").key == "tap"
    meaning = classify("capture-mut-bind:touchstart")
    assert (meaning.kind, meaning.key, meaning.binding) == (AttributeKind.EVENT, "touchstart", "capture-mut-bind")
    assert classify("capture-catchtap").binding == "capture-catch"
    assert classify("mut-bind:tap").binding == "mut-bind"
    assert classify("mark:k").kind is AttributeKind.MARK
    assert classify("model:value").kind is AttributeKind.MODEL
    assert classify("generic:item").kind is AttributeKind.GENERIC
    assert classify("class:on").kind is AttributeKind.CLASS_TOGGLE
    assert classify("style:color").kind is AttributeKind.STYLE_PROPERTY
    assert classify("data:userId").key == "userId"
    assert classify("hover-class").kind is AttributeKind.PLAIN


def test_dataset_keys() -> None:
    assert dataset_key("user-id") == "userId"
    assert dataset_key("a-b-c") == "aBC"
    assert dataset_key("ABC") == "abc"
    assert dataset_key("Name") == "name"
    assert dataset_key("x-y-z") == "xYZ"

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.parse.wxml import MAX_DEPTH, parse_wxml
from openmini.compiler.parse.wxml_nodes import Document, Element, Literal, Mustache, Part, Text
from openmini.compiler.source import SourceFile


def parse(text: str) -> tuple[Document, Diagnostics]:
    diagnostics = Diagnostics()
    return parse_wxml(SourceFile("a.wxml", text), diagnostics), diagnostics


def ok(text: str) -> Document:
    document, diagnostics = parse(text)
    assert not diagnostics.items, [str(d) for d in diagnostics.items]
    return document


def first(document: Document) -> Element:
    node = document.children[0]
    assert isinstance(node, Element)
    return node


def rendered(text: str, parts: tuple[Part, ...]) -> list[str]:
    """Literals as decoded text, mustaches as ``{expr}`` taken from the source by offsets."""
    return [p.text if isinstance(p, Literal) else "{" + text[p.start : p.end] + "}" for p in parts]


def codes(diagnostics: Diagnostics) -> list[tuple[int, int, int]]:
    return [(d.code, d.start.line, d.start.column) for d in diagnostics.items if d.start]


def test_elements_nest_and_keep_offsets() -> None:
    text = "<view id=\"a\"><text>hi</text></view>"
    view = first(ok(text))
    assert view.tag == "view" and view.start == 0 and view.end == len(text)
    inner = view.children[0]
    assert isinstance(inner, Element) and inner.tag == "text"
    assert text[inner.start : inner.end] == "<text>hi</text>"
    attribute = view.attributes[0]
    assert text[attribute.name_start : attribute.name_end] == "id"
    assert text[attribute.value_start : attribute.value_end] == "a"


def test_mustache_with_comparison_and_quotes_in_attribute() -> None:
    text = "<view class=\"{{ a < b ? 'x' : \"y\" }}\"/>"
    attribute = first(ok(text)).attributes[0]
    assert attribute.parts is not None
    assert rendered(text, attribute.parts) == ["{ a < b ? 'x' : \"y\" }"]


def test_mustache_with_angle_brackets_in_text() -> None:
    text = "<text>{{ a > 1 && b < 2 ? \"x<y\" : 'q' }}</text>"
    node = first(ok(text)).children[0]
    assert isinstance(node, Text)
    assert rendered(text, node.parts) == ["{ a > 1 && b < 2 ? \"x<y\" : 'q' }"]


def test_closing_braces_inside_strings_and_objects_do_not_end_the_mustache() -> None:
    text = "<t a=\"{{ {x: {y: '}}'}} }}\"/>"
    attribute = first(ok(text)).attributes[0]
    assert attribute.parts is not None
    assert rendered(text, attribute.parts) == ["{ {x: {y: '}}'}} }"]


def test_two_mustaches_in_one_attribute() -> None:
    text = '<view class="card {{active ? \'on\' : \'off\'}} size-{{size}}"/>'
    attribute = first(ok(text)).attributes[0]
    assert attribute.parts is not None
    assert rendered(text, attribute.parts) == ["card ", "{active ? 'on' : 'off'}", " size-", "{size}"]


def test_single_quoted_unquoted_and_bare_attributes() -> None:
    text = "<input value='{{v}}' type=number disabled data-x={{a > b}}/>"
    element = first(ok(text))
    names = [a.name for a in element.attributes]
    assert names == ["value", "type", "disabled", "data-x"]
    assert element.attributes[1].static_value() == "number"
    assert element.attributes[2].is_bare and element.attributes[2].static_value() == ""
    parts = element.attributes[3].parts
    assert parts is not None and rendered(text, parts) == ["{a > b}"]
    assert element.self_closing


def test_attribute_name_case_is_kept() -> None:
    element = first(ok("<my-comp myProp=\"1\" data-ABC=\"x\" bind:myEvent=\"h\"/>"))
    assert [a.name for a in element.attributes] == ["myProp", "data-ABC", "bind:myEvent"]


def test_empty_attribute_value_is_an_empty_literal() -> None:
    element = first(ok('<view wx:for="{{l}}" wx:key=""/>'))
    key = element.attribute("wx:key")
    assert key is not None and key.parts == () and key.static_value() == ""


def test_any_tag_may_self_close_and_void_html_tags_are_not_special() -> None:
    document = ok("<image/><input></input><view/>")
    assert [n.tag for n in document.children if isinstance(n, Element)] == ["image", "input", "view"]


def test_html_void_tag_left_open_is_an_error() -> None:
    _document, diagnostics = parse("<view><input></view>")
    assert codes(diagnostics) == [(2002, 1, 14)]


def test_wxs_body_is_raw_text() -> None:
    text = '<wxs module="m">var r = /<\\/b>/g; var s = "</wx" + "<a>"; module.exports = {}</wxs><text/>'
    document = ok(text)
    wxs = first(document)
    assert text[wxs.raw_start : wxs.raw_end] == 'var r = /<\\/b>/g; var s = "</wx" + "<a>"; module.exports = {}'
    assert wxs.children == []
    assert [n.tag for n in document.children if isinstance(n, Element)] == ["wxs", "text"]


def test_self_closing_wxs_has_no_body() -> None:
    wxs = first(ok('<wxs src="a.wxs" module="a"/>'))
    assert wxs.raw_start == -1 and wxs.self_closing


def test_comments_are_dropped() -> None:
    document = ok("<!-- <view>{{ x </view> --><text>a</text><!---->")
    assert len(document.children) == 1 and first(document).tag == "text"


def test_entities_are_decoded_in_text_and_attributes() -> None:
    text = '<view title="&quot;q&quot; &amp; &apos;">&lt; &gt; &amp; &nbsp;&#123;&#x1F600;&bogus;</view>'
    view = first(ok(text))
    assert view.attributes[0].static_value() == "\"q\" & '"
    node = view.children[0]
    assert isinstance(node, Text)
    assert rendered(text, node.parts) == ["< > & \xa0{\U0001f600&bogus;"]


def test_whitespace_only_text_is_dropped_other_text_kept_verbatim() -> None:
    text = "<view>\n  <text>a</text>\n  <text>  {{a}}  </text>x\n</view>"
    view = first(ok(text))
    kinds = [type(n).__name__ for n in view.children]
    assert kinds == ["Element", "Element", "Text"]
    second = view.children[1]
    assert isinstance(second, Element)
    inner = second.children[0]
    assert isinstance(inner, Text) and rendered(text, inner.parts) == ["  ", "{a}", "  "]
    last = view.children[2]
    assert isinstance(last, Text) and rendered(text, last.parts) == ["x\n"]


def test_lone_less_than_in_text_is_text() -> None:
    text = "<text>a < b and 1<2</text>"
    node = first(ok(text)).children[0]
    assert isinstance(node, Text) and rendered(text, node.parts) == ["a < b and 1<2"]


def test_in_as_data_name_and_empty_key_parse() -> None:
    text = '<view wx:for="{{in}}" wx:key="">{{in.x}}</view>'
    view = first(ok(text))
    assert [a.name for a in view.attributes] == ["wx:for", "wx:key"]


def test_mustache_offsets_are_absolute_and_exclude_braces() -> None:
    text = "<text>ab{{ x }}cd</text>"
    node = first(ok(text)).children[0]
    assert isinstance(node, Text)
    mustache = node.parts[1]
    assert isinstance(mustache, Mustache)
    assert (mustache.open_start, mustache.start, mustache.end, mustache.close_end) == (8, 10, 13, 15)


def test_unclosed_tag_at_eof_points_at_the_open_tag() -> None:
    document, diagnostics = parse("<view>\n  <text>a</text>")
    assert codes(diagnostics) == [(2001, 1, 1)]
    assert first(document).end == len("<view>\n  <text>a</text>")


def test_mismatched_close_reports_both_positions_and_recovers() -> None:
    document, diagnostics = parse("<view>\n  <text>a\n</view><icon/>")
    assert codes(diagnostics) == [(2002, 3, 1)]
    assert "line 2, column 3" in diagnostics.items[0].message
    assert [n.tag for n in document.children if isinstance(n, Element)] == ["view", "icon"]


def test_stray_close_tag_is_reported_and_dropped() -> None:
    document, diagnostics = parse("<view/></text><icon/>")
    assert codes(diagnostics) == [(2003, 1, 8)]
    assert len(document.children) == 2


def test_unclosed_mustache_in_text_and_attribute() -> None:
    _document, diagnostics = parse('<view a="x{{y">\n {{ z</view>')
    assert codes(diagnostics) == [(2004, 1, 11), (2004, 2, 2)]


def test_unclosed_comment() -> None:
    _document, diagnostics = parse("<view/>\n<!-- never")
    assert codes(diagnostics) == [(2005, 2, 1)]


def test_unclosed_attribute_value() -> None:
    _document, diagnostics = parse('<view a="x>\n</view>')
    assert codes(diagnostics)[0] == (2006, 1, 9)


def test_unexpected_character_in_tag() -> None:
    document, diagnostics = parse('<view "a" id="x"/>')
    assert codes(diagnostics) == [(2007, 1, 7)]
    assert first(document).attribute("id") is not None


def test_start_tag_missing_its_bracket() -> None:
    document, diagnostics = parse("<view class=\"a\" <text>t</text></view>")
    assert codes(diagnostics) == [(2008, 1, 1)]
    assert first(document).children and isinstance(first(document).children[0], Element)


def test_start_tag_cut_by_end_of_file() -> None:
    _document, diagnostics = parse("<view class=\"a\"")
    assert codes(diagnostics) == [(2008, 1, 1)]


def test_unclosed_wxs_body() -> None:
    _document, diagnostics = parse('<wxs module="m">var a = 1;')
    assert codes(diagnostics) == [(2001, 1, 1)]


def test_nesting_limit_is_an_error_not_a_crash() -> None:
    _document, diagnostics = parse("<view>" * (MAX_DEPTH + 5))
    assert [d.code for d in diagnostics.items] == [2009]


def test_columns_count_utf16_units() -> None:
    _document, diagnostics = parse("<text>\U0001f600</b>")
    assert codes(diagnostics)[0] == (2003, 1, 9)


_PIECES = [
    "<view>", "</view>", "<text a=\"{{x}}\">", "</text>", "<wxs module=\"m\">", "</wxs>", "<x/>", "{{", "}}",
    "'", '"', "`", "<!--", "-->", "<", ">", "/>", "=", "&amp;", "&#x110000;", "&#0;", "{", "}", "a b",
    "\n", "<template is=\"t\" data=\"{{...o}}\"/>", "wx:if", "\\", "</", "<_", "<\U0001f600",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=5), max_size=40))
def test_parser_never_raises(pieces: list[str]) -> None:
    text = "".join(pieces)
    document, diagnostics = parse(text)
    for diagnostic in diagnostics.items:
        assert diagnostic.start is not None
    for element in document.elements():
        assert 0 <= element.start <= len(text) and element.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parser_never_raises_on_random_text(text: str) -> None:
    parse(text)

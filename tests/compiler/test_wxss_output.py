"""WXSS → CSS output: rpx, at-rules, minification, imports and component scoping."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinycss2

from openmini.compiler.diagnostics import Diagnostic, Diagnostics
from openmini.compiler.generate.wxss import CompiledStyle, compile_wxss, rpx_to_css
from openmini.compiler.project import Project


def run(
    files: dict[str, str], path: str = "a.wxss", *, class_prefix: str | None = None, is_component: bool = False
) -> tuple[CompiledStyle, list[Diagnostic]]:
    project = Project(Path("/nonexistent"), {name: text.encode() for name, text in files.items()})
    diagnostics = Diagnostics()
    result = compile_wxss(project, path, diagnostics, class_prefix=class_prefix, is_component=is_component)
    assert result is not None
    return result, diagnostics.items


def css(text: str) -> str:
    result, diagnostics = run({"a.wxss": text})
    assert not diagnostics, [str(d) for d in diagnostics]
    return result.css


def codes(diagnostics: list[Diagnostic]) -> list[int]:
    return [d.code for d in diagnostics]


RPX = "var(--om-rpx)"


# --- rpx ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20rpx", f"calc(20*{RPX})"),
        ("-10.5rpx", f"calc(-10.5*{RPX})"),
        (".5rpx", f"calc(.5*{RPX})"),
        ("+3rpx", f"calc(+3*{RPX})"),
        ("0rpx", "0px"),
        ("-0rpx", "0px"),
        ("2RPX", f"calc(2*{RPX})"),
        ("1e1rpx", f"calc(1e1*{RPX})"),
    ],
)
def test_rpx_in_a_declaration(value: str, expected: str) -> None:
    assert css(f".a {{ width: {value} }}") == f".a{{width:{expected}}}"


def test_rpx_in_shorthand_calc_and_transform() -> None:
    out = css(".a { margin: 10rpx 0 -4rpx auto; width: calc(100% - 20rpx); transform: translate(10rpx, -5rpx) }")
    assert out == (
        f".a{{margin:calc(10*{RPX}) 0 calc(-4*{RPX}) auto;width:calc(100% - calc(20*{RPX}));"
        f"transform:translate(calc(10*{RPX}),calc(-5*{RPX}))}}"
    )


def test_rpx_in_custom_property_and_var_fallback() -> None:
    out = css(".a { --gap: 20rpx; padding: var(--gap, 8rpx) }")
    assert out == f".a{{--gap:calc(20*{RPX});padding:var(--gap,calc(8*{RPX}))}}"


def test_rpx_in_strings_and_urls_is_left_alone() -> None:
    out = css('.a::after { content: "750rpx"; background: url(img/10rpx.png), url("x-1rpx.png") }')
    assert out == '.a::after{content:"750rpx";background:url(img/10rpx.png),url("x-1rpx.png")}'


def test_rpx_in_media_query_becomes_vw() -> None:
    out = css("@media (min-width: 750rpx) and (max-width: 100rpx) { .a { width: 1rpx } }")
    assert out == f"@media (min-width: 100vw) and (max-width: 13.333333vw){{.a{{width:calc(1*{RPX})}}}}"


def test_rpx_in_keyframes_and_supports() -> None:
    out = css("@keyframes move { from { left: 0rpx } 50.5% { left: 375rpx } } @supports (width: 1rpx) { .a{b:c} }")
    assert out == (
        f"@keyframes move{{from{{left:0px}}50.5%{{left:calc(375*{RPX})}}}}@supports (width: calc(1*{RPX})){{.a{{b:c}}}}"
    )


def test_rpx_to_css_forms() -> None:
    assert rpx_to_css("750", "vw") == "100vw"
    assert rpx_to_css("-375", "vw") == "-50vw"
    assert rpx_to_css("1", "vw") == "0.133333vw"
    assert rpx_to_css("0.0") == "0px"


# --- at-rules and minification -------------------------------------------------------------


def test_comments_whitespace_and_empty_rules_are_minified() -> None:
    text = "/* head */\n.a ,\n .b   >  .c  {\n  color : red ; /* x */\n  margin: 0  auto ;\n}\n.empty { }\n"
    assert css(text) == ".a,.b>.c{color:red;margin:0 auto}"


def test_important_vendor_prefixes_and_pseudo_elements() -> None:
    text = (
        ".a::after { content: ''; -webkit-transition: all .3s; color: red ! important }"
        " .b:nth-child(2n+1) { display: -webkit-box }"
    )
    out = css(text)
    assert out == (
        '.a::after{content:"";-webkit-transition:all .3s;color:red!important}.b:nth-child(2n+1){display:-webkit-box}'
    )


def test_unicode_survives() -> None:
    out = css('.标题 { content: "中文 ✓"; font-family: "微软雅黑" }')
    assert out == '.标题{content:"中文 ✓";font-family:"微软雅黑"}'


def test_charset_is_dropped() -> None:
    assert css('@charset "UTF-8";\n.a{b:c}') == ".a{b:c}"


def test_media_inside_supports_and_font_face() -> None:
    out = css(
        "@supports (display: grid) { @media screen { .a { display: grid } } }"
        '@font-face { font-family: "i"; src: url("i.woff2") format("woff2") }'
    )
    assert out == (
        "@supports (display: grid){@media screen{.a{display:grid}}}"
        '@font-face{font-family:"i";src:url("i.woff2") format("woff2")}'
    )


def test_vendor_keyframes_and_layer_statement() -> None:
    out = css("@-webkit-keyframes a { to { opacity: 1 } } @layer base, theme; @layer base { }")
    assert out == "@-webkit-keyframes a{to{opacity:1}}@layer base,theme;@layer base{}"


def test_unknown_at_rule_is_kept_with_a_warning() -> None:
    result, diagnostics = run({"a.wxss": "@foo bar { x: 2rpx }\n.a{b:c}"})
    assert result.css == f"@foo bar{{x: calc(2*{RPX})}}.a{{b:c}}"
    assert codes(diagnostics) == [4020]
    assert diagnostics[0].severity.name == "WARNING"


def test_type_selectors_name_the_wx_elements_of_page_frames() -> None:
    assert css("page { background: #fff } page .a { color: red }") == "wx-page{background:#fff}wx-page .a{color:red}"
    assert css("wx-view, View { x: y }") == "wx-view,wx-view{x:y}"


def test_output_is_valid_css_and_deterministic() -> None:
    text = "@import 'b';.a{width:1rpx}@media (max-width:10rpx){.b{c:d}}"
    files = {"a.wxss": text, "b.wxss": ".x{y:z}"}
    first, _ = run(files)
    second, _ = run(files)
    assert first == second
    reparsed = tinycss2.parse_stylesheet(first.css)
    assert all(node.type != "error" for node in reparsed)


def test_size_counts_utf8_bytes() -> None:
    result, _ = run({"a.wxss": '.a{content:"中"}'})
    assert result.size == len(result.css.encode()) == len(result.css) + 2


# --- @import -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        '@import "common/base.wxss";',
        "@import 'common/base.wxss';",
        '@import url("common/base.wxss");',
        "@import url(common/base.wxss);",
        '@import "./common/base.wxss";',
        '@import "/pages/common/base.wxss";',
        '@import "common/base";',
        '@import "/pages/common/base";',
    ],
)
def test_import_forms(statement: str) -> None:
    files = {"pages/a.wxss": f".before{{x:y}}{statement}.after{{x:y}}", "pages/common/base.wxss": ".base{x:y}"}
    result, diagnostics = run(files, "pages/a.wxss")
    assert not diagnostics
    assert result.css == ".before{x:y}.base{x:y}.after{x:y}"
    assert result.imports == ("pages/common/base.wxss",)


def test_nested_imports_resolve_relative_to_each_file() -> None:
    files = {
        "app.wxss": '@import "styles/a.wxss"; .app{x:y}',
        "styles/a.wxss": '@import "../lib/b.wxss"; .a{x:y}',
        "lib/b.wxss": '@import "/lib/c"; .b{x:y}',
        "lib/c.wxss": ".c{x:y}",
    }
    result, diagnostics = run(files, "app.wxss")
    assert not diagnostics
    assert result.css == ".c{x:y}.b{x:y}.a{x:y}.app{x:y}"
    assert result.imports == ("styles/a.wxss", "lib/b.wxss", "lib/c.wxss")


def test_a_file_imported_twice_is_inlined_twice_and_listed_once() -> None:
    files = {
        "a.wxss": '@import "b.wxss"; @import "c.wxss";',
        "b.wxss": '@import "shared.wxss"; .b{x:y}',
        "c.wxss": '@import "shared.wxss"; .c{x:y}',
        "shared.wxss": ".s{x:y}",
    }
    result, diagnostics = run(files)
    assert not diagnostics
    assert result.css == ".s{x:y}.b{x:y}.s{x:y}.c{x:y}"
    assert result.imports == ("b.wxss", "shared.wxss", "c.wxss")


def test_import_with_media_query_is_wrapped() -> None:
    files = {"a.wxss": '@import "w.wxss" screen and (min-width: 750rpx);', "w.wxss": ".w{x:y}"}
    result, diagnostics = run(files)
    assert not diagnostics
    assert result.css == "@media screen and (min-width: 100vw){.w{x:y}}"


def test_import_inside_media_is_inlined_there() -> None:
    files = {"a.wxss": '@media print { @import "p.wxss"; }', "p.wxss": ".p{x:y}"}
    assert run(files)[0].css == "@media print{.p{x:y}}"


def test_imported_file_of_a_component_is_scoped_with_its_prefix() -> None:
    files = {"comp/c.wxss": '@import "/common/btn.wxss"; .c{x:y}', "common/btn.wxss": ".btn{x:y}"}
    result, diagnostics = run(files, "comp/c.wxss", class_prefix="c7", is_component=True)
    assert not diagnostics
    assert result.css == ".c7--btn{x:y}.c7--c{x:y}"


def test_import_error_positions() -> None:
    text = '.a{x:y}\n@import "missing.wxss";\n@import "../../out.wxss";\n@import "https://cdn.x/a.wxss";\n'
    result, diagnostics = run({"p/a.wxss": text}, "p/a.wxss")
    assert result.css == ".a{x:y}"
    found = [(d.code, d.start.line, d.start.column) for d in diagnostics if d.start]
    assert found == [(4011, 2, 9), (4012, 3, 9), (4014, 4, 9)]
    assert "p/missing.wxss" in diagnostics[0].message
    assert "  |         ^^^^^^^^^^^^^^\n" in diagnostics[0].frame
    assert diagnostics[2].severity.name == "WARNING"


def test_import_cycle_shows_the_chain() -> None:
    files = {"a.wxss": '@import "b.wxss"; .a{x:y}', "b.wxss": '.b{x:y}\n@import "a.wxss";'}
    result, diagnostics = run(files)
    assert result.css == ".b{x:y}.a{x:y}"
    assert codes(diagnostics) == [4013]
    cycle = diagnostics[0]
    assert (cycle.path, cycle.start and cycle.start.line, cycle.start and cycle.start.column) == ("b.wxss", 2, 9)
    assert "a.wxss → b.wxss → a.wxss" in cycle.message


def test_self_import_is_a_cycle() -> None:
    result, diagnostics = run({"a.wxss": '@import "a";.a{x:y}'})
    assert result.css == ".a{x:y}"
    assert codes(diagnostics) == [4013]


def test_import_explosion_is_bounded() -> None:
    # Each level imports the next twice: 2**20 inlines without a limit.
    files = {f"l{i}.wxss": f'@import "l{i + 1}.wxss";@import "l{i + 1}.wxss";' for i in range(20)}
    files["l20.wxss"] = ".x{y:z}"
    result, diagnostics = run(files, "l0.wxss")
    assert 4015 in codes(diagnostics)
    assert result.css.count(".x{y:z}") <= 1000


def test_bad_import_syntax() -> None:
    _, diagnostics = run({"a.wxss": '.a{x:y}\n  @import base;\n@import "";'})
    assert [(d.code, d.start and d.start.line, d.start and d.start.column) for d in diagnostics] == [
        (4010, 2, 3),
        (4010, 3, 1),
    ]


def test_import_with_layer_condition_warns() -> None:
    files = {"a.wxss": '@import "b.wxss" layer(x);', "b.wxss": ".b{x:y}"}
    result, diagnostics = run(files)
    assert result.css == ".b{x:y}"
    assert codes(diagnostics) == [4016]


def test_missing_or_undecodable_root_file_gives_none() -> None:
    project = Project(Path("/nonexistent"), {"bad.wxss": b"\xff\xfe.a{}"})
    diagnostics = Diagnostics()
    assert compile_wxss(project, "none.wxss", diagnostics) is None
    assert compile_wxss(project, "bad.wxss", diagnostics) is None
    assert codes(diagnostics.items) == [4017, 1005]


# --- component scoping ---------------------------------------------------------------------


def scoped(text: str, prefix: str | None = "p") -> tuple[str, list[Diagnostic]]:
    result, diagnostics = run({"c.wxss": text}, "c.wxss", class_prefix=prefix, is_component=True)
    return result.css, diagnostics


def test_classes_are_prefixed_everywhere_in_a_selector() -> None:
    out, diagnostics = scoped(
        ".a, .b.c:hover > .d::after, .e:not(.f):is(.g, .h) .i:nth-child(2n+1 of .j), .k:where(.l):has(> .m) {x:y}"
    )
    assert not diagnostics
    assert out == (
        ".p--a,.p--b.p--c:hover>.p--d::after,.p--e:not(.p--f):is(.p--g,.p--h) .p--i:nth-child(2n+1 of .p--j),"
        ".p--k:where(.p--l):has(>.p--m){x:y}"
    )


def test_escaped_class_names_stay_escaped() -> None:
    out, _ = scoped(r".w-1\/2, .\31 0 {x:y}")
    assert out == r".p--w-1\/2,.p--10{x:y}"


def test_host_selector_maps_to_the_host_attribute() -> None:
    out, diagnostics = scoped(":host { display: block } :host(.on) .t { color: red } :host > .x {a:b}")
    assert not diagnostics
    assert out == '[om-host="p"]{display:block}[om-host="p"]:is(.on) .p--t{color:red}[om-host="p"]>.p--x{a:b}'


def test_keyframes_inside_a_component_are_not_scoped() -> None:
    out, diagnostics = scoped("@keyframes from { from { opacity: 0 } } @media (min-width: 10px) { .a { b: c } }")
    assert not diagnostics
    assert out == "@keyframes from{from{opacity:0}}@media (min-width: 10px){.p--a{b:c}}"


@pytest.mark.parametrize(
    ("selector", "code", "column"),
    [
        ("view", 4030, 1),
        (".a view", 4030, 4),
        (".a > button", 4030, 6),
        ("page", 4030, 1),
        ("#main", 4031, 1),
        (".a #main", 4031, 4),
        ("[data-x]", 4032, 1),
        ('.a[data-x="1"]', 4032, 3),
        ("*", 4033, 1),
        (".a *", 4033, 4),
        (".a:not(text)", 4030, 8),
    ],
)
def test_forbidden_component_selectors_warn_but_are_kept(selector: str, code: int, column: int) -> None:
    text = f"\n{selector} {{ x: y }}"
    out, diagnostics = scoped(text)
    assert out.endswith("{x:y}")
    assert [(d.code, d.start and d.start.line, d.start and d.start.column) for d in diagnostics] == [(code, 2, column)]
    assert diagnostics[0].severity.name == "WARNING"


def test_pages_may_use_any_selector() -> None:
    assert css("view, #a, [b], * , page {x:y}") == "wx-view,#a,[b],*,wx-page{x:y}"


def test_shared_component_keeps_classes_but_still_warns() -> None:
    out, diagnostics = scoped(".a view {x:y}", prefix=None)
    assert out == ".a wx-view{x:y}"
    assert codes(diagnostics) == [4030]


def test_host_without_isolation_warns() -> None:
    result, diagnostics = run({"a.wxss": ":host { x: y }"})
    assert result.css == ":host{x:y}"
    assert [(d.code, d.start and d.start.column) for d in diagnostics] == [(4034, 1)]


def test_warning_in_a_file_imported_twice_is_reported_once() -> None:
    files = {"c.wxss": '@import "v.wxss"; @import "v.wxss";', "v.wxss": "view{x:y}"}
    result, diagnostics = run(files, "c.wxss", class_prefix="p", is_component=True)
    assert result.css == "wx-view{x:y}wx-view{x:y}"
    assert [(d.code, d.path) for d in diagnostics] == [(4030, "v.wxss")]

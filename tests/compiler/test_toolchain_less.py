"""The `less` compiler plugin: the Less subset mini programs use, compiled to WXSS on the source's lines."""

from __future__ import annotations

import json
from pathlib import Path

from openmini.compiler.diagnostics import Diagnostic, Diagnostics
from openmini.compiler.pipeline import compile_project
from openmini.compiler.project import Project
from openmini.compiler.toolchain.less import compile_less


def less(text: str, **others: str) -> tuple[str, list[Diagnostic]]:
    files = {"p/a.less": text.encode(), **{name: body.encode() for name, body in others.items()}}
    diagnostics = Diagnostics()
    css = compile_less(Project(Path("/nonexistent"), files), "p/a.less", diagnostics)
    assert css is not None
    return css, diagnostics.items


def rules(css: str) -> list[str]:
    """The compiled rules, one per item, spaces normalised."""
    return [" ".join((part + "}").split()) for part in css.split("}") if part.strip()]


def test_variables_nesting_and_parent_selectors() -> None:
    css, diagnostics = less(
        "@main: #07c160; // the brand colour\n"
        "page {\n"
        "  color: @main;\n"
        "  .item, .row {\n"
        "    margin: 0 8rpx;\n"
        "    &:active { opacity: .5; }\n"
        "    &-title { font-weight: bold; }\n"
        "  }\n"
        "}\n"
    )
    assert diagnostics == []
    assert rules(css) == [
        "page { color: #07c160; }",
        "page .item,page .row { margin: 0 8rpx; }",
        "page .item:active,page .row:active { opacity: .5; }",
        "page .item-title,page .row-title { font-weight: bold; }",
    ]


def test_output_keeps_each_declaration_on_its_source_line() -> None:
    source = "@w: 2px;\n.a {\n  color: red;\n  .b { top: 0; }\n  left: @w;\n}\n"
    css, _ = less(source)
    lines = css.split("\n")
    assert len(lines) == source.count("\n") + 1
    assert "color: red;" in lines[2] and "top: 0;" in lines[3] and "left: 2px;" in lines[4]


def test_arithmetic_on_numbers_with_units() -> None:
    css, diagnostics = less(
        "@gap: 10px;\n.a { width: @gap * 2; height: (@gap / 4); margin: @gap + 5 -2px; "
        "left: calc(100% - @gap); font: 12px/1.5 serif; }\n"
    )
    assert diagnostics == []
    assert rules(css) == [
        ".a { width: 20px; height: 2.5px; margin: 15px -2px; left: calc(100% - 10px); font: 12px/1.5 serif; }"
    ]


def test_mixins_plain_and_with_parameters() -> None:
    css, diagnostics = less(
        ".round { border-radius: 4px; }\n"
        ".pad(@v; @h: 0) { padding: @v @h; }\n"
        ".card { .round; .pad(8rpx); .pad(@h: 2rpx; @v: 1rpx) !important; }\n"
    )
    assert diagnostics == []
    assert rules(css) == [
        ".round { border-radius: 4px; }",
        ".card { border-radius: 4px; padding: 8rpx 0; padding: 1rpx 2rpx !important; }",
    ]


def test_import_of_less_shares_variables_and_css_imports_stay() -> None:
    css, diagnostics = less(
        '@import "../theme";\n@import "./base.wxss";\n.a { color: @ink; }\n',
        **{"theme.less": "@ink: #111;\n.t { color: @ink; }\n"},
    )
    assert diagnostics == []
    assert rules(css)[0] == ".t { color: #111; }"
    assert '@import "./base.wxss";' in css and ".a { color: #111; }" in css


def test_media_inside_a_rule_bubbles_out_with_the_selector() -> None:
    css, _ = less(".a { color: red; @media (min-width: 300px) { color: blue; } }\n")
    assert " ".join(css.split()) == ".a { color: red; } @media (min-width: 300px) { .a { color: blue; } }"


def test_unsupported_features_are_errors_at_their_place() -> None:
    cases = {
        ".a { color: darken(#fff, 10%); }": (1, 6, "darken()"),
        ".m() when (@a > 1) { x: y; }": (1, 1, "guard"),
        ".a:extend(.b) { x: y; }": (1, 1, ":extend"),
        "\n.a { color: @nope; }": (2, 6, "@nope"),
        ".a { width: 1px + 2em; }": (1, 6, "px and em"),
        ".a { .missing; }": (1, 6, ".missing"),
        '@import "gone";': (1, 1, "gone"),
        ".a { color: red; ": (1, 1, "unclosed"),
    }
    for source, (line, column, words) in cases.items():
        _, diagnostics = less(source)
        assert len(diagnostics) == 1, source
        found = diagnostics[0]
        assert found.is_error and found.start is not None
        assert (found.start.line, found.start.column) == (line, column), source
        assert words in found.message, (source, found.message)


def test_a_less_mini_program_compiles_and_wxss_messages_name_the_less_file(tmp_path: Path) -> None:
    files = {
        "project.config.json": json.dumps({"setting": {"useCompilerPlugins": ["less"]}}),
        "app.json": json.dumps({"pages": ["p/a"]}),
        "p/a.wxml": "<view class='a'/>",
        "p/a.js": "Page({})",
        "p/a.less": "@c: red;\n// note\n.a {\n  color: @c;\n  .b { colr: blue }\n}\n",
        "p/partial.less": ".only-imported { color: @undefined-here; }\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "p/a.less").write_text(files["p/a.less"] + '@import "partial";\n', encoding="utf-8")
    result = compile_project(tmp_path)
    errors = [d for d in result.diagnostics if d.is_error]
    # The partial is compiled inside its importer only (its variable is looked up there), and the
    # message names the file the variable is written in.
    assert [(d.code, d.path) for d in errors] == [(8103, "p/partial.less")]
    (tmp_path / "p/partial.less").write_text(".only-imported { color: @c; }\n", encoding="utf-8")
    result = compile_project(tmp_path)
    assert result.ok, [str(d) for d in result.diagnostics]
    package = result.package
    assert package is not None
    css = next(package.blobs[f.stored_name] for f in package.files if f.name == "p/a.css").decode()
    assert ".a .b" in css and ".only-imported" in css

"""Hostile WXSS never makes the compiler raise, and what it emits is always clean CSS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tinycss2
from hypothesis import given, settings
from hypothesis import strategies as st

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.wxss import compile_wxss
from openmini.compiler.project import Project

VALID = """@charset "utf-8";
@import "lib/base.wxss";
@import url('/lib/theme');
page { background: #f5f5f5; height: 100% }
.card, .card > .title:hover::after { content: "750rpx \\201C"; margin: -10.5rpx .5rpx 0rpx; }
:host { display: block } :host(.on) .x:not(.y) { color: red !important }
.list .item:nth-child(2n+1) { transform: translate(10rpx, -5rpx) scale(1.2); width: calc(100% - 20rpx) }
@media (min-width: 750rpx) { @supports (display: grid) { .grid { --gap: 20rpx; gap: var(--gap) } } }
@keyframes spin { from { transform: rotate(0deg) } 50% { left: 10rpx } to { transform: rotate(360deg) } }
@font-face { font-family: "icon"; src: url("icon.woff2") format("woff2") }
view, #id, [data-x="1"], * { -webkit-box-flex: 1; color: rgba(0, 0, 0, .5) }
/* a comment with rpx 10rpx */ .标题 { font-family: "微软雅黑" }
"""

LIBRARY = {
    "lib/base.wxss": '@import "theme.wxss"; .base { padding: 4rpx }',
    "lib/theme.wxss": '.theme { color: red } @import "/lib/base.wxss";',  # a cycle back to base
}

CSS_ALPHABET = st.sampled_from(
    list("abcxyz-_0123456789 \n\t.#:;,{}()[]\"'\\/*@!%+>~=|&^$")
    + ["rpx", "url(", "calc(", "@import ", "@media ", ":host", "page", "!important", "/*", "*/", "😀", "中", "\r", "\f"]
)


def compile_text(text: str, **options: Any) -> str:
    files = {name: body.encode() for name, body in LIBRARY.items()}
    files["comp/a.wxss"] = text.encode()
    project = Project(Path("/nonexistent"), files)
    diagnostics = Diagnostics()
    result = compile_wxss(project, "comp/a.wxss", diagnostics, **options)
    assert result is not None
    for diagnostic in diagnostics.items:
        str(diagnostic)  # every diagnostic can be printed with its frame
    return result.css


def walk(nodes: list[Any]) -> Iterator[Any]:
    """Every node, except inside selectors, where a number with a unit is no length."""
    for node in nodes:
        yield node
        for child in ("content", "arguments") if node.type == "qualified-rule" else ("prelude", "content", "arguments"):
            inner = getattr(node, child, None)
            if isinstance(inner, list):
                yield from walk(inner)


def assert_clean_css(css: str) -> None:
    nodes = list(walk(tinycss2.parse_stylesheet(css)))
    assert not [n for n in nodes if n.type == "error"], css
    assert not [n for n in nodes if n.type == "dimension" and n.lower_unit == "rpx"], css


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(CSS_ALPHABET, max_size=80).map("".join)), st.booleans())
def test_random_text_never_raises(text: str, isolated: bool) -> None:
    options = {"class_prefix": "c1", "is_component": True} if isolated else {}
    assert_clean_css(compile_text(text, **options))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "insert":
            text = text[:start] + draw(st.lists(CSS_ALPHABET, max_size=4).map("".join)) + text[start:]
        else:
            text = text[:end] + text[start:end] + text[end:]
    return text


@settings(max_examples=200, deadline=None)
@given(mutated(), st.booleans())
def test_mutated_stylesheets_never_raise(text: str, isolated: bool) -> None:
    options = {"class_prefix": "c1", "is_component": True} if isolated else {}
    assert_clean_css(compile_text(text, **options))


def test_the_unmutated_corpus_compiles_and_output_is_a_fixed_point() -> None:
    once = compile_text(VALID)
    assert_clean_css(once)
    assert compile_text(once) == once

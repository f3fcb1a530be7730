"""WXSS → CSS: ``@import`` inlined, ``rpx`` rewritten, component classes scoped, whitespace minified.

The output forms are a contract with the runtime, described in docs/wxss.md:

* ``Nrpx`` → ``calc(N*var(--om-rpx))`` (``0rpx`` → ``0px``); the runtime defines ``--om-rpx`` on
  the root element as 1/750 of the frame width. Media and container queries cannot read custom
  properties, so there ``Nrpx`` → ``(N*100/750)vw``: queries are evaluated against the frame's
  own viewport, whose width is the frame width.
* With a ``class_prefix`` ``p``: ``.x`` → ``.p--x``; ``:host`` → ``[om-host="p"]``;
  ``:host(X)`` → ``[om-host="p"]:is(X)`` (``X`` unprefixed: the host's classes come from the
  template that uses the component).
* ``page`` stays a type selector: the runtime renders each page's root as a ``<page>`` element.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import tinycss2
from tinycss2.ast import (
    CurlyBracketsBlock,
    FunctionBlock,
    IdentToken,
    LiteralToken,
    ParenthesesBlock,
    SquareBracketsBlock,
    WhitespaceToken,
)
from tinycss2.serializer import serialize_identifier, serialize_string_value

from openmini.compiler.diagnostics import Diagnostic, Diagnostics
from openmini.compiler.messages import wxss as msg
from openmini.compiler.messages.registry import Message
from openmini.compiler.parse.wxss import (
    AtRule,
    Declaration,
    Import,
    Rule,
    StyleRule,
    Stylesheet,
    Token,
    parse_wxss,
    significant,
    split_commas,
)
from openmini.compiler.project import Project, resolve

RPX_VARIABLE = "--om-rpx"
HOST_ATTRIBUTE = "om-host"
MAX_IMPORTS = 1000  # inlined files per compilation; a diamond of imports grows exponentially
MAX_IMPORTED_CHARS = 10_000_000

RpxMode = Literal["var", "vw"]
_QUERY_AT_RULES = frozenset({"media", "container"})  # var() is invalid in their preludes
_SELECTOR_FUNCTIONS = frozenset({"not", "is", "where", "has", "matches", "any", "-webkit-any", "-moz-any"})
_NTH_FUNCTIONS = frozenset({"nth-child", "nth-last-child"})
_COMMA = frozenset({","})
_COMBINATORS = frozenset({",", ">", "+", "~"})
_SPACE = WhitespaceToken(1, 1, " ")
_COMMA_TOKEN = LiteralToken(1, 1, ",")
_SIGNED_AFTER_COMMENT = re.compile(r"/\*\*/(?=[+-])")
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


@dataclass(frozen=True)
class CompiledStyle:
    css: str
    imports: tuple[str, ...]  # every file inlined through @import, in first-use order

    @property
    def size(self) -> int:
        """Size of the CSS in UTF-8 bytes, as it counts against the package limit."""
        return len(self.css.encode("utf-8"))


def compile_wxss(
    project: Project,
    path: str,
    diagnostics: Diagnostics,
    *,
    class_prefix: str | None = None,
    is_component: bool = False,
) -> CompiledStyle | None:
    """Compile the stylesheet at ``path``; None only when the file itself cannot be read."""
    if not project.exists(path):
        diagnostics.add(msg.STYLESHEET_MISSING.in_file(path, file=path))
        return None
    compiler = _StyleCompiler(project, diagnostics, class_prefix, is_component)
    sheet = compiler.load(path)
    if sheet is None:
        return None
    css = compiler.file(sheet)
    return CompiledStyle(css, tuple(compiler.imported))


def rpx_to_css(representation: str, mode: RpxMode = "var") -> str:
    """The CSS for ``{representation}rpx``: ``representation`` is the number as written."""
    value = float(representation)
    if value == 0:
        return "0px"
    if mode == "var" or not math.isfinite(value):
        return f"calc({representation}*var({RPX_VARIABLE}))"
    return f"{_format_number(value * 100 / 750)}vw"


def _format_number(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@functools.lru_cache(maxsize=4096)
def _rpx_token(representation: str, mode: RpxMode) -> Token:
    return tinycss2.parse_one_component_value(rpx_to_css(representation, mode))


def _tighten(tokens: Sequence[Token], tight: frozenset[str]) -> list[Token]:
    """Collapse whitespace to one space; drop it at both ends and around ``tight`` literals."""

    def is_tight(token: Token) -> bool:
        return bool(token.type == "literal" and token.value in tight)

    out: list[Token] = []
    for token in tokens:
        if token.type == "whitespace":
            if out and out[-1].type != "whitespace" and not is_tight(out[-1]):
                out.append(_SPACE)
            continue
        if is_tight(token) and out and out[-1].type == "whitespace":
            out.pop()
        out.append(token)
    if out and out[-1].type == "whitespace":
        out.pop()
    return out


def minify(tokens: Sequence[Token], rpx: RpxMode | None, tight: frozenset[str] = _COMMA) -> list[Token]:
    """Component values with whitespace minified and, when ``rpx`` is set, rpx lengths rewritten.

    Strings and ``url()`` are never entered, so ``content: "750rpx"`` keeps its text.
    """
    out: list[Token] = []
    for token in tokens:
        kind = token.type
        if kind == "dimension" and rpx is not None and token.lower_unit == "rpx":
            out.append(_rpx_token(token.representation, rpx))
        elif kind == "function" and token.lower_name != "url":
            arguments = minify(token.arguments, rpx)
            out.append(FunctionBlock(token.source_line, token.source_column, token.name, arguments))
        elif kind in _BLOCKS:
            out.append(_BLOCKS[kind](token.source_line, token.source_column, minify(token.content, rpx)))
        else:
            out.append(token)
    return _tighten(out, tight)


_BLOCKS: dict[str, Callable[[int, int, list[Token]], Token]] = {
    "() block": ParenthesesBlock,
    "[] block": SquareBracketsBlock,
    "{} block": CurlyBracketsBlock,
}


def _declarations(declarations: Sequence[Declaration]) -> str:
    parts: list[str] = []
    for declaration in declarations:
        value = tinycss2.serialize(minify(declaration.value, "var"))
        if not value:
            value = " "  # an empty custom property keeps one token so older browsers accept it
        bang = "!important" if declaration.important else ""
        parts.append(f"{serialize_identifier(declaration.name)}:{value}{bang}")
    return ";".join(parts)


class _StyleCompiler:
    def __init__(
        self, project: Project, diagnostics: Diagnostics, class_prefix: str | None, is_component: bool
    ) -> None:
        self.project = project
        self.diagnostics = diagnostics
        self.class_prefix = class_prefix
        self.is_component = is_component
        self.sheets: dict[str, Stylesheet | None] = {}
        self.stack: list[str] = []
        self.imported: list[str] = []
        self.import_count = 0
        self.imported_chars = 0
        self.reported: set[tuple[int, str, int, int]] = set()

    def load(self, path: str) -> Stylesheet | None:
        """Each file is parsed once per compilation, so its syntax errors are reported once."""
        if path not in self.sheets:
            source = self.project.source(path, self.diagnostics)
            self.sheets[path] = None if source is None else parse_wxss(source, self.diagnostics)
        return self.sheets[path]

    def report(self, diagnostic: Diagnostic) -> None:
        """Report once, although a file imported along several branches is walked each time."""
        start = diagnostic.start
        key = (diagnostic.code, diagnostic.path, start.line if start else 0, start.column if start else 0)
        if key not in self.reported:
            self.reported.add(key)
            self.diagnostics.add(diagnostic)

    def file(self, sheet: Stylesheet) -> str:
        self.stack.append(sheet.source.path)
        try:
            return self.rules(sheet, sheet.rules)
        finally:
            self.stack.pop()

    def rules(self, sheet: Stylesheet, rules: Sequence[Rule]) -> str:
        parts: list[str] = []
        for rule in rules:
            if isinstance(rule, Import):
                parts.append(self.inline(sheet, rule))
            elif isinstance(rule, StyleRule):
                parts.append(self.style_rule(sheet, rule))
            else:
                parts.append(self.at_rule(sheet, rule))
        return "".join(parts)

    def style_rule(self, sheet: Stylesheet, rule: StyleRule) -> str:
        selector = _SelectorWriter(self, sheet).selector_list(rule.selector)
        body = _declarations(rule.declarations)
        return f"{selector}{{{body}}}" if body else ""

    def at_rule(self, sheet: Stylesheet, rule: AtRule) -> str:
        if rule.name == "charset":
            return ""  # the package serves UTF-8, and after inlining it would not come first
        mode: RpxMode = "vw" if rule.name in _QUERY_AT_RULES else "var"
        prelude = tinycss2.serialize(minify(rule.prelude, mode))
        head = f"@{rule.name} {prelude}" if prelude else f"@{rule.name}"
        if rule.kind == "statement" or (rule.kind == "unknown" and rule.content is None):
            return f"{head};"
        if rule.kind == "unknown":
            return f"{head}{{{tinycss2.serialize(minify(rule.content or (), 'var'))}}}"
        if rule.kind == "declarations":
            body = _declarations(rule.declarations)
        elif rule.kind == "keyframes":
            body = "".join(self.keyframe(frame) for frame in rule.rules if isinstance(frame, StyleRule))
        else:
            body = self.rules(sheet, rule.rules)
        # An empty @layer block still fixes the layer order, so it is kept.
        return f"{head}{{{body}}}" if body or rule.name == "layer" else ""

    def keyframe(self, frame: StyleRule) -> str:
        body = _declarations(frame.declarations)
        return f"{tinycss2.serialize(minify(frame.selector, None))}{{{body}}}" if body else ""

    def inline(self, sheet: Stylesheet, rule: Import) -> str:
        source = sheet.source
        target = rule.target

        def at(message: Message, **params: str) -> Diagnostic:
            return message.at(source, rule.target_start, rule.target_end, **params)

        if not target.strip():
            self.report(msg.BAD_IMPORT.at(source, rule.offset, rule.offset + len("@import")))
            return ""
        if _REMOTE.match(target):
            self.report(at(msg.IMPORT_REMOTE, target=target))
            return ""
        resolved = resolve(source.path, target)
        if resolved is None:
            self.report(at(msg.IMPORT_OUTSIDE_ROOT, target=target))
            return ""
        path = self.find(resolved)
        if path is None:
            looked = resolved if resolved.endswith(".wxss") else f"{resolved} or {resolved}.wxss"
            self.report(at(msg.IMPORT_NOT_FOUND, target=target, path=looked))
            return ""
        if path in self.stack:
            chain = " → ".join([*self.stack[self.stack.index(path) :], path])
            self.report(at(msg.IMPORT_CYCLE, chain=chain))
            return ""
        imported = self.load(path)
        if imported is None:
            return ""
        self.import_count += 1
        self.imported_chars += len(imported.source.text)
        if self.import_count > MAX_IMPORTS or self.imported_chars > MAX_IMPORTED_CHARS:
            limit = f"{MAX_IMPORTS} files" if self.import_count > MAX_IMPORTS else f"{MAX_IMPORTED_CHARS} characters"
            self.report(at(msg.IMPORT_LIMIT, limit=limit))
            return ""
        if path not in self.imported:
            self.imported.append(path)
        return self.conditioned(rule, self.file(imported), at)

    def find(self, resolved: str) -> str | None:
        """WeChat also accepts an import path without its ``.wxss`` extension."""
        if self.project.exists(resolved):
            return resolved
        if not resolved.endswith(".wxss") and self.project.exists(f"{resolved}.wxss"):
            return f"{resolved}.wxss"
        return None

    def conditioned(self, rule: Import, css: str, at: Callable[..., Diagnostic]) -> str:
        """``@import "a.wxss" screen;`` applies ``a.wxss`` under that media query."""
        condition = rule.condition
        if not condition or not css:
            return css
        first = condition[0]
        name = first.lower_value if first.type == "ident" else first.lower_name if first.type == "function" else ""
        if name in ("layer", "supports"):
            self.report(at(msg.IMPORT_CONDITION, target=rule.target))
            return css
        return f"@media {tinycss2.serialize(minify(condition, 'vw'))}{{{css}}}"


# Page frames name elements ``wx-<tag>`` so that no HTML element behaviour leaks into them.
ELEMENT_PREFIX = "wx-"


class _SelectorWriter:
    """Scopes and checks the selectors of one rule, reporting at their place in ``sheet``."""

    def __init__(self, compiler: _StyleCompiler, sheet: Stylesheet) -> None:
        self.compiler = compiler
        self.sheet = sheet
        self.prefix = compiler.class_prefix

    def selector_list(self, tokens: Sequence[Token]) -> str:
        return str(tinycss2.serialize(self.rewrite_list(tokens)))

    def rewrite_list(self, tokens: Sequence[Token]) -> list[Token]:
        out: list[Token] = []
        for index, part in enumerate(split_commas(tokens)):
            if index:
                out.append(_COMMA_TOKEN)
            out.extend(self.rewrite(significant(part)))
        return _tighten(out, _COMBINATORS)

    def rewrite(self, tokens: Sequence[Token]) -> list[Token]:
        out: list[Token] = []
        for index, token in enumerate(tokens):
            previous = tokens[index - 1] if index else None
            after_colon = _is_literal(previous, ":")
            pseudo_element = after_colon and index > 1 and _is_literal(tokens[index - 2], ":")
            kind = token.type
            if kind == "ident" and _is_literal(previous, "."):
                out.append(self.class_name(token))
            elif kind == "ident" and after_colon:
                if token.lower_value == "host" and not pseudo_element and self.host_allowed(token):
                    out[-1:] = [self.host()]
                else:
                    out.append(token)
            elif kind == "function" and after_colon:
                out[-1:] = self.pseudo_function(token, tokens[index - 1], pseudo_element)
            else:
                self.check(token, previous)
                out.append(self.type_name(token) if kind == "ident" and not _is_literal(previous, "|") else token)
        return out

    def type_name(self, token: Token) -> Token:
        """``view`` → ``wx-view``: page frames name every element ``wx-<tag>`` (runtime-protocol.md).

        ``wx-view`` is left alone: it already names the element (it works in WeChat's web view too).
        """
        if token.lower_value.startswith(ELEMENT_PREFIX):
            return token
        return IdentToken(token.source_line, token.source_column, f"{ELEMENT_PREFIX}{token.lower_value}")

    def class_name(self, token: Token) -> Token:
        if self.prefix is None:
            return token
        return IdentToken(token.source_line, token.source_column, f"{self.prefix}--{token.value}")

    def host_allowed(self, token: Token) -> bool:
        if self.prefix is None:
            start, end = self.sheet.span(token)
            self.compiler.report(msg.HOST_NOT_ISOLATED.at(self.sheet.source, start - 1, end))
        return self.prefix is not None

    def host(self) -> Token:
        value = serialize_string_value(self.prefix or "")
        return tinycss2.parse_one_component_value(f'[{HOST_ATTRIBUTE}="{value}"]')

    def pseudo_function(self, token: Token, colon: Token, pseudo_element: bool) -> list[Token]:
        name: str = token.lower_name
        if name == "host" and not pseudo_element and self.host_allowed(token):
            inner = minify(token.arguments, None, _COMBINATORS)
            is_function = FunctionBlock(token.source_line, token.source_column, "is", inner)
            return [self.host(), colon, is_function] if inner else [self.host()]
        if name in _SELECTOR_FUNCTIONS and not pseudo_element:
            arguments = self.rewrite_list(token.arguments)
        elif name in _NTH_FUNCTIONS:
            arguments = self.nth_arguments(token.arguments)
        else:
            arguments = minify(token.arguments, None)
        return [colon, FunctionBlock(token.source_line, token.source_column, token.name, arguments)]

    def nth_arguments(self, tokens: Sequence[Token]) -> list[Token]:
        """``:nth-child(2n+1 of .a)``: only what follows ``of`` is a selector."""
        for index, token in enumerate(tokens):
            if token.type == "ident" and token.lower_value == "of":
                selector = self.rewrite_list(tokens[index + 1 :])
                return [_an_plus_b(tokens[:index]), _SPACE, token, _SPACE, *selector]
        return [_an_plus_b(tokens)]

    def check(self, token: Token, previous: Token | None) -> None:
        """WeChat's component selector rules; the rule is kept either way."""
        if not self.compiler.is_component:
            return
        kind = token.type
        source = self.sheet.source
        start, end = self.sheet.span(token)
        if kind == "ident" and not _is_literal(previous, "|"):
            diagnostic = msg.COMPONENT_TAG_SELECTOR.at(source, start, end, name=token.value)
        elif kind == "hash":
            diagnostic = msg.COMPONENT_ID_SELECTOR.at(source, start, end, name=f"#{token.value}")
        elif kind == "[] block":
            name = f"[{tinycss2.serialize(token.content)}]"
            diagnostic = msg.COMPONENT_ATTRIBUTE_SELECTOR.at(source, start, end, name=name)
        elif _is_literal(token, "*"):
            diagnostic = msg.COMPONENT_UNIVERSAL_SELECTOR.at(source, start, end)
        else:
            return
        self.compiler.report(diagnostic)


def _an_plus_b(tokens: Sequence[Token]) -> Token:
    """``2n+1`` as one pre-serialized token.

    tinycss2 separates a dimension from a following number with ``/**/`` (``2n/**/+1``) in case
    the number has no sign; An+B holds no strings or comments, and a signed number needs no
    separator at all (``2n-1`` is the single dimension An+B allows for it).
    """
    text = _SIGNED_AFTER_COMMENT.sub("", str(tinycss2.serialize(minify(tokens, None))))
    text = text.replace("/**/", " ")
    return LiteralToken(1, 1, text)


def _is_literal(token: Token | None, value: str) -> bool:
    return token is not None and token.type == "literal" and token.value == value

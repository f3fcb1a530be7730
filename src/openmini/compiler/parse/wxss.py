"""WXSS text → a small rule tree whose leaves are tinycss2 component values.

tinycss2 tokenizes and splits rules; this module decides which grammar each block has (rules,
keyframes or declarations), reports every syntax error with its position, and drops exactly what
a browser would drop: a rule whose selector is broken, a declaration whose value is.
Comments are gone after parsing; whitespace inside selectors and values is kept as tokens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import tinycss2

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import wxss as msg
from openmini.compiler.source import SourceFile

Token = Any  # a tinycss2 node; tinycss2 ships no type information

GROUP_AT_RULES = frozenset({"media", "supports", "container", "layer", "document", "-moz-document"})
KEYFRAMES_AT_RULES = frozenset({"keyframes", "-webkit-keyframes", "-moz-keyframes", "-o-keyframes"})
DECLARATION_AT_RULES = frozenset({"font-face", "page", "counter-style", "property", "font-palette-values"})

# tinycss2 folds "\r\n" into one "\n", which would shift every later offset; turning each of
# "\r" and "\f" into "\n" first keeps offsets equal to those of the original text.
_NEWLINES = {ord("\r"): "\n", ord("\f"): "\n"}
_SELECTOR_LITERALS = frozenset({".", ":", "*", ">", "+", "~", ",", "|"})


@dataclasses.dataclass(frozen=True)
class Declaration:
    name: str  # as written (custom property names are case-sensitive)
    value: tuple[Token, ...]
    important: bool
    offset: int

    @property
    def is_custom(self) -> bool:
        return self.name.startswith("--")


@dataclasses.dataclass(frozen=True)
class StyleRule:
    """A selector (or, inside ``@keyframes``, a keyframe selector) with its declarations."""

    selector: tuple[Token, ...]
    declarations: tuple[Declaration, ...]
    offset: int


@dataclasses.dataclass(frozen=True)
class Import:
    target: str
    target_start: int
    target_end: int
    condition: tuple[Token, ...]  # what follows the path, e.g. a media query list
    offset: int


AtRuleKind = Literal["group", "keyframes", "declarations", "statement", "unknown"]


@dataclasses.dataclass(frozen=True)
class AtRule:
    """``group``: ``rules`` holds nested rules; ``keyframes``: ``rules`` holds keyframe blocks;
    ``declarations``: ``declarations``; ``statement``: no block; ``unknown``: ``content`` as written."""

    name: str  # lower-cased, without "@"
    kind: AtRuleKind
    prelude: tuple[Token, ...]
    rules: tuple[Rule, ...]
    declarations: tuple[Declaration, ...]
    content: tuple[Token, ...] | None
    offset: int


Rule = StyleRule | AtRule | Import


@dataclasses.dataclass(frozen=True)
class Stylesheet:
    source: SourceFile
    rules: tuple[Rule, ...]
    line_starts: tuple[int, ...]

    def offset(self, node: Token) -> int:
        """The offset in ``source.text`` where a tinycss2 node starts."""
        line = max(1, min(int(node.source_line), len(self.line_starts)))
        start = self.line_starts[line - 1]
        return min(start + int(node.source_column) - 1, len(self.source.text))

    def span(self, node: Token) -> tuple[int, int]:
        start = self.offset(node)
        return start, min(start + len(tinycss2.serialize([node])), len(self.source.text))


def parse_wxss(source: SourceFile, diagnostics: Diagnostics) -> Stylesheet:
    """Parse one WXSS file; problems go to ``diagnostics`` and never stop the parse."""
    text = source.text.translate(_NEWLINES)
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    # The parser reports positions while it builds the rules, so it gets the sheet without them.
    sheet = Stylesheet(source, (), tuple(starts))
    nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return dataclasses.replace(sheet, rules=_Parser(sheet, diagnostics).rule_list(nodes))


def significant(tokens: Iterable[Token]) -> list[Token]:
    """``tokens`` without leading and trailing whitespace."""
    out = list(tokens)
    while out and out[0].type == "whitespace":
        out.pop(0)
    while out and out[-1].type == "whitespace":
        out.pop()
    return out


def split_commas(tokens: Sequence[Token]) -> list[list[Token]]:
    """Split a top-level comma-separated list (a selector list, a keyframe selector list)."""
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _errors_in(tokens: Iterable[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type == "error":
            yield token
        elif token.type == "function":
            yield from _errors_in(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _errors_in(token.content)


class _Parser:
    def __init__(self, sheet: Stylesheet, diagnostics: Diagnostics) -> None:
        self.sheet = sheet
        self.source = sheet.source
        self.diagnostics = diagnostics

    def rule_list(self, nodes: Iterable[Token]) -> tuple[Rule, ...]:
        rules: list[Rule] = []
        for node in nodes:
            found: list[Rule | None] = []
            if node.type == "error":
                self.syntax_error(node)
            elif node.type == "qualified-rule":
                found.append(self.style_rule(node))
            elif node.type == "at-rule" and node.lower_at_keyword == "import" and node.content is not None:
                found.extend(self.unterminated_import(node))
            elif node.type == "at-rule":
                found.append(self.at_rule(node))
            rules.extend(rule for rule in found if rule is not None)
        return tuple(rules)

    def unterminated_import(self, node: Token) -> list[Rule | None]:
        """``@import "a.wxss"`` with no ``;``, then a rule on a later line.

        CSS would read the next rule's selector as part of the import and drop both; WeChat ends
        the import at the line break (its own demo relies on it), so the two are split there.
        """
        prelude = significant(node.prelude)
        target = _import_target(prelude[0]) if prelude else None
        rest = prelude[1:]
        if target is None or not rest or rest[0].type != "whitespace" or "\n" not in rest[0].value:
            return [self.at_rule(node)]
        head = significant(rest)[0]
        rule = tinycss2.ast.QualifiedRule(head.source_line, head.source_column, rest, node.content)
        start, end = self.sheet.span(prelude[0])
        return [Import(target, start, end, (), self.sheet.offset(node)), self.style_rule(rule)]

    def style_rule(self, node: Token) -> StyleRule | None:
        if self.report_errors(node.prelude):
            return None
        problem = _selector_problem(node.prelude)
        if problem is not None:
            token, detail = problem
            start, end = self.sheet.span(token) if token is not None else (self.sheet.offset(node),) * 2
            self.diagnostics.add(msg.INVALID_SELECTOR.at(self.source, start, end, detail=detail))
            return None
        return StyleRule(tuple(node.prelude), self.declarations(node.content), self.sheet.offset(node))

    def keyframe(self, node: Token) -> StyleRule | None:
        if self.report_errors(node.prelude):
            return None
        return StyleRule(tuple(node.prelude), self.declarations(node.content), self.sheet.offset(node))

    def declarations(self, content: Sequence[Token]) -> tuple[Declaration, ...]:
        out: list[Declaration] = []
        for node in tinycss2.parse_declaration_list(content, skip_whitespace=True):
            if node.type == "error":
                self.syntax_error(node)
            elif node.type == "at-rule":
                self.misplaced(node)
            elif node.type == "declaration" and not self.report_errors(node.value):
                declaration = Declaration(node.name, tuple(node.value), node.important, self.sheet.offset(node))
                if not declaration.is_custom and not significant(node.value):
                    start = declaration.offset
                    self.diagnostics.add(msg.EMPTY_VALUE.at(self.source, start, start + len(node.name), name=node.name))
                else:
                    out.append(declaration)
        return tuple(out)

    def at_rule(self, node: Token) -> Rule | None:
        name: str = node.lower_at_keyword
        if self.report_errors(node.prelude):
            return None
        if name == "import":
            return self.import_rule(node)
        offset = self.sheet.offset(node)
        prelude = tuple(node.prelude)
        if name == "charset" or (name == "layer" and node.content is None):
            return AtRule(name, "statement", prelude, (), (), None, offset)
        if name not in GROUP_AT_RULES | KEYFRAMES_AT_RULES | DECLARATION_AT_RULES:
            if node.content is not None and self.report_errors(node.content):
                return None
            self.diagnostics.add(msg.UNKNOWN_AT_RULE.at(self.source, offset, offset + 1 + len(name), name=name))
            content = None if node.content is None else tuple(node.content)
            return AtRule(name, "unknown", prelude, (), (), content, offset)
        if node.content is None:
            self.diagnostics.add(msg.AT_RULE_NEEDS_BLOCK.at(self.source, offset, offset + 1 + len(name), name=name))
            return None
        if name in DECLARATION_AT_RULES:
            return AtRule(name, "declarations", prelude, (), self.declarations(node.content), None, offset)
        nested = tinycss2.parse_rule_list(node.content, skip_whitespace=True)
        if name in KEYFRAMES_AT_RULES:
            return AtRule(name, "keyframes", prelude, self.keyframes(nested), (), None, offset)
        return AtRule(name, "group", prelude, self.rule_list(nested), (), None, offset)

    def keyframes(self, nodes: Iterable[Token]) -> tuple[Rule, ...]:
        frames: list[Rule] = []
        for node in nodes:
            if node.type == "error":
                self.syntax_error(node)
            elif node.type == "at-rule":
                self.misplaced(node)
            elif node.type == "qualified-rule":
                frame = self.keyframe(node)
                if frame is not None:
                    frames.append(frame)
        return tuple(frames)

    def import_rule(self, node: Token) -> Import | None:
        tokens = significant(node.prelude)
        target = _import_target(tokens[0]) if tokens else None
        offset = self.sheet.offset(node)
        if target is None or node.content is not None:
            self.diagnostics.add(msg.BAD_IMPORT.at(self.source, offset, offset + len("@import")))
            return None
        start, end = self.sheet.span(tokens[0])
        return Import(target, start, end, tuple(significant(tokens[1:])), offset)

    def misplaced(self, node: Token) -> None:
        start = self.sheet.offset(node)
        name = node.lower_at_keyword
        self.diagnostics.add(msg.MISPLACED_AT_RULE.at(self.source, start, start + 1 + len(name), name=name))

    def report_errors(self, tokens: Iterable[Token]) -> bool:
        found = False
        for error in _errors_in(tokens):
            self.syntax_error(error)
            found = True
        return found

    def syntax_error(self, error: Token) -> None:
        start = self.sheet.offset(error)
        kind: str = error.kind
        text: str = error.message
        if kind in ("bad-string", "eof-in-string"):
            diagnostic = msg.UNTERMINATED_STRING.at(self.source, start, start + 1)
        elif kind == "bad-url":
            detail = "quotes, spaces or brackets inside an unquoted url"
            diagnostic = msg.BAD_URL.at(self.source, start, start + 4, detail=detail)
        elif kind == "eof-in-url":
            diagnostic = msg.BAD_URL.at(self.source, start, start + 4, detail="missing ')'")
        elif kind in (")", "]", "}"):
            diagnostic = msg.UNMATCHED_BRACKET.at(self.source, start, start + 1, char=kind)
        elif "reached before {} block" in text:
            diagnostic = msg.MISSING_BLOCK.at(self.source, start, start + 1)
        else:
            diagnostic = msg.INVALID_DECLARATION.at(self.source, start, start + 1, detail=_declaration_detail(text))
        self.diagnostics.add(diagnostic)


def _declaration_detail(text: str) -> str:
    if text.startswith("Expected <ident>"):
        return "expected a property name"
    if text.startswith("Expected ':'"):
        return "expected ':' after the property name"
    if "contains {} block" in text:
        return "a value cannot contain a { } block (is a '}' missing before it?)"
    return text


def _import_target(token: Token) -> str | None:
    if token.type in ("string", "url"):
        return str(token.value)
    if token.type == "function" and token.lower_name == "url":
        arguments = significant(token.arguments)
        if len(arguments) == 1 and arguments[0].type == "string":
            return str(arguments[0].value)
    return None


def _selector_problem(prelude: Sequence[Token]) -> tuple[Token | None, str] | None:
    """The first token that makes a selector list invalid in every browser, with a reason."""
    if not significant(prelude):
        return None, "a rule needs a selector"
    commas = [t for t in prelude if t.type == "literal" and t.value == ","]
    for index, part in enumerate(split_commas(prelude)):
        if not significant(part):
            return (commas[index] if index < len(commas) else commas[-1]), "empty selector in the list"
        problem = _compound_problem(significant(part))
        if problem is not None:
            return problem
    return None


def _compound_problem(tokens: list[Token]) -> tuple[Token, str] | None:
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        previous = tokens[index - 1] if index > 0 else None
        kind = token.type
        if kind == "literal" and token.value == "." and (following is None or following.type != "ident"):
            return token, "'.' must be followed by a class name"
        if (
            kind == "literal"
            and token.value == ":"
            and (
                following is None
                or not (
                    following.type in ("ident", "function") or (following.type == "literal" and following.value == ":")
                )
            )
        ):
            return token, "':' must be followed by a pseudo-class name"
        if kind == "hash" and not token.is_identifier:
            return token, f"'#{token.value}' is not a valid ID"
        if kind == "function" and not (previous is not None and previous.type == "literal" and previous.value == ":"):
            return token, f"unexpected '{token.name}(' (a pseudo-class needs ':')"
        if kind in ("function", "[] block") and _holds_curly_block(token):
            return token, "a selector cannot contain '{' (is a ')' or ']' missing?)"
        allowed = kind in ("whitespace", "ident", "hash", "[] block", "function") or (
            kind == "literal" and token.value in _SELECTOR_LITERALS
        )
        if not allowed:
            return token, f"unexpected {_describe(token)}"
    return None


def _holds_curly_block(token: Token) -> bool:
    inner = token.arguments if token.type == "function" else getattr(token, "content", None)
    if inner is None:
        return False
    return any(child.type == "{} block" or _holds_curly_block(child) for child in inner)


def _describe(token: Token) -> str:
    text = tinycss2.serialize([token])
    return repr(text if len(text) <= 20 else text[:19] + "…")

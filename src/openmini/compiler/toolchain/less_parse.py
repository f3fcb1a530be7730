"""Less source → a tree of statements, each with the offset it starts at.

The scanner only has to find statement boundaries (``{``, ``;``, ``}``) outside strings,
parentheses, comments and ``@{name}`` interpolations; what a statement means is decided from
its text. Comments (``//`` and ``/* */``) are dropped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openmini.compiler.source import SourceFile

# `@name: value`; `@name :value` too, as Less allows.
_VARIABLE = re.compile(r"@([\w-]+)\s*:(.*)\Z", re.S)
# `.name`, `#name`, `.name()`, `.name(args)`, `#ns > .name()` and `#ns.name()`: a mixin call or definition head.
_MIXIN_HEAD = re.compile(r"((?:[#.][\w-]+\s*>?\s*)*[#.][\w-]+)\s*(?:\((.*)\))?\s*(!important)?\Z", re.S)


class LessSyntaxError(Exception):
    def __init__(self, reason: str, offset: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


@dataclass
class Declaration:
    name: str
    value: str
    offset: int


@dataclass
class Variable:
    name: str
    value: str
    offset: int


@dataclass
class MixinCall:
    name: str  # `.a`, `#ns.a` (namespace steps joined without `>`)
    arguments: str | None
    important: bool
    offset: int


@dataclass
class AtStatement:
    """An at-rule without a block: ``@import …;``, ``@charset …;``."""

    name: str
    prelude: str
    offset: int


@dataclass
class Block:
    """A ruleset or an at-rule with a block; ``prelude`` is the selector or ``@media …`` text."""

    prelude: str
    children: list[Statement] = field(default_factory=list)
    offset: int = 0
    end: int = 0  # offset of the closing brace


@dataclass
class Inline:
    """An imported .less file's statements, standing where its ``@import`` was."""

    source: SourceFile
    root: Block
    offset: int  # of the @import, in the importing file


Statement = Declaration | Variable | MixinCall | AtStatement | Block | Inline


def parse_less(text: str) -> Block:
    """The stylesheet as a root block with an empty prelude."""
    root = Block("", offset=0)
    stack = [root]
    index = 0
    start = 0
    length = len(text)
    parens = 0
    pieces: list[str] = []  # the current statement's text without comments
    while index < length:
        ch = text[index]
        nxt = text[index + 1] if index + 1 < length else ""
        if ch in "\"'":
            end = _string_end(text, index)
            pieces.append(text[index:end])
            index = end
            continue
        if ch == "/" and nxt == "*":
            close = text.find("*/", index + 2)
            if close < 0:
                raise LessSyntaxError("unclosed /* comment", index)
            index = close + 2
            pieces.append(" ")
            continue
        if ch == "/" and nxt == "/" and not _in_url(pieces):
            close = text.find("\n", index)
            index = length if close < 0 else close
            continue
        if ch == "@" and nxt == "{":
            close = text.find("}", index)
            if close < 0:
                raise LessSyntaxError("unclosed @{ interpolation", index)
            pieces.append(text[index : close + 1])
            index = close + 1
            continue
        if ch == "(":
            parens += 1
        elif ch == ")":
            parens = max(0, parens - 1)
        if parens == 0 and ch in "{;}":
            statement = "".join(pieces).strip()
            offset = _first_non_space(text, start, index)
            if ch == "{":
                block = Block(statement, offset=offset)
                stack[-1].children.append(block)
                stack.append(block)
            else:
                if statement:
                    stack[-1].children.append(_statement(statement, offset))
                if ch == "}":
                    if len(stack) == 1:
                        raise LessSyntaxError("unexpected }", index)
                    stack.pop().end = index
            pieces = []
            index += 1
            start = index
            continue
        pieces.append(ch)
        index += 1
    rest = "".join(pieces).strip()
    if len(stack) > 1:
        raise LessSyntaxError("unclosed {", stack[-1].offset)
    if rest:
        root.children.append(_statement(rest, _first_non_space(text, start, length)))
    root.end = length
    return root


def _statement(text: str, offset: int) -> Statement:
    variable = _VARIABLE.match(text)
    if variable is not None:
        return Variable(variable.group(1), variable.group(2).strip(), offset)
    if text.startswith("@"):
        name, _, prelude = text[1:].partition(" ")
        return AtStatement(name.strip(), prelude.strip(), offset)
    mixin = _MIXIN_HEAD.match(text)
    if mixin is not None and ":" not in mixin.group(1):
        return MixinCall(mixin_name(mixin.group(1)), mixin.group(2), mixin.group(3) is not None, offset)
    name, colon, value = text.partition(":")
    if not colon:
        raise LessSyntaxError(f"{text!r} is neither a declaration nor a mixin call", offset)
    return Declaration(name.strip(), value.strip(), offset)


def mixin_head(prelude: str) -> tuple[str, str | None] | None:
    """(name, parameters) when a block's prelude can define a mixin: one class or id, maybe with ()."""
    match = _MIXIN_HEAD.match(prelude)
    if (
        match is None
        or re.search(r"\)\s*when\b", prelude)
        or match.group(3) is not None
        or ">" in match.group(1)
        or " " in match.group(1).strip()
    ):
        return None
    if match.group(1).count(".") + match.group(1).count("#") != 1:
        return None
    return match.group(1), match.group(2)


def mixin_name(head: str) -> str:
    return re.sub(r"\s*>?\s*", "", head)


def _string_end(text: str, index: int) -> int:
    quote = text[index]
    position = index + 1
    while position < len(text):
        ch = text[position]
        if ch == "\\":
            position += 2
            continue
        if ch == quote:
            return position + 1
        if ch == "\n":
            raise LessSyntaxError("unclosed string", index)
        position += 1
    raise LessSyntaxError("unclosed string", index)


def _in_url(pieces: list[str]) -> bool:
    """True inside an unquoted ``url(``, where ``//`` is part of the address, not a comment."""
    tail = "".join(pieces[-200:])
    opened = tail.rfind("url(")
    return opened >= 0 and ")" not in tail[opened:]


def _first_non_space(text: str, start: int, stop: int) -> int:
    position = start
    while position < stop:
        if text[position].isspace():
            position += 1
        elif text.startswith("//", position):
            newline = text.find("\n", position)
            position = stop if newline < 0 else newline
        elif text.startswith("/*", position):
            close = text.find("*/", position + 2)
            position = stop if close < 0 else close + 2
        else:
            return position
    return min(start, stop)

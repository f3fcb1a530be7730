"""Mustache-aware scanning of WXML text: finding ``}}``, splitting values, decoding entities."""

from __future__ import annotations

import re
from html.entities import name2codepoint

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import wxml as msg
from openmini.compiler.parse.wxml_nodes import Literal, Mustache, Part
from openmini.compiler.source import SourceFile

_ENTITY = re.compile(r"&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z][A-Za-z0-9]{0,31});")
_QUOTES = "'\"`"


def decode_entities(text: str) -> str:
    """Decode character references; unknown names stay as written, as WeChat leaves them."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_decode_one, text)


def _decode_one(match: re.Match[str]) -> str:
    body = match.group(1)
    if body[0] == "#":
        code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return "\ufffd"
        return chr(code)
    if body == "apos":
        return "'"
    code_point = name2codepoint.get(body)
    return chr(code_point) if code_point is not None else match.group(0)


def find_mustache_end(text: str, start: int, limit: int) -> int:
    """Offset of the ``}}`` closing the ``{{`` whose inside begins at ``start``, or -1.

    JS string literals and balanced braces inside the expression are skipped, so
    ``{{ "}}" }}`` and ``{{ {a: {b: 1}} }}`` close where a reader expects. When the
    careful scan fails (an unbalanced quote such as ``{{ it's }}``) the first ``}}`` is
    taken instead, and the expression parser reports what is wrong inside it.
    """
    careful = _scan_expression(text, start, limit)
    if careful >= 0:
        return careful
    return text.find("}}", start, limit)


def _scan_expression(text: str, start: int, limit: int) -> int:
    depth = 0
    i = start
    while i < limit:
        ch = text[i]
        if ch in _QUOTES:
            i = _skip_string(text, i, limit)
            if i < 0:
                return -1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                if i + 1 < limit and text[i + 1] == "}":
                    return i
            else:
                depth -= 1
        i += 1
    return -1


def _skip_string(text: str, start: int, limit: int) -> int:
    """Offset after the string literal opening at ``start``, or -1 if it never closes."""
    quote = text[start]
    i = start + 1
    while i < limit:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote:
            return i + 1
        if ch == "\n" and quote != "`":
            return -1
        i += 1
    return -1


def split_parts(
    source: SourceFile, start: int, end: int, diagnostics: Diagnostics
) -> tuple[tuple[Part, ...], bool]:
    """Split ``source.text[start:end]`` into literals and mustaches.

    Returns the parts and whether every ``{{`` was closed; an unclosed one is reported and
    the rest of the run is kept as literal text.
    """
    text = source.text
    parts: list[Part] = []
    cursor = start
    closed = True
    while cursor < end:
        open_at = text.find("{{", cursor, end)
        if open_at < 0:
            break
        inner = open_at + 2
        close_at = find_mustache_end(text, inner, end)
        if close_at < 0:
            diagnostics.add(msg.UNCLOSED_MUSTACHE.at(source, open_at, open_at + 2))
            closed = False
            break
        if open_at > cursor:
            parts.append(Literal(decode_entities(text[cursor:open_at]), cursor, open_at))
        parts.append(Mustache(inner, close_at, open_at, close_at + 2))
        cursor = close_at + 2
    if cursor < end:
        parts.append(Literal(decode_entities(text[cursor:end]), cursor, end))
    return tuple(parts), closed

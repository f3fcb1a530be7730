"""A JSON reader that remembers where every key and value is.

WeChat's tools accept strict JSON only. The mistakes people actually make — comments, trailing
commas, single quotes, unquoted keys — are reported as errors but read through, so one run
reports every problem in the file; anything else stops the reader and gives ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import config as msg
from openmini.compiler.source import SourceFile

MAX_DEPTH = 256

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_NUMBER_LIKE = re.compile(r"[-+0-9.eE]+")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$\-]*")
_WORDS: dict[str, bool | None] = {"true": True, "false": False, "null": None}
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True)
class JsonNode:
    """A value and the span ``[start, end)`` of its text."""

    start: int
    end: int


@dataclass(frozen=True)
class JsonScalar(JsonNode):
    value: str | int | float | bool | None


@dataclass(frozen=True)
class JsonArray(JsonNode):
    items: tuple[JsonNode, ...]


@dataclass(frozen=True)
class JsonMember:
    key: str
    key_start: int
    key_end: int
    value: JsonNode


@dataclass(frozen=True)
class JsonObject(JsonNode):
    members: tuple[JsonMember, ...]

    def get(self, key: str) -> JsonMember | None:
        """The member that wins for ``key``: the last one, as ``JSON.parse`` keeps it."""
        found = None
        for member in self.members:
            if member.key == key:
                found = member
        return found


@dataclass(frozen=True)
class JsonDocument:
    source: SourceFile
    root: JsonNode

    @property
    def value(self) -> Any:
        """The document as plain Python values (dict, list, str, int, float, bool, None)."""
        return to_python(self.root)


def to_python(node: JsonNode) -> Any:
    if isinstance(node, JsonObject):
        return {member.key: to_python(member.value) for member in node.members}
    if isinstance(node, JsonArray):
        return [to_python(item) for item in node.items]
    if isinstance(node, JsonScalar):
        return node.value
    raise TypeError(f"not a JSON node: {node!r}")


def escape_pointer_segment(segment: str | int) -> str:
    return str(segment).replace("~", "~0").replace("/", "~1")


def make_pointer(*segments: str | int) -> str:
    """An RFC 6901 pointer from raw keys and indices."""
    return "".join("/" + escape_pointer_segment(s) for s in segments)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.lstrip("/").split("/")]


def pointer_span(doc: JsonDocument, pointer: str, *, key: bool = False) -> tuple[int, int]:
    """The span of the value at ``pointer`` (of its key with ``key=True``).

    A pointer that goes further than the document points at the deepest value it reaches, so a
    missing key is reported on the object that lacks it.
    """
    node = doc.root
    key_span: tuple[int, int] | None = None
    for part in split_pointer(pointer):
        if isinstance(node, JsonObject):
            member = node.get(part)
            if member is None:
                return node.start, node.end
            key_span = (member.key_start, member.key_end)
            node = member.value
        elif isinstance(node, JsonArray) and part.isdigit() and int(part) < len(node.items):
            key_span = None
            node = node.items[int(part)]
        else:
            break
    if key and key_span is not None:
        return key_span
    return node.start, node.end


def node_at(doc: JsonDocument, pointer: str) -> JsonNode | None:
    node: JsonNode = doc.root
    for part in split_pointer(pointer):
        if isinstance(node, JsonObject):
            member = node.get(part)
            if member is None:
                return None
            node = member.value
        elif isinstance(node, JsonArray) and part.isdigit() and int(part) < len(node.items):
            node = node.items[int(part)]
        else:
            return None
    return node


class _Stop(Exception):
    """Unwinds the reader after an error it cannot read through (already reported)."""


class _Reader:
    def __init__(self, source: SourceFile, diagnostics: Diagnostics) -> None:
        self.source = source
        self.text = source.text
        self.pos = 0
        self.diagnostics = diagnostics

    def fail(self, message: msg.Message, start: int, end: int | None = None, **params: Any) -> _Stop:
        self.diagnostics.add(message.at(self.source, start, end, **params))
        return _Stop()

    def report(self, message: msg.Message, start: int, end: int | None = None, **params: Any) -> None:
        self.diagnostics.add(message.at(self.source, start, end, **params))

    def describe(self, at: int) -> str:
        if at >= len(self.text):
            return "end of file"
        return repr(self.text[at])

    def skip_space(self) -> None:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t\n\r\ufeff":
                self.pos += 1
            elif text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                end = len(text) if end < 0 else end
                self.report(msg.JSON_COMMENT, self.pos, end)
                self.pos = end
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                end = len(text) if end < 0 else end + 2
                self.report(msg.JSON_COMMENT, self.pos, end)
                self.pos = end
            else:
                return

    def document(self) -> JsonNode:
        self.skip_space()
        if self.pos >= len(self.text):
            raise self.fail(msg.JSON_EMPTY, 0, 0)
        root = self.value(0)
        self.skip_space()
        if self.pos < len(self.text):
            raise self.fail(msg.JSON_TRAILING_CONTENT, self.pos, self.pos + 1)
        return root

    def value(self, depth: int) -> JsonNode:
        if depth > MAX_DEPTH:
            raise self.fail(msg.JSON_TOO_DEEP, self.pos, self.pos + 1, limit=MAX_DEPTH)
        self.skip_space()
        at = self.pos
        if at >= len(self.text):
            raise self.fail(msg.JSON_UNEXPECTED, at, at, found="end of file", expected="a value")
        ch = self.text[at]
        if ch == "{":
            return self.object(depth)
        if ch == "[":
            return self.array(depth)
        if ch in "\"'":
            value, end = self.string()
            return JsonScalar(at, end, value)
        if ch == "-" or "0" <= ch <= "9":
            return self.number()
        word = _IDENTIFIER.match(self.text, at)
        if word and word.group() in _WORDS:
            self.pos = word.end()
            return JsonScalar(at, word.end(), _WORDS[word.group()])
        end = word.end() if word else at + 1
        raise self.fail(msg.JSON_UNEXPECTED, at, end, found=self.describe(at), expected="a value")

    def object(self, depth: int) -> JsonObject:
        start = self.pos
        self.pos += 1
        members: list[JsonMember] = []
        seen: set[str] = set()
        self.skip_space()
        if self.peek() == "}":
            self.pos += 1
            return JsonObject(start, self.pos, ())
        while True:
            self.skip_space()
            key_start = self.pos
            key, key_end = self.key()
            if key in seen:
                self.report(msg.JSON_DUPLICATE_KEY, key_start, key_end, key=key)
            seen.add(key)
            self.skip_space()
            if self.peek() != ":":
                raise self.fail(
                    msg.JSON_UNEXPECTED, self.pos, self.pos + 1, found=self.describe(self.pos), expected="':'"
                )
            self.pos += 1
            members.append(JsonMember(key, key_start, key_end, self.value(depth + 1)))
            if self.separator("}"):
                return JsonObject(start, self.pos, tuple(members))

    def key(self) -> tuple[str, int]:
        at = self.pos
        if self.peek() and self.peek() in "\"'":
            return self.string()
        word = _IDENTIFIER.match(self.text, at)
        if word is None:
            raise self.fail(msg.JSON_UNEXPECTED, at, at + 1, found=self.describe(at), expected="a key string")
        self.report(msg.JSON_UNQUOTED_KEY, at, word.end())
        self.pos = word.end()
        return word.group(), word.end()

    def array(self, depth: int) -> JsonArray:
        start = self.pos
        self.pos += 1
        items: list[JsonNode] = []
        self.skip_space()
        if self.peek() == "]":
            self.pos += 1
            return JsonArray(start, self.pos, ())
        while True:
            items.append(self.value(depth + 1))
            if self.separator("]"):
                return JsonArray(start, self.pos, tuple(items))

    def separator(self, close: str) -> bool:
        """Consume ``,`` or the closing bracket; True when the container ended."""
        self.skip_space()
        ch = self.peek()
        if ch == close:
            self.pos += 1
            return True
        if ch != ",":
            raise self.fail(
                msg.JSON_UNEXPECTED, self.pos, self.pos + 1, found=self.describe(self.pos), expected=f"',' or {close!r}"
            )
        comma = self.pos
        self.pos += 1
        self.skip_space()
        if self.peek() == close:
            self.report(msg.JSON_TRAILING_COMMA, comma, comma + 1)
            self.pos += 1
            return True
        return False

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def string(self) -> tuple[str, int]:
        text = self.text
        start = self.pos
        quote = text[start]
        if quote == "'":
            self.report(msg.JSON_SINGLE_QUOTES, start, start + 1)
        pos = start + 1
        out: list[str] = []
        while True:
            if pos >= len(text) or text[pos] == "\n":
                raise self.fail(msg.JSON_UNTERMINATED_STRING, start, pos)
            ch = text[pos]
            if ch == quote:
                self.pos = pos + 1
                return "".join(out), pos + 1
            if ch == "\\":
                decoded, pos = self.escape(pos, quote)
                out.append(decoded)
                continue
            if ord(ch) < 0x20:
                raise self.fail(msg.JSON_CONTROL_CHARACTER, pos, pos + 1, code=f"{ord(ch):04X}")
            out.append(ch)
            pos += 1

    def escape(self, at: int, quote: str) -> tuple[str, int]:
        """Decode the escape at ``at`` (a backslash); pairs of ``\\u`` surrogates become one character."""
        text = self.text
        code = text[at + 1] if at + 1 < len(text) else ""
        if code in _ESCAPES:
            return _ESCAPES[code], at + 2
        if code == "'" and quote == "'":
            return "'", at + 2
        if code != "u":
            raise self.fail(msg.JSON_BAD_ESCAPE, at, at + 2, escape=repr(text[at : at + 2]))
        unit = self.hex4(at)
        if 0xD800 <= unit < 0xDC00 and text.startswith("\\u", at + 6):
            low = self.hex4(at + 6)
            if 0xDC00 <= low < 0xE000:
                return chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)), at + 12
        return chr(unit), at + 6

    def hex4(self, at: int) -> int:
        digits = self.text[at + 2 : at + 6]
        if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise self.fail(msg.JSON_BAD_ESCAPE, at, at + 2 + len(digits), escape=repr(self.text[at : at + 6]))
        return int(digits, 16)

    def number(self) -> JsonScalar:
        start = self.pos
        match = _NUMBER.match(self.text, start)
        loose = _NUMBER_LIKE.match(self.text, start)
        loose_end = loose.end() if loose else start + 1
        if match is None or match.end() != loose_end:
            raise self.fail(msg.JSON_BAD_NUMBER, start, loose_end, text=self.text[start:loose_end])
        literal = match.group()
        self.pos = match.end()
        value: int | float
        if any(c in literal for c in ".eE"):
            value = float(literal)
        else:
            try:
                value = int(literal)
            except ValueError:
                # Python refuses to convert very long digit strings to int; JavaScript would read
                # them as an imprecise double anyway.
                value = float(literal)
        return JsonScalar(start, self.pos, value)


def parse_json(source: SourceFile, diagnostics: Diagnostics) -> JsonDocument | None:
    """Read ``source`` as JSON; None (with diagnostics) when it cannot be read to the end."""
    reader = _Reader(source, diagnostics)
    try:
        root = reader.document()
    except _Stop:
        return None
    return JsonDocument(source, root)

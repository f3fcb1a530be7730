"""WXML markup → syntax tree (see parse/wxml_nodes.py).

Hand-written because HTML and XML parsers break on WXML (docs: stack.md §4): a ``<`` or a
quote inside ``{{ }}`` is part of an expression, attribute names keep their case, ``<wxs>``
holds raw script, and no tag is void. The parser never raises: problems become diagnostics
and the tree is repaired the way a reader would guess (unclosed tags close at the end,
a stray close tag is dropped).
"""

from __future__ import annotations

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import wxml as msg
from openmini.compiler.parse.wxml_nodes import Attribute, Document, Element, Node, Text
from openmini.compiler.parse.wxml_text import find_mustache_end, split_parts
from openmini.compiler.source import SourceFile

MAX_DEPTH = 256
RAW_TEXT_TAGS = frozenset({"wxs"})
_WHITESPACE = " \t\n\r\f"
_NAME_STOP = _WHITESPACE + "/>=\"'<"
# How reading a start tag ended.
_DONE, _LOST, _EOF = "done", "lost", "eof"


def parse_wxml(source: SourceFile, diagnostics: Diagnostics) -> Document:
    return _Parser(source, diagnostics).parse()


class _Parser:
    def __init__(self, source: SourceFile, diagnostics: Diagnostics) -> None:
        self.source = source
        self.text = source.text
        self.diagnostics = diagnostics
        self.pos = 0
        self.root: list[Node] = []
        self.open: list[Element] = []

    # The document loop -----------------------------------------------------------------

    def parse(self) -> Document:
        text, length = self.text, len(self.text)
        while self.pos < length:
            if text.startswith("<!--", self.pos):
                self._comment()
            elif text.startswith("</", self.pos) and self._is_name_start(self.pos + 2):
                self._close_tag()
            elif text.startswith("<", self.pos) and self._is_name_start(self.pos + 1):
                if not self._start_tag():
                    break
            else:
                self._text()
        for element in reversed(self.open):
            self.diagnostics.add(msg.UNCLOSED_TAG.at(self.source, element.start, element.name_end, tag=element.tag))
            element.end = length
        return Document(self.source, self.root)

    def _is_name_start(self, offset: int) -> bool:
        return offset < len(self.text) and (self.text[offset].isalpha() or self.text[offset] == "_")

    def _append(self, node: Node) -> None:
        (self.open[-1].children if self.open else self.root).append(node)

    # Comments and text -----------------------------------------------------------------

    def _comment(self) -> None:
        close = self.text.find("-->", self.pos + 4)
        if close < 0:
            self.diagnostics.add(msg.UNCLOSED_COMMENT.at(self.source, self.pos, self.pos + 4))
            self.pos = len(self.text)
        else:
            self.pos = close + 3

    def _text(self) -> None:
        start = self.pos
        end = self._text_end(start)
        self.pos = end
        raw = self.text[start:end]
        if raw.strip(_WHITESPACE) == "":
            return
        parts, _closed = split_parts(self.source, start, end, self.diagnostics)
        self._append(Text(parts, start, end))

    def _text_end(self, start: int) -> int:
        """Where a text run ends: at the next tag, comment or close tag outside ``{{ }}``."""
        text, length = self.text, len(self.text)
        i = start
        while i < length:
            if text.startswith("{{", i):
                close = find_mustache_end(text, i + 2, length)
                if close >= 0:
                    i = close + 2
                    continue
            if text[i] == "<" and i > start and (
                text.startswith("<!--", i)
                or self._is_name_start(i + 1)
                or (text.startswith("</", i) and self._is_name_start(i + 2))
            ):
                return i
            i += 1
        return length

    # Tags --------------------------------------------------------------------------------

    def _name(self, start: int) -> int:
        i = start
        while i < len(self.text) and self.text[i] not in _NAME_STOP:
            i += 1
        return i

    def _skip_whitespace(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
            self.pos += 1

    def _start_tag(self) -> bool:
        """Parse ``<tag attrs…>`` or ``<tag …/>``; False when nothing more can be parsed."""
        start = self.pos
        name_end = self._name(start + 1)
        element = Element(self.text[start + 1 : name_end], start, name_end)
        self.pos = name_end
        state = self._attributes(element)
        if state == _EOF:
            element.end = len(self.text)
            self._append(element)
            return False
        if state == _LOST:
            # ``<view class="a" <text>``: the ``>`` is missing; the children most likely follow.
            self.diagnostics.add(msg.UNFINISHED_START_TAG.at(self.source, start, name_end, tag=element.tag))
        if len(self.open) >= MAX_DEPTH:
            self.diagnostics.add(msg.TOO_DEEP.at(self.source, start, name_end, limit=MAX_DEPTH))
            # The open elements are not "unclosed" in any useful sense; one error is enough.
            for element in self.open:
                element.end = len(self.text)
            self.open.clear()
            self.pos = len(self.text)
            return False
        self._append(element)
        if element.self_closing:
            element.end = self.pos
        elif element.tag in RAW_TEXT_TAGS:
            self._raw_body(element)
        else:
            self.open.append(element)
        return True

    def _attributes(self, element: Element) -> str:
        text, length = self.text, len(self.text)
        while True:
            self._skip_whitespace()
            if self.pos >= length:
                self.diagnostics.add(
                    msg.UNFINISHED_START_TAG.at(self.source, element.start, element.name_end, tag=element.tag)
                )
                return _EOF
            if text.startswith("/>", self.pos):
                element.self_closing = True
                self.pos += 2
                return _DONE
            ch = text[self.pos]
            if ch == ">":
                self.pos += 1
                return _DONE
            name_start = self.pos
            name_end = self._name(name_start)
            if name_end == name_start:
                if ch == "<":
                    return _LOST
                skip = 1
                if ch in "\"'":
                    closing = text.find(ch, self.pos + 1)
                    skip = closing + 1 - self.pos if closing >= 0 else 1
                self.diagnostics.add(
                    msg.UNEXPECTED_IN_TAG.at(self.source, self.pos, self.pos + skip, char=ch, tag=element.tag)
                )
                self.pos += skip
                continue
            self.pos = name_end
            attribute = self._attribute_value(element, name_start, name_end)
            if attribute is None:
                return _EOF
            element.attributes.append(attribute)

    def _attribute_value(self, element: Element, name_start: int, name_end: int) -> Attribute | None:
        """The attribute starting at ``name_start``; None when its value never ends (reported)."""
        name = self.text[name_start:name_end]
        save = self.pos
        self._skip_whitespace()
        if not self.text.startswith("=", self.pos):
            self.pos = save
            return Attribute(name, name_start, name_end)
        self.pos += 1
        self._skip_whitespace()
        if self.pos >= len(self.text):
            self.diagnostics.add(
                msg.UNFINISHED_START_TAG.at(self.source, element.start, element.name_end, tag=element.tag)
            )
            return None
        quote = self.text[self.pos]
        if quote in "\"'":
            value_start = self.pos + 1
            value_end = self._quoted_end(value_start, quote)
            if value_end < 0:
                self.diagnostics.add(
                    msg.UNCLOSED_ATTRIBUTE_VALUE.at(self.source, self.pos, self.pos + 1, name=name, quote=quote)
                )
                self.pos = len(self.text)
                return None
            self.pos = value_end + 1
        else:
            value_start = self.pos
            value_end = self._unquoted_end(value_start)
            self.pos = value_end
        parts, _closed = split_parts(self.source, value_start, value_end, self.diagnostics)
        return Attribute(name, name_start, name_end, parts, value_start, value_end)

    def _quoted_end(self, start: int, quote: str) -> int:
        text, length = self.text, len(self.text)
        i = start
        while i < length:
            if text.startswith("{{", i):
                close = find_mustache_end(text, i + 2, length)
                if close >= 0:
                    i = close + 2
                    continue
            if text[i] == quote:
                return i
            i += 1
        return -1

    def _unquoted_end(self, start: int) -> int:
        text, length = self.text, len(self.text)
        i = start
        while i < length:
            if text.startswith("{{", i):
                close = find_mustache_end(text, i + 2, length)
                if close >= 0:
                    i = close + 2
                    continue
            if text[i] in _WHITESPACE or text[i] == ">" or text.startswith("/>", i):
                return i
            i += 1
        return length

    def _raw_body(self, element: Element) -> None:
        """``<wxs>`` content runs to the first ``</wxs>``, whatever it contains."""
        body_start = self.pos
        closing = "</" + element.tag
        search = body_start
        while True:
            found = self.text.find(closing, search)
            if found < 0:
                self.diagnostics.add(msg.UNCLOSED_TAG.at(self.source, element.start, element.name_end, tag=element.tag))
                element.raw_start, element.raw_end = body_start, len(self.text)
                element.end = self.pos = len(self.text)
                return
            after = found + len(closing)
            while after < len(self.text) and self.text[after] in _WHITESPACE:
                after += 1
            if after < len(self.text) and self.text[after] == ">":
                element.raw_start, element.raw_end = body_start, found
                element.end = self.pos = after + 1
                return
            search = found + len(closing)

    def _close_tag(self) -> None:
        start = self.pos
        name_end = self._name(start + 2)
        tag = self.text[start + 2 : name_end]
        close = self.text.find(">", name_end)
        end = len(self.text) if close < 0 else close + 1
        self.pos = end
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth].tag == tag:
                for unclosed in self.open[depth + 1 :]:
                    opened = self.source.position(unclosed.start)
                    self.diagnostics.add(
                        msg.MISMATCHED_CLOSE.at(
                            self.source, start, end, close=tag, open=unclosed.tag,
                            line=opened.line, column=opened.column,
                        )
                    )
                    unclosed.end = start
                self.open[depth].end = end
                del self.open[depth:]
                return
        self.diagnostics.add(msg.STRAY_CLOSE.at(self.source, start, end, tag=tag))

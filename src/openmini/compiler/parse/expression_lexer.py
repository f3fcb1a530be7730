"""Tokens of a WXML expression, read on demand.

The lexer never reports anything itself: a malformed piece becomes an ``ERROR`` token (and a bad
escape inside a string is kept on the string token) so that only what the parser actually
reaches is reported, once, in source order.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openmini.compiler.messages import expression as msg
from openmini.compiler.messages.registry import Message
from openmini.compiler.parse.expression_numbers import scan_number


class Kind(enum.Enum):
    IDENT = "identifier"
    NUMBER = "number"
    STRING = "string"
    PUNCT = "punctuator"
    ERROR = "error"
    EOF = "end of expression"


@dataclass(frozen=True, slots=True)
class Problem:
    """A diagnostic waiting to be reported when its token is consumed."""

    message: Message
    start: int
    end: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    start: int
    end: int
    text: str  # source text; for punctuators and identifiers also what the parser matches on
    value: str | int | float | None = None  # decoded string or number
    problems: tuple[Problem, ...] = ()

    def describe(self) -> str:
        """How a message names this token."""
        if self.kind is Kind.EOF:
            return "end of expression"
        if self.kind is Kind.STRING:
            return "a string"
        if self.kind is Kind.NUMBER:
            return f"number {self.text}"
        return f"`{self.text}`"


# Longest first, so that the first match is the longest one (`>>>=` before `>>`).
_PUNCTUATORS = (
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
    "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
    "&=", "|=", "^=", "**", "<<", ">>",
    "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~",
    "?", ":", "=", ".", "`",
)  # fmt: skip
_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_IDENT_PART = _IDENT_START | frozenset("0123456789")
_LINE_TERMINATORS = frozenset("\n\r\u2028\u2029")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}
_HEX = frozenset("0123456789abcdefABCDEF")


def _is_space(ch: str) -> bool:
    return ch in " \t\n\r\v\f\u00a0\ufeff\u2028\u2029" or unicodedata.category(ch) == "Zs"


class Lexer:
    """Reads ``text[start:end]`` one token at a time, with lookahead."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text = text
        self._pos = start
        self._end = end
        self._ahead: list[Token] = []

    def peek(self, distance: int = 0) -> Token:
        while len(self._ahead) <= distance:
            self._ahead.append(self._read())
        return self._ahead[distance]

    def next(self) -> Token:
        token = self.peek()
        self._ahead.pop(0)
        return token

    def _read(self) -> Token:
        if self._ahead and self._ahead[-1].kind in (Kind.EOF, Kind.ERROR):
            # Nothing after an error is trustworthy; the parser stops there anyway.
            last = self._ahead[-1]
            return Token(Kind.EOF, last.end, last.end, "")
        comment_error = self._skip_space_and_comments()
        if comment_error is not None:
            return comment_error
        text, pos, end = self._text, self._pos, self._end
        if pos >= end:
            return Token(Kind.EOF, end, end, "")
        ch = text[pos]
        if ch in _IDENT_START:
            stop = pos + 1
            while stop < end and text[stop] in _IDENT_PART:
                stop += 1
            return self._token(Kind.IDENT, stop)
        if "0" <= ch <= "9" or (ch == "." and pos + 1 < end and "0" <= text[pos + 1] <= "9"):
            return self._number()
        if ch in "'\"":
            return self._string()
        if ch == "?" and text.startswith("?.", pos) and pos + 2 < end and "0" <= text[pos + 2] <= "9":
            # `a?.5:1` is a conditional with the number .5, not optional chaining.
            return self._token(Kind.PUNCT, pos + 1)
        for punct in _PUNCTUATORS:
            if text.startswith(punct, pos) and pos + len(punct) <= end:
                return self._token(Kind.PUNCT, pos + len(punct))
        stop = pos + 1
        problem = Problem(msg.UNEXPECTED_CHARACTER, pos, stop, {"char": _show_char(ch)})
        return self._token(Kind.ERROR, stop, problems=(problem,))

    def _token(
        self, kind: Kind, stop: int, value: str | int | float | None = None, problems: tuple[Problem, ...] = ()
    ) -> Token:
        token = Token(kind, self._pos, stop, self._text[self._pos : stop], value, problems)
        self._pos = stop
        return token

    def _skip_space_and_comments(self) -> Token | None:
        text, end = self._text, self._end
        while self._pos < end:
            ch = text[self._pos]
            if _is_space(ch):
                self._pos += 1
            elif text.startswith("/*", self._pos) and self._pos + 2 <= end:
                close = text.find("*/", self._pos + 2, end)
                if close < 0:
                    problem = Problem(msg.UNTERMINATED_COMMENT, self._pos, self._pos + 2)
                    return self._token(Kind.ERROR, end, problems=(problem,))
                self._pos = close + 2
            else:
                break
        return None

    def _number(self) -> Token:
        scanned = scan_number(self._text, self._pos, self._end)
        if scanned.value is None:
            bad = self._text[self._pos : scanned.end]
            problem = Problem(msg.INVALID_NUMBER, self._pos, scanned.end, {"text": bad})
            return self._token(Kind.ERROR, scanned.end, problems=(problem,))
        return self._token(Kind.NUMBER, scanned.end, scanned.value)

    def _string(self) -> Token:
        text, end = self._text, self._end
        quote = text[self._pos]
        pos = self._pos + 1
        out: list[str] = []
        problems: list[Problem] = []
        while pos < end:
            ch = text[pos]
            if ch == quote:
                return self._token(Kind.STRING, pos + 1, "".join(out), tuple(problems))
            if ch != "\\":
                # Raw line breaks are tolerated, as WeChat does: attribute values span lines.
                out.append(ch)
                pos += 1
                continue
            pos = self._escape(pos, out, problems)
        problem = Problem(msg.UNTERMINATED_STRING, self._pos, end)
        return self._token(Kind.ERROR, end, problems=(problem,))

    def _escape(self, pos: int, out: list[str], problems: list[Problem]) -> int:
        """Decode the escape at ``text[pos] == '\\'``; return the position after it."""
        text, end = self._text, self._end
        if pos + 1 >= end:
            return pos + 1  # the missing quote is reported by the caller
        ch = text[pos + 1]
        if ch in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[ch])
            return pos + 2
        if ch == "\r":
            return pos + 3 if text.startswith("\r\n", pos + 1) else pos + 2
        if ch in _LINE_TERMINATORS:
            return pos + 2  # a line continuation adds nothing
        if ch == "x":
            return self._hex_escape(pos, 2, out, problems)
        if ch == "u":
            if pos + 2 < end and text[pos + 2] == "{":
                return self._braced_escape(pos, out, problems)
            return self._hex_escape(pos, 4, out, problems)
        if ch == "0" and not (pos + 2 < end and "0" <= text[pos + 2] <= "9"):
            out.append("\0")
            return pos + 2
        if ch in "01234567":
            sequence = text[pos : pos + 2]
            problems.append(Problem(msg.OCTAL_ESCAPE, pos, pos + 2, {"sequence": sequence, "char": f"`{ch}`"}))
            out.append(ch)
            return pos + 2
        out.append(ch)
        return pos + 2

    def _hex_escape(self, pos: int, count: int, out: list[str], problems: list[Problem]) -> int:
        """``\\xHH`` or ``\\uHHHH`` at ``text[pos]``."""
        text = self._text
        digits_start = pos + 2
        digits = text[digits_start : min(digits_start + count, self._end)]
        if len(digits) == count and all(d in _HEX for d in digits):
            out.append(chr(int(digits, 16)))
            return digits_start + count
        stop = digits_start
        while stop < min(digits_start + count, self._end) and text[stop] in _HEX:
            stop += 1
        problems.append(Problem(msg.INVALID_ESCAPE, pos, stop, {"sequence": text[pos:stop]}))
        return stop

    def _braced_escape(self, pos: int, out: list[str], problems: list[Problem]) -> int:
        text = self._text
        stop = pos + 3
        while stop < self._end and text[stop] in _HEX:
            stop += 1
        digits = text[pos + 3 : stop]
        if stop < self._end and text[stop] == "}" and digits and int(digits, 16) <= 0x10FFFF:
            out.append(chr(int(digits, 16)))
            return stop + 1
        problems.append(Problem(msg.INVALID_ESCAPE, pos, stop, {"sequence": text[pos:stop]}))
        return stop


def _show_char(ch: str) -> str:
    if ch.isprintable() and not _is_space(ch):
        return f"`{ch}`"
    return f"U+{ord(ch):04X}"

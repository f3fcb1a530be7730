"""JavaScript number literals: reading them from WXML expressions and writing numbers as JS does.

Reading follows JavaScript (sloppy mode, as WeChat does): decimal with fraction and exponent,
``.5``, ``5.``, ``0x``/``0o``/``0b`` prefixes and legacy octal ``010`` (= 8), while ``089`` stays
decimal. Writing follows ``Number.prototype.toString``, so a number used as a property key or
emitted into JavaScript reads exactly as the runtime would print it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

_DIGITS = "0123456789"
_IDENT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
_RADIX_DIGITS = {
    "x": frozenset("0123456789abcdefABCDEF"),
    "o": frozenset("01234567"),
    "b": frozenset("01"),
}
_RADIX = {"x": 16, "o": 8, "b": 2}


@dataclass(frozen=True, slots=True)
class ScannedNumber:
    end: int
    value: int | float | None  # None: malformed, the caller reports text[start:end]


def scan_number(text: str, start: int, limit: int) -> ScannedNumber:
    """Read the number literal at ``text[start]`` (a digit, or ``.`` followed by a digit)."""
    pos = start
    if text[pos] == "0" and pos + 1 < limit and text[pos + 1].lower() in _RADIX:
        return _scan_radix(text, start, limit)
    if text[pos] == "0" and pos + 1 < limit and text[pos + 1] in _DIGITS:
        legacy = _scan_legacy_octal(text, start, limit)
        if legacy is not None:
            return legacy
    while pos < limit and text[pos] in _DIGITS:
        pos += 1
    is_float = False
    if pos < limit and text[pos] == ".":
        is_float = True
        pos += 1
        while pos < limit and text[pos] in _DIGITS:
            pos += 1
    if pos < limit and text[pos] in "eE":
        is_float = True
        pos += 1
        if pos < limit and text[pos] in "+-":
            pos += 1
        exponent_start = pos
        while pos < limit and text[pos] in _DIGITS:
            pos += 1
        if pos == exponent_start:
            return _malformed(text, pos, limit)
    if pos < limit and text[pos] in _IDENT:
        return _malformed(text, pos, limit)
    literal = text[start:pos]
    if is_float:
        return ScannedNumber(pos, float(literal))
    return ScannedNumber(pos, int(literal))


def _scan_radix(text: str, start: int, limit: int) -> ScannedNumber:
    kind = text[start + 1].lower()
    allowed = _RADIX_DIGITS[kind]
    pos = start + 2
    while pos < limit and text[pos] in allowed:
        pos += 1
    if pos == start + 2 or (pos < limit and text[pos] in _IDENT):
        return _malformed(text, pos, limit)
    return ScannedNumber(pos, int(text[start + 2 : pos], _RADIX[kind]))


def _scan_legacy_octal(text: str, start: int, limit: int) -> ScannedNumber | None:
    """``0`` followed by octal digits only is octal; any 8 or 9 makes the literal decimal."""
    pos = start + 1
    while pos < limit and text[pos] in "01234567":
        pos += 1
    if pos < limit and text[pos] in "89":
        return None
    if pos < limit and text[pos] in _IDENT:
        return _malformed(text, pos, limit)
    # Like a hex literal, a legacy octal one has no fraction: a following "." is member access.
    return ScannedNumber(pos, int(text[start + 1 : pos], 8))


def _malformed(text: str, pos: int, limit: int) -> ScannedNumber:
    while pos < limit and (text[pos] in _IDENT or text[pos] == "."):
        pos += 1
    return ScannedNumber(pos, None)


def as_double(value: int | float) -> float:
    """The IEEE double JavaScript holds for ``value``."""
    if isinstance(value, float):
        return value
    try:
        return float(value)
    except OverflowError:
        return math.inf


def js_number_text(value: int | float) -> str:
    """``String(value)`` in JavaScript."""
    x = as_double(value)
    if math.isnan(x):
        return "NaN"
    if x == 0:
        return "0"
    if x < 0:
        return "-" + js_number_text(-x)
    if math.isinf(x):
        return "Infinity"
    # repr() gives the shortest digits that round-trip, which is what JavaScript prints too.
    _, digit_tuple, raw_exponent = Decimal(repr(x)).as_tuple()
    all_digits = "".join(map(str, digit_tuple))
    digits = all_digits.rstrip("0")
    exponent = int(raw_exponent) + len(all_digits) - len(digits)
    k = len(digits)
    n = exponent + k
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"

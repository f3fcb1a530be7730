"""Less values: ``@variable`` substitution, ``~"escapes"`` and arithmetic on numbers with units.

Arithmetic follows Less 4's default math mode: ``+``, ``-`` (between spaces) and ``*`` are
computed anywhere, ``/`` only inside parentheses (outside them it is CSS's slash, as in
``font: 12px/1.5``). Units must agree, or one side has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NUMBER = r"-?(?:\d+\.?\d*|\.\d+)(?:[a-zA-Z]+|%)?"
_NUMBER_ONLY = re.compile(rf"({_NUMBER.replace('(?:[a-zA-Z]+|%)?', '')})([a-zA-Z]+|%)?\Z")
_VARIABLE_REF = re.compile(r"@@?\{?([\w-]+)\}?")
_ESCAPE = re.compile(r"~(\"[^\"]*\"|'[^']*')")
# `a op b` with numbers only, the operator between spaces (or `*` without them).
_TOP_BINARY = re.compile(rf"(?<![\w.#-])({_NUMBER})(\s+[-+]\s+|\s*\*\s*)({_NUMBER})(?![\w.%(])")
_PAREN_GROUP = re.compile(r"(?<![\w-])\(([^()]*)\)")
# Less functions that compute a value: openmini does not implement them.
LESS_FUNCTIONS = frozenset(
    {
        "darken", "lighten", "fade", "fadein", "fadeout", "saturate", "desaturate", "spin", "mix", "tint",
        "shade", "greyscale", "contrast", "percentage", "round", "ceil", "floor", "unit", "e", "escape",
        "if", "iscolor", "isnumber", "luma", "luminance", "multiply", "screen", "overlay", "softlight",
        "hardlight", "difference", "exclusion", "average", "negation", "argb", "hsv", "hsva", "alpha",
        "red", "green", "blue", "hue", "lightness", "extract", "length", "range", "each", "data-uri",
        "svg-gradient", "image-size", "image-width", "image-height", "convert", "mod", "pow", "sqrt",
        "abs", "pi", "get-unit", "boolean", "replace", "%",
    }
)  # fmt: skip
_FUNCTION_CALL = re.compile(r"(?<![\w-])(%|[a-zA-Z][\w-]*)\(")


class ValueError_(Exception):
    """A value that cannot be computed; ``kind`` names the message to report."""

    def __init__(self, kind: str, **params: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.params = params


def substitute(value: str, lookup: Callable[[str], str | None], depth: int = 0) -> str:
    """``value`` with every ``@name`` / ``@{name}`` replaced by its (recursively substituted) value."""
    if depth > 50:
        raise ValueError_("unsupported", feature="a variable defined in terms of itself")

    def replace(match: re.Match[str]) -> str:
        if match.group(0).startswith("@@"):
            raise ValueError_("unsupported", feature="a variable variable (@@name)")
        found = lookup(match.group(1))
        if found is None:
            raise ValueError_("undefined", name=match.group(1))
        return substitute(found, lookup, depth + 1)

    return _VARIABLE_REF.sub(replace, value)


def interpolate(text: str, lookup: Callable[[str], str | None]) -> str:
    """Selectors and property names: only ``@{name}`` is a variable there."""

    def replace(match: re.Match[str]) -> str:
        found = lookup(match.group(1))
        if found is None:
            raise ValueError_("undefined", name=match.group(1))
        return substitute(found, lookup)

    return re.sub(r"@\{([\w-]+)\}", replace, text)


def evaluate(value: str) -> str:
    """Escapes unquoted and arithmetic computed; Less functions refused."""
    value = _ESCAPE.sub(lambda m: m.group(1)[1:-1], value)
    for match in _FUNCTION_CALL.finditer(_without_strings(value)):
        if match.group(1).lower() in LESS_FUNCTIONS:
            raise ValueError_("unsupported", feature=f"the Less function {match.group(1)}()")
    calls: list[str] = []
    masked = _mask_calls(value, calls)
    previous = None
    while previous != masked:  # innermost parentheses first
        previous = masked
        masked = _PAREN_GROUP.sub(_parenthesised, masked)
    masked = _fold(masked, _TOP_BINARY)
    return re.sub(r"\x00(\d+)\x00", lambda m: calls[int(m.group(1))], masked)


def _mask_calls(value: str, calls: list[str]) -> str:
    """Function calls (``calc(…)``, ``rgba(…)``, ``url(…)``) set aside: their insides are CSS's, not Less math."""
    out: list[str] = []
    index = 0
    for match in _FUNCTION_CALL.finditer(value):
        if match.start() < index:
            continue
        depth = 0
        end = match.end() - 1
        while end < len(value):
            depth += {"(": 1, ")": -1}.get(value[end], 0)
            end += 1
            if depth == 0:
                break
        out.append(value[index : match.start()])
        out.append(f"\x00{len(calls)}\x00")
        calls.append(value[match.start() : end])
        index = end
    out.append(value[index:])
    return "".join(out)


def _parenthesised(match: re.Match[str]) -> str:
    inner = match.group(1)
    folded = _fold(inner, re.compile(rf"({_NUMBER})(\s*[-+*/]\s*)({_NUMBER})"))
    return folded if _NUMBER_ONLY.match(folded.strip()) else f"({folded})"


def _fold(text: str, pattern: re.Pattern[str]) -> str:
    """Apply ``pattern``'s binary operations left to right, ``*`` and ``/`` before ``+`` and ``-``."""
    for operators in ("*/", "+-"):
        while True:
            match = next((m for m in pattern.finditer(text) if m.group(2).strip() in operators), None)
            if match is None:
                break
            result = _compute(match.group(1), match.group(2).strip(), match.group(3))
            text = text[: match.start()] + result + text[match.end() :]
    return text


def _compute(left: str, operator: str, right: str) -> str:
    a, unit_a = _split(left)
    b, unit_b = _split(right)
    if unit_a and unit_b and unit_a != unit_b:
        raise ValueError_("units", expression=f"{left} {operator} {right}", left=unit_a, right=unit_b)
    unit = unit_a or unit_b
    if operator == "+":
        result = a + b
    elif operator == "-":
        result = a - b
    elif operator == "*":
        result = a * b
    elif b == 0:
        raise ValueError_("unsupported", feature=f"division by zero in {left} / {right}")
    else:
        result = a / b
    rounded = round(result, 8)
    text = str(int(rounded)) if rounded == int(rounded) else f"{rounded:.8f}".rstrip("0")
    return text + unit


def _split(number: str) -> tuple[float, str]:
    match = _NUMBER_ONLY.match(number)
    if match is None:  # the patterns only hand over numbers
        raise ValueError_("unsupported", feature=f"the value {number!r} in arithmetic")
    return float(match.group(1)), match.group(2) or ""


def _without_strings(value: str) -> str:
    return re.sub(r"\"[^\"]*\"|'[^']*'", '""', value)

"""Turn WXML expression trees into JavaScript expression text plus the paths they read.

The emitted text uses four free names (docs/compiler-contract.md, "Expressions"): ``D`` data,
``S`` ``wx:for`` locals, ``W`` WXS modules, ``R`` runtime helpers. It keeps JavaScript semantics
exactly, except where WXML differs on purpose, as glass-easel does:

* member access never throws: ``a.b.c`` is ``D.a?.b?.c``;
* calling something that is null or undefined yields undefined: ``f(x)`` is ``D.f?.(x)``;
* array spread never throws: ``[...a, 1]`` is ``[].concat(D.a,[1])``, so a non-array is one
  element;
* there are no globals: every name that is not a local or a WXS module is a data field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openmini.compiler.parse.expression_nodes import (
    ArrayLiteral,
    Binary,
    BooleanLiteral,
    Call,
    Conditional,
    Expr,
    Hole,
    Identifier,
    Index,
    Member,
    NullLiteral,
    NumberLiteral,
    ObjectLiteral,
    Property,
    Spread,
    StringLiteral,
    Unary,
    UndefinedLiteral,
)
from openmini.compiler.parse.expression_numbers import js_number_text

__all__ = ["EmittedExpression", "ExprScope", "Path", "emit_expression", "emit_interpolation", "js_string"]

Path = tuple[str | int, ...]
"""A read path: ``("D", key, …)`` or ``("S", local, key, …)``; keys are ``str`` or ``int``."""


@dataclass(frozen=True)
class ExprScope:
    """Which names are ``wx:for`` locals and which are WXS modules; all others read ``D``."""

    locals: frozenset[str] = frozenset()
    wxs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EmittedExpression:
    js: str
    deps: tuple[Path, ...]
    constant: bool


def emit_expression(expr: Expr, scope: ExprScope) -> EmittedExpression:
    out = _Emitter(scope).emit(expr)
    js = out.js
    if js.startswith("{"):
        # Keep an object literal an expression wherever the caller puts it (an arrow body, a statement).
        js = f"({js})"
    deps = _unique(out.all_deps())
    return EmittedExpression(js, deps, not deps)


def emit_interpolation(parts: Sequence[str | Expr], scope: ExprScope) -> EmittedExpression:
    """One attribute value or text run: a lone ``{{x}}`` keeps its type, anything else is text."""
    items: list[str | Expr] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if items and isinstance(items[-1], str):
                items[-1] += part
                continue
        items.append(part)
    if not items:
        return EmittedExpression('""', (), True)
    if len(items) == 1 and not isinstance(items[0], str):
        return emit_expression(items[0], scope)
    pieces: list[str] = []
    deps: list[Path] = []
    for item in items:
        if isinstance(item, str):
            pieces.append(js_string(item))
        else:
            emitted = emit_expression(item, scope)
            pieces.append(f"R.s({emitted.js})")
            deps.extend(emitted.deps)
    unique = _unique(deps)
    return EmittedExpression("+".join(pieces), unique, not unique)


_UNSAFE_IN_STRING = re.compile("[<\u2028\u2029\ud800-\udfff]")


def js_string(value: str) -> str:
    """A double-quoted JavaScript string literal, safe inside an HTML ``<script>`` too."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _UNSAFE_IN_STRING.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


# JavaScript precedence levels of what we emit (higher binds tighter).
_CONDITIONAL = 2
_UNARY = 14
_POSTFIX = 17  # member access, call, optional chain
_PRIMARY = 20
_BINARY: dict[str, int] = {
    "??": 3, "||": 3, "&&": 4, "|": 5, "^": 6, "&": 7,
    "==": 8, "!=": 8, "===": 8, "!==": 8,
    "<": 9, ">": 9, "<=": 9, ">=": 9, "instanceof": 9,
    "<<": 10, ">>": 10, ">>>": 10,
    "+": 11, "-": 11, "*": 12, "/": 12, "%": 12,
}  # fmt: skip
_LOGICAL = frozenset({"||", "&&"})
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


@dataclass
class _Out:
    """One emitted sub-expression.

    ``path`` is set while the value is exactly the data at that path, so that a parent member
    access can extend it; ``deps`` holds the paths already closed below this node.
    """

    js: str
    precedence: int
    deps: list[Path] = field(default_factory=list)
    path: Path | None = None
    operator: str | None = None  # the binary operator at the top, for the `??` mixing rule

    def all_deps(self) -> list[Path]:
        return [*self.deps, self.path] if self.path is not None else self.deps


def _length(js: str, base: _Out) -> _Out:
    """``list.length`` depends on the list itself: a write at ``list[3]`` (or a new list) changes
    it, and no setData path ever names ``length``. The path ends at the receiver."""
    return _Out(js, _POSTFIX, [*base.deps, base.path] if base.path is not None else base.deps)


class _Emitter:
    def __init__(self, scope: ExprScope) -> None:
        self._scope = scope

    def emit(self, expr: Expr) -> _Out:
        match expr:
            case StringLiteral(value=value):
                return _Out(js_string(value), _PRIMARY)
            case NumberLiteral(value=value):
                text = js_number_text(value)
                # A literal cannot overflow into a global name that might be shadowed.
                return _Out("1e999" if text == "Infinity" else text, _PRIMARY)
            case BooleanLiteral(value=value):
                return _Out("true" if value else "false", _PRIMARY)
            case NullLiteral():
                return _Out("null", _PRIMARY)
            case UndefinedLiteral():
                return _Out("undefined", _PRIMARY)
            case Identifier(name=name):
                return self._identifier(name)
            case Member(object=obj, name=name):
                base = self.emit(obj)
                js = f"{_wrap(base, _POSTFIX)}?.{name}"
                if name == "length" and base.path is not None:
                    return _length(js, base)
                path = base.path + (name,) if base.path is not None else None
                return _Out(js, _POSTFIX, base.deps, path)
            case Index():
                return self._index(expr)
            case Call():
                return self._call(expr)
            case Unary(operator=operator, operand=operand):
                inner = self.emit(operand)
                text = _wrap(inner, _UNARY)
                if operator in ("typeof", "void"):
                    js = f"{operator} {text}"
                else:
                    js = f"{operator} {text}" if text.startswith(operator) else operator + text
                return _Out(js, _UNARY, inner.all_deps())
            case Binary():
                return self._binary(expr)
            case Conditional(test=test, consequent=consequent, alternate=alternate):
                parts = [self.emit(test), self.emit(consequent), self.emit(alternate)]
                js = f"{_wrap(parts[0], _CONDITIONAL + 1)}?{parts[1].js}:{parts[2].js}"
                return _Out(js, _CONDITIONAL, [dep for part in parts for dep in part.all_deps()])
            case ArrayLiteral():
                return self._array(expr)
            case ObjectLiteral():
                return self._object(expr)

    def _identifier(self, name: str) -> _Out:
        if name in self._scope.locals:
            return _Out(f"S.{name}", _PRIMARY, path=("S", name))
        if name in self._scope.wxs:
            return _Out(f"W.{name}", _PRIMARY)  # a WXS module never changes: no dependency
        return _Out(f"D.{name}", _PRIMARY, path=("D", name))

    def _index(self, expr: Index) -> _Out:
        base = self.emit(expr.object)
        key = self.emit(expr.index)
        js = f"{_wrap(base, _POSTFIX)}?.[{key.js}]"
        static = _static_key(expr.index)
        if static == "length" and base.path is not None:
            return _length(js, base)
        if static is not None and base.path is not None:
            return _Out(js, _POSTFIX, base.deps, base.path + (static,))
        # A computed key ends the path: the whole object and the key are read.
        return _Out(js, _POSTFIX, [*base.all_deps(), *key.all_deps()])

    def _call(self, expr: Call) -> _Out:
        callee = self.emit(expr.callee)
        arguments = [self.emit(argument) for argument in expr.arguments]
        deps = list(callee.deps)
        if callee.path is not None:
            # A method reads its whole object (`list.indexOf(x)` changes with any item of list).
            receiver = callee.path[:-1] if isinstance(expr.callee, Member | Index) else callee.path
            deps.append(receiver if len(receiver) > 1 else callee.path)
        for argument in arguments:
            deps.extend(argument.all_deps())
        js = f"{_wrap(callee, _POSTFIX)}?.({','.join(argument.js for argument in arguments)})"
        return _Out(js, _POSTFIX, deps)

    def _binary(self, expr: Binary) -> _Out:
        precedence = _BINARY[expr.operator]
        left = self.emit(expr.left)
        right = self.emit(expr.right)
        left_js = _wrap(left, precedence, _mixes_nullish(expr.operator, left.operator))
        right_js = _wrap(right, precedence + 1, _mixes_nullish(expr.operator, right.operator))
        operator = expr.operator
        if operator == "instanceof":
            js = f"{left_js} instanceof {right_js}"
        elif operator[-1] in "+-" and right_js.startswith(operator[-1]):
            js = f"{left_js}{operator} {right_js}"  # `a- -b`, never the decrement `a--b`
        else:
            js = f"{left_js}{operator}{right_js}"
        return _Out(js, precedence, [*left.all_deps(), *right.all_deps()], operator=operator)

    def _array(self, expr: ArrayLiteral) -> _Out:
        deps: list[Path] = []
        pieces: list[str] = []
        run: list[Expr | Hole] = []
        spread = False
        for element in expr.elements:
            if isinstance(element, Spread):
                spread = True
                if run:
                    pieces.append(f"[{self._elements(run, deps)}]")
                    run = []
                argument = self.emit(element.argument)
                deps.extend(argument.all_deps())
                pieces.append(argument.js)
            else:
                run.append(element)
        if not spread:
            return _Out(f"[{self._elements(run, deps)}]", _PRIMARY, deps)
        if run:
            pieces.append(f"[{self._elements(run, deps)}]")
        # glass-easel spreads with concat: a spread non-array becomes one element instead of throwing.
        return _Out(f"[].concat({','.join(pieces)})", _POSTFIX, deps)

    def _elements(self, elements: Sequence[Expr | Hole], deps: list[Path]) -> str:
        texts: list[str] = []
        for element in elements:
            if isinstance(element, Hole):
                texts.append("")
                continue
            out = self.emit(element)
            deps.extend(out.all_deps())
            texts.append(out.js)
        # A trailing elision needs its own comma: `[a,,]` has two elements, `[a,]` one.
        return ",".join(texts) + ("," if elements and isinstance(elements[-1], Hole) else "")

    def _object(self, expr: ObjectLiteral) -> _Out:
        deps: list[Path] = []
        entries: list[str] = []
        for item in expr.properties:
            out = self.emit(item.argument if isinstance(item, Spread) else item.value)
            deps.extend(out.all_deps())
            entries.append(f"...{out.js}" if isinstance(item, Spread) else f"{_key(item)}:{out.js}")
        return _Out("{" + ",".join(entries) + "}", _PRIMARY, deps)


def _wrap(out: _Out, minimum: int, force: bool = False) -> str:
    return f"({out.js})" if force or out.precedence < minimum else out.js


def _mixes_nullish(parent: str, child: str | None) -> bool:
    """JavaScript refuses `??` next to `||`/`&&` without parentheses; WXML allows it."""
    if child is None:
        return False
    return (parent == "??" and child in _LOGICAL) or (parent in _LOGICAL and child == "??")


def _static_key(index: Expr) -> str | int | None:
    if isinstance(index, StringLiteral):
        return index.value
    if isinstance(index, NumberLiteral):
        value = index.value
        if isinstance(value, int) or value.is_integer():
            return int(value) if 0 <= value < 2**53 else js_number_text(value)
        return js_number_text(value)
    return None


def _key(item: Property) -> str:
    if item.key == "__proto__":
        # A literal `__proto__:` key would set the prototype; data wants an own property.
        return '["__proto__"]'
    return item.key if _IDENTIFIER.match(item.key) else js_string(item.key)


def _unique(paths: list[Path]) -> tuple[Path, ...]:
    return tuple(dict.fromkeys(paths))

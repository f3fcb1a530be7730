"""Attribute values and text runs → static JSON or compiled bindings.

A value that is exactly one ``{{ }}`` keeps the expression's type (``{{3}}`` is a number);
a value mixing text and mustaches is string concatenation; a value without mustaches is
its literal string; a bare attribute is ``true``.
"""

from __future__ import annotations

from dataclasses import dataclass

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.expression import ExprScope, emit_expression, emit_interpolation
from openmini.compiler.generate.wxml_js import JsValue, binding
from openmini.compiler.parse.expression import parse_expression
from openmini.compiler.parse.expression_nodes import Expr
from openmini.compiler.parse.wxml_nodes import Attribute, Literal, Mustache, Part
from openmini.compiler.source import SourceFile


@dataclass(frozen=True)
class Values:
    """Compiles the values of one file; ``wxs`` are the file's WXS module names."""

    source: SourceFile
    diagnostics: Diagnostics
    wxs: frozenset[str]

    def scope(self, locals_: frozenset[str]) -> ExprScope:
        return ExprScope(locals=locals_, wxs=self.wxs)

    def expression(self, mustache: Mustache, *, object_shorthand: bool = False) -> Expr | None:
        return parse_expression(
            self.source, mustache.start, mustache.end, self.diagnostics, object_shorthand=object_shorthand
        )

    def typed(self, mustache: Mustache, locals_: frozenset[str], *, object_shorthand: bool = False) -> JsValue:
        """One ``{{ }}`` as a typed binding; None (JSON null) when it does not parse (reported)."""
        expr = self.expression(mustache, object_shorthand=object_shorthand)
        return None if expr is None else self.compiled(expr, locals_)

    def compiled(self, expr: Expr, locals_: frozenset[str]) -> JsValue:
        emitted = emit_expression(expr, self.scope(locals_))
        return binding(emitted.js, emitted.deps)

    def parts(self, parts: tuple[Part, ...], locals_: frozenset[str]) -> JsValue:
        """Literal text, a typed single mustache, or an interpolated string."""
        if len(parts) == 1 and isinstance(parts[0], Mustache):
            return self.typed(parts[0], locals_)
        return self.text(parts, locals_)

    def text(self, parts: tuple[Part, ...], locals_: frozenset[str]) -> JsValue:
        """Always a string: literal when there is no mustache, else an interpolation binding."""
        if all(isinstance(part, Literal) for part in parts):
            return "".join(part.text for part in parts if isinstance(part, Literal))
        pieces: list[str | Expr] = []
        for part in parts:
            if isinstance(part, Literal):
                pieces.append(part.text)
                continue
            expr = self.expression(part)
            if expr is None:
                return None
            pieces.append(expr)
        emitted = emit_interpolation(pieces, self.scope(locals_))
        return binding(emitted.js, emitted.deps)

    def attribute(self, attribute: Attribute, locals_: frozenset[str]) -> JsValue:
        if attribute.parts is None:
            return True
        return self.parts(attribute.parts, locals_)

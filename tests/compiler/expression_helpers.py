"""Shared helpers of the expression tests: parse a snippet, print a tree compactly."""

from __future__ import annotations

import json

from openmini.compiler.diagnostics import Diagnostic, Diagnostics
from openmini.compiler.parse.expression import parse_expression
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
    Spread,
    StringLiteral,
    Unary,
    UndefinedLiteral,
)
from openmini.compiler.source import SourceFile


def parse(text: str, *, object_shorthand: bool = False) -> tuple[Expr | None, list[Diagnostic]]:
    """Parse all of ``text`` as the inside of one ``{{ }}``."""
    diagnostics = Diagnostics()
    source = SourceFile("pages/index.wxml", text)
    expr = parse_expression(source, 0, len(text), diagnostics, object_shorthand=object_shorthand)
    return expr, diagnostics.items


def parse_ok(text: str, *, object_shorthand: bool = False) -> Expr:
    expr, diagnostics = parse(text, object_shorthand=object_shorthand)
    assert not diagnostics, [str(d) for d in diagnostics]
    assert expr is not None
    return expr


def parse_in_mustache(wxml: str) -> tuple[Expr | None, list[Diagnostic]]:
    """Parse the first ``{{ … }}`` of a WXML snippet, at its real offsets."""
    start = wxml.index("{{") + 2
    end = wxml.index("}}", start)
    diagnostics = Diagnostics()
    expr = parse_expression(SourceFile("pages/index.wxml", wxml), start, end, diagnostics)
    return expr, diagnostics.items


def show(node: Expr | Spread | Hole) -> str:
    """A Lisp-like rendering that makes the tree's shape (and so precedence) visible."""
    match node:
        case StringLiteral(value=value):
            return json.dumps(value)
        case NumberLiteral(value=value):
            return repr(value)
        case BooleanLiteral(value=value):
            return "true" if value else "false"
        case NullLiteral():
            return "null"
        case UndefinedLiteral():
            return "undefined"
        case Identifier(name=name):
            return name
        case Member(object=obj, name=name):
            return f"(. {show(obj)} {name})"
        case Index(object=obj, index=index):
            return f"([] {show(obj)} {show(index)})"
        case Call(callee=callee, arguments=arguments):
            return "(call " + " ".join(show(x) for x in (callee, *arguments)) + ")"
        case Unary(operator=operator, operand=operand):
            return f"({operator} {show(operand)})"
        case Binary(operator=operator, left=left, right=right):
            return f"({operator} {show(left)} {show(right)})"
        case Conditional(test=test, consequent=consequent, alternate=alternate):
            return f"(? {show(test)} {show(consequent)} {show(alternate)})"
        case ArrayLiteral(elements=elements):
            return "[" + " ".join(show(x) for x in elements) + "]"
        case ObjectLiteral(properties=properties):
            items = [
                show(p) if isinstance(p, Spread) else p.key if p.shorthand else f"{p.key}:{show(p.value)}"
                for p in properties
            ]
            return "{" + " ".join(items) + "}"
        case Spread(argument=argument):
            return f"...{show(argument)}"
        case Hole():
            return "_"
    raise AssertionError(node)

"""Parse the inside of one WXML ``{{ }}`` into an expression tree.

The grammar is WeChat's JavaScript subset as glass-easel's template compiler accepts it:
literals, names, member access, calls, unary ``! - + ~ typeof void``, the binary operators with
JavaScript precedence (``??`` shares the level of ``||``), ``?:``, array and object literals with
spread. A brace-less property list (``a: 1, ...o``) is an object too, as in glass-easel; with
``object_shorthand`` (``<template data>``) a lone name ``x`` also means ``{x: x}``.

Words are keywords only where the grammar needs them, so ``{{in}}``, ``{{new}}`` and
``{{a.typeof}}`` are plain data names. The parser stops at the first syntax error, reports it
with its position, and returns ``None``.
"""

from __future__ import annotations

from typing import Any, NoReturn, cast, get_args

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import expression as msg
from openmini.compiler.messages.registry import Message
from openmini.compiler.parse.expression_lexer import Kind, Lexer, Token
from openmini.compiler.parse.expression_nodes import (
    ArrayLiteral,
    Binary,
    BinaryOperator,
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
    UnaryOperator,
    UndefinedLiteral,
)
from openmini.compiler.parse.expression_numbers import js_number_text
from openmini.compiler.source import SourceFile

__all__ = ["MAX_HEIGHT", "MAX_NESTING", "parse_expression"]

# Bounds that keep every recursive walk of a tree (ours and other phases') far from Python's
# recursion limit; real templates stay well under them.
MAX_NESTING = 48
MAX_HEIGHT = 160

_BINARY_PRECEDENCE: dict[str, int] = {
    "??": 1, "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5,
    "==": 6, "!=": 6, "===": 6, "!==": 6,
    "<": 7, ">": 7, "<=": 7, ">=": 7, "instanceof": 7,
    "<<": 8, ">>": 8, ">>>": 8,
    "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}  # fmt: skip
_BINARY_OPERATORS: dict[str, BinaryOperator] = {operator: operator for operator in get_args(BinaryOperator)}
_UNARY: dict[str, UnaryOperator] = {"!": "!", "-": "-", "+": "+", "~": "~", "typeof": "typeof", "void": "void"}
_KEYWORD_PREFIX = frozenset({"typeof", "void"})

_ASSIGNMENT_HINT = "; a template cannot change data: call setData from the page or component"
_LOGIC_HINT = "; move the logic into a WXS module or compute it in JS"
_ASSIGNMENTS = ("=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??=")
# Token text (in operator position) → (construct, hint) for JavaScript that WXML lacks.
_UNSUPPORTED_INFIX: dict[str, tuple[str, str]] = {
    **{op: ("assignment", _ASSIGNMENT_HINT) for op in _ASSIGNMENTS},
    "=>": ("an arrow function", _LOGIC_HINT),
    "++": ("`++`", _ASSIGNMENT_HINT),
    "--": ("`--`", _ASSIGNMENT_HINT),
    "**": ("the `**` operator", "; use a WXS function"),
    "?.": ("optional chaining `?.`", "; member access in WXML already yields undefined on null: write `a.b`"),
    "`": ("a template literal", "; join strings with +"),
    "in": ("the `in` operator", _LOGIC_HINT),
}  # fmt: skip
_UNSUPPORTED_PREFIX: dict[str, tuple[str, str]] = {
    "/": ("a regular expression literal", _LOGIC_HINT),
    "/=": ("a regular expression literal", _LOGIC_HINT),
    "`": ("a template literal", "; join strings with +"),
    "++": ("`++`", _ASSIGNMENT_HINT),
    "--": ("`--`", _ASSIGNMENT_HINT),
    "...": ("spread outside an array or object literal", ""),
}


def parse_expression(
    source: SourceFile, start: int, end: int, diagnostics: Diagnostics, *, object_shorthand: bool = False
) -> Expr | None:
    """Parse ``source.text[start:end]``; diagnostics carry absolute positions in ``source``."""
    return _Parser(source, start, end, diagnostics).parse(object_shorthand)


class _Stop(Exception):
    """Unwinds the parser after the first syntax error has been reported."""


class _Parser:
    def __init__(self, source: SourceFile, start: int, end: int, diagnostics: Diagnostics) -> None:
        self._source = source
        self._start = start
        self._end = end
        self._diagnostics = diagnostics
        self._lexer = Lexer(source.text, start, end)
        self._nesting = 0
        self._heights: dict[int, int] = {}

    def parse(self, object_shorthand: bool) -> Expr | None:
        try:
            first = self._lexer.peek()
            if first.kind is Kind.EOF:
                self._report(msg.EMPTY_EXPRESSION, first.start, first.start)
                return StringLiteral(self._start, self._end, "")
            if self._starts_property_list(object_shorthand):
                expr: Expr = self._properties(None, first)
            else:
                expr = self._conditional()
            trailing = self._lexer.peek()
            if trailing.kind is not Kind.EOF:
                self._fail_unexpected(trailing, msg.TRAILING_INPUT, found=trailing.describe())
            return expr
        except _Stop:
            return None

    # --- reporting -------------------------------------------------------------------------

    def _report(self, message: Message, start: int, end: int, **params: Any) -> None:
        self._diagnostics.add(message.at(self._source, start, end, **params))

    def _fail(self, message: Message, start: int, end: int, **params: Any) -> NoReturn:
        self._report(message, start, end, **params)
        raise _Stop

    def _fail_unexpected(self, token: Token, message: Message, **params: Any) -> NoReturn:
        """Report ``token`` where it does not fit, naming unsupported JavaScript specifically."""
        if token.kind is Kind.ERROR:
            for problem in token.problems:
                self._report(problem.message, problem.start, problem.end, **problem.params)
            raise _Stop
        if token.kind in (Kind.PUNCT, Kind.IDENT) and token.text in _UNSUPPORTED_INFIX:
            construct, hint = _UNSUPPORTED_INFIX[token.text]
            self._fail(msg.UNSUPPORTED_SYNTAX, token.start, token.end, construct=construct, hint=hint)
        self._fail(message, token.start, token.end, **params)

    def _take(self) -> Token:
        token = self._lexer.next()
        for problem in token.problems:
            self._report(problem.message, problem.start, problem.end, **problem.params)
        return token

    def _is(self, token: Token, text: str) -> bool:
        return token.kind is Kind.PUNCT and token.text == text

    def _expect_closing(self, close: str, opener: Token) -> Token:
        token = self._lexer.peek()
        if self._is(token, close):
            return self._take()
        self._fail_unexpected(
            token, msg.MISSING_CLOSING, close=f"`{close}`", open=f"`{opener.text}`", found=token.describe()
        )

    # --- tree bookkeeping ------------------------------------------------------------------

    def _node(self, node: Expr, *children: Expr | Spread | Property | Hole) -> Expr:
        height = 1 + max((self._height(child) for child in children), default=0)
        if height > MAX_HEIGHT:
            self._fail(msg.TOO_DEEP, node.start, node.end, limit=MAX_HEIGHT)
        self._heights[id(node)] = height
        return node

    def _height(self, node: Expr | Spread | Property | Hole) -> int:
        if isinstance(node, Spread):
            return self._height(node.argument) + 1
        if isinstance(node, Property):
            return self._height(node.value) + 1
        return self._heights.get(id(node), 1)

    # --- grammar ---------------------------------------------------------------------------

    def _conditional(self) -> Expr:
        self._nesting += 1
        if self._nesting > MAX_NESTING:
            token = self._lexer.peek()
            self._fail(msg.TOO_DEEP, token.start, token.end, limit=MAX_NESTING)
        test = self._binary(1)
        if self._is(self._lexer.peek(), "?"):
            self._take()
            consequent = self._conditional()
            colon = self._lexer.peek()
            if not self._is(colon, ":"):
                self._fail_unexpected(colon, msg.MISSING_COLON, found=colon.describe())
            self._take()
            alternate = self._conditional()
            test = self._node(
                Conditional(test.start, alternate.end, test, consequent, alternate), test, consequent, alternate
            )
        self._nesting -= 1
        return test

    def _binary(self, min_precedence: int) -> Expr:
        left = self._unary()
        while True:
            token = self._lexer.peek()
            operator = _binary_operator(token)
            if operator is None or _BINARY_PRECEDENCE[operator] < min_precedence:
                return left
            self._take()
            right = self._binary(_BINARY_PRECEDENCE[operator] + 1)
            left = self._node(Binary(left.start, right.end, operator, left, right), left, right)

    def _unary(self) -> Expr:
        token = self._lexer.peek()
        operator = _unary_operator(token)
        if operator is None:
            return self._postfix(self._primary())
        self._take()
        self._nesting += 1
        if self._nesting > MAX_NESTING:
            self._fail(msg.TOO_DEEP, token.start, token.end, limit=MAX_NESTING)
        operand = self._unary()
        self._nesting -= 1
        return self._node(Unary(token.start, operand.end, operator, operand), operand)

    def _postfix(self, expr: Expr) -> Expr:
        while True:
            token = self._lexer.peek()
            if self._is(token, "."):
                self._take()
                name = self._lexer.peek()
                if name.kind is not Kind.IDENT:
                    self._fail_unexpected(name, msg.EXPECTED_PROPERTY_NAME, found=name.describe())
                self._take()
                expr = self._node(Member(expr.start, name.end, expr, name.text, name.start), expr)
            elif token.kind is Kind.NUMBER and token.text.startswith("."):
                # `a.0` lexes as `a` and the number `.0`; the dot is what is wrong here.
                self._fail(msg.EXPECTED_PROPERTY_NAME, token.start + 1, token.end, found=f"`{token.text[1:]}`")
            elif self._is(token, "["):
                self._take()
                index = self._conditional()
                close = self._expect_closing("]", token)
                expr = self._node(Index(expr.start, close.end, expr, index), expr, index)
            elif self._is(token, "("):
                self._take()
                arguments = self._arguments()
                close = self._expect_closing(")", token)
                expr = self._node(Call(expr.start, close.end, expr, arguments), expr, *arguments)
            else:
                return expr

    def _arguments(self) -> tuple[Expr, ...]:
        arguments: list[Expr] = []
        while not self._is(self._lexer.peek(), ")"):
            token = self._lexer.peek()
            if self._is(token, "..."):
                self._fail(msg.UNSUPPORTED_SYNTAX, token.start, token.end, construct="spread in a call", hint="")
            arguments.append(self._conditional())
            if not self._is(self._lexer.peek(), ","):
                break
            self._take()
        return tuple(arguments)

    def _primary(self) -> Expr:
        token = self._lexer.peek()
        if token.kind is Kind.NUMBER:
            self._take()
            return NumberLiteral(token.start, token.end, cast(int | float, token.value))
        if token.kind is Kind.STRING:
            self._take()
            return StringLiteral(token.start, token.end, str(token.value))
        if token.kind is Kind.IDENT:
            return self._word(token)
        if self._is(token, "("):
            return self._parenthesized(token)
        if self._is(token, "["):
            return self._array(token)
        if self._is(token, "{"):
            self._take()
            return self._properties(token, token)
        if token.kind is Kind.PUNCT and token.text in _UNSUPPORTED_PREFIX:
            construct, hint = _UNSUPPORTED_PREFIX[token.text]
            self._fail(msg.UNSUPPORTED_SYNTAX, token.start, token.end, construct=construct, hint=hint)
        self._fail_unexpected(token, msg.EXPECTED_EXPRESSION, found=token.describe())

    def _word(self, token: Token) -> Expr:
        self._take()
        name = token.text
        if name == "true" or name == "false":
            return BooleanLiteral(token.start, token.end, name == "true")
        if name == "null":
            return NullLiteral(token.start, token.end)
        if name == "undefined":
            return UndefinedLiteral(token.start, token.end)
        if name == "new" and self._lexer.peek().kind is Kind.IDENT:
            self._fail(msg.UNSUPPORTED_SYNTAX, token.start, token.end, construct="`new`", hint=_LOGIC_HINT)
        return Identifier(token.start, token.end, name)

    def _parenthesized(self, opener: Token) -> Expr:
        self._take()
        if self._is(self._lexer.peek(), ")") and self._is(self._lexer.peek(1), "=>"):
            arrow = self._lexer.peek(1)
            self._fail(msg.UNSUPPORTED_SYNTAX, arrow.start, arrow.end, construct="an arrow function", hint=_LOGIC_HINT)
        inner = self._conditional()
        self._expect_closing(")", opener)
        # The tree keeps no parentheses: the emitter re-derives them from precedence.
        return inner

    def _array(self, opener: Token) -> Expr:
        self._take()
        elements: list[Expr | Spread | Hole] = []
        while True:
            token = self._lexer.peek()
            if self._is(token, "]"):
                break
            if self._is(token, ","):
                self._take()
                elements.append(Hole(token.start, token.start))
                continue
            if self._is(token, "..."):
                self._take()
                argument = self._conditional()
                elements.append(Spread(token.start, argument.end, argument))
            else:
                elements.append(self._conditional())
            if not self._is(self._lexer.peek(), ","):
                break
            self._take()
        close = self._expect_closing("]", opener)
        return self._node(ArrayLiteral(opener.start, close.end, tuple(elements)), *elements)

    def _starts_property_list(self, object_shorthand: bool) -> bool:
        first, second = self._lexer.peek(), self._lexer.peek(1)
        if self._is(first, "..."):
            return True
        if first.kind is Kind.IDENT and (self._is(second, ":") or self._is(second, ",")):
            return True
        if first.kind is Kind.STRING and self._is(second, ":"):
            return True
        return object_shorthand and first.kind is Kind.IDENT and second.kind is Kind.EOF

    def _properties(self, opener: Token | None, first: Token) -> Expr:
        """``{…}`` after its ``{`` (``opener``), or a brace-less list up to the end (no opener)."""
        properties: list[Property | Spread] = []
        seen: set[str] = set()
        close = "}" if opener is not None else None
        while True:
            token = self._lexer.peek()
            if close is not None and self._is(token, close):
                break
            if self._is(token, "..."):
                self._take()
                argument = self._conditional()
                properties.append(Spread(token.start, argument.end, argument))
            else:
                properties.append(self._property(token, seen))
            after = self._lexer.peek()
            if self._is(after, ","):
                self._take()
                if close is None and self._lexer.peek().kind is Kind.EOF:
                    break
                continue
            if close is None and after.kind is Kind.EOF:
                break
            if close is not None and self._is(after, close):
                break
            expected = "`,`" if close is None else "`,` or `}`"
            self._fail_unexpected(after, msg.UNEXPECTED_TOKEN, found=after.describe(), expected=expected)
        if opener is not None:
            end = self._take().end
            start = opener.start
        else:
            start, end = first.start, properties[-1].end
        return self._node(ObjectLiteral(start, end, tuple(properties)), *properties)

    def _property(self, token: Token, seen: set[str]) -> Property:
        if self._is(token, "["):
            self._fail(msg.UNSUPPORTED_SYNTAX, token.start, token.end, construct="a computed property key", hint="")
        if token.kind is Kind.IDENT:
            key = token.text
        elif token.kind is Kind.STRING:
            key = str(token.value)
        elif token.kind is Kind.NUMBER:
            key = js_number_text(cast(int | float, token.value))
        else:
            self._fail_unexpected(token, msg.EXPECTED_PROPERTY_NAME, found=token.describe())
        self._take()
        if key in seen:
            self._report(msg.DUPLICATE_KEY, token.start, token.end, key=f"`{key}`")
        seen.add(key)
        after = self._lexer.peek()
        if self._is(after, ":"):
            self._take()
            value = self._conditional()
            return Property(token.start, value.end, key, value, shorthand=False)
        if token.kind is Kind.IDENT and (self._is(after, ",") or self._is(after, "}") or after.kind is Kind.EOF):
            # As in glass-easel, `{true}` is the data field named "true", not the literal.
            return Property(token.start, token.end, key, Identifier(token.start, token.end, key), shorthand=True)
        self._fail_unexpected(after, msg.UNEXPECTED_TOKEN, found=after.describe(), expected="`:`")


def _binary_operator(token: Token) -> BinaryOperator | None:
    if token.kind is Kind.PUNCT or (token.kind is Kind.IDENT and token.text == "instanceof"):
        return _BINARY_OPERATORS.get(token.text)
    return None


def _unary_operator(token: Token) -> UnaryOperator | None:
    if token.kind is Kind.PUNCT and token.text in _UNARY:
        return _UNARY[token.text]
    if token.kind is Kind.IDENT and token.text in _KEYWORD_PREFIX:
        return _UNARY[token.text]
    return None

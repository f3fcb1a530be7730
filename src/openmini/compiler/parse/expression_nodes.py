"""The syntax tree of a WXML ``{{ }}`` expression.

Every node carries ``start``/``end``: absolute offsets (code points) into the source file, so a
later phase can point a diagnostic at any sub-expression.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias


@dataclass(frozen=True, slots=True)
class StringLiteral:
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class NumberLiteral:
    start: int
    end: int
    value: int | float


@dataclass(frozen=True, slots=True)
class BooleanLiteral:
    start: int
    end: int
    value: bool


@dataclass(frozen=True, slots=True)
class NullLiteral:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class UndefinedLiteral:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Identifier:
    """A name: a ``wx:for`` local, a WXS module, or (otherwise) a data field."""

    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class Member:
    """``object.name``."""

    start: int
    end: int
    object: Expr
    name: str
    name_start: int


@dataclass(frozen=True, slots=True)
class Index:
    """``object[index]``."""

    start: int
    end: int
    object: Expr
    index: Expr


@dataclass(frozen=True, slots=True)
class Call:
    start: int
    end: int
    callee: Expr
    arguments: tuple[Expr, ...]


UnaryOperator: TypeAlias = Literal["!", "-", "+", "~", "typeof", "void"]
BinaryOperator: TypeAlias = Literal[
    "*", "/", "%", "+", "-", "<<", ">>", ">>>", "<", ">", "<=", ">=", "instanceof",
    "==", "!=", "===", "!==", "&", "^", "|", "&&", "||", "??",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Unary:
    start: int
    end: int
    operator: UnaryOperator
    operand: Expr


@dataclass(frozen=True, slots=True)
class Binary:
    start: int
    end: int
    operator: BinaryOperator
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Conditional:
    start: int
    end: int
    test: Expr
    consequent: Expr
    alternate: Expr


@dataclass(frozen=True, slots=True)
class Spread:
    """``...argument`` inside an array or object literal."""

    start: int
    end: int
    argument: Expr


@dataclass(frozen=True, slots=True)
class Hole:
    """An elided array element, as in ``[a, , b]``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArrayLiteral:
    start: int
    end: int
    elements: tuple[Expr | Spread | Hole, ...]


@dataclass(frozen=True, slots=True)
class Property:
    """``key: value``; for the shorthand ``{a}`` the value is the identifier ``a``."""

    start: int
    end: int
    key: str
    value: Expr
    shorthand: bool


@dataclass(frozen=True, slots=True)
class ObjectLiteral:
    """``{…}``; also the brace-less property list of ``<template data="{{a, b: 1, ...o}}">``."""

    start: int
    end: int
    properties: tuple[Property | Spread, ...]


Expr: TypeAlias = (
    StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral | UndefinedLiteral | Identifier | Member
    | Index | Call | Unary | Binary | Conditional | ArrayLiteral | ObjectLiteral
)  # fmt: skip

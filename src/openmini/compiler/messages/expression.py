"""Messages of the expression area (the inside of ``{{ }}``): codes 3000–3999."""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

__all__ = [
    "DUPLICATE_KEY",
    "EMPTY_EXPRESSION",
    "ERROR",
    "EXPECTED_EXPRESSION",
    "EXPECTED_PROPERTY_NAME",
    "INVALID_ESCAPE",
    "INVALID_NUMBER",
    "MISSING_CLOSING",
    "MISSING_COLON",
    "OCTAL_ESCAPE",
    "TOO_DEEP",
    "TRAILING_INPUT",
    "UNEXPECTED_CHARACTER",
    "UNEXPECTED_TOKEN",
    "UNSUPPORTED_SYNTAX",
    "UNTERMINATED_COMMENT",
    "UNTERMINATED_STRING",
    "WARNING",
    "Message",
]

# An empty ``{{ }}`` renders as the empty string, as in WeChat; it is almost always a slip.
EMPTY_EXPRESSION = Message(3001, "empty_expression", WARNING, "the expression is empty")
UNEXPECTED_CHARACTER = Message(3002, "unexpected_character", ERROR, "unexpected character {char}")
UNEXPECTED_TOKEN = Message(3003, "unexpected_token", ERROR, "unexpected {found}; expected {expected}")
EXPECTED_EXPRESSION = Message(3004, "expected_expression", ERROR, "expected an expression but found {found}")
UNTERMINATED_STRING = Message(3005, "unterminated_string", ERROR, "unterminated string literal")
UNTERMINATED_COMMENT = Message(3006, "unterminated_comment", ERROR, "unterminated /* comment")
INVALID_ESCAPE = Message(3007, "invalid_escape", ERROR, "invalid escape sequence {sequence}")
INVALID_NUMBER = Message(3008, "invalid_number", ERROR, "invalid number literal {text}")
UNSUPPORTED_SYNTAX = Message(
    3009, "unsupported_syntax", ERROR, "{construct} is not supported in WXML expressions{hint}"
)
MISSING_CLOSING = Message(3010, "missing_closing", ERROR, "expected {close} to match {open}, found {found}")
MISSING_COLON = Message(3011, "missing_colon", ERROR, "expected : of the conditional expression, found {found}")
EXPECTED_PROPERTY_NAME = Message(3012, "expected_property_name", ERROR, "expected a property name, found {found}")
TRAILING_INPUT = Message(3013, "trailing_input", ERROR, "unexpected {found} after the end of the expression")
DUPLICATE_KEY = Message(3014, "duplicate_key", WARNING, "duplicate key {key} in object literal; the last one wins")
TOO_DEEP = Message(3015, "too_deep", ERROR, "expression is nested more than {limit} levels deep")
# JavaScript would read `\1` as U+0001; WeChat's compiler reads the digit itself, and so do we.
OCTAL_ESCAPE = Message(3016, "octal_escape", WARNING, "octal escape {sequence} is not supported; it reads as {char}")

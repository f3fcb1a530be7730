"""Messages of the toolchain area (compiler plugins, building npm, extended libraries): codes 8000–8999."""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

# TypeScript (the `typescript` compiler plugin): types are erased, runtime syntax is refused.
TS_UNSUPPORTED = Message(
    8001,
    "ts_unsupported",
    ERROR,
    "{what} is TypeScript that generates code; openmini compiles TypeScript by erasing types only: {hint}",
)
TS_ENUM_COMPUTED = Message(
    8002,
    "ts_enum_computed",
    ERROR,
    "enum {enum!r}: only members with literal values (numbers, strings) or none can be compiled; "
    "give each member a literal value, or use a plain object",
)

# Less (the `less` compiler plugin): a documented subset of Less.
LESS_SYNTAX = Message(8101, "less_syntax", ERROR, "Less syntax error: {reason}")
LESS_UNSUPPORTED = Message(
    8102,
    "less_unsupported",
    ERROR,
    "{feature} is not supported by openmini's Less compiler (variables, nesting with &, mixins without "
    "guards, // comments, arithmetic and @import of .less are); rewrite it in that subset or in plain WXSS",
)
LESS_UNDEFINED = Message(8103, "less_undefined", ERROR, "variable @{name} is not defined")
LESS_IMPORT_MISSING = Message(8104, "less_import_missing", ERROR, "@import {target!r}: no such file")
LESS_MIXIN_UNKNOWN = Message(8105, "less_mixin_unknown", ERROR, "mixin {name} is not defined")
LESS_UNITS = Message(8106, "less_units", ERROR, "cannot compute {expression!r}: the units {left} and {right} differ")
LESS_IMPORT_CYCLE = Message(8107, "less_import_cycle", ERROR, "@import {target!r} imports itself again")

# Building npm: node_modules → miniprogram_npm, as WeChat's devtools do.
NPM_NOT_INSTALLED = Message(
    8201,
    "npm_not_installed",
    WARNING,
    "dependency {package!r} of {manifest} is not installed in node_modules; run npm install there",
)
NPM_ENTRY_MISSING = Message(
    8202,
    "npm_entry_missing",
    WARNING,
    "npm package {package!r} has no entry file ({entry}) and no miniprogram folder; it is not built",
)
NPM_BAD_MANIFEST = Message(8203, "npm_bad_manifest", WARNING, "{manifest} is not a valid package.json: {reason}")
NPM_RELATION_BAD = Message(
    8204,
    "npm_relation_bad",
    WARNING,
    "packNpmRelationList entry {index}: {reason}; it is not built",
)

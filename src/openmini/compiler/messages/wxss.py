"""Messages of the wxss area: codes 4000–4999.

4001–4009 syntax, 4010–4019 ``@import``, 4020–4029 at-rules, 4030–4039 component selectors.
"""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

__all__ = ["ERROR", "WARNING", "Message"]

UNTERMINATED_STRING = Message(4001, "unterminated_string", ERROR, "unterminated string")
BAD_URL = Message(4002, "bad_url", ERROR, "malformed url(): {detail}")
UNMATCHED_BRACKET = Message(4003, "unmatched_bracket", ERROR, "unmatched {char!r}")
MISSING_BLOCK = Message(4004, "missing_block", ERROR, "expected a {{ }} block after the selector; the rule is dropped")
INVALID_DECLARATION = Message(4005, "invalid_declaration", ERROR, "invalid declaration: {detail}")
INVALID_SELECTOR = Message(4006, "invalid_selector", WARNING, "invalid selector: {detail}; the rule is dropped")
EMPTY_VALUE = Message(4007, "empty_value", WARNING, "property {name} has no value; the declaration is dropped")

BAD_IMPORT = Message(4010, "bad_import", ERROR, '@import needs a path in quotes or url(), e.g. @import "common.wxss";')
IMPORT_NOT_FOUND = Message(4011, "import_not_found", ERROR, "cannot find the stylesheet {target!r} (looked for {path})")
IMPORT_OUTSIDE_ROOT = Message(4012, "import_outside_root", ERROR, "{target!r} leads outside the mini program root")
IMPORT_CYCLE = Message(4013, "import_cycle", ERROR, "@import cycle: {chain}")
IMPORT_REMOTE = Message(
    4014, "import_remote", WARNING, "remote stylesheet {target!r} cannot be imported; the @import is dropped"
)
IMPORT_LIMIT = Message(4015, "import_limit", ERROR, "@import expansion exceeds {limit}; this @import is skipped")
IMPORT_CONDITION = Message(
    4016,
    "import_condition",
    WARNING,
    "only media queries are supported after an @import path; {target!r} is imported unconditionally",
)
STYLESHEET_MISSING = Message(4017, "stylesheet_missing", ERROR, "stylesheet {file} does not exist")
STYLESHEET_NOT_COMPILED = Message(
    4018,
    "stylesheet_not_compiled",
    WARNING,
    '{file} is not compiled: openmini compiles Less only with "useCompilerPlugins": ["less"] in '
    "project.config.json, and never Sass or Stylus; compile it to {target} first, or this page or "
    "component has no styles",
)

UNKNOWN_AT_RULE = Message(4020, "unknown_at_rule", WARNING, "unknown at-rule @{name} is kept as written")
MISPLACED_AT_RULE = Message(4021, "misplaced_at_rule", ERROR, "@{name} is not allowed here; it is dropped")
AT_RULE_NEEDS_BLOCK = Message(4022, "at_rule_needs_block", ERROR, "@{name} needs a {{ }} block; it is dropped")

COMPONENT_TAG_SELECTOR = Message(
    4030,
    "component_tag_selector",
    WARNING,
    "tag selector {name!r} in a component stylesheet is not isolated and may not apply; use a class selector",
)
COMPONENT_ID_SELECTOR = Message(
    4031, "component_id_selector", WARNING, "ID selector {name!r} is not supported in a component stylesheet"
)
COMPONENT_ATTRIBUTE_SELECTOR = Message(
    4032,
    "component_attribute_selector",
    WARNING,
    "attribute selector {name} is not supported in a component stylesheet",
)
COMPONENT_UNIVERSAL_SELECTOR = Message(
    4033, "component_universal_selector", WARNING, "the * selector is not supported in a component stylesheet"
)
HOST_NOT_ISOLATED = Message(
    4034,
    "host_not_isolated",
    WARNING,
    ":host only applies in the stylesheet of an isolated component; it is left as written and matches nothing",
)

"""Messages of the wxml area: codes 2000–2999.

2000–2099 markup (parse/wxml.py), 2100–2199 checks (check/wxml.py), 2200–2299 view code
generation (generate/wxml*.py). Templates are ``str.format`` strings, so a literal brace is
written doubled.
"""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

# Markup.
UNCLOSED_TAG = Message(2001, "unclosed_tag", ERROR, "<{tag}> is never closed")
MISMATCHED_CLOSE = Message(
    2002,
    "mismatched_close",
    ERROR,
    "</{close}> does not match <{open}> opened at line {line}, column {column}",
)
STRAY_CLOSE = Message(2003, "stray_close", ERROR, "</{tag}> has no matching open tag")
UNCLOSED_MUSTACHE = Message(2004, "unclosed_mustache", ERROR, "`{{{{` is not closed by `}}}}`")
UNCLOSED_COMMENT = Message(2005, "unclosed_comment", ERROR, "comment is not closed by `-->`")
UNCLOSED_ATTRIBUTE_VALUE = Message(
    2006, "unclosed_attribute_value", ERROR, "value of attribute {name} is missing its closing {quote}"
)
UNEXPECTED_IN_TAG = Message(2007, "unexpected_in_tag", ERROR, "unexpected {char!r} in tag <{tag}>")
UNFINISHED_START_TAG = Message(2008, "unfinished_start_tag", ERROR, "<{tag} is missing its closing `>`")
TOO_DEEP = Message(2009, "too_deep", ERROR, "elements are nested more than {limit} deep")

# Checks.
ORPHAN_ELSE = Message(2101, "orphan_else", ERROR, "{attribute} has no wx:if or wx:elif sibling before it")
FOR_NOT_MUSTACHE = Message(
    2102,
    "for_not_mustache",
    WARNING,
    "{attribute}={value!r} is a plain string, so its characters are iterated; "
    'write {attribute}="{{{{{value}}}}}" to iterate data',
)
TEMPLATE_WITHOUT_NAME = Message(2103, "template_without_name", ERROR, "<template> needs a name or an is attribute")
MISSING_SRC = Message(2104, "missing_src", ERROR, "<{tag}> needs a src attribute")
# WeChat compiles such a file and only warns when the page renders ("Path … not found"); the
# official demo ships one, so this is a warning and the element renders nothing.
SRC_NOT_FOUND = Message(
    2105, "src_not_found", WARNING, "{target} not found (looked for {path}); this <{tag}> renders nothing"
)
WXS_SRC_NOT_FOUND = Message(2123, "wxs_src_not_found", ERROR, "{target} not found (looked for {path})")
SRC_ESCAPES_ROOT = Message(2106, "src_escapes_root", ERROR, "{target} leads outside the mini program root")
INCLUDE_CYCLE = Message(2107, "include_cycle", ERROR, "include cycle: {chain}")
WXS_WITHOUT_MODULE = Message(2108, "wxs_without_module", ERROR, "<wxs> needs a module attribute")
WXS_DUPLICATE_MODULE = Message(
    2109, "wxs_duplicate_module", ERROR, "WXS module {name!r} is already defined at line {line}"
)
WXS_SRC_NOT_WXS = Message(2110, "wxs_src_not_wxs", ERROR, "<wxs src> must name a .wxs file, not {target}")
UNKNOWN_WX_ATTRIBUTE = Message(2111, "unknown_wx_attribute", WARNING, "unknown attribute {name}; it is ignored")
DUPLICATE_ATTRIBUTE = Message(
    2112, "duplicate_attribute", WARNING, "attribute {name} is repeated; the first one is used"
)
WXS_SRC_AND_BODY = Message(
    2113, "wxs_src_and_body", WARNING, "<wxs> has both src and inline code; the inline code is ignored"
)
NAME_EXPECTED = Message(2114, "name_expected", ERROR, "{attribute} must be a plain name, not {value!r}")
KEY_IS_EXPRESSION = Message(
    2115,
    "key_is_expression",
    WARNING,
    "wx:key takes a field name or *this, not an expression; this list is not keyed",
)
DUPLICATE_TEMPLATE = Message(
    2116, "duplicate_template", WARNING, "template {name!r} is already defined at line {line}; this one is used"
)
TEMPLATE_DATA_NOT_MUSTACHE = Message(
    2117, "template_data_not_mustache", ERROR, "data of <template is> must be one {{{{ … }}}}"
)
WXS_BAD_MODULE_NAME = Message(2118, "wxs_bad_module_name", ERROR, "WXS module name {name!r} is not a valid identifier")
EMPTY_EVENT_NAME = Message(2119, "empty_event_name", ERROR, "{attribute} does not name an event")
IF_ON_DEFINITION = Message(2120, "if_on_definition", WARNING, "{attribute} has no effect on <{tag}>; it is ignored")

# View code generation.
MODEL_NOT_PATH = Message(
    2201, "model_not_path", ERROR, "{attribute} needs a data path such as {{{{a.b}}}} that can be assigned"
)
GENERIC_UNKNOWN = Message(
    2202, "generic_unknown", ERROR, "{attribute}={tag!r} does not name a component in usingComponents"
)

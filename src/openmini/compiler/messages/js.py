"""Messages of the js area (JavaScript and WXS modules): codes 6000–6999."""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

# Syntax (shared by JavaScript and WXS; tree-sitter gives a recovery region, not a parser's verdict,
# so the wording says "near" rather than naming one guilty token).
SYNTAX_ERROR = Message(6001, "js_syntax_error", ERROR, "syntax error near {snippet!r}")
SYNTAX_MISSING = Message(6002, "js_syntax_missing", ERROR, "syntax error: expected {token!r}")
SYNTAX_UNFINISHED = Message(
    6003, "js_syntax_unfinished", ERROR, "syntax error: {snippet!r} is not finished at the end of the code"
)
SYNTAX_TOO_MANY = Message(6004, "js_syntax_too_many", ERROR, "{count} more syntax errors not shown")

# require() in JavaScript modules.
DYNAMIC_REQUIRE = Message(
    6010, "dynamic_require", WARNING, "dynamic require cannot be resolved at build time; it will fail at run time"
)
# A warning, as in WeChat, which uploads such code: real apps (the official demo among them) ship
# pages whose helper files are missing, and only those pages fail, when they run.
REQUIRE_UNRESOLVED = Message(
    6011,
    "require_unresolved",
    WARNING,
    "cannot resolve require({spec!r}) in {path} (looked for {tried}); it will throw if it runs",
)
REQUIRE_NPM_NOT_BUILT = Message(
    6017,
    "require_npm_not_built",
    ERROR,
    "cannot resolve require({spec!r}) in {path}: the npm package {package!r} is not in miniprogram_npm; "
    "run npm install, then build npm (WeChat devtools: Tools → Build npm)",
)
REQUIRE_UNRESOLVED_NPM = Message(
    6012,
    "require_unresolved_npm",
    WARNING,
    "cannot resolve require({spec!r}) in the npm package file {path}; it will throw if it runs",
)
REQUIRE_MAIN_TO_SUBPACKAGE = Message(
    6013,
    "require_main_to_subpackage",
    ERROR,
    "{path} is in the main package and cannot require {target} from subpackage {package!r}",
)
REQUIRE_OTHER_SUBPACKAGE = Message(
    6014,
    "require_other_subpackage",
    ERROR,
    "{path} is in subpackage {own!r} and cannot require {target} from subpackage {package!r}",
)
REQUIRE_INDEPENDENT_TO_MAIN = Message(
    6015,
    "require_independent_to_main",
    WARNING,
    "{path} is in independent subpackage {own!r} and requires {target} from the main package, which WeChat"
    " forbids; the module is copied into the subpackage so that it also runs when launched alone",
)
JSON_MODULE_INVALID = Message(6016, "json_module_invalid", ERROR, "required JSON module is not valid JSON: {reason}")
REQUIRE_OUTSIDE_WORKERS = Message(
    6020,
    "require_outside_workers",
    ERROR,
    "{path} is worker code and cannot require {target}: a worker requires only files of the workers folder {root!r}",
)

# WXS modules.
WXS_REQUIRE_NOT_WXS = Message(
    6030, "wxs_require_not_wxs", ERROR, "WXS can only require .wxs files; {spec!r} is not one"
)
WXS_DYNAMIC_REQUIRE = Message(
    6031, "wxs_dynamic_require", ERROR, "WXS require needs a string literal path such as require('./util.wxs')"
)
WXS_REQUIRE_OUTSIDE = Message(6032, "wxs_require_outside", ERROR, "{spec!r} leads outside the mini program root")
WXS_REQUIRE_MISSING = Message(6033, "wxs_require_missing", ERROR, "WXS module {target} does not exist")
WXS_UNAVAILABLE_GLOBAL = Message(
    6034,
    "wxs_unavailable_global",
    WARNING,
    "{name!r} is not available in WXS, which runs in the view apart from the logic layer; it is undefined in WeChat",
)

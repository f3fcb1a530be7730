"""Messages of the config area: codes 5000–5999.

5000–5099 JSON syntax, 5100–5199 value types and keys, 5200–5299 the app structure
(pages, packages, tabBar), 5300–5399 usingComponents resolution.
"""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

__all__ = ["ERROR", "WARNING", "Message"]

# JSON syntax
JSON_UNEXPECTED = Message(5001, "json_unexpected", ERROR, "unexpected {found}; expected {expected}")
JSON_UNTERMINATED_STRING = Message(5002, "json_unterminated_string", ERROR, "unterminated string")
JSON_BAD_ESCAPE = Message(5003, "json_bad_escape", ERROR, "invalid escape sequence {escape} in a string")
JSON_CONTROL_CHARACTER = Message(
    5004, "json_control_character", ERROR, "control character U+{code} must be escaped inside a string"
)
JSON_BAD_NUMBER = Message(5005, "json_bad_number", ERROR, "invalid number {text}")
JSON_COMMENT = Message(5006, "json_comment", ERROR, "comments are not allowed in JSON configuration files")
JSON_TRAILING_COMMA = Message(5007, "json_trailing_comma", ERROR, "trailing comma is not allowed in JSON")
JSON_SINGLE_QUOTES = Message(5008, "json_single_quotes", ERROR, "JSON strings must use double quotes")
JSON_DUPLICATE_KEY = Message(5009, "json_duplicate_key", WARNING, "duplicate key {key!r}; the last value wins")
JSON_TRAILING_CONTENT = Message(5010, "json_trailing_content", ERROR, "unexpected content after the JSON value")
JSON_EMPTY = Message(5011, "json_empty", ERROR, "the file is empty; expected a JSON object")
JSON_TOO_DEEP = Message(5012, "json_too_deep", ERROR, "values are nested deeper than {limit} levels")
JSON_UNQUOTED_KEY = Message(5013, "json_unquoted_key", ERROR, "object keys must be double-quoted strings")

# Value types and keys
NOT_AN_OBJECT = Message(5100, "not_an_object", ERROR, "{file} must contain a JSON object, not {actual}")
WRONG_TYPE = Message(5101, "wrong_type", ERROR, "{key} must be {expected}, not {actual}")
BAD_CHOICE = Message(5102, "bad_choice", ERROR, "{key} must be one of {choices}, not {value}")
REQUIRED_KEY = Message(5103, "required_key", ERROR, "{key} is required")
BAD_COLOR = Message(5104, "bad_color", ERROR, "{key} must be a hex colour such as #ffffff, not {value}")
INVALID_VALUE = Message(5105, "invalid_value", ERROR, "{key}: {reason}")
UNKNOWN_KEY = Message(
    5106, "unknown_key", WARNING, "unknown key {key!r} in {where}; openmini keeps it but does not use it"
)
NUMBER_RANGE = Message(5107, "number_range", ERROR, "{key} must be {bound}, not {value}")
PLUGINS_UNSUPPORTED = Message(5108, "plugins_unsupported", ERROR, "plugins are not supported on openmini; remove {key}")
UNSUPPORTED_KEY = Message(5109, "unsupported_key", WARNING, "{key} is not supported on openmini and is ignored")
BOTH_SUBPACKAGE_KEYS = Message(
    5110, "both_subpackage_keys", ERROR, "app.json has both subpackages and subPackages; use one of them"
)
BAD_ALIAS = Message(5111, "bad_alias", ERROR, "resolveAlias {key!r}: {value!r}: key and value must both end with /*")
XR_FRAME_UNSUPPORTED = Message(
    5112,
    "xr_frame_unsupported",
    WARNING,
    "renderer 'xr-frame' is not supported on openmini: this component's xr-* elements do not render "
    "(the rest of the mini program works)",
)

# App structure: pages, packages, tabBar
PAGES_EMPTY = Message(5200, "pages_empty", ERROR, "pages must list at least one page")
PAGE_EXTENSION = Message(5201, "page_extension", ERROR, "page path {page!r} must not have a file extension")
PAGE_LEADING_SLASH = Message(5202, "page_leading_slash", ERROR, "page path {page!r} must not start with /")
PAGE_DUPLICATE = Message(5203, "page_duplicate", ERROR, "page {page!r} is listed more than once")
PAGE_FILE_MISSING = Message(5204, "page_file_missing", ERROR, "page {page!r} has no {file} file")
PAGE_JS_UNCOMPILED = Message(
    5207,
    "page_js_uncompiled",
    ERROR,
    "page {page!r} has no .js file, only {file}: TypeScript is compiled only when project.config.json "
    'has "useCompilerPlugins": ["typescript"] (under "setting"); add it, or compile to .js first',
)
PAGE_BAD_PATH = Message(5205, "page_bad_path", ERROR, "page path {page!r} is not a path inside the mini program")
ENTRY_PAGE_UNKNOWN = Message(5206, "entry_page_unknown", ERROR, "entryPagePath {page!r} is not one of the pages")
SUBPACKAGE_ROOT_MISSING = Message(
    5210, "subpackage_root_missing", ERROR, "subpackage root {root!r} is not a folder of the mini program"
)
SUBPACKAGE_ROOT_OVERLAP = Message(
    5211, "subpackage_root_overlap", ERROR, "subpackage root {root!r} overlaps subpackage root {other!r}"
)
MAIN_PAGE_IN_SUBPACKAGE = Message(
    5212, "main_page_in_subpackage", ERROR, "main package page {page!r} lies under subpackage root {root!r}"
)
PACKAGE_NAME_DUPLICATE = Message(
    5213, "package_name_duplicate", ERROR, "package name {name!r} is used by more than one package"
)
# 5214 (a subpackage without pages) is retired: WeChat accepts "pages": [] for a subpackage that
# only holds components and modules loaded asynchronously from other packages.
SUBPACKAGE_ROOT_BAD = Message(
    5215, "subpackage_root_bad", ERROR, "subpackage root {root!r} is not a folder path inside the mini program"
)
TABBAR_COUNT = Message(5220, "tabbar_count", ERROR, "tabBar.list must have 2 to 5 items, not {count}")
TABBAR_PAGE_UNKNOWN = Message(5221, "tabbar_page_unknown", ERROR, "tabBar page {page!r} is not in pages")
TABBAR_PAGE_IN_SUBPACKAGE = Message(
    5222,
    "tabbar_page_in_subpackage",
    ERROR,
    "tabBar page {page!r} belongs to subpackage {package!r}; tabBar pages must be in the main package",
)
TABBAR_ICON_NETWORK = Message(
    5223, "tabbar_icon_network", ERROR, "tabBar icons must be files of the mini program, not network images"
)
TABBAR_ICON_MISSING = Message(5224, "tabbar_icon_missing", ERROR, "tabBar icon {path!r} does not exist")
TABBAR_ICON_TOO_LARGE = Message(
    5225, "tabbar_icon_too_large", ERROR, "tabBar icon {path!r} is {size} bytes; icons may be at most {limit} bytes"
)
CUSTOM_TABBAR_MISSING = Message(
    5226,
    "custom_tabbar_missing",
    ERROR,
    "tabBar.custom is true but there is no custom-tab-bar/index component in the mini program root",
)
TABBAR_PAGE_DUPLICATE = Message(5227, "tabbar_page_duplicate", ERROR, "tabBar page {page!r} is listed twice")
PRELOAD_PAGE_UNKNOWN = Message(5230, "preload_page_unknown", ERROR, "preloadRule page {page!r} is not a page")
PRELOAD_PACKAGE_UNKNOWN = Message(
    5231, "preload_package_unknown", ERROR, "preloadRule package {package!r} is neither a subpackage root nor a name"
)
THEME_FILE_MISSING = Message(5235, "theme_file_missing", ERROR, "themeLocation {path!r} does not exist")
SITEMAP_FILE_MISSING = Message(5236, "sitemap_file_missing", WARNING, "sitemapLocation {path!r} does not exist")
WORKERS_FOLDER_MISSING = Message(
    5240, "workers_folder_missing", ERROR, "workers {path!r} is not a folder of JavaScript files in the mini program"
)
# A warning: the call fails only when it runs (wx.createWorker throws), as it would in WeChat.
WORKERS_NOT_CONFIGURED = Message(
    5241,
    "workers_not_configured",
    WARNING,
    'wx.createWorker is called but app.json has no "workers" folder: the call will throw',
)

# usingComponents resolution and the component graph
COMPONENT_NOT_FOUND = Message(5300, "component_not_found", ERROR, "<{tag}>: component {target!r} not found")
NOT_A_COMPONENT = Message(5301, "not_a_component", ERROR, '<{tag}>: {path}.json does not declare "component": true')
COMPONENT_WXML_MISSING = Message(5302, "component_wxml_missing", ERROR, "<{tag}>: component {path!r} has no .wxml")
COMPONENT_JS_MISSING = Message(5303, "component_js_missing", WARNING, "<{tag}>: component {path!r} has no .js")
PLUGIN_COMPONENT = Message(
    5304, "plugin_component", ERROR, "<{tag}> uses {target!r}: plugins are not supported on openmini"
)
COMPONENT_PATH_ESCAPES = Message(
    5305, "component_path_escapes", ERROR, "<{tag}>: {target!r} leads outside the mini program root"
)
MAIN_USES_SUBPACKAGE = Message(
    5306,
    "main_uses_subpackage",
    ERROR,
    "<{tag}> in the main package uses {path!r} from subpackage {package!r}; "
    "move it to the main package or declare a componentPlaceholder for <{tag}>",
)
SUBPACKAGE_USES_OTHER = Message(
    5307,
    "subpackage_uses_other",
    ERROR,
    "<{tag}> in subpackage {user!r} uses {path!r} from subpackage {package!r}; "
    "declare a componentPlaceholder for <{tag}> to load it asynchronously",
)
INDEPENDENT_USES_MAIN = Message(
    5308,
    "independent_uses_main",
    ERROR,
    "<{tag}> in independent subpackage {user!r} uses {path!r} from the main package; "
    "independent subpackages cannot depend on the main package",
)
PLACEHOLDER_UNKNOWN_TAG = Message(
    5309,
    "placeholder_unknown_tag",
    WARNING,
    "componentPlaceholder names <{tag}>, which usingComponents does not declare",
)
BAD_TAG_NAME = Message(
    5310,
    "bad_tag_name",
    WARNING,
    "component tag {tag!r} should use only letters, digits, '-' and '_'",
)
EXTENDED_LIB_UNAVAILABLE = Message(
    5311,
    "extended_lib_unavailable",
    ERROR,
    "useExtendedLib {lib!r}: <{tag}> ({target!r}) and every other {prefix}/ component cannot be found: "
    "openmini serves this library from the npm package {package!r}, which is installed neither in the "
    "project (npm install {package} next to its package.json) nor in the platform's extended-library "
    "folder (OPENMINI_EXTENDED_LIBS; the operator runs npm install {package} there)",
)
EXTENDED_LIB_COMPONENT_UNKNOWN = Message(
    5314,
    "extended_lib_component_unknown",
    WARNING,
    "<{tag}>: {target!r} is not a component of the extended library {lib!r} (npm package {package!r}); "
    "WeChat loads extended-library components only when they render, so the page still opens, but "
    "<{tag}> renders as an unknown element",
)
NPM_NOT_BUILT = Message(
    5312,
    "npm_not_built",
    ERROR,
    "<{tag}>: component {target!r} not found: the npm package {package!r} is not in miniprogram_npm; "
    "run npm install, then build npm (WeChat devtools: Tools → Build npm)",
)
COMPONENT_JS_UNCOMPILED = Message(
    5313,
    "component_js_uncompiled",
    WARNING,
    "<{tag}>: component {path!r} has no .js, only {file}: TypeScript is compiled only with "
    '"useCompilerPlugins": ["typescript"] in project.config.json; without it the component has no logic',
)

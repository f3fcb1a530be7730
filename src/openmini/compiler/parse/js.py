"""JavaScript (and WXS) parsing with tree-sitter: syntax errors, require() calls, wx API uses.

tree-sitter reports byte offsets into UTF-8; everything leaving this module is a code-point
offset into the :class:`SourceFile` (the compiler's unit), shifted by ``base`` when the script
is a slice of a larger file (an inline ``<wxs>`` body inside WXML).
"""

from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter_javascript as tsj
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

from openmini.compiler.diagnostics import Diagnostic, Diagnostics
from openmini.compiler.messages import js as msg
from openmini.compiler.source import SourceFile

# Beyond this many error regions a file is usually not JavaScript at all; more lines add noise.
MAX_SYNTAX_ERRORS = 5

# The mini program framework's globals whose calls the capability report and review care about.
FRAMEWORK_CALLS = ("App", "Page", "Component", "Behavior", "getApp", "getCurrentPages")

# Names that exist in the logic layer but not where WXS runs (the view); see generate/wxs.py.
VIEW_UNAVAILABLE = ("wx", "getApp", "getCurrentPages", "window", "document", "setTimeout", "setInterval")

# wx.* members that are namespaces rather than APIs: `wx.cloud.callFunction` is the API `cloud.callFunction`.
WX_NAMESPACES = frozenset({"cloud"})

NPM_FOLDER = "miniprogram_npm"

_WATCHED = tuple(dict.fromkeys(("require", *FRAMEWORK_CALLS, *VIEW_UNAVAILABLE)))

_FUNCTION_SCOPES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "generator_function_declaration",
        "generator_function",
        "arrow_function",
        "method_definition",
        "program",
    }
)


def _any_of(capture: str, names: tuple[str, ...]) -> str:
    quoted = " ".join(f'"{name}"' for name in names)
    return f"(#any-of? @{capture} {quoted})"


_QUERY_TEXT = f"""
(call_expression function: (identifier) @require.fn arguments: (arguments) @require.args
  (#eq? @require.fn "require")) @require.call
(call_expression
  function: (member_expression object: (identifier) @require.fn property: (property_identifier) @require.async)
  arguments: (arguments) @require.args
  (#eq? @require.fn "require") (#eq? @require.async "async")) @require.call
(call_expression function: (identifier) @framework.fn {_any_of("framework.fn", FRAMEWORK_CALLS)})
(member_expression object: (identifier) @wx.object property: (property_identifier) @wx.name
  (#eq? @wx.object "wx")) @wx.member
(subscript_expression object: (identifier) @wx.object index: (string) @wx.key
  (#eq? @wx.object "wx")) @wx.subscript
(variable_declarator name: (object_pattern) @wx.pattern value: (identifier) @wx.object
  (#eq? @wx.object "wx"))
((identifier) @view.name {_any_of("view.name", VIEW_UNAVAILABLE)})
(formal_parameters (identifier) @param {_any_of("param", _WATCHED)})
(formal_parameters (assignment_pattern left: (identifier) @param {_any_of("param", _WATCHED)}))
(arrow_function parameter: (identifier) @param {_any_of("param", _WATCHED)})
(variable_declarator name: (identifier) @declared {_any_of("declared", _WATCHED)})
(function_declaration name: (identifier) @declared {_any_of("declared", _WATCHED)})
"""


@functools.cache
def _language() -> Language:
    return Language(tsj.language())


@functools.cache
def _query() -> Query:
    return Query(_language(), _QUERY_TEXT)


class OffsetMap:
    """UTF-8 byte offset → code-point offset, without a table when the text is ASCII."""

    def __init__(self, text: str) -> None:
        self._bytes: list[int] = []  # byte offset just after each non-ASCII character
        self._chars: list[int] = []  # code-point offset just after it
        if text.isascii():
            return
        extra = 0
        for index, ch in enumerate(text):
            code = ord(ch)
            if code < 0x80:
                continue
            extra += 1 if code < 0x800 else 2 if code < 0x10000 else 3
            self._bytes.append(index + 1 + extra)
            self._chars.append(index + 1)

    def char(self, byte: int) -> int:
        slot = bisect.bisect_right(self._bytes, byte) - 1
        if slot < 0:
            return byte
        return self._chars[slot] + (byte - self._bytes[slot])


@dataclass(frozen=True)
class Script:
    """A parsed script: ``source.text[base:stop]``, its tree, and node → source offset mapping."""

    source: SourceFile
    base: int
    stop: int
    tree: Tree
    offsets: OffsetMap

    @classmethod
    def parse(cls, source: SourceFile, start: int = 0, end: int | None = None) -> Script:
        stop = len(source.text) if end is None else max(start, min(end, len(source.text)))
        text = source.text[start:stop]
        tree = Parser(_language()).parse(text.encode("utf-8", "surrogatepass"))
        return cls(source, start, stop, tree, OffsetMap(text))

    def span(self, node: Node) -> tuple[int, int]:
        return self.base + self.offsets.char(node.start_byte), self.base + self.offsets.char(node.end_byte)

    def text(self, node: Node) -> str:
        start, end = self.span(node)
        return self.source.text[start:end]


@dataclass(frozen=True)
class Occurrence:
    """A name found in the code and where: ``source.text[start:end]``."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class RequireCall:
    """``require('spec')``: ``spec`` as written (escapes decoded); the span is the literal's.

    ``is_async`` marks WeChat's asynchronous forms, ``require(spec, callback)`` and
    ``require.async(spec)``, which may load a module of another subpackage.
    """

    spec: str
    start: int
    end: int
    is_async: bool = False


@dataclass(frozen=True)
class ScriptFacts:
    requires: tuple[RequireCall, ...]
    dynamic_requires: tuple[Occurrence, ...]  # the whole call, name "require"
    apis: tuple[Occurrence, ...]  # wx API names: "request", "cloud.callFunction"
    calls: tuple[Occurrence, ...]  # calls of FRAMEWORK_CALLS
    view_unavailable: tuple[Occurrence, ...]  # free references to VIEW_UNAVAILABLE names


@dataclass(frozen=True)
class JsAnalysis:
    """What the compiler needs to know about one ``.js`` module."""

    path: str
    requires: tuple[RequireCall, ...]
    apis: tuple[Occurrence, ...]
    calls: tuple[Occurrence, ...]
    syntax_ok: bool

    @property
    def api_names(self) -> frozenset[str]:
        return frozenset(use.name for use in self.apis)

    @property
    def call_names(self) -> frozenset[str]:
        return frozenset(use.name for use in self.calls)


def analyze_js(source: SourceFile, diagnostics: Diagnostics) -> JsAnalysis:
    """Parse a JavaScript module; report syntax errors and non-literal requires; list what it uses."""
    script = Script.parse(source)
    syntax_ok = report_syntax_errors(script, diagnostics)
    facts = scan(script)
    # The npm build's own loader calls require(variable) by design; warning there helps nobody.
    if not in_npm_folder(source.path):
        for call in facts.dynamic_requires:
            diagnostics.add(msg.DYNAMIC_REQUIRE.at(source, call.start, call.end))
    return JsAnalysis(source.path, facts.requires, facts.apis, facts.calls, syntax_ok)


def in_npm_folder(path: str) -> bool:
    return path.startswith(f"{NPM_FOLDER}/") or f"/{NPM_FOLDER}/" in path


# ---------------------------------------------------------------------------------------------
# Syntax errors


def report_syntax_errors(script: Script, diagnostics: Diagnostics) -> bool:
    """Report the first ERROR/MISSING node of each broken region; True when the script is clean."""
    root = script.tree.root_node
    if not root.has_error:
        return True
    regions = list(_error_regions(root))
    content_end = script.base + len(script.source.text[script.base : script.stop].rstrip())
    for node in regions[:MAX_SYNTAX_ERRORS]:
        diagnostics.add(_syntax_diagnostic(script, node, content_end))
    if len(regions) > MAX_SYNTAX_ERRORS:
        start, end = script.span(regions[MAX_SYNTAX_ERRORS])
        diagnostics.add(msg.SYNTAX_TOO_MANY.at(script.source, start, end, count=len(regions) - MAX_SYNTAX_ERRORS))
    return False


def _error_regions(root: Node) -> Iterator[Node]:
    """ERROR and MISSING nodes in document order, not descending into a reported one."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            yield node
        elif node.has_error:
            stack.extend(reversed(node.children))


def _syntax_diagnostic(script: Script, node: Node, content_end: int) -> Diagnostic:
    start, end = script.span(node)
    if node.is_missing:
        return msg.SYNTAX_MISSING.at(script.source, start, start, token=node.type)
    snippet = _snippet(script.source.text[start:end])
    if end >= content_end and node.child_count > 1:
        return msg.SYNTAX_UNFINISHED.at(script.source, start, start + 1, snippet=snippet)
    return msg.SYNTAX_ERROR.at(script.source, start, end, snippet=snippet)


def _snippet(text: str, limit: int = 24) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# require(), wx.*, framework calls


def scan(script: Script) -> ScriptFacts:
    """Every fact the compiler reads off a script, in one query pass."""
    requires: list[RequireCall] = []
    dynamic: list[Occurrence] = []
    apis: list[Occurrence] = []
    calls: list[Occurrence] = []
    view: list[Occurrence] = []
    candidates: list[tuple[str, dict[str, list[Node]]]] = []
    scopes: dict[str, set[int]] = defaultdict(set)
    for _pattern, captures in QueryCursor(_query()).matches(script.tree.root_node):
        if "param" in captures:
            node = captures["param"][0]
            function = _enclosing(node, _FUNCTION_SCOPES - {"program"}) or node
            scopes[script.text(node)].add(function.id)
        elif "declared" in captures:
            node = captures["declared"][0]
            holder = node.parent.parent if node.parent is not None else None
            scope = _enclosing(holder or node, _FUNCTION_SCOPES) or node
            scopes[script.text(node)].add(scope.id)
        else:
            candidates.append((_pattern_kind(captures), captures))
    for kind, captures in candidates:
        if kind == "require":
            call = captures["require.call"][0]
            if _shadowed(call, scopes.get("require")):
                continue
            literal = _require_literal(script, captures["require.args"][0], "require.async" in captures)
            if literal is None:
                start, end = script.span(call)
                dynamic.append(Occurrence("require", start, end))
            else:
                requires.append(literal)
        elif kind == "framework":
            node = captures["framework.fn"][0]
            name = script.text(node)
            if not _shadowed(node, scopes.get(name)):
                start, end = script.span(node.parent or node)
                calls.append(Occurrence(name, start, end))
        elif kind == "view":
            node = captures["view.name"][0]
            name = script.text(node)
            if not _shadowed(node, scopes.get(name)):
                start, end = script.span(node)
                view.append(Occurrence(name, start, end))
        elif not _shadowed(captures["wx.object"][0], scopes.get("wx")):
            apis.extend(_wx_uses(script, captures))
    return ScriptFacts(
        tuple(sorted(requires, key=lambda r: r.start)),
        tuple(sorted(dynamic, key=_by_start)),
        tuple(sorted(apis, key=_by_start)),
        tuple(sorted(calls, key=_by_start)),
        tuple(sorted(view, key=_by_start)),
    )


def _by_start(occurrence: Occurrence) -> int:
    return occurrence.start


def _pattern_kind(captures: dict[str, list[Node]]) -> str:
    for key in captures:
        head = key.split(".", 1)[0]
        if head in ("require", "framework", "view"):
            return head
    return "wx"


def _enclosing(node: Node, types: frozenset[str]) -> Node | None:
    current: Node | None = node
    while current is not None and current.type not in types:
        current = current.parent
    return current


def _shadowed(node: Node, scopes: set[int] | None) -> bool:
    """True when a parameter or declaration of the same name encloses ``node``."""
    if not scopes:
        return False
    current: Node | None = node
    while current is not None:
        if current.id in scopes:
            return True
        current = current.parent
    return False


def _require_literal(script: Script, arguments: Node, is_async: bool) -> RequireCall | None:
    named = [child for child in arguments.named_children if child.type != "comment"]
    first = named[0] if named else None
    if first is None or first.type not in ("string", "template_string"):
        return None
    value = _string_value(script, first)
    if value is None:
        return None
    start, end = script.span(first)
    return RequireCall(value, start, end, is_async or len(named) > 1)


def _string_value(script: Script, node: Node) -> str | None:
    """The value of a string or substitution-free template literal; None when it is computed."""
    parts: list[str] = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(script.text(child))
        elif child.type == "escape_sequence":
            parts.append(_unescape(script.text(child)))
        else:  # template_substitution, or an ERROR node inside a broken literal
            return None
    return "".join(parts)


_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescape(sequence: str) -> str:
    body = sequence[1:]
    if body[:1] in ("u", "x"):
        digits = body[1:].strip("{}")
        try:
            return chr(int(digits, 16))
        except (ValueError, OverflowError):
            return body
    if body.startswith(("\r\n", "\n", "\r", "\u2028", "\u2029")):
        return ""  # a line continuation adds nothing
    return _SIMPLE_ESCAPES.get(body, body)


def _wx_uses(script: Script, captures: dict[str, list[Node]]) -> list[Occurrence]:
    if "wx.pattern" in captures:
        return _destructured(script, captures["wx.pattern"][0])
    access = captures["wx.member"][0] if "wx.member" in captures else captures["wx.subscript"][0]
    name = _member_name(script, access)
    if name is None:
        return []
    parent = access.parent
    if name in WX_NAMESPACES and parent is not None and parent.child_by_field_name("object") == access:
        inner = _member_name(script, parent)
        if inner is not None:
            access, name = parent, f"{name}.{inner}"
    start, end = script.span(access)
    return [Occurrence(name, start, end)]


def _member_name(script: Script, access: Node) -> str | None:
    if access.type == "member_expression":
        prop = access.child_by_field_name("property")
        return script.text(prop) if prop is not None and prop.type == "property_identifier" else None
    if access.type == "subscript_expression":
        index = access.child_by_field_name("index")
        return _string_value(script, index) if index is not None and index.type == "string" else None
    return None


def _destructured(script: Script, pattern: Node) -> list[Occurrence]:
    """``const { request, login: signIn } = wx`` uses request and login."""
    found: list[Occurrence] = []
    for child in pattern.named_children:
        key: Node | None = child
        if child.type == "pair_pattern":
            key = child.child_by_field_name("key")
        elif child.type == "object_assignment_pattern":
            key = child.child_by_field_name("left")
        if key is None:
            continue
        if key.type in ("shorthand_property_identifier_pattern", "property_identifier"):
            name: str | None = script.text(key)
        elif key.type == "string":
            name = _string_value(script, key)
        else:
            continue
        if name:
            start, end = script.span(key)
            found.append(Occurrence(name, start, end))
    return found

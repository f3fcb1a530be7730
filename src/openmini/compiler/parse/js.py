"""JavaScript (and WXS) parsing with tree-sitter: syntax errors, require() calls, wx API uses.

tree-sitter reports byte offsets into UTF-8; everything leaving this module is a code-point
offset into the :class:`SourceFile` (the compiler's unit), shifted by ``base`` when the script
is a slice of a larger file (an inline ``<wxs>`` body inside WXML).
"""

from __future__ import annotations

import bisect
import functools
import re
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
    modules = module_syntax(script)
    computed = [Occurrence("import", call.start, call.end) for call in modules.dynamic_imports if call.spec is None]
    # The npm build's own loader calls require(variable) by design; warning there helps nobody.
    if not in_npm_folder(source.path):
        for call in sorted([*facts.dynamic_requires, *computed], key=_by_start):
            diagnostics.add(msg.DYNAMIC_REQUIRE.at(source, call.start, call.end))
    requires = tuple(sorted([*facts.requires, *modules.specs], key=lambda r: r.start))
    return JsAnalysis(source.path, requires, facts.apis, facts.calls, syntax_ok)


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


# ---------------------------------------------------------------------------------------------
# ES module syntax (import/export), which WeChat's "ES6 to ES5" compiles to CommonJS


@dataclass(frozen=True)
class ImportBinding:
    """A local name an import statement binds: ``imported`` is the export it reads, ``None`` for ``* as``."""

    local: str
    imported: str | None


@dataclass(frozen=True)
class ModuleLink:
    """One ``import … from 'spec'``, ``import 'spec'`` or ``export … from 'spec'`` statement.

    ``reexports`` pairs each exported name with the imported one (``None``: the namespace,
    ``export * as ns``); ``star`` is ``export * from``.
    """

    spec: RequireCall
    start: int
    end: int
    imports: tuple[ImportBinding, ...] = ()
    reexports: tuple[tuple[str, str | None], ...] = ()
    star: bool = False


@dataclass(frozen=True)
class ExportDeclaration:
    """An ``export`` statement that declares or names what it exports.

    ``kind`` says how the ``export``/``export default`` keywords (``start``..``body``) go away:
    ``"strip"`` drops them (a declaration stays), ``"expression"`` turns ``export default expr``
    into a variable, ``"anonymous"`` names an anonymous default function or class at ``name_at``.
    ``names`` pairs each exported name with the local name it reads.
    """

    kind: str
    start: int
    body: int
    names: tuple[tuple[str, str], ...]
    name_at: int = -1


@dataclass(frozen=True)
class BindingUse:
    """A reference to an imported binding; ``role`` is ``"call"``, ``"shorthand"`` or ``"value"``.

    ``opens_statement`` marks a use that is the first token of a statement in a statement list,
    where a rewrite starting with ``(`` would continue a previous line that has no semicolon.
    """

    name: str
    start: int
    end: int
    role: str
    opens_statement: bool = False


@dataclass(frozen=True)
class DynamicImport:
    """``import(x)``: the call's span, its argument's span and the literal spec (None when computed).

    ``native`` calls (a URL, or a computed specifier) are left to the JavaScript engine, which
    refuses them in the logic worker (its CSP); only literal module specs are compiled.
    """

    start: int
    end: int
    argument: tuple[int, int] | None
    spec: str | None
    native: bool = False


@dataclass(frozen=True)
class ModuleSyntax:
    """Everything the ESM → CommonJS rewrite needs to know about a script."""

    links: tuple[ModuleLink, ...]
    declarations: tuple[ExportDeclaration, ...]
    local_exports: tuple[tuple[str, str, int, int], ...]  # (exported, local, statement start, end)
    uses: tuple[BindingUse, ...]
    dynamic_imports: tuple[DynamicImport, ...]

    @property
    def is_module(self) -> bool:
        """True when the script has import or export statements (not only ``import()``)."""
        return bool(self.links or self.declarations or self.local_exports)

    @property
    def specs(self) -> tuple[RequireCall, ...]:
        """The module specs written in import/export statements and literal ``import()`` calls."""
        found = [link.spec for link in self.links]
        for call in self.dynamic_imports:
            if call.spec is not None and call.argument is not None and not call.native:
                found.append(RequireCall(call.spec, call.argument[0], call.argument[1]))
        return tuple(sorted(found, key=lambda r: r.start))


_DYNAMIC_IMPORT_QUERY = "(call_expression function: (import) arguments: (arguments) @args) @call"

# Nodes that open a scope in which a declaration may shadow an imported name.
_SCOPES = _FUNCTION_SCOPES - {"program"} | {
    "statement_block",
    "switch_body",
    "class_static_block",
    "for_statement",
    "for_in_statement",
    "catch_clause",
    "class",
    "class_declaration",
}
_FUNCTIONS = _FUNCTION_SCOPES - {"program"}


@functools.cache
def _dynamic_import_query() -> Query:
    return Query(_language(), _DYNAMIC_IMPORT_QUERY)


def module_syntax(script: Script) -> ModuleSyntax:
    """The import/export statements of a script and every use of an imported binding."""
    links: list[ModuleLink] = []
    declarations: list[ExportDeclaration] = []
    local_exports: list[tuple[str, str, int, int]] = []
    text = script.source.text[script.base : script.stop]
    if "import" not in text and "export" not in text:
        return ModuleSyntax((), (), (), (), ())
    for node in script.tree.root_node.named_children:
        if node.type == "import_statement":
            link = _import_link(script, node)
            if link is not None:
                links.append(link)
        elif node.type == "export_statement":
            _export_statement(script, node, links, declarations, local_exports)
    imported = {binding.local for link in links for binding in link.imports}
    uses = _binding_uses(script, imported) if imported else ()
    return ModuleSyntax(tuple(links), tuple(declarations), tuple(local_exports), uses, _dynamic_imports(script))


def _import_link(script: Script, node: Node) -> ModuleLink | None:
    spec = _spec(script, node)
    if spec is None:
        return None
    bindings: list[ImportBinding] = []
    for clause in node.named_children:
        if clause.type != "import_clause":
            continue
        for part in clause.named_children:
            if part.type == "identifier":
                bindings.append(ImportBinding(script.text(part), "default"))
            elif part.type == "namespace_import":
                name = next((c for c in part.named_children if c.type == "identifier"), None)
                if name is not None:
                    bindings.append(ImportBinding(script.text(name), None))
            elif part.type == "named_imports":
                for specifier in part.named_children:
                    if specifier.type != "import_specifier":
                        continue
                    imported = _export_name(script, specifier.child_by_field_name("name"))
                    alias = specifier.child_by_field_name("alias") or specifier.child_by_field_name("name")
                    if imported is not None and alias is not None:
                        bindings.append(ImportBinding(script.text(alias), imported))
    start, end = script.span(node)
    return ModuleLink(spec, start, end, imports=tuple(bindings))


def _spec(script: Script, node: Node) -> RequireCall | None:
    source = node.child_by_field_name("source")
    if source is None:
        return None
    value = _string_value(script, source)
    if value is None:
        return None
    start, end = script.span(source)
    return RequireCall(value, start, end)


def _export_name(script: Script, node: Node | None) -> str | None:
    """An exported/imported name: an identifier, ``default``, or a string (``export {a as "b c"}``)."""
    if node is None:
        return None
    if node.type == "string":
        return _string_value(script, node)
    return script.text(node)


def _export_statement(
    script: Script,
    node: Node,
    links: list[ModuleLink],
    declarations: list[ExportDeclaration],
    local_exports: list[tuple[str, str, int, int]],
) -> None:
    start, end = script.span(node)
    declaration = node.child_by_field_name("declaration")
    value = node.child_by_field_name("value")
    is_default = any(child.type == "default" for child in node.children)
    if declaration is not None:
        body = script.span(declaration)[0]
        names = _declared_names(script, declaration)
        if is_default:
            declarations.append(ExportDeclaration("strip", start, body, tuple(("default", n) for n in names[:1])))
        else:
            declarations.append(ExportDeclaration("strip", start, body, tuple((n, n) for n in names)))
        return
    if value is not None:
        body = script.span(value)[0]
        if (
            value.type in ("function_expression", "generator_function", "class")
            and value.child_by_field_name("name") is None
        ):
            anchor = value.child_by_field_name("parameters") if value.type != "class" else _class_anchor(value)
            name_at = script.span(anchor)[0] if anchor is not None else body
            declarations.append(ExportDeclaration("anonymous", start, body, (("default", ""),), name_at))
        else:
            declarations.append(ExportDeclaration("expression", start, body, (("default", ""),)))
        return
    spec = _spec(script, node)
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    pairs: list[tuple[str, str]] = []
    if clause is not None:
        for specifier in clause.named_children:
            if specifier.type != "export_specifier":
                continue
            local = _export_name(script, specifier.child_by_field_name("name"))
            exported = _export_name(script, specifier.child_by_field_name("alias")) or local
            if local is not None and exported is not None:
                pairs.append((exported, local))
    if spec is None:
        local_exports.extend((exported, local, start, end) for exported, local in pairs)
        return
    namespace = next((c for c in node.named_children if c.type == "namespace_export"), None)
    if namespace is not None:
        name = _export_name(script, namespace.named_children[-1] if namespace.named_children else None)
        if name is not None:
            links.append(ModuleLink(spec, start, end, reexports=((name, None),)))
        return
    if clause is None:
        links.append(ModuleLink(spec, start, end, star=True))
        return
    reexports: tuple[tuple[str, str | None], ...] = tuple(pairs)
    links.append(ModuleLink(spec, start, end, reexports=reexports))


def _class_anchor(node: Node) -> Node | None:
    """Where an anonymous class gets its name: before ``extends …`` or its body."""
    for child in node.children:
        if child.type in ("class_heritage", "class_body"):
            return child
    return None


def _declared_names(script: Script, declaration: Node) -> list[str]:
    if declaration.type in ("lexical_declaration", "variable_declaration"):
        names: list[str] = []
        for declarator in declaration.named_children:
            if declarator.type == "variable_declarator":
                names.extend(_pattern_names(script, declarator.child_by_field_name("name")))
        return names
    name = declaration.child_by_field_name("name")
    return [script.text(name)] if name is not None else []


def _pattern_names(script: Script, node: Node | None) -> list[str]:
    """The names a binding pattern declares (``{a, b: [c], ...d}`` → a, c, d)."""
    if node is None:
        return []
    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
        return [script.text(node)]
    if node.type == "pair_pattern":
        return _pattern_names(script, node.child_by_field_name("value"))
    if node.type in ("assignment_pattern", "object_assignment_pattern"):
        return _pattern_names(script, node.child_by_field_name("left"))
    if node.type in ("object_pattern", "array_pattern", "rest_pattern"):
        return [name for child in node.named_children for name in _pattern_names(script, child)]
    return []


_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _dynamic_imports(script: Script) -> tuple[DynamicImport, ...]:
    found: list[DynamicImport] = []
    for _pattern, captures in QueryCursor(_dynamic_import_query()).matches(script.tree.root_node):
        call, arguments = captures["call"][0], captures["args"][0]
        start, end = script.span(call)
        named = [child for child in arguments.named_children if child.type != "comment"]
        if not named:
            found.append(DynamicImport(start, end, None, None))
            continue
        first = named[0]
        literal = _string_value(script, first) if first.type in ("string", "template_string") else None
        native = literal is None or _URL_SCHEME.match(literal) is not None
        found.append(DynamicImport(start, end, script.span(first), literal, native))
    return tuple(sorted(found, key=lambda d: d.start))


# -- uses of imported bindings, with lexical shadowing


def _binding_uses(script: Script, names: set[str]) -> tuple[BindingUse, ...]:
    query = Query(
        _language(),
        f"""((identifier) @ref {_any_of("ref", tuple(sorted(names)))})
        ((shorthand_property_identifier) @short {_any_of("short", tuple(sorted(names)))})""",
    )
    scopes = _ScopeNames(script)
    uses: list[BindingUse] = []
    for _pattern, captures in QueryCursor(query).matches(script.tree.root_node):
        node = captures["ref"][0] if "ref" in captures else captures["short"][0]
        name = script.text(node)
        if _inside_module_statement(node) or scopes.shadows(node, name):
            continue
        parent = node.parent
        if "short" in captures:
            role = "shorthand"
        elif parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == node:
            role = "call"
        else:
            role = "value"
        start, end = script.span(node)
        uses.append(BindingUse(name, start, end, role, _opens_statement(node)))
    return tuple(sorted(uses, key=lambda u: u.start))


_STATEMENT_LISTS = frozenset({"program", "statement_block", "switch_case", "switch_default", "class_static_block"})


def _opens_statement(node: Node) -> bool:
    current = node
    while current.parent is not None and current.parent.start_byte == node.start_byte:
        current = current.parent
        if current.type == "expression_statement":
            return current.parent is not None and current.parent.type in _STATEMENT_LISTS
    return False


def _inside_module_statement(node: Node) -> bool:
    """Identifiers of import statements and ``export {…}`` clauses are names, not uses."""
    current = node.parent
    while current is not None:
        if current.type in ("import_statement", "export_clause", "namespace_export"):
            return True
        if current.type == "program":
            return False
        current = current.parent
    return False


class _ScopeNames:
    """The names each enclosing scope declares, computed once per scope node."""

    def __init__(self, script: Script) -> None:
        self._script = script
        self._cache: dict[int, frozenset[str]] = {}

    def shadows(self, node: Node, name: str) -> bool:
        current = node.parent
        while current is not None and current.type != "program":
            if current.type in _SCOPES and name in self._declared(current):
                return True
            current = current.parent
        return False

    def _declared(self, scope: Node) -> frozenset[str]:
        found = self._cache.get(scope.id)
        if found is None:
            found = frozenset(self._collect(scope))
            self._cache[scope.id] = found
        return found

    def _collect(self, scope: Node) -> list[str]:
        script = self._script
        names: list[str] = []
        kind = scope.type
        if kind in _FUNCTIONS:
            if kind in ("function_expression", "generator_function"):
                names.extend(_pattern_names(script, scope.child_by_field_name("name")))
            params = scope.child_by_field_name("parameters") or scope.child_by_field_name("parameter")
            if params is not None:
                names.extend(_pattern_names(script, params) if params.type == "identifier" else _params(script, params))
            body = scope.child_by_field_name("body")
            if body is not None:
                names.extend(_var_names(script, body))
        elif kind in ("class", "class_declaration"):
            names.extend(_pattern_names(script, scope.child_by_field_name("name")))
        elif kind == "catch_clause":
            names.extend(_pattern_names(script, scope.child_by_field_name("parameter")))
        elif kind == "for_statement":
            names.extend(_lexical_names(script, scope.child_by_field_name("initializer")))
        elif kind == "for_in_statement":
            if scope.child_by_field_name("kind") is not None:
                names.extend(_pattern_names(script, scope.child_by_field_name("left")))
        else:  # statement_block, switch_body, class_static_block
            statements = scope.named_children
            if kind == "switch_body":
                statements = [s for case in statements for s in case.named_children]
            for statement in statements:
                names.extend(_lexical_names(script, statement))
        return names


def _params(script: Script, params: Node) -> list[str]:
    return [name for child in params.named_children for name in _pattern_names(script, child)]


def _lexical_names(script: Script, statement: Node | None) -> list[str]:
    """Names a statement declares in its block: let/const/var, function and class declarations."""
    if statement is None:
        return []
    if statement.type in ("lexical_declaration", "variable_declaration"):
        return _declared_names(script, statement)
    if statement.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
        return _pattern_names(script, statement.child_by_field_name("name"))
    return []


def _var_names(script: Script, body: Node) -> list[str]:
    """``var`` names anywhere in a function body (they belong to the function), not in inner functions."""
    names: list[str] = []
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == "variable_declaration":
            names.extend(_declared_names(script, node))
        elif node.type == "for_in_statement" and _is_var(node):
            names.extend(_pattern_names(script, node.child_by_field_name("left")))
        stack.extend(child for child in node.named_children if child.type not in _FUNCTIONS)
    return names


def _is_var(node: Node) -> bool:
    kind = node.child_by_field_name("kind")
    return kind is not None and kind.type == "var"

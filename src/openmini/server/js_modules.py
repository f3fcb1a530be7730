"""A runtime ES module's module syntax, read with tree-sitter, and a token-level minifier.

For the runtime bundler (runtime_bundle.py): what a file imports and exports, and the byte
edits that take its module syntax out so that its body can run inside a function. Anything
the bundler cannot keep exact is a BundleError naming the file and line.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tree_sitter_javascript as tsj
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

# Code inside these runs when called, not while the module evaluates.
_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)
_RESERVED = "$$"  # the bundle's own names ($$M, $$L, $$r, $$c, $$d, $$<n>_…)
DEFAULT = "$$d"  # the local name of an `export default <expression>`


class BundleError(Exception):
    """The runtime uses module syntax the bundler does not handle (or a broken import)."""


_QUERY = r"""
(meta_property) @node
(call_expression function: (import)) @node
(await_expression) @node
((identifier) @node (#match? @node "^[$][$]"))
((shorthand_property_identifier) @node (#match? @node "^[$][$]"))
"""
_NAMES = "(identifier) @name (shorthand_property_identifier) @name"


@functools.cache
def parser() -> Parser:
    return Parser(Language(tsj.language()))


@functools.cache
def _query(text: str = _QUERY) -> Query:
    return Query(Language(tsj.language()), text)


# ---------------------------------------------------------------- one module


@dataclass
class Module:
    """What the bundler needs from one file: its module syntax, and edits that remove it."""

    path: str  # relative to the runtime root, posix
    text: bytes
    tree: Tree
    deps: list[str] = field(default_factory=list)  # static imports and re-exports, in source order
    imports: list[tuple[str, str, str]] = field(default_factory=list)  # (module, name or "*", local)
    # name → ("local", l) | ("from", module, name) | ("ns", module)
    exports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stars: list[str] = field(default_factory=list)  # export * from
    edits: list[tuple[int, int, bytes]] = field(default_factory=list)  # (start, end, replacement) in bytes
    dynamic: list[tuple[int, int, str]] = field(default_factory=list)  # import('./x.js') → (start, end, module)
    meta: list[tuple[int, int]] = field(default_factory=list)  # import.meta.url
    default_value: tuple[int, int] | None = None  # `export default ` before an expression: `const $$d=` instead


def parse_module(root: Path, path: str) -> Module:
    """Parse one runtime file; raises BundleError for syntax the bundler cannot keep exact."""
    text = (root / path).read_bytes()
    tree = parser().parse(text)
    module = Module(path, text, tree)
    if tree.root_node.has_error:
        raise BundleError(f"{path}: syntax error")
    for node in tree.root_node.named_children:
        if node.type == "import_statement":
            _import(module, node)
        elif node.type == "export_statement":
            _export(module, node)
    _walk(module, tree.root_node)
    _check_live_exports(module, tree.root_node)
    return module


def _fail(module: Module, node: Node, what: str) -> BundleError:
    return BundleError(f"{module.path}:{node.start_point[0] + 1}: {what}")


def _source(module: Module, node: Node) -> str:
    """The module a `from '…'` names, resolved against the importer; relative runtime files only."""
    source = node.child_by_field_name("source")
    assert source is not None
    spec = _string(module, source)
    if not spec.startswith(("./", "../")):
        raise _fail(module, node, f"import of {spec!r}: only relative runtime modules can be bundled")
    if any(c.type == "import_attribute" for c in node.children):
        raise _fail(module, node, "import attributes are not supported")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(module.path), spec))
    if resolved.startswith("../"):
        raise _fail(module, node, f"import of {spec!r} leaves the runtime folder")
    module.deps.append(resolved)
    return resolved


def _string(module: Module, node: Node) -> str:
    if node.type != "string" or any(c.type == "escape_sequence" for c in node.named_children):
        raise _fail(module, node, "expected a plain string literal")
    return (node.text or b"")[1:-1].decode()


def _names(module: Module, spec: Node) -> tuple[str, str]:
    """(name, alias) of an import or export specifier; `default` is a keyword token here."""
    parts = [c for c in spec.children if c.type != "as"]
    for part in parts:
        if part.type == "string":
            raise _fail(module, spec, "string module export names are not supported")
    words = [(p.text or b"").decode() for p in parts]
    return words[0], words[-1]


def _remove(module: Module, node: Node, replacement: bytes = b"") -> None:
    module.edits.append((node.start_byte, node.end_byte, replacement))


def _import(module: Module, node: Node) -> None:
    source = _source(module, node)
    _remove(module, node)
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    for part in clause.named_children if clause else ():
        if part.type == "identifier":
            module.imports.append((source, "default", (part.text or b"").decode()))
        elif part.type == "namespace_import":
            module.imports.append((source, "*", (part.named_children[0].text or b"").decode()))
        else:  # named_imports
            for spec in part.named_children:
                if spec.type == "import_specifier":
                    name, local = _names(module, spec)
                    module.imports.append((source, name, local))


def _declared(module: Module, node: Node) -> Iterator[str]:
    """Names bound by a declaration or a binding pattern."""
    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
        yield (node.text or b"").decode()
    elif node.type in ("lexical_declaration", "variable_declaration"):
        for declarator in node.named_children:
            if declarator.type == "variable_declarator":
                name = declarator.child_by_field_name("name")
                assert name is not None
                yield from _declared(module, name)
    elif node.type in ("object_pattern", "array_pattern", "rest_pattern", "assignment_pattern", "pair_pattern"):
        for child in node.named_children:
            if node.type == "pair_pattern" and child == node.child_by_field_name("key"):
                continue
            if node.type == "assignment_pattern" and child == node.child_by_field_name("right"):
                continue
            yield from _declared(module, child)
    elif node.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
        name = node.child_by_field_name("name")
        assert name is not None
        yield (name.text or b"").decode()
    elif node.type != "comment":
        raise _fail(module, node, f"unsupported exported declaration ({node.type})")


def _export(module: Module, node: Node) -> None:
    declaration = node.child_by_field_name("declaration")
    value = node.child_by_field_name("value")
    is_default = any(c.type == "default" for c in node.children)
    if declaration is not None:
        # `export function f…` → `function f…`: the declaration stays, the keyword(s) go.
        module.edits.append((node.start_byte, declaration.start_byte, b""))
        names = list(_declared(module, declaration))
        if is_default:
            module.exports["default"] = ("local", names[0])
        else:
            for name in names:
                module.exports[name] = ("local", name)
            keyword = declaration.children[0].text if declaration.children else b""
            if declaration.type == "variable_declaration" or keyword == b"let":
                module.exports.update({n: ("let", n) for n in names})
        return
    if value is not None:  # export default <expression or anonymous function/class>
        module.default_value = (node.start_byte, value.start_byte)
        module.edits.append((value.end_byte, value.end_byte, b";"))
        module.exports["default"] = ("local", DEFAULT)
        return
    has_source = node.child_by_field_name("source") is not None
    source = _source(module, node) if has_source else ""
    _remove(module, node)
    for part in node.named_children:
        if part.type == "namespace_export":
            name = (part.named_children[0].text or b"").decode()
            module.exports[name] = ("ns", source)
        elif part.type == "export_clause":
            for spec in part.named_children:
                if spec.type == "export_specifier":
                    local, name = _names(module, spec)
                    module.exports[name] = ("from", source, local) if has_source else ("local", local)
    if has_source and not any(p.type in ("namespace_export", "export_clause") for p in node.named_children):
        module.stars.append(source)


def _walk(module: Module, root: Node) -> None:
    """import.meta.url, dynamic import(), top-level await, reserved names."""
    for node in QueryCursor(_query()).captures(root).get("node", []):
        kind = node.type
        if kind == "meta_property":
            parent = node.parent
            prop = parent.child_by_field_name("property") if parent and parent.type == "member_expression" else None
            if parent is None or prop is None or prop.text != b"url":
                raise _fail(module, node, "only import.meta.url is supported")
            module.meta.append((parent.start_byte, parent.end_byte))
        elif kind == "call_expression":
            _dynamic(module, node)
        elif kind == "await_expression":
            if not _in_function(node):
                raise _fail(module, node, "top-level await is not supported")
        else:
            raise _fail(module, node, f"identifiers starting with {_RESERVED} are reserved for the bundle")


def _in_function(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type in _FUNCTIONS:
            return True
        parent = parent.parent
    return False


def read_at_evaluation(module: Module, names: list[str]) -> list[str]:
    """Which of these names the module reads outside any function (while it evaluates)."""
    found = set()
    for node in QueryCursor(_query(_NAMES)).captures(module.tree.root_node).get("name", []):
        name = (node.text or b"").decode()
        if name in names and not _in_function(node):
            parent = node.parent
            if parent is None or parent.type not in ("import_specifier", "namespace_import", "import_clause"):
                found.add(name)
    return sorted(found)


def _dynamic(module: Module, node: Node) -> None:
    args = node.child_by_field_name("arguments")
    given = args.named_children if args is not None else []
    if len(given) != 1 or given[0].type != "string":
        raise _fail(module, node, "dynamic import() must take one string literal")
    spec = _string(module, given[0])
    if not spec.startswith(("./", "../")):
        return  # an absolute URL resolves the same from the bundle
    target = posixpath.normpath(posixpath.join(posixpath.dirname(module.path), spec))
    if target.startswith("../"):
        raise _fail(module, node, f"import of {spec!r} leaves the runtime folder")
    module.dynamic.append((node.start_byte, node.end_byte, target))


def _check_live_exports(module: Module, root: Node) -> None:
    """An exported `let`/`var` is copied into the namespace once: it must never be reassigned."""
    live = {name for name, how in module.exports.items() if how[0] == "let"}
    for name in live:
        module.exports[name] = ("local", name)
    if not live:
        return
    stack = [root]
    while stack:
        node = stack.pop()
        target = None
        if node.type in ("assignment_expression", "augmented_assignment_expression"):
            target = node.child_by_field_name("left")
        elif node.type == "update_expression":
            target = node.child_by_field_name("argument")
        name = (target.text or b"").decode() if target is not None and target.type == "identifier" else ""
        if name in live:
            raise _fail(module, node, f"exported binding {name} is reassigned (a namespace copies it once)")
        stack.extend(node.children)


# ---------------------------------------------------------------- minifying


# Tokens kept whole (their insides are text), and those dropped.
_ATOMIC = frozenset({"string", "regex", "number"})
_DROPPED = frozenset({"comment", "html_comment", "hashbang_line"})
# Tokens after which, and before which, a line break never ends a statement.
_OPENERS = frozenset({";", "{", ",", "(", "["})
_CLOSERS = frozenset({"}", ")", "]", ";", ","})


def _word(c: int) -> bool:
    return c >= 0x80 or chr(c).isalnum() or c in b"_$\\"


def _glue(prev: bytes, prev_type: str, token: bytes) -> bool:
    """Whether two tokens would lex differently without a space between them."""
    a, b = prev[-1], token[0]
    return (
        (_word(a) and _word(b))
        or (a == b and a in b"+-")
        or (a == 0x2F and b in b"/*")  # a / /re/ (a comment otherwise)
        or (prev_type == "number" and b == 0x2E)  # 1 .toString()
        or (a == 0x3C and b == 0x21)  # < !-- (an HTML comment opener)
        or (prev.endswith(b"--") and b == 0x3E)
    )


def minify(code: str) -> str:
    """Comments out, whitespace down to what separates tokens, `;` before `}` out.

    Works on tree-sitter's tokens, so strings, regexes and a template's text are never touched
    (its ${…} parts are code). A line break between two tokens (a dropped comment's too, it is
    in the gap) stays, so automatic semicolon insertion is unchanged, unless it follows `;`, `{`,
    `,`, `(` or `[` or precedes `}`, `)`, `]`, `;` or `,`: no statement ends or begins there, so
    no semicolon can be inserted. (rjsmin, a regex-based minifier, turns `=> /^\\/\\//i.test(u)`
    into a comment.)
    """
    text = code.encode()
    tree = parser().parse(text)
    if tree.root_node.has_error:
        raise BundleError("the bundle does not parse")
    out: list[bytes] = []
    prev, prev_type, end, optional = b"", "", 0, False
    # Nodes to visit, or (start, end) byte ranges to copy as they are: a template's text.
    stack: list[Node | tuple[int, int]] = [tree.root_node]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            start, stop, kind = item[0], item[1], "template"
        else:
            kind = item.type
            if kind == "template_string":
                pos, parts = item.start_byte, list[Node | tuple[int, int]]()
                for sub in item.named_children:
                    if sub.type == "template_substitution":
                        parts += [(pos, sub.start_byte + 2), *sub.named_children]
                        pos = sub.end_byte - 1
                stack.extend(reversed([*parts, (pos, item.end_byte)]))
                continue
            if kind not in _ATOMIC and item.child_count:
                stack.extend(reversed(item.children))
                continue
            start, stop = item.start_byte, item.end_byte
            if kind in _DROPPED or stop == start:
                continue
        token, gap = text[start:stop], text[end:start]
        if kind == "}" and optional:  # `a;}`: the `;` ends a statement, `}` would end it as well
            out.pop()
        breaks = b"\n" in gap or b"\r" in gap or "\u2028".encode() in gap or "\u2029".encode() in gap
        if prev and breaks and prev_type not in _OPENERS and kind not in _CLOSERS:
            out.append(b"\n")
        elif prev and _glue(prev, prev_type, token):
            out.append(b" ")
        out.append(token)
        parent = item.parent if not isinstance(item, tuple) else None
        optional = kind == ";" and parent is not None and parent.type != "empty_statement"
        prev, prev_type, end = token, kind, stop
    return b"".join(out).decode()

"""One file per realm: the runtime's ES modules concatenated by the server.

Sandboxed page frames and the logic worker have an opaque origin, so each gets its own HTTP
cache partition and would fetch the runtime's ~30–40 modules again on every page and launch.
The runtime stays plain ES modules (node's test runner and anything else import the files
as they are); this module walks the static import graph of an entry and emits one ES module:

    const $$M = [], $$L = [];
    $$M[0] = (() => { …protocol.js…; return {OP, …}; })();
    $$M[1] = (() => { const {OP} = $$M[0]; …apply.js…; return {applyOps, …}; })();
    …
    export const {start} = $$M[28];

Each module keeps its own scope (an arrow function), its imports become destructurings of
earlier modules' namespace objects, modules run in ESM evaluation order (depth first, imports in
source order). An import that closes a cycle cannot be read yet when the importer runs, so it
becomes a `let` that the exporter fills in as soon as it has run ($$L); such bindings may only
be used inside functions, which is checked. `import.meta.url` becomes the module's original
URL. A dynamic `import('./x.js')` of a runtime module becomes a chunk: one more file with the
modules the bundle lacks, which joins the same $$M table (shared module instances).

Only the module syntax the runtime uses is accepted; anything else is a :class:`BundleError`
naming the file, never a bundle that runs differently from the modules. Parsing is
tree-sitter's, so strings, comments and regexes cannot be mistaken for imports.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import posixpath
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import brotli
import tree_sitter_javascript as tsj
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

#: The realms' entries: page frames, the logic worker, the host page.
ENTRIES = ("view/index.js", "logic/worker.js", "host/index.js")

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
# A module imported by a cycle's back edge may be read only from code that runs later.
_RESERVED = "$$"
_DEFAULT = "$$d"


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
def _parser() -> Parser:
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
    exports: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name → ("local", l) | ("from", m, n) | ("ns", m)
    stars: list[str] = field(default_factory=list)  # export * from
    edits: list[tuple[int, int, bytes]] = field(default_factory=list)  # (start, end, replacement) in bytes
    dynamic: list[tuple[int, int, str]] = field(default_factory=list)  # import('./x.js') → (start, end, module)
    meta: list[tuple[int, int]] = field(default_factory=list)  # import.meta.url


def parse_module(root: Path, path: str) -> Module:
    """Parse one runtime file; raises BundleError for syntax the bundler cannot keep exact."""
    text = (root / path).read_bytes()
    tree = _parser().parse(text)
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
            if declaration.type == "lexical_declaration" and (declaration.children[0].text or b"") == b"let":
                module.exports.update({n: ("let", n) for n in names})
            elif declaration.type == "variable_declaration":
                module.exports.update({n: ("let", n) for n in names})
        return
    if value is not None:  # export default <expression or anonymous function/class>
        module.edits.append((node.start_byte, value.start_byte, f"const {_DEFAULT} = ".encode()))
        module.edits.append((value.end_byte, value.end_byte, b";"))
        module.exports["default"] = ("local", _DEFAULT)
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
        if target is not None and target.type == "identifier" and (target.text or b"").decode() in live:
            raise _fail(module, node, f"exported binding {(target.text or b'').decode()} is reassigned (live bindings are not supported; export a function)")
        stack.extend(node.children)


# ---------------------------------------------------------------- minifying


# Tokens kept whole (their insides are text), and those dropped.
_ATOMIC = frozenset({"string", "regex", "number"})
_DROPPED = frozenset({"comment", "html_comment", "hashbang_line"})


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
    """Comments out, whitespace down to what separates tokens; a newline stays a newline.

    Works on tree-sitter's tokens, so strings, regexes and a template's text are never touched
    (its ${…} parts are code), and as every line break between two tokens is kept (a dropped
    comment's too, it is in the gap), automatic semicolon insertion is unchanged. (rjsmin, a
    regex-based minifier, turns `=> /^\\/\\//i.test(u)` into a comment.)
    """
    text = code.encode()
    tree = _parser().parse(text)
    if tree.root_node.has_error:
        raise BundleError("the bundle does not parse")
    out: list[bytes] = []
    prev, prev_type, end = b"", "", 0
    # Nodes to visit, or (start, end) byte ranges to copy as they are: a template's text.
    stack: list[Node | tuple[int, int]] = [tree.root_node]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            start, stop, kind = item[0], item[1], "template"
        else:
            kind = item.type
            if kind == "template_string":
                pos, parts = item.start_byte, []
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
        if prev and (b"\n" in gap or b"\r" in gap or "\u2028".encode() in gap or "\u2029".encode() in gap):
            out.append(b"\n")
        elif prev and _glue(prev, prev_type, token):
            out.append(b" ")
        out.append(token)
        prev, prev_type, end = token, kind, stop
    return b"".join(out).decode()


# ---------------------------------------------------------------- a bundle and its chunks


@dataclass
class Bundle:
    """One served file: an entry's bundle or a chunk (a dynamic import's extra modules)."""

    url: str  # relative to the runtime root
    code: bytes  # minified
    modules: tuple[str, ...]
    chunks: tuple[Bundle, ...] = ()
    hash: str = ""
    _encoded: dict[str, bytes] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.hash = hashlib.sha256(self.code).hexdigest()[:16]

    def encoded(self, encoding: str) -> bytes:
        """The code as `br`, `gzip` or identity (""), compressed once."""
        if not encoding:
            return self.code
        if encoding not in self._encoded:
            squeeze = brotli.compress if encoding == "br" else gzip.compress
            self._encoded[encoding] = squeeze(self.code, quality=11) if encoding == "br" else squeeze(self.code, 9)
        return self._encoded[encoding]


class _Family:
    """An entry's bundle and its chunks, built together: they share module numbers ($$M)."""

    def __init__(self, modules: dict[str, Module], prefix: str) -> None:
        self.modules = modules
        self.prefix = prefix
        self.index: dict[str, int] = {}
        self.chunks: dict[str, Bundle] = {}
        self.back: set[tuple[str, str]] = set()
        self._exports: dict[str, dict[str, str]] = {}

    def exports(self, path: str, seen: frozenset[str] = frozenset()) -> dict[str, str]:
        """Exported name → how the module's namespace object computes it (a JS expression)."""
        if path in self._exports:
            return self._exports[path]
        module = self.modules[path]
        names: dict[str, str] = {}
        for star in module.stars:
            if star in seen:
                raise BundleError(f"{path}: export * cycle through {star}")
            if (path, star) in self.back:
                raise BundleError(f"{path}: export * from {star}, which is part of an import cycle")
            for name in self.exports(star, seen | {path}):
                if name == "default" or name in module.exports:
                    continue
                if name in names:
                    raise BundleError(f"{path}: {name} is exported by two `export *` modules")
                names[name] = f"$$M[{self.index[star]}].{name}"
        for name, how in module.exports.items():
            if how[0] == "local":
                names[name] = how[1]
            elif how[0] == "ns":
                names[name] = f"$$M[{self.index[how[1]]}]"
            else:
                source, imported = how[1], how[2]
                if (path, source) in self.back:
                    raise BundleError(f"{path}: re-exports {imported} from {source}, which is part of an import cycle")
                if imported not in self.exports(source):
                    raise BundleError(f"{path}: {source} does not export {imported}")
                names[name] = f"$$M[{self.index[source]}].{imported}"
        self._exports[path] = names
        return names

    def order(self, entry: str, provided: set[str]) -> tuple[list[str], set[tuple[str, str]]]:
        """Modules in evaluation order (depth first, as ESM), and the edges that close cycles."""
        done: list[str] = []
        back: set[tuple[str, str]] = set()
        on_stack: set[str] = set()

        def visit(path: str) -> None:
            on_stack.add(path)
            for dep in self.modules[path].deps:
                if dep in on_stack:
                    back.add((path, dep))
                elif dep not in done and dep not in provided:
                    visit(dep)
            on_stack.discard(path)
            done.append(path)

        visit(entry)
        return done, back

    def build(self, entry: str, url: str, provided: set[str], chunk: bool) -> Bundle:
        order, back = self.order(entry, provided)
        self.back |= back
        for path in order:
            self.index.setdefault(path, len(self.index))
        late_targets = {dep for _, dep in back}
        parts: list[str] = []
        uses: set[str] = set()
        for path in order:
            module = self.modules[path]
            i = self.index[path]
            body = self.body(module, provided | set(order), uses)
            prelude = self.imports(module, back)
            namespace = ",".join(n if n == e else f"{n}:{e}" for n, e in self.exports(path).items())
            assign = "||=" if chunk else "="  # a chunk may bring a module another chunk already ran
            parts.append(f"$$M[{i}]{assign}(()=>{{{prelude}\n{body}\nreturn{{{namespace}}};}})();")
            if path in late_targets:
                parts.append(f"($$L[{i}]||[]).forEach((f)=>f($$M[{i}]));")
        head = ""
        if uses:
            up = "../" * url.count("/") or "./"
            head += f'const $$r=new URL("{up}",import.meta.url);'
        if "chunk" in uses:
            head += "const $$c=(p)=>import(new URL(p,$$r).href).then((c)=>c.default($$M,$$L));"
        code = "\n".join(parts)
        top = self.index[entry]
        if chunk:
            code = f"{head}export default($$M,$$L)=>{{\n{code}\nreturn $$M[{top}];}};"
        else:
            names = [n for n in self.exports(entry) if n != "default"]
            tail = f"export const{{{','.join(names)}}}=$$M[{top}];" if names else ""
            if "default" in self.exports(entry):
                tail += f"export default $$M[{top}].default;"
            code = f"const $$M=[],$$L=[];{head}\n{code}\n{tail}"
        minified = minify(code).encode()
        chunks = tuple(self.chunks[m] for m in dict.fromkeys(t for p in order for _, _, t in self.modules[p].dynamic) if m in self.chunks)
        return Bundle(url, minified, tuple(order), chunks)

    def imports(self, module: Module, back: set[tuple[str, str]]) -> str:
        """The module's imports as destructurings; late `let`s for the ones closing a cycle."""
        by_source: dict[str, list[tuple[str, str]]] = {}
        for source, name, local in module.imports:
            if name != "*" and name not in self.exports(source):
                raise BundleError(f"{module.path}: {source} does not export {name}")
            by_source.setdefault(source, []).append((name, local))
        out = []
        for source, names in by_source.items():
            ns = f"$$M[{self.index[source]}]"
            stars = [local for name, local in names if name == "*"]
            pattern = ",".join(n if n == loc else f"{n}:{loc}" for n, loc in names if n != "*")
            if (module.path, source) not in back:
                out += [f"const {loc}={ns};" for loc in stars]
                out += [f"const{{{pattern}}}={ns};"] if pattern else []
                continue
            locals_ = [local for _, local in names]
            early = read_at_evaluation(module, locals_)
            if early:
                raise BundleError(f"{module.path}: {', '.join(sorted(early))} from {source} (an import cycle) is used while the module evaluates")
            exported = {h[1] for h in module.exports.values() if h[0] == "local"}
            if exported.intersection(locals_):
                raise BundleError(f"{module.path}: re-exports a binding of an import cycle")
            assign = ";".join([f"{loc}=n" for loc in stars] + ([f"({{{pattern}}}=n)"] if pattern else []))
            i = self.index[source]
            out.append(f"let {','.join(locals_)};($$L[{i}]||=[]).push((n)=>{{{assign}}});")
        return "".join(out)

    def body(self, module: Module, present: set[str], uses: set[str]) -> str:
        """The module's text with its module syntax edited out; `uses` gets "meta", "chunk"."""
        edits = list(module.edits)
        for start, end in module.meta:
            edits.append((start, end, f'new URL("{module.path}",$$r).href'.encode()))
        for start, end, target in module.dynamic:
            if target in present:
                expr = f"Promise.resolve().then(()=>$$M[{self.index[target]}])"
            else:
                uses.add("chunk")
                if target not in self.chunks:
                    url = f"{self.prefix}chunk/{{hash}}.js"
                    built = self.build(target, url, present, chunk=True)
                    built.url = url.format(hash=built.hash)
                    self.chunks[target] = built
                expr = f'$$c("{self.chunks[target].url}")'
            edits.append((start, end, expr.encode()))
        text = module.text
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        if module.meta:
            uses.add("meta")
        return text.decode()


def _closure(root: Path, entry: str, parsed: dict[str, Module]) -> dict[str, Module]:
    """Every module reachable from the entry, statically or by a relative dynamic import."""
    todo, modules = [entry], {}
    while todo:
        path = todo.pop()
        if path in modules:
            continue
        if not (root / path).is_file():
            raise BundleError(f"{path}: no such runtime module")
        modules[path] = parsed[path] = parsed.get(path) or parse_module(root, path)
        todo.extend(modules[path].deps)
        todo.extend(t for _, _, t in modules[path].dynamic)
    return modules


def bundle(root: Path, entry: str, prefix: str = "bundle/") -> Bundle:
    """The bundle of one entry (served at `prefix + entry`), with its chunks (`prefix + chunk/<hash>.js`)."""
    modules = _closure(root, entry, {})
    return _Family(modules, prefix).build(entry, prefix + entry, set(), chunk=False)


# ---------------------------------------------------------------- the server's cache


class RuntimeBundler:
    """Bundles built on first request and again when a source file changes (mtime and size)."""

    def __init__(self, root: Path, prefix: str = "bundle/") -> None:
        self.root = root
        self.prefix = prefix
        self._lock = threading.Lock()
        self._parsed: dict[str, tuple[tuple[int, int], Module]] = {}
        self._built: dict[str, tuple[tuple[tuple[str, int, int], ...], Bundle]] = {}
        self._chunks: dict[str, Bundle] = {}  # by hash; old ones stay for pages still running them

    def _stamp(self, path: str) -> tuple[int, int]:
        stat = (self.root / path).stat()
        return stat.st_mtime_ns, stat.st_size

    def entry(self, entry: str) -> Bundle:
        with self._lock:
            cached = self._built.get(entry)
            if cached is not None and all(self._fresh(p, m, s) for p, m, s in cached[0]):
                return cached[1]
            parsed = {p: m for p, (stamp, m) in self._parsed.items() if self._fresh(p, *stamp)}
            modules = _closure(self.root, entry, parsed)
            for path, module in modules.items():
                self._parsed[path] = (self._stamp(path), module)
            built = _Family(modules, self.prefix).build(entry, self.prefix + entry, set(), chunk=False)
            self._built[entry] = (tuple((p, *self._parsed[p][0]) for p in modules), built)
            stack = list(built.chunks)
            while stack:
                chunk = stack.pop()
                self._chunks[chunk.hash] = chunk
                stack.extend(chunk.chunks)
            return built

    def warm(self) -> None:
        """Build every entry now (the first request would wait ~0.5 s for it otherwise)."""
        for entry in ENTRIES:
            try:
                self.entry(entry)
            except BundleError:
                pass  # reported by the request that asks for it

    def chunk(self, name: str) -> Bundle | None:
        """A chunk by its file name (`<hash>.js`), building the entries first if none is known."""
        if not self._chunks:
            for entry in ENTRIES:
                self.entry(entry)
        return self._chunks.get(name.removesuffix(".js"))

    def _fresh(self, path: str, mtime: int, size: int) -> bool:
        try:
            return self._stamp(path) == (mtime, size)
        except OSError:
            return False

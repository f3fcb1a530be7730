"""One file per realm: the runtime's ES modules joined by the server.

Sandboxed page frames and the logic worker have an opaque origin, so each gets its own HTTP
cache partition and would fetch the runtime's ~30–40 modules again on every page and launch.
The runtime stays plain ES modules (node's test runner and anything else import the files
as they are); this module walks the static import graph of an entry and emits one ES module
whose modules share one function scope, as a scope-hoisting bundler does:

    const $$M = [], $$L = [];
    (() => {
      …protocol.js, its top-level names renamed $$0_OP…;
      …apply.js, reading $$0_OP where it imported OP…;
      $$M[28] = {start: $$28_start};       // namespace objects only where something reads one
    })();
    export const {start} = $$M[28];

Modules run in ESM evaluation order (depth first, imports in source order); each module's
top-level bindings get names unique in the bundle ($$<n>_name: sources cannot use `$$`), and
every reference to an import becomes the exporter's binding, found by a scope analysis
(js_scopes.py) so that shadowing names are left alone. Bindings are then live as in ESM, which
makes cycles work; an import closing a cycle may still only be read inside functions (checked,
as the modules would fail too). `import.meta.url` becomes the module's original URL.

A dynamic `import('./x.js')` of a runtime module becomes a chunk: one more file with the
modules the bundle lacks, which joins the same $$M table (shared module instances). There each
module keeps its own function, run only if no other chunk ran it, its imports destructured
from namespace objects, and an import closing a cycle a `let` filled in when the exporter has
run ($$L). Last, every local name is made short (js_mangle.py) and the file minified.

Only the module syntax the runtime uses is accepted; anything else is a :class:`BundleError`
naming the file, never a bundle that runs differently from the modules. Parsing is
tree-sitter's (js_modules.py), so strings, comments and regexes cannot be mistaken for imports.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import brotli

from openmini.server.js_mangle import mangle
from openmini.server.js_modules import DEFAULT, BundleError, Module, minify, parse_module, read_at_evaluation
from openmini.server.js_scopes import Scopes

__all__ = ["ENTRIES", "Bundle", "BundleError", "RuntimeBundler", "bundle", "minify"]

#: The realms' entries: page frames, the logic worker, the host page.
ENTRIES = ("view/index.js", "logic/worker.js", "host/index.js")

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
            br = encoding == "br"
            self._encoded[encoding] = brotli.compress(self.code, quality=11) if br else gzip.compress(self.code, 9)
        return self._encoded[encoding]


_Edges = set[tuple[str, str]]  # (importer, imported)


class _Family:
    """An entry's bundle and its chunks, built together: they share module numbers ($$M)."""

    def __init__(self, modules: dict[str, Module], prefix: str) -> None:
        self.modules = modules
        self.prefix = prefix
        self.index: dict[str, int] = {}
        self.chunks: dict[str, Bundle] = {}
        self.back: set[tuple[str, str]] = set()
        self.read: set[str] = set()  # modules whose namespace object ($$M[i]) some code reads
        self._exports: dict[str, dict[str, tuple[str, ...]]] = {}
        # The dynamic imports whose static graph holds each module: a chunk whose modules no other
        # chunk can hold runs them in one scope as a bundle does; the others keep a function each.
        self.claims: dict[str, set[str]] = {}
        for target in {t for m in modules.values() for _, _, t in m.dynamic}:
            todo, seen = [target], set()
            while todo:
                path = todo.pop()
                if path not in seen and path in modules:
                    seen.add(path)
                    self.claims.setdefault(path, set()).add(target)
                    todo.extend(modules[path].deps)

    def exports(self, path: str, seen: frozenset[str] = frozenset()) -> dict[str, tuple[str, ...]]:
        """Exported name → ("local", local) | ("ns", module) | ("from", module, name), stars expanded."""
        if path in self._exports:
            return self._exports[path]
        module = self.modules[path]
        names: dict[str, tuple[str, ...]] = {}
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
                names[name] = ("from", star, name)
        for name, how in module.exports.items():
            if how[0] != "local" and (path, how[1]) in self.back:
                raise BundleError(f"{path}: re-exports {name} from {how[1]}, which is part of an import cycle")
            if how[0] == "from" and how[2] not in self.exports(how[1]):
                raise BundleError(f"{path}: {how[1]} does not export {how[2]}")
            names[name] = how
        self._exports[path] = names
        return names

    def namespace(self, path: str) -> str:
        """The expression of a module's namespace object; a hoisted module then needs one."""
        self.read.add(path)
        return f"$$M[{self.index[path]}]"

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
        uses: set[str] = set()
        present = provided | set(order)
        hoist = not chunk or all(self.claims.get(p) == {entry} for p in order)
        code = self.hoisted(entry, order, back, present, uses) if hoist else self.wrapped(order, back, present, uses)
        head = ""
        if uses:
            up = "../" * url.count("/") or "./"
            head += f'const $$r=new URL("{up}",import.meta.url);'
        # in a chunk, $$M and $$L are its `default`'s parameters: a chunk's own chunks load from there
        load = "const $$c=(p)=>import(new URL(p,$$r).href).then((c)=>c.default($$M,$$L));" if "chunk" in uses else ""
        top = self.index[entry]
        if chunk and hoist:  # `default` runs on every import() of the chunk
            code = f"{head}export default($$M,$$L)=>$$M[{top}]||(()=>{{{load}\n{code}\nreturn $$M[{top}];}})();"
        elif chunk:
            code = f"{head}export default($$M,$$L)=>{{{load}\n{code}\nreturn $$M[{top}];}};"
        else:
            names = [n for n in self.exports(entry) if n != "default"]
            tail = f"export const{{{','.join(names)}}}=$$M[{top}];" if names else ""
            if "default" in self.exports(entry):
                tail += f"export default $$M[{top}].default;"
            code = f"const $$M=[],$$L=[];{head}{load}\n(()=>{{\n{code}\n}})();\n{tail}"
        minified = minify(mangle(code)).encode()
        lazy = dict.fromkeys(t for p in order for _, _, t in self.modules[p].dynamic)
        chunks = tuple(self.chunks[m] for m in lazy if m in self.chunks)
        return Bundle(url, minified, tuple(order), chunks)

    def hoisted(self, entry: str, order: list[str], back: _Edges, present: set[str], uses: set[str]) -> str:
        """Modules for one function scope, each module's own names made unique."""
        unit = set(order)
        bodies = [self.body(self.modules[p], present, uses, self.renames(self.modules[p], back, unit)) for p in order]
        self.read.add(entry)
        parts: list[str] = []
        for path, body in zip(order, bodies, strict=True):
            parts.append(f"{body}\n;")
            if path in self.read:
                names = ",".join(f"{name}:{self.target(path, name, unit)}" for name in self.exports(path))
                parts.append(f"$$M[{self.index[path]}]={{{names}}};")
        return "\n".join(parts)

    def wrapped(self, order: list[str], back: _Edges, present: set[str], uses: set[str]) -> str:
        """A chunk's modules, each in its own function, run unless another chunk ran it already."""
        late_targets = {dep for _, dep in back}
        parts: list[str] = []
        for path in order:
            module = self.modules[path]
            i = self.index[path]
            body = self.body(module, present, uses, [])
            prelude = self.imports(module, back)
            namespace = ",".join(f"{name}:{self.expression(path, how)}" for name, how in self.exports(path).items())
            parts.append(f"$$M[{i}]||=(()=>{{{prelude}\n{body}\nreturn{{{namespace}}};}})();")
            if path in late_targets:
                parts.append(f"($$L[{i}]||[]).forEach((f)=>f($$M[{i}]));")
        return "\n".join(parts)

    def expression(self, path: str, how: tuple[str, ...]) -> str:
        """An export of a wrapped module, read inside its function."""
        if how[0] == "local":
            return how[1] if how[1] != DEFAULT else _local(self.index[path], DEFAULT)
        if how[0] == "ns":
            return self.namespace(how[1])
        return f"{self.namespace(how[1])}.{how[2]}"

    def target(self, path: str, name: str, unit: set[str], seen: frozenset[tuple[str, str]] = frozenset()) -> str:
        """An export as read in a scope of hoisted modules: the unique name of the binding it ends
        at, or a read of a namespace object once it leaves them (a module of the entry, for a chunk)."""
        if path not in unit:
            return f"{self.namespace(path)}.{name}"
        if (path, name) in seen:
            raise BundleError(f"{path}: {name} is re-exported in a circle")
        how = self.exports(path)[name]
        if how[0] == "ns":
            return self.namespace(how[1])
        if how[0] == "from":
            return self.target(how[1], how[2], unit, seen | {(path, name)})
        for source, imported, local in self.modules[path].imports:
            if local == how[1]:  # `import {a} from …; export {a}`
                return self.namespace(source) if imported == "*" else self.target(source, imported, unit, seen)
        return _local(self.index[path], how[1])

    def renames(self, module: Module, back: _Edges, unit: set[str]) -> list[tuple[int, int, bytes]]:
        """Edits that give a hoisted module's top-level bindings unique names and its imports their targets."""
        imports: dict[str, tuple[str, str]] = {}
        for source, name, local in module.imports:
            if name != "*" and name not in self.exports(source):
                raise BundleError(f"{module.path}: {source} does not export {name}")
            imports[local] = (source, name)
        for source in dict.fromkeys(s for s, _, _ in module.imports):
            if (module.path, source) in back:
                self.check_cycle(module, source)
        edits, prelude = [], ""
        i = self.index[module.path]
        for binding in Scopes(module.tree.root_node).program.bindings.values():
            if binding.name in imports:
                source, name = imports[binding.name]
                new = self.namespace(source) if name == "*" else self.target(source, name, unit)
                if new.startswith("$$M[") and name != "*":  # outside this scope: destructured once, as imported
                    if (module.path, source) in back:
                        raise BundleError(f"{module.path}: imports {name} through an import cycle out of the bundle")
                    new = _local(i, binding.name)
                    prelude += f"const{{{name}:{new}}}={self.namespace(source)};"
            else:
                new = _local(i, binding.name)
            for site in binding.sites:
                short = site.type != "identifier"  # `{a}` in an object literal or a pattern
                edits.append((site.start_byte, site.end_byte, (f"{binding.name}:{new}" if short else new).encode()))
        return [(0, 0, prelude.encode()), *edits] if prelude else edits

    def check_cycle(self, module: Module, source: str) -> None:
        """An import closing a cycle is not there yet while the importer evaluates."""
        locals_ = [local for s, _, local in module.imports if s == source]
        early = read_at_evaluation(module, locals_)
        if early:
            used = f"{', '.join(early)} from {source}"
            raise BundleError(f"{module.path}: {used} (an import cycle) is used while the module evaluates")
        exported = {h[1] for h in module.exports.values() if h[0] == "local"}
        if exported.intersection(locals_):
            raise BundleError(f"{module.path}: re-exports a binding of an import cycle")

    def imports(self, module: Module, back: set[tuple[str, str]]) -> str:
        """A wrapped module's imports as destructurings; late `let`s for the ones closing a cycle."""
        by_source: dict[str, list[tuple[str, str]]] = {}
        for source, name, local in module.imports:
            if name != "*" and name not in self.exports(source):
                raise BundleError(f"{module.path}: {source} does not export {name}")
            by_source.setdefault(source, []).append((name, local))
        out = []
        for source, names in by_source.items():
            ns = self.namespace(source)
            stars = [local for name, local in names if name == "*"]
            pattern = ",".join(n if n == loc else f"{n}:{loc}" for n, loc in names if n != "*")
            if (module.path, source) not in back:
                out += [f"const {loc}={ns};" for loc in stars]
                out += [f"const{{{pattern}}}={ns};"] if pattern else []
                continue
            self.check_cycle(module, source)
            locals_ = [local for _, local in names]
            assign = ";".join([f"{loc}=n" for loc in stars] + ([f"({{{pattern}}}=n)"] if pattern else []))
            i = self.index[source]
            out.append(f"let {','.join(locals_)};($$L[{i}]||=[]).push((n)=>{{{assign}}});")
        return "".join(out)

    def body(self, module: Module, present: set[str], uses: set[str], renames: list[tuple[int, int, bytes]]) -> str:
        """The module's text with its module syntax edited out; `uses` gets "meta", "chunk"."""
        edits = list(module.edits) + renames
        if module.default_value is not None:
            start, end = module.default_value
            edits.append((start, end, f"const {_local(self.index[module.path], DEFAULT)}=".encode()))
        for start, end in module.meta:
            edits.append((start, end, f'new URL("{module.path}",$$r).href'.encode()))
        for start, end, target in module.dynamic:
            if target in present:
                expr = f"Promise.resolve().then(()=>{self.namespace(target)})"
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
        out, pos = [], 0
        for start, end, replacement in sorted(edits):
            if start < pos:
                raise BundleError(f"{module.path}: overlapping edits at byte {start}")
            out += [text[pos:start], replacement]
            pos = end
        if module.meta:
            uses.add("meta")
        return b"".join([*out, text[pos:]]).decode()


def _local(index: int, name: str) -> str:
    """A hoisted module's top-level name, unique in the bundle (module sources cannot use `$$`)."""
    return f"$${index}_{name}"


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
            with contextlib.suppress(BundleError):  # reported by the request that asks for it
                self.entry(entry)

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

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

from openmini.server.js_modules import BundleError, Module, minify, parse_module, read_at_evaluation

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
            elif (path, how[1]) in self.back:
                raise BundleError(f"{path}: re-exports {name} from {how[1]}, which is part of an import cycle")
            elif how[0] == "ns":
                names[name] = f"$$M[{self.index[how[1]]}]"
            else:
                source, imported = how[1], how[2]
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
        lazy = dict.fromkeys(t for p in order for _, _, t in self.modules[p].dynamic)
        chunks = tuple(self.chunks[m] for m in lazy if m in self.chunks)
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
                used = ", ".join(early)
                raise BundleError(
                    f"{module.path}: {used} from {source} (an import cycle) is used while the module evaluates"
                )
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

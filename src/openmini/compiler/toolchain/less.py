"""Less → WXSS, for WeChat's ``less`` compiler plugin: a documented subset of Less.

No maintained Python Less compiler fits: lesscpy (the only one maintained) refuses any element
selector it does not know as HTML, so ``page``, ``view`` or ``camera`` (every mini program's
selectors) are syntax errors to it, and it has no ``rpx``. So this is a small compiler of the
subset mini programs use: variables (lazy, block-scoped, ``@{name}`` interpolation, ``~"…"``),
nesting with ``&``, ``@media`` inside rules, mixins (plain and parametric, no guards), ``//``
comments, arithmetic on numbers with units, and ``@import`` of ``.less`` files (inlined, sharing
variables and mixins; ``.css``/``.wxss`` imports stay WXSS imports). Anything else (guards,
``:extend``, Less functions, detached rulesets, ``@plugin``) is a positioned error.

Every output fragment is written on the line of the source it came from (an imported file's or
a mixin's rules on the line of the ``@import`` or the call), so WXSS messages about the result
name the right line of the ``.less`` file. A rule holding nested rules is closed before them and
reopened after, which keeps that order without changing what applies.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import toolchain as msg
from openmini.compiler.project import Project, resolve
from openmini.compiler.source import SourceFile
from openmini.compiler.toolchain.less_parse import (
    AtStatement,
    Block,
    Declaration,
    Inline,
    LessSyntaxError,
    MixinCall,
    Statement,
    Variable,
    mixin_head,
    parse_less,
)
from openmini.compiler.toolchain.less_values import ValueError_, evaluate, interpolate, substitute

_CONDITIONAL = frozenset({"media", "supports", "container"})
_MAX_MIXIN_DEPTH = 32
_UNSUPPORTED_SELECTOR = re.compile(r":extend\(|\bwhen\b")


_Flush = Callable[[int], None]


@dataclass
class _Mixin:
    params: list[tuple[str, str | None]] | None  # None: a plain ruleset usable as a mixin
    block: Block
    scope: _Scope
    source: SourceFile


@dataclass
class _Scope:
    parent: _Scope | None
    variables: dict[str, tuple[str, _Scope]] = field(default_factory=dict)
    mixins: dict[str, list[_Mixin]] = field(default_factory=dict)
    fallback: _Scope | None = None  # the caller's scope, for a mixin body

    def lookup(self, name: str) -> tuple[str, _Scope] | None:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.variables:
                return scope.variables[name]
            scope = scope.parent
        return self.fallback.lookup(name) if self.fallback is not None else None

    def find_mixins(self, name: str) -> list[_Mixin]:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.mixins:
                return scope.mixins[name]
            scope = scope.parent
        return self.fallback.find_mixins(name) if self.fallback is not None else []


@dataclass(frozen=True)
class _Where:
    source: SourceFile
    pin: int | None  # the line everything goes on (imported files, mixin bodies), else None


class _Compiler:
    def __init__(self, project: Project, diagnostics: Diagnostics, source: SourceFile) -> None:
        self.project = project
        self.diagnostics = diagnostics
        self.lines: list[list[str]] = [[] for _ in range(source.line_count)]
        self.importing: list[str] = [source.path]
        self.depth = 0

    # -- output ------------------------------------------------------------------------------

    def line(self, where: _Where, offset: int) -> int:
        return where.pin if where.pin is not None else where.source.position(offset).line

    def put(self, line: int, text: str) -> None:
        self.lines[min(line, len(self.lines)) - 1].append(text)

    def report(self, where: _Where, offset: int, error: Exception) -> None:
        start = max(0, offset)
        if isinstance(error, LessSyntaxError):
            diagnostic = msg.LESS_SYNTAX.at(where.source, error.offset, error.offset + 1, reason=error.reason)
        elif isinstance(error, ValueError_):
            message = {
                "undefined": msg.LESS_UNDEFINED,
                "units": msg.LESS_UNITS,
                "mixin": msg.LESS_MIXIN_UNKNOWN,
                "import": msg.LESS_IMPORT_MISSING,
                "cycle": msg.LESS_IMPORT_CYCLE,
            }.get(error.kind, msg.LESS_UNSUPPORTED)
            diagnostic = message.at(where.source, start, start + 1, **error.params)
        else:  # pragma: no cover - only the two error types above are raised
            raise error
        self.diagnostics.add(diagnostic)

    # -- scopes ------------------------------------------------------------------------------

    def scope_of(self, items: list[Statement], parent: _Scope | None, where: _Where) -> _Scope:
        """Variables and mixins declared directly in ``items`` (imports included); the last wins."""
        scope = _Scope(parent)
        self.collect(items, scope, where)
        return scope

    def collect(self, items: list[Statement], scope: _Scope, where: _Where) -> None:
        for item in items:
            if isinstance(item, Variable):
                scope.variables[item.name] = (item.value, scope)
            elif isinstance(item, Inline):
                self.collect(list(item.root.children), scope, _Where(item.source, where.pin))
            elif isinstance(item, Block):
                head = mixin_head(item.prelude)
                if head is None:
                    continue
                name, params = head
                try:
                    parsed = _parameters(params) if params is not None else None
                except ValueError_ as error:
                    self.report(where, item.offset, error)
                    continue
                scope.mixins.setdefault(name, []).append(_Mixin(parsed, item, scope, where.source))

    def value(self, text: str, scope: _Scope) -> str:
        def lookup(name: str) -> str | None:
            found = scope.lookup(name)
            return found[0] if found is not None else None

        return evaluate(substitute(text, lookup))

    # -- imports -----------------------------------------------------------------------------

    def expand(self, items: list[Statement], where: _Where) -> list[Statement]:
        """``items`` with each ``@import`` of a .less file replaced by that file's statements."""
        out: list[Statement] = []
        for item in items:
            if isinstance(item, Block):
                item.children = self.expand(item.children, where)
            target = _less_import(item)
            if target is None:
                out.append(item)
                continue
            try:
                out.append(self.imported(target, item.offset, where))
            except (ValueError_, LessSyntaxError) as error:
                self.report(where, item.offset, error)
        return out

    def imported(self, target: str, offset: int, where: _Where) -> Inline:
        path = resolve(where.source.path, target)
        if path is not None and not path.endswith(".less") and not self.project.exists(path):
            path += ".less"
        if path is None or not self.project.exists(path):
            raise ValueError_("import", target=target)
        if path in self.importing:
            raise ValueError_("cycle", target=target)
        source = self.project.source(path, self.diagnostics)
        if source is None:
            raise ValueError_("import", target=target)
        pin = where.pin if where.pin is not None else where.source.position(offset).line
        self.importing.append(path)
        try:
            root = parse_less(source.text)
            inner = _Where(source, pin)
            root.children = self.expand(root.children, inner)
        finally:
            self.importing.pop()
        return Inline(source, root, offset)

    # -- rules -------------------------------------------------------------------------------

    def rules(
        self,
        items: list[Statement],
        selectors: list[str],
        scope: _Scope,
        where: _Where,
        end: int,
        opening: int | None = None,
    ) -> None:
        """Emit ``items`` as the body of ``selectors`` (none at the top level or in an at-rule).

        ``opening`` is the line of the rule's ``{``: its first run of declarations opens there.
        """
        pending: list[tuple[int, str]] = []
        header_line = opening

        def flush(close_line: int) -> None:
            nonlocal header_line
            if pending and selectors:
                self.put(header_line or pending[0][0], ",".join(selectors) + " {")
                for line, text in pending:
                    self.put(line, text)
                self.put(max(close_line, pending[-1][0]), "}")
            elif pending:
                for line, text in pending:
                    self.put(line, text)
            pending.clear()
            header_line = None

        for item in items:
            try:
                self.item(item, selectors, scope, where, pending, flush)
            except (ValueError_, LessSyntaxError) as error:
                self.report(where, _offset(item), error)
        flush(self.line(where, end))

    def item(
        self,
        item: Statement,
        selectors: list[str],
        scope: _Scope,
        where: _Where,
        pending: list[tuple[int, str]],
        flush: _Flush,
    ) -> None:
        if isinstance(item, Variable):
            return
        if isinstance(item, Declaration):
            if item.name.startswith("&"):
                raise ValueError_("unsupported", feature=f"{item.name}:{item.value.split('(')[0]}")
            name = interpolate(item.name, lambda n: _found(scope, n))
            pending.append((self.line(where, item.offset), f"{name}: {self.value(item.value, scope)};"))
            return
        if isinstance(item, AtStatement):
            self.at_statement(item, scope, where, pending, flush)
            return
        if isinstance(item, MixinCall):
            self.call(item, selectors, scope, where, pending, flush)
            return
        if isinstance(item, Inline):
            inner = _Where(item.source, self.line(where, item.offset))
            self.rules(list(item.root.children), selectors, scope, inner, item.root.end)
            return
        flush(self.line(where, item.offset))
        self.block(item, selectors, scope, where)

    def block(self, block: Block, selectors: list[str], scope: _Scope, where: _Where) -> None:
        if block.prelude.startswith("@"):
            keyword, _, rest = block.prelude.partition(" ")
            prelude = f"{keyword} {substitute(rest, lambda n: _found(scope, n))}".strip()
            self.at_block(block, prelude, selectors, scope, where)
            return
        prelude = interpolate(block.prelude, lambda n: _found(scope, n))
        if _UNSUPPORTED_SELECTOR.search(prelude):
            feature = "a mixin guard (when …)" if "when" in prelude else ":extend"
            raise ValueError_("unsupported", feature=feature)
        head = mixin_head(block.prelude)
        if head is not None and head[1] is not None:
            return  # a parametric mixin is output only where it is called
        inner = self.scope_of(list(block.children), scope, where)
        combined = _combine(selectors, _split_top(prelude, ","))
        self.rules(list(block.children), combined, inner, where, block.end, self.line(where, block.offset))

    def at_block(self, block: Block, prelude: str, selectors: list[str], scope: _Scope, where: _Where) -> None:
        name = prelude[1:].split(None, 1)[0].split("(", 1)[0].lower()
        if name.endswith(":"):
            raise ValueError_("unsupported", feature="a detached ruleset")
        inner = self.scope_of(list(block.children), scope, where)
        self.put(self.line(where, block.offset), _normalise_space(prelude) + " {")
        if name in _CONDITIONAL:
            self.rules(list(block.children), selectors, inner, where, block.end)
        else:  # @font-face, @keyframes, @page: their rules are not nested in the outer selectors
            self.rules(list(block.children), [], inner, where, block.end)
        self.put(self.line(where, block.end), "}")

    def at_statement(
        self, item: AtStatement, scope: _Scope, where: _Where, pending: list[tuple[int, str]], flush: _Flush
    ) -> None:
        if item.name in ("plugin", "namespace"):
            raise ValueError_("unsupported", feature=f"@{item.name}")
        if item.name == "import" and item.prelude.startswith("("):
            raise ValueError_("unsupported", feature=f"@import options {item.prelude.split(')')[0]})")
        flush(self.line(where, item.offset))
        prelude = substitute(item.prelude, lambda n: _found(scope, n))
        self.put(self.line(where, item.offset), f"@{item.name} {prelude};")

    def call(
        self,
        call: MixinCall,
        selectors: list[str],
        scope: _Scope,
        where: _Where,
        pending: list[tuple[int, str]],
        flush: _Flush,
    ) -> None:
        if len(re.findall(r"[.#]", call.name)) > 1:
            raise ValueError_("unsupported", feature=f"the namespaced mixin call {call.name}")
        mixins = scope.find_mixins(call.name)
        if not mixins:
            raise ValueError_("mixin", name=call.name)
        if self.depth >= _MAX_MIXIN_DEPTH:
            raise ValueError_("unsupported", feature=f"mixin {call.name} calling itself")
        line = self.line(where, call.offset)
        args = _arguments(call.arguments or "")
        for mixin in mixins:
            bound = _Scope(mixin.scope, fallback=scope)
            for index, (param, default) in enumerate(mixin.params or []):
                value = args.get(param, args.get(str(index), default))
                if value is None:
                    raise ValueError_("unsupported", feature=f"calling {call.name} without a value for @{param}")
                bound.variables[param] = (self.value(value, scope), bound)
            body = self.scope_of(list(mixin.block.children), bound, _Where(mixin.source, line))
            self.depth += 1
            try:
                self.mixin_body(mixin, body, selectors, _Where(mixin.source, line), pending, flush, call.important)
            finally:
                self.depth -= 1

    def mixin_body(
        self,
        mixin: _Mixin,
        scope: _Scope,
        selectors: list[str],
        where: _Where,
        pending: list[tuple[int, str]],
        flush: _Flush,
        important: bool,
    ) -> None:
        for child in mixin.block.children:
            before = len(pending)
            try:
                self.item(child, selectors, scope, where, pending, flush)
            except (ValueError_, LessSyntaxError) as error:
                self.report(_Where(mixin.source, None), _offset(child), error)
            if important:
                pending[before:] = [(line, text[:-1] + " !important;") for line, text in pending[before:]]

    def output(self) -> str:
        return "\n".join(" ".join(parts) for parts in self.lines)


def compile_less(project: Project, path: str, diagnostics: Diagnostics) -> str | None:
    """The WXSS of one ``.less`` file, its lines where the source's were; None if it cannot be read."""
    source = project.source(path, diagnostics)
    if source is None:
        return None
    compiler = _Compiler(project, diagnostics, source)
    where = _Where(source, None)
    try:
        root = parse_less(source.text)
    except LessSyntaxError as error:
        compiler.report(where, error.offset, error)
        return ""
    items = compiler.expand(root.children, where)
    scope = compiler.scope_of(items, None, where)
    compiler.rules(items, [], scope, where, root.end)
    return compiler.output()


def _less_import(item: Statement) -> str | None:
    """The target of ``@import "x.less"`` / ``@import "x"``; None for CSS imports and other statements."""
    if not isinstance(item, AtStatement) or item.name != "import":
        return None
    match = re.match(r"""(?:url\()?\s*(["'])(.*?)\1""", item.prelude)
    if match is None:
        return None
    target = match.group(2)
    extension = posixpath.splitext(target)[1]
    return target if extension in ("", ".less") else None


def _offset(item: Statement) -> int:
    return item.offset


def _found(scope: _Scope, name: str) -> str | None:
    found = scope.lookup(name)
    return found[0] if found is not None else None


def _combine(parents: list[str], children: list[str]) -> list[str]:
    if not parents:
        return [child.replace("&", "").strip() or child for child in children]
    out: list[str] = []
    for parent in parents:
        for child in children:
            out.append(child.replace("&", parent) if "&" in child else f"{parent} {child}")
    return out


def _split_top(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    quote = ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(_normalise_space("".join(current)))
            current = []
            continue
        current.append(ch)
    parts.append(_normalise_space("".join(current)))
    return [part for part in parts if part]


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def _parameters(text: str) -> list[tuple[str, str | None]]:
    params: list[tuple[str, str | None]] = []
    for part in _split_top(text, ";" if ";" in text else ","):
        name, colon, default = part.partition(":")
        if not name.startswith("@") or "..." in part:
            raise ValueError_("unsupported", feature=f"the mixin parameter {part!r}")
        params.append((name[1:].strip(), default.strip() if colon else None))
    return params


def _arguments(text: str) -> dict[str, str]:
    """Call arguments by position (``"0"``, ``"1"``…) and by name (``@b: 3``)."""
    out: dict[str, str] = {}
    if not text.strip():
        return out
    for index, part in enumerate(_split_top(text, ";" if ";" in text else ",")):
        named = re.match(r"@([\w-]+)\s*:(.*)\Z", part, re.S)
        if named is not None:
            out[named.group(1)] = named.group(2).strip()
        else:
            out[str(index)] = part
    return out

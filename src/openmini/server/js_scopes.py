"""Which declaration each identifier of an ES module means: scopes read from tree-sitter's tree.

For the runtime bundler: joining modules into one scope renames each module's top-level
bindings (runtime_bundle.py), and the minifier gives local bindings short names
(js_mangle.py). Both need every place a binding is named, declarations and references, with
shadowing resolved as JavaScript does in strict code (a module's): `var` belongs to the
function, `let`/`const`/`class` and a function declared in a block to the block, a parameter's
default value cannot see the body's declarations, a function or class expression's own name
is visible only inside it. Property names and labels are not bindings; `{a}` in an object or
a pattern names the binding `a` (renaming it means writing `{a: x}`). A module's import
bindings are declared (their references resolve to them) but the import statement is not a
site, nor are `export {…}` lists: the bundler removes those statements.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from openmini.server.js_modules import BundleError

__all__ = ["Binding", "Scope", "Scopes"]

_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
_NAMED_EXPRESSIONS = frozenset({"function_expression", "generator_function"})
_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})
_REFERENCES = frozenset({"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"})


@dataclass(eq=False)
class Binding:
    """One declared name: every node that names it (shorthand ones need `{a: x}` to rename)."""

    name: str
    sites: list[Node] = field(default_factory=list)
    imported: bool = False
    pinned: bool = False  # a `var` that assigns a `catch` parameter (Annex B): both keep their names


@dataclass(eq=False)
class Scope:
    parent: Scope | None
    function: bool = False  # where `var` lands
    local: bool = False  # inside a function
    hidden: bool = False  # a direct `eval` or a `with` can see it: its names must stay
    bindings: dict[str, Binding] = field(default_factory=dict)
    children: list[Scope] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.parent is not None:
            self.parent.children.append(self)
            self.local |= self.parent.local

    def declare(self, node: Node) -> Binding:
        binding = self.bindings.setdefault(_text(node), Binding(_text(node)))
        binding.sites.append(node)
        return binding

    def chain(self) -> Iterator[Scope]:
        scope: Scope | None = self
        while scope is not None:
            yield scope
            scope = scope.parent


def _text(node: Node) -> str:
    return (node.text or b"").decode()


class Scopes:
    """The scopes of one program; `free` are the names read that no declaration binds."""

    def __init__(self, root: Node) -> None:
        self.program = Scope(None, function=True)
        self.free: set[str] = set()
        self._references: list[tuple[Node, Scope]] = []
        self._params: dict[int, Scope] = {}  # id of a function body's scope → its parameters' scope
        self._stack: list[tuple[Node, Scope]] = [(root, self.program)]
        while self._stack:
            self._visit(*self._stack.pop())
        for node, scope in self._references:
            self._resolve(node, scope)

    def _push(self, nodes: list[Node], scope: Scope) -> None:
        self._stack.extend((node, scope) for node in reversed(nodes))

    def _visit(self, node: Node, scope: Scope) -> None:
        kind = node.type
        if kind in _REFERENCES:
            self._references.append((node, scope))
        elif kind in ("lexical_declaration", "variable_declaration"):
            for declarator in node.named_children:
                if declarator.type != "variable_declarator":
                    continue
                name = declarator.child_by_field_name("name")
                assert name is not None
                self._bind(name, scope, var=kind == "variable_declaration")
                value = declarator.child_by_field_name("value")
                if value is not None:
                    self._stack.append((value, scope))
        elif kind in _FUNCTIONS:
            self._function(node, scope)
        elif kind in ("class_declaration", "class"):
            name = node.child_by_field_name("name")
            inner = Scope(scope)
            if name is not None:
                (scope if kind == "class_declaration" else inner).declare(name)
            self._push([c for c in node.named_children if c.type == "class_heritage"], scope)
            body = node.child_by_field_name("body")
            assert body is not None
            self._push(body.named_children, inner)
        elif kind in ("statement_block", "switch_body"):
            self._push(node.named_children, Scope(scope))
        elif kind == "for_in_statement":
            head = Scope(scope)
            left = node.child_by_field_name("left")
            declares = node.child_by_field_name("kind")
            rest = [c for c in node.named_children if c != left]
            if left is not None and declares is not None:
                self._bind(left, head, var=declares.type == "var")
            elif left is not None:
                rest.insert(0, left)
            self._push(rest, head)
        elif kind in ("for_statement", "catch_clause"):
            head = Scope(scope)
            parameter = node.child_by_field_name("parameter")
            if parameter is not None:
                self._bind(parameter, head)
            self._push([c for c in node.named_children if c != parameter], head)
        elif kind == "import_statement":
            for local in _imported(node):
                scope.bindings.setdefault(_text(local), Binding(_text(local), imported=True))
        elif kind == "export_statement":
            self._push([c for c in (node.child_by_field_name(f) for f in ("declaration", "value")) if c], scope)
        elif kind == "with_statement":
            self._hide(scope)
            self._push(node.named_children, scope)
        else:
            self._push(node.named_children, scope)

    def _function(self, node: Node, scope: Scope) -> None:
        """Parameters get their own scope: a default value cannot see the body's declarations."""
        name = node.child_by_field_name("name")
        if node.type in _DECLARATIONS:
            assert name is not None
            scope.declare(name)
        elif node.type in _NAMED_EXPRESSIONS and name is not None:
            scope = Scope(scope)
            scope.declare(name)
        elif name is not None and name.type == "computed_property_name":
            self._stack.append((name, scope))
        params = Scope(scope, local=True)
        body = Scope(params, function=True)
        self._params[id(body)] = params
        single = node.child_by_field_name("parameter")  # `x => …`
        if single is not None:
            params.declare(single)
        else:
            formal = node.child_by_field_name("parameters")
            assert formal is not None
            for param in formal.named_children:
                self._bind(param, params)
        block = node.child_by_field_name("body")
        assert block is not None
        self._push(block.named_children if block.type == "statement_block" else [block], body)

    def _bind(self, pattern: Node, scope: Scope, var: bool = False) -> None:
        """Declare the names a binding pattern binds; its defaults and computed keys are code."""
        kind = pattern.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            self._declare(pattern, scope, var)
        elif kind in ("object_pattern", "array_pattern", "rest_pattern"):
            for child in pattern.named_children:
                self._bind(child, scope, var)
        elif kind in ("assignment_pattern", "object_assignment_pattern", "pair_pattern"):
            target = pattern.child_by_field_name("value" if kind == "pair_pattern" else "left")
            other = pattern.child_by_field_name("key" if kind == "pair_pattern" else "right")
            assert target is not None and other is not None
            self._bind(target, scope, var)
            if other.type != "property_identifier":
                self._stack.append((other, scope))
        elif kind != "comment":
            raise BundleError(f"line {pattern.start_point[0] + 1}: unexpected binding pattern ({kind})")

    def _declare(self, node: Node, scope: Scope, var: bool) -> None:
        if not var:
            scope.declare(node)
            return
        name = _text(node)
        target = next(s for s in scope.chain() if s.function)
        between = itertools.takewhile(lambda s: s is not target, scope.chain())
        crossed = [s.bindings[name] for s in between if name in s.bindings]
        params = self._params.get(id(target))
        if params is not None and name in params.bindings:  # `var a` in a function with a parameter `a`
            binding = params.bindings[name]
            binding.sites.append(node)
        else:
            binding = target.declare(node)
        for other in crossed:
            other.pinned = binding.pinned = True

    def _resolve(self, node: Node, scope: Scope) -> None:
        name = _text(node)
        for candidate in scope.chain():
            binding = candidate.bindings.get(name)
            if binding is not None:
                binding.sites.append(node)
                return
        self.free.add(name)
        if name == "eval":
            self._hide(scope)

    @staticmethod
    def _hide(scope: Scope) -> None:
        for candidate in scope.chain():
            candidate.hidden = True


def _imported(node: Node) -> Iterator[Node]:
    """The local names an import statement binds."""
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    for part in clause.named_children if clause else ():
        if part.type == "identifier":
            yield part
        elif part.type == "namespace_import":
            yield part.named_children[0]
        else:
            for spec in part.named_children:
                if spec.type == "import_specifier":
                    alias = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                    assert alias is not None
                    yield alias

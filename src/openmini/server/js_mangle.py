"""Short names for a bundle's local bindings.

The runtime bundler (runtime_bundle.py) runs the modules inside a function, so almost every
name in a bundle is local and can be renamed without anyone outside noticing. The scope
analysis (js_scopes.py) says which declaration each identifier means; this renames only
bindings inside functions, and of those never:

- a name a direct `eval` or a `with` can see, nor a `var` that assigns a `catch` parameter;
- a property name (`{a}` becomes `{a:x}`, a destructuring `{a}` too), nor a label;
- the program's own bindings (the bundle's `$$M`… and its exports), nor a global or any name
  read without a declaration (`arguments`, `undefined`…): no new name equals one of those.

Names are given as esbuild gives them: a scope's bindings take the slots after its ancestors',
so a new name never shadows one used inside its scope; sibling scopes reuse slots, and the most
used slots get the shortest names.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Iterator

from openmini.server.js_modules import BundleError, parser
from openmini.server.js_scopes import Binding, Scope, Scopes

__all__ = ["mangle"]

# Reserved words and names no binding may take in strict code, and contextual keywords kept out
# to be safe; names starting with $$ are the bundler's.
_KEYWORD_LIST = """break case catch class const continue debugger default delete do else enum export extends false
    finally for function if import in instanceof new null return super switch this throw true try typeof
    var void while with yield let static implements interface package private protected public await
    arguments eval undefined NaN Infinity async of get set"""
_KEYWORDS = frozenset(_KEYWORD_LIST.split())


def _candidates() -> Iterator[str]:
    first = string.ascii_letters + "_$"
    rest = first + string.digits
    for length in itertools.count(1):
        for chars in itertools.product(first, *[rest] * (length - 1)):
            name = "".join(chars)
            if name not in _KEYWORDS and not name.startswith("$$"):
                yield name


def mangle(code: str) -> str:
    """The program with its provably private bindings renamed to short names (see the module doc)."""
    text = code.encode()
    tree = parser().parse(text)
    if tree.root_node.has_error:
        raise BundleError("the bundle does not parse")
    scopes = Scopes(tree.root_node)
    kept = set(scopes.free)
    uses: dict[int, int] = {}
    slots: list[tuple[Binding, int]] = []
    todo: list[tuple[Scope, int]] = [(scopes.program, 0)]
    while todo:
        scope, slot = todo.pop()
        for binding in scope.bindings.values():
            if scope.hidden or binding.pinned or not scope.local:
                kept.add(binding.name)
            else:
                slots.append((binding, slot))
                uses[slot] = uses.get(slot, 0) + len(binding.sites)
                slot += 1
        todo.extend((child, slot) for child in scope.children)
    names = (n for n in _candidates() if n not in kept)
    by_slot = {slot: next(names) for slot in sorted(uses, key=lambda s: (-uses[s], s))}
    edits: list[tuple[int, int, bytes]] = []
    for binding, slot in slots:
        new = by_slot[slot]
        if new == binding.name:
            continue
        for site in binding.sites:
            short = site.type != "identifier"  # `{a}` in an object literal or a pattern
            edits.append((site.start_byte, site.end_byte, (f"{binding.name}:{new}" if short else new).encode()))
    out, pos = [], 0
    for start, end, replacement in sorted(edits):
        out += [text[pos:start], replacement]
        pos = end
    return b"".join([*out, text[pos:]]).decode()

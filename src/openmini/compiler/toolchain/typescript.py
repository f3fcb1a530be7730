"""TypeScript → JavaScript by erasing types, as WeChat's ``typescript`` compiler plugin is used.

Like Node's ``--experimental-strip-types`` (TypeScript's ``erasableSyntaxOnly``), every piece of
type syntax is replaced by spaces, so each line and column of the output is the line and column
of the developer's ``.ts``: runtime errors and compiler messages point into their file. Whole
statements that vanish (interfaces, type aliases, overloads, ``declare``) leave a ``;`` so the
statements around them do not run together.

Two things go beyond plain erasure, because WeChat's plugin (tsc) does them and real code relies
on them: an import whose bindings are used only as types is dropped, as tsc drops it (otherwise
a type-only import cycle would become a runtime one); and an ``enum`` whose members are literals
is lowered to the object tsc emits, on the same lines. Other syntax with runtime meaning
(``namespace`` with values, parameter properties, ``import x =``, ``export =``, computed enums)
is refused with a positioned error.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field

import tree_sitter_typescript as tst
from tree_sitter import Language, Node, Parser

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import toolchain as msg
from openmini.compiler.messages.registry import Message
from openmini.compiler.parse.js import OffsetMap
from openmini.compiler.source import SourceFile

# Nodes that are nothing but type syntax, wherever they stand.
_TYPE_ONLY = frozenset(
    {
        "type_annotation",
        "asserts_annotation",
        "type_predicate_annotation",
        "type_parameters",
        "type_arguments",
        "implements_clause",
        "accessibility_modifier",
        "override_modifier",
    }
)
# Declarations that emit nothing: the whole statement goes.
_TYPE_DECLARATIONS = frozenset(
    {"interface_declaration", "type_alias_declaration", "function_signature", "ambient_declaration"}
)
# Class members that emit nothing.
_TYPE_MEMBERS = frozenset({"index_signature", "abstract_method_signature", "method_signature"})
# Parents whose `?` (optional) and `!` (definite assignment) tokens are type syntax.
_OPTIONAL_MARK_PARENTS = frozenset(
    {"optional_parameter", "public_field_definition", "method_definition", "variable_declarator"}
)
_PARAMETER_PROPERTY_MARKS = frozenset({"accessibility_modifier", "override_modifier", "readonly"})
_NAMESPACES = frozenset({"internal_module", "module"})


@functools.cache
def _language() -> Language:
    return Language(tst.language_typescript())


@dataclass
class _Edit:
    start: int  # byte offsets in the UTF-8 source
    end: int
    # None: blank the range; a string: put it in place of the range (a lowered enum).
    text: str | None = None
    statement: bool = False  # the range was a whole statement: keep a `;` in its place


@dataclass
class _Eraser:
    source: SourceFile
    data: bytes
    offsets: OffsetMap
    diagnostics: Diagnostics
    edits: list[_Edit] = field(default_factory=list)
    # Names read as values somewhere outside import statements, for import elision.
    value_names: set[str] = field(default_factory=set)
    imports: list[Node] = field(default_factory=list)

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def blank(self, node: Node, *, statement: bool = False) -> None:
        self.edits.append(_Edit(node.start_byte, node.end_byte, statement=statement))

    def refuse(self, message: Message, node: Node, **params: object) -> None:
        start, end = self.offsets.char(node.start_byte), self.offsets.char(node.end_byte)
        self.diagnostics.add(message.at(self.source, start, end, **params))

    def walk(self, root: Node) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if self.visit(node):
                stack.extend(reversed(node.children))
            elif node.type in ("as_expression", "satisfies_expression", "non_null_expression", "type_assertion"):
                # Only the expression inside is code; visit() blanked the type syntax around it.
                inner = node.named_children[-1] if node.type == "type_assertion" else node.child(0)
                if inner is not None:
                    stack.append(inner)

    def visit(self, node: Node) -> bool:
        """Record what ``node`` contributes; True when all its children are still to be visited."""
        kind = node.type
        parent = node.parent
        if kind in _TYPE_ONLY:
            self.blank(node)
            return False
        if kind in _TYPE_DECLARATIONS or kind in _TYPE_MEMBERS:
            self.blank(_statement_of(node), statement=True)
            return False
        if kind == "identifier" or kind == "shorthand_property_identifier":
            self.value_names.add(self.text(node))
            return False
        if kind in ("?", "!", "readonly", "abstract") and not node.is_named:
            if parent is not None and self.is_type_mark(node, parent):
                self.blank(node)
            return False
        if kind in ("as_expression", "satisfies_expression"):
            keyword = node.child(1)
            if keyword is not None:
                self.edits.append(_Edit(keyword.start_byte, node.end_byte))
            return False
        if kind == "non_null_expression":
            mark = node.child(node.child_count - 1)
            if mark is not None and mark.type == "!":
                self.blank(mark)
            return False
        if kind == "type_assertion":  # `<T>value`
            first = node.child(0)
            if first is not None and first.type == "type_arguments":
                self.blank(first)
            return False
        if kind == "public_field_definition" and _has_token(node, ("declare", "abstract")):
            self.blank(node, statement=True)
            return False
        if kind == "required_parameter":
            return self.parameter(node)
        if kind == "import_statement":
            return self.import_statement(node)
        if kind == "export_statement":
            return self.export_statement(node)
        if kind == "export_specifier" and _has_token(node, ("type",)):
            self.blank_list_item(node)
            return False
        if kind == "enum_declaration":
            self.enum(node)
            return False
        if kind in _NAMESPACES:
            self.namespace(node)
            return False
        if kind == "import_alias":
            self.refuse(msg.TS_UNSUPPORTED, node, what="import … = (an import alias)", hint=_HINT_IMPORT)
            return False
        return True

    def is_type_mark(self, node: Node, parent: Node) -> bool:
        if node.type in ("?", "!"):
            return parent.type in _OPTIONAL_MARK_PARENTS
        if node.type == "readonly":
            return parent.type == "public_field_definition"
        return parent.type == "abstract_class_declaration"  # `abstract class`

    def parameter(self, node: Node) -> bool:
        first = node.child(0)
        if first is not None and first.type == "this":  # `this: T`, a type-only parameter
            self.blank_list_item(node)
            return False
        mark = next((c for c in node.children if c.type in _PARAMETER_PROPERTY_MARKS), None)
        if mark is not None:
            self.refuse(msg.TS_UNSUPPORTED, node, what="a parameter property", hint=_HINT_PARAMETER_PROPERTY)
            return False
        return True

    def import_statement(self, node: Node) -> bool:
        if _has_token(node, ("type",)):
            self.blank(node, statement=True)
            return False
        if any(c.type == "import_require_clause" for c in node.children):
            self.refuse(msg.TS_UNSUPPORTED, node, what="import … = require(…)", hint=_HINT_IMPORT)
            return False
        self.imports.append(node)
        for spec in _named_specifiers(node):
            if _has_token(spec, ("type",)):
                self.blank_list_item(spec)
        return False  # its names are bindings, not uses: never in value_names

    def export_statement(self, node: Node) -> bool:
        if _has_token(node, ("type",)):
            self.blank(node, statement=True)
            return False
        if _has_token(node, ("=",)):
            self.refuse(msg.TS_UNSUPPORTED, node, what="export = …", hint=_HINT_EXPORT_ASSIGN)
            return False
        declaration = node.child_by_field_name("declaration")
        if declaration is not None and (declaration.type in _TYPE_DECLARATIONS or _is_type_only_namespace(declaration)):
            self.blank(node, statement=True)
            return False
        if _has_token(node, ("as",)) and _has_token(node, ("namespace",)):  # `export as namespace X`
            self.blank(node, statement=True)
            return False
        return True

    def blank_list_item(self, node: Node) -> None:
        """Blank one item of a comma list with the comma that separates it from its neighbour."""
        after = node.next_sibling
        before = node.prev_sibling
        if after is not None and after.type == ",":
            self.edits.append(_Edit(node.start_byte, after.end_byte))
        elif before is not None and before.type == ",":
            self.edits.append(_Edit(before.start_byte, node.end_byte))
        else:
            self.blank(node)

    def namespace(self, node: Node) -> None:
        if _is_type_only_namespace(node):
            self.blank(_statement_of(node), statement=True)
            return
        self.refuse(msg.TS_UNSUPPORTED, node, what="a namespace holding values", hint=_HINT_NAMESPACE)

    def enum(self, node: Node) -> None:
        lowered = _lower_enum(self, node)
        if lowered is not None:
            self.edits.append(_Edit(node.start_byte, node.end_byte, text=lowered))

    def elide_type_only_imports(self) -> None:
        """Drop import bindings never read as a value, as tsc does; a statement left empty goes."""
        for node in self.imports:
            clause = next((c for c in node.children if c.type == "import_clause"), None)
            if clause is None:
                continue  # `import './side-effect'` stays
            bindings = _import_bindings(clause)
            unused = [(item, name) for item, name in bindings if self.text(name) not in self.value_names]
            if bindings and not unused:
                continue
            if len(unused) == len(bindings):  # every binding is a type (or `import { type A }` alone)
                self.blank(node, statement=True)
                continue
            for item, _ in unused:
                self.blank_list_item(item)


def _import_bindings(clause: Node) -> list[tuple[Node, Node]]:
    """(the node to remove, the local name) for each binding an import clause makes."""
    found: list[tuple[Node, Node]] = []
    for child in clause.children:
        if child.type == "identifier":  # default import
            found.append((child, child))
        elif child.type == "namespace_import":
            name = next((c for c in child.children if c.type == "identifier"), None)
            if name is not None:
                found.append((child, name))
        elif child.type == "named_imports":
            for spec in child.children:
                if spec.type != "import_specifier" or _has_token(spec, ("type",)):
                    continue
                local = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                if local is not None:
                    found.append((spec, local))
    return found


def _named_specifiers(node: Node) -> list[Node]:
    clause = next((c for c in node.children if c.type == "import_clause"), None)
    named = next((c for c in clause.children if c.type == "named_imports"), None) if clause is not None else None
    return [c for c in named.children if c.type == "import_specifier"] if named is not None else []


def _statement_of(node: Node) -> Node:
    """The statement a declaration stands in: its ``export`` or ``expression_statement`` wrapper."""
    parent = node.parent
    if parent is not None and parent.type in ("export_statement", "expression_statement"):
        return parent
    return node


def _has_token(node: Node, tokens: tuple[str, ...]) -> bool:
    return any(not c.is_named and c.type in tokens for c in node.children)


def _is_type_only_namespace(node: Node) -> bool:
    """A namespace whose body declares only types: TypeScript emits nothing for it."""
    if node.type not in _NAMESPACES:
        return False
    body = node.child_by_field_name("body")
    if body is None:
        return True
    for statement in body.named_children:
        inner = statement.child_by_field_name("declaration") if statement.type == "export_statement" else statement
        if statement.type == "comment":
            continue
        if inner is None or not (inner.type in _TYPE_DECLARATIONS or _is_type_only_namespace(inner)):
            return False
    return True


def _lower_enum(eraser: _Eraser, node: Node) -> str | None:
    """``enum E { A, B = 5 }`` as tsc emits it, one statement per member on the member's line."""
    name_node = node.child_by_field_name("name")
    body = node.child_by_field_name("body")
    if name_node is None or body is None:
        return None
    name = eraser.text(name_node)
    pieces: list[tuple[int, str]] = [(node.start_byte, f"var {name} = {{}};")]
    next_value: float | None = 0.0
    for member in body.named_children:
        if member.type == "comment":
            continue
        key_node = member.child_by_field_name("name") if member.type == "enum_assignment" else member
        value_node = member.child_by_field_name("value") if member.type == "enum_assignment" else None
        if key_node is None:
            return None
        key = _member_key(eraser, key_node)
        value = _literal_value(eraser, value_node) if value_node is not None else next_value
        if key is None or value is None:
            eraser.refuse(msg.TS_ENUM_COMPUTED, value_node or member, enum=name)
            return None
        if isinstance(value, str):
            pieces.append((member.start_byte, f"{name}[{json.dumps(key)}] = {json.dumps(value)};"))
            next_value = None
        else:
            shown = _number_text(value)
            pieces.append((member.start_byte, f"{name}[{name}[{json.dumps(key)}] = {shown}] = {json.dumps(key)};"))
            next_value = value + 1
    return _on_original_lines(eraser.data, node, pieces)


def _member_key(eraser: _Eraser, node: Node) -> str | None:
    if node.type == "property_identifier":
        return eraser.text(node)
    if node.type == "string":
        return _string_literal(eraser.text(node))
    return None


def _literal_value(eraser: _Eraser, node: Node) -> float | str | None:
    text = eraser.text(node).strip()
    if node.type == "string":
        return _string_literal(text)
    negative = node.type == "unary_expression" and text.startswith("-")
    operand = node.named_children[0] if negative and node.named_children else node
    number = _js_number(eraser.text(operand)) if operand.type == "number" else None
    if number is None:
        return None
    return -number if negative else number


def _js_number(text: str) -> float | None:
    """A JavaScript numeric literal's value (BigInt literals are not enum values)."""
    digits = text.replace("_", "")
    try:
        if digits[:2].lower() in ("0x", "0o", "0b"):
            return float(int(digits, 0))
        return float(digits)
    except ValueError:
        return None


def _string_literal(text: str) -> str | None:
    """The value of a plain quoted string (escapes other than JSON's are refused)."""
    if len(text) < 2 or text[0] not in "'\"" or text[-1] != text[0]:
        return None
    inner = text[1:-1]
    if text[0] == "'":
        inner = inner.replace('\\"', '"').replace('"', '\\"').replace("\\'", "'")
    try:
        value = json.loads(f'"{inner}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _number_text(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def _on_original_lines(data: bytes, node: Node, pieces: list[tuple[int, str]]) -> str:
    """Join ``pieces`` so each starts on the line its source started on, and end on the node's last line."""
    out: list[str] = []
    previous = node.start_byte
    for start, text in pieces:
        newlines = data.count(b"\n", previous, start)
        out.append("\n" * newlines if newlines else (" " if out else ""))
        out.append(text)
        previous = start
    out.append("\n" * data.count(b"\n", previous, node.end_byte))
    return "".join(out)


def _apply(data: bytes, edits: list[_Edit]) -> str:
    """The source with each edit applied; blanked bytes become spaces, newlines stay."""
    out: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if edit.start < position:  # inside a range already replaced
            continue
        out.append(data[position : edit.start].decode("utf-8", "replace"))
        original = data[edit.start : edit.end].decode("utf-8", "replace")
        if edit.text is not None:
            out.append(edit.text)
        else:
            blanked = "".join(ch if ch in "\n\r" else " " * (2 if ord(ch) > 0xFFFF else 1) for ch in original)
            out.append(";" + blanked[1:] if edit.statement and blanked else blanked)
        position = edit.end
    out.append(data[position:].decode("utf-8", "replace"))
    return "".join(out)


def erase_types(source: SourceFile, diagnostics: Diagnostics) -> str:
    """The JavaScript of a ``.ts`` file. Unsupported syntax is reported and left as written.

    Syntax errors are left for the JavaScript checker: it reports them at the same line and
    column, in the ``.ts`` file, so nothing is reported twice.
    """
    data = source.text.encode("utf-8", "surrogatepass")
    tree = Parser(_language()).parse(data)
    eraser = _Eraser(source, data, OffsetMap(source.text), diagnostics)
    eraser.walk(tree.root_node)
    eraser.elide_type_only_imports()
    return _apply(data, eraser.edits)


_HINT_IMPORT = "write `import x from '…'` or `const x = require('…')`"
_HINT_EXPORT_ASSIGN = "write `export default …` or `module.exports = …`"
_HINT_PARAMETER_PROPERTY = "declare the field in the class body and assign it in the constructor"
_HINT_NAMESPACE = "use an ES module (a file with exports) instead"

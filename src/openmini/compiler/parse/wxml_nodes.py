"""The WXML syntax tree: elements, attributes and text, with source offsets on everything.

Offsets are indices into ``SourceFile.text``. Attribute values and text runs are kept split
into literal pieces (entities already decoded) and mustache spans, so the expression parser
can be pointed at exactly the text between ``{{`` and ``}}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from openmini.compiler.source import SourceFile


@dataclass(frozen=True)
class Literal:
    """Plain text of an attribute value or text run, entities decoded."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mustache:
    """One ``{{ … }}``: ``start``/``end`` delimit the expression inside the braces."""

    start: int
    end: int
    open_start: int  # offset of ``{{``
    close_end: int  # offset just after ``}}``


Part = Literal | Mustache


def is_single_mustache(parts: tuple[Part, ...]) -> bool:
    """True when a value is exactly one ``{{ … }}`` and nothing else: its type is kept."""
    return len(parts) == 1 and isinstance(parts[0], Mustache)


def literal_text(parts: tuple[Part, ...]) -> str | None:
    """The value as a plain string when it has no mustache, else None."""
    if any(isinstance(part, Mustache) for part in parts):
        return None
    return "".join(part.text for part in parts if isinstance(part, Literal))


@dataclass(frozen=True)
class Attribute:
    name: str  # case kept as written
    name_start: int
    name_end: int
    # None for a bare attribute (``<input disabled/>``); otherwise the value's pieces.
    parts: tuple[Part, ...] | None = None
    value_start: int = -1  # inside the quotes; -1 for a bare attribute
    value_end: int = -1

    @property
    def is_bare(self) -> bool:
        return self.parts is None

    @property
    def end(self) -> int:
        return self.value_end if self.parts is not None else self.name_end

    def static_value(self) -> str | None:
        """The value when it has no mustache ("" for a bare attribute), else None."""
        if self.parts is None:
            return ""
        return literal_text(self.parts)


@dataclass
class Text:
    parts: tuple[Part, ...]
    start: int
    end: int


@dataclass
class Element:
    tag: str
    start: int  # offset of ``<``
    name_end: int
    attributes: list[Attribute] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    end: int = -1  # offset just after the close tag (or ``/>``)
    self_closing: bool = False
    # For ``<wxs>``: the raw body between the start and end tags.
    raw_start: int = -1
    raw_end: int = -1

    def attribute(self, name: str) -> Attribute | None:
        """The first attribute called ``name`` (the one that counts when repeated)."""
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def has(self, name: str) -> bool:
        return self.attribute(name) is not None


Node = Element | Text


@dataclass
class Document:
    source: SourceFile
    children: list[Node]

    def elements(self) -> Iterator[Element]:
        """Every element in document order."""
        stack: list[Node] = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if isinstance(node, Element):
                yield node
                stack.extend(reversed(node.children))

"""What an attribute name means: control, event, dataset, mark, two-way binding, generic, plain.

One classifier shared by the checks and the view-code generator, so both read a name the
same way.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from openmini.compiler.parse.wxml_nodes import Attribute, Element


class AttributeKind(enum.Enum):
    CONTROL = "control"  # wx:if, wx:for, …; key is the part after ``wx:``
    EVENT = "event"  # key is the event type; ``binding`` says how it listens
    DATASET = "dataset"  # key is the dataset key (camelCase)
    MARK = "mark"
    MODEL = "model"  # key is the bound property
    GENERIC = "generic"  # key is the generic (abstract node) name
    CLASS_TOGGLE = "class-toggle"  # ``class:name``
    STYLE_PROPERTY = "style-property"  # ``style:prop``
    PLAIN = "plain"  # an attribute or component property; key is the name as written


# Longest prefixes first so ``capture-bind:`` is not read as ``bind`` of ``capture-…``.
EVENT_BINDINGS = ("capture-mut-bind", "capture-catch", "capture-bind", "mut-bind", "catch", "bind")
# Skyline's ``worklet:onX="method"`` (``worklet:ongesture``, ``worklet:onscrollupdate``): an event X whose
# handler gets the event's detail fields at the top level too (a gesture handler reads ``e.state``).
# Other ``worklet:`` attributes (``worklet:should-response-on-move``) stay plain attributes.
WORKLET_EVENT = "worklet:on"
WORKLET_BINDING = "worklet"
CONTROL_ATTRIBUTES = frozenset(
    {"if", "elif", "else", "for", "for-items", "for-item", "for-index", "key"}
)
_DASH_LETTER = re.compile(r"-([a-z])")


@dataclass(frozen=True)
class AttributeMeaning:
    kind: AttributeKind
    key: str
    binding: str = ""  # for events: one of EVENT_BINDINGS


def dataset_key(name: str) -> str:
    """``user-id`` → ``userId``, ``a-b-c`` → ``aBC``, ``ABC`` → ``abc`` (WeChat's rule)."""
    return _DASH_LETTER.sub(lambda m: m.group(1).upper(), name.lower())


def classify(name: str) -> AttributeMeaning:
    if name.startswith("wx:"):
        return AttributeMeaning(AttributeKind.CONTROL, name[3:])
    if name.startswith("data-"):
        return AttributeMeaning(AttributeKind.DATASET, dataset_key(name[5:]))
    if name.startswith("data:"):
        return AttributeMeaning(AttributeKind.DATASET, name[5:])
    if name.startswith(WORKLET_EVENT):
        return AttributeMeaning(AttributeKind.EVENT, name[len(WORKLET_EVENT) :], WORKLET_BINDING)
    for prefix, kind in _PREFIXES:
        if name.startswith(prefix):
            return AttributeMeaning(kind, name[len(prefix) :])
    for binding in EVENT_BINDINGS:
        if name.startswith(binding):
            rest = name[len(binding) :]
            return AttributeMeaning(AttributeKind.EVENT, rest[1:] if rest.startswith(":") else rest, binding)
    return AttributeMeaning(AttributeKind.PLAIN, name)


_PREFIXES = (
    ("mark:", AttributeKind.MARK),
    ("model:", AttributeKind.MODEL),
    ("generic:", AttributeKind.GENERIC),
    ("class:", AttributeKind.CLASS_TOGGLE),
    ("style:", AttributeKind.STYLE_PROPERTY),
)


def condition_of(element: Element) -> Attribute | None:
    """The element's ``wx:if``/``wx:elif``/``wx:else``, in that priority, if it has one."""
    for name in ("wx:if", "wx:elif", "wx:else"):
        attribute = element.attribute(name)
        if attribute is not None:
            return attribute
    return None


def loop_of(element: Element) -> Attribute | None:
    """``wx:for``, or the legacy ``wx:for-items`` when ``wx:for`` is absent."""
    return element.attribute("wx:for") or element.attribute("wx:for-items")

"""The attributes of one element → the fields of its view-code node (docs/view-code.md)."""

from __future__ import annotations

from openmini.compiler.generate.wxml_context import FileContext
from openmini.compiler.generate.wxml_js import JsValue
from openmini.compiler.messages import wxml as msg
from openmini.compiler.parse.expression_nodes import Expr, Identifier, Index, Member, NumberLiteral, StringLiteral
from openmini.compiler.parse.wxml_attributes import WORKLET_BINDING, AttributeKind, AttributeMeaning, classify
from openmini.compiler.parse.wxml_nodes import Attribute, Element, Mustache

# Plain attributes with a meaning of their own on every node, kept out of ``attrs`` so that
# on a component ``attrs`` holds exactly the property values.
SPECIAL = {"id": "id", "class": "class", "style": "style", "slot": "slot"}

# The older spelling of ``worklet:ongesture`` on Skyline's gesture handlers.
GESTURE_HANDLER_SUFFIX = "-gesture-handler"
GESTURE_EVENT_ATTRIBUTES = frozenset({"onGestureEvent", "on-gesture-event"})

# Node field per attribute kind for the map-shaped kinds.
_MAPS = {
    AttributeKind.DATASET: "data",
    AttributeKind.MARK: "mark",
    AttributeKind.CLASS_TOGGLE: "classes",
    AttributeKind.STYLE_PROPERTY: "styles",
}


def element_fields(ctx: FileContext, element: Element, locals_: frozenset[str]) -> dict[str, JsValue]:
    """Fields for ``id``/``class``/``style``/``slot``, ``attrs``, events, dataset, marks and so on.

    Control attributes (``wx:*``) are handled by the caller; repeated attributes count once
    (the first), as the checks warn.
    """
    fields: dict[str, JsValue] = {}
    attrs: dict[str, JsValue] = {}
    maps: dict[str, dict[str, JsValue]] = {}
    events: list[JsValue] = []
    seen: set[str] = set()
    for attribute in element.attributes:
        if attribute.name in seen:
            continue
        seen.add(attribute.name)
        meaning = classify(attribute.name)
        if attribute.name in GESTURE_EVENT_ATTRIBUTES and element.tag.endswith(GESTURE_HANDLER_SUFFIX):
            meaning = AttributeMeaning(AttributeKind.EVENT, "gesture", WORKLET_BINDING)
        kind = meaning.kind
        if kind is AttributeKind.CONTROL:
            continue
        if kind is AttributeKind.EVENT:
            if meaning.key:
                ctx.events_used.add(meaning.key)
                events.append([meaning.key, meaning.binding, ctx.values.attribute(attribute, locals_)])
        elif kind in _MAPS:
            maps.setdefault(_MAPS[kind], {})[meaning.key] = ctx.values.attribute(attribute, locals_)
        elif kind is AttributeKind.MODEL:
            attrs[meaning.key], path = _model(ctx, attribute, locals_)
            if path is not None:
                maps.setdefault("model", {})[meaning.key] = path
        elif kind is AttributeKind.GENERIC:
            component = _generic_component(ctx, attribute)
            if component is not None:
                maps.setdefault("generics", {})[meaning.key] = component
        elif attribute.name in SPECIAL:
            fields[SPECIAL[attribute.name]] = ctx.values.attribute(attribute, locals_)
        else:
            attrs[attribute.name] = ctx.values.attribute(attribute, locals_)
    if attrs:
        fields["attrs"] = attrs
    fields.update(maps)
    if events:
        fields["on"] = events
    return fields


def _model(ctx: FileContext, attribute: Attribute, locals_: frozenset[str]) -> tuple[JsValue, JsValue]:
    """The value of ``model:x="{{a.b[0]}}"`` and its assignable path ``["D","a","b",0]`` (or ``["S",…]``)."""
    parts = attribute.parts or ()
    if len(parts) == 1 and isinstance(parts[0], Mustache):
        expr = ctx.values.expression(parts[0])
        if expr is None:
            return None, None  # the expression's own error was reported
        value = ctx.values.compiled(expr, locals_)
        path = _path_of(expr, locals_, ctx.values.wxs)
        if path is not None:
            return value, path
    else:
        value = ctx.values.attribute(attribute, locals_)
    error = msg.MODEL_NOT_PATH.at(ctx.source, attribute.name_start, attribute.end, attribute=attribute.name)
    ctx.diagnostics.add(error)
    return value, None


def _path_of(expr: Expr, locals_: frozenset[str], wxs: frozenset[str]) -> list[JsValue] | None:
    segments: list[JsValue] = []
    while True:
        if isinstance(expr, Identifier):
            if expr.name in wxs:
                return None
            return ["S" if expr.name in locals_ else "D", expr.name, *reversed(segments)]
        if isinstance(expr, Member):
            segments.append(expr.name)
            expr = expr.object
        elif isinstance(expr, Index) and _constant_key(expr.index) is not None:
            segments.append(_constant_key(expr.index))
            expr = expr.object
        else:
            return None


def _constant_key(index: Expr) -> str | int | None:
    if isinstance(index, StringLiteral):
        return index.value
    if isinstance(index, NumberLiteral) and isinstance(index.value, int) and index.value >= 0:
        return index.value
    return None


def _generic_component(ctx: FileContext, attribute: Attribute) -> str | None:
    tag = attribute.static_value()
    component = ctx.components.get(tag) if tag else None
    if component is None:
        shown = tag if tag is not None else ctx.source.text[attribute.value_start : attribute.value_end]
        ctx.diagnostics.add(
            msg.GENERIC_UNKNOWN.at(ctx.source, attribute.name_start, attribute.end, attribute=attribute.name, tag=shown)
        )
    return component

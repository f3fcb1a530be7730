"""Sibling lists → view-code nodes: conditions, loops, blocks, templates, includes, slots.

The node shapes are specified in docs/view-code.md. ``locals_`` are the ``wx:for`` names in
scope (read through ``S``); template bodies start with none.
"""

from __future__ import annotations

from openmini.compiler.generate.wxml_context import FileContext
from openmini.compiler.generate.wxml_element import element_fields
from openmini.compiler.generate.wxml_js import JsValue
from openmini.compiler.parse.wxml_attributes import condition_of, loop_of
from openmini.compiler.parse.wxml_nodes import Attribute, Element, Mustache, Node, Text
from openmini.compiler.project import resolve

_IDENTIFIER_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"


def nodes(ctx: FileContext, children: list[Node], locals_: frozenset[str]) -> list[JsValue]:
    out: list[JsValue] = []
    branches: list[JsValue] | None = None  # the open wx:if chain
    for child in children:
        if isinstance(child, Text):
            out.append({"k": "text", "v": ctx.values.text(child.parts, locals_)})
            branches = None
            continue
        if _is_definition(ctx, child):
            continue
        loop = loop_of(child)
        if loop is not None:
            out.append(_loop(ctx, child, loop, locals_))
            branches = None
            continue
        condition = condition_of(child)
        if condition is None:
            out.extend(_body(ctx, child, locals_))
            branches = None
        elif condition.name == "wx:if":
            branches = [[_condition(ctx, condition, locals_), _body(ctx, child, locals_)]]
            out.append({"k": "if", "branches": branches})
        elif branches is not None:
            test = None if condition.name == "wx:else" else _condition(ctx, condition, locals_)
            branches.append([test, _body(ctx, child, locals_)])
            if condition.name == "wx:else":
                branches = None
        # An orphan wx:elif/wx:else renders nothing; the checks reported it.
    return out


def _is_definition(ctx: FileContext, element: Element) -> bool:
    """Handle ``<template name>``, ``<import>`` and ``<wxs>``, which render nothing in place."""
    if element.tag == "template" and element.has("name"):
        name = element.attribute("name")
        value = name.static_value() if name is not None else None
        if value:
            ctx.templates[value] = nodes(ctx, element.children, frozenset())
        return True
    if element.tag == "import":
        target = _reference(ctx, element)
        if target is not None and target not in ctx.imports:
            ctx.imports.append(target)
        return True
    return element.tag == "wxs"


def _condition(ctx: FileContext, attribute: Attribute, locals_: frozenset[str]) -> JsValue:
    return ctx.values.attribute(attribute, locals_)


def _loop(ctx: FileContext, element: Element, loop: Attribute, locals_: frozenset[str]) -> JsValue:
    item = _name(element.attribute("wx:for-item"), "item")
    index = _name(element.attribute("wx:for-index"), "index")
    inner = locals_ | {item, index}
    body = _body(ctx, element, inner)
    condition = element.attribute("wx:if")
    if condition is not None:
        # With wx:for and wx:if on one node the loop is outer: the test sees item and index.
        body = [{"k": "if", "branches": [[_condition(ctx, condition, inner), body]]}]
    return {
        "k": "for",
        "list": ctx.values.attribute(loop, locals_) if loop.parts is not None else "",
        "item": item,
        "index": index,
        "key": _key(element.attribute("wx:key")),
        "children": body,
    }


def _name(attribute: Attribute | None, default: str) -> str:
    value = attribute.static_value() if attribute is not None else None
    if value and value[0] in _IDENTIFIER_START and all(c.isalnum() or c in "_$" for c in value):
        return value
    return default


def _key(attribute: Attribute | None) -> str | None:
    """A field name, ``*this``, or None for an unkeyed list (no key, empty, or an expression)."""
    value = attribute.static_value() if attribute is not None else None
    if value is None or not value.strip():
        return None
    return value.strip()


def _body(ctx: FileContext, element: Element, locals_: frozenset[str]) -> list[JsValue]:
    """The nodes one element stands for, without its control attributes."""
    tag = element.tag
    if tag == "block":
        return nodes(ctx, element.children, locals_)
    if tag == "include":
        target = _reference(ctx, element)
        if target is None:
            return []
        if target not in ctx.includes:
            ctx.includes.append(target)
        return [{"k": "include", "src": target}]
    if tag == "template":
        return [_template_instance(ctx, element, locals_)]
    if tag == "slot":
        fields = element_fields(ctx, element, locals_)
        attrs = fields.pop("attrs", None)
        name = attrs.pop("name", "") if isinstance(attrs, dict) else ""
        node: dict[str, JsValue] = {"k": "slot", "name": name, **fields}
        if attrs:
            node["attrs"] = attrs
        return [node]
    ctx.tags_used.add(tag)
    head: dict[str, JsValue]
    if tag in ctx.generics:
        head = {"k": "generic", "tag": tag}
    elif tag in ctx.components:
        head = {"k": "component", "tag": tag, "component": ctx.components[tag]}
    else:
        head = {"k": "element", "tag": tag}
    head.update(element_fields(ctx, element, locals_))
    head["children"] = nodes(ctx, element.children, locals_)
    return [head]


def _template_instance(ctx: FileContext, element: Element, locals_: frozenset[str]) -> JsValue:
    is_ = element.attribute("is")
    node: dict[str, JsValue] = {"k": "template", "is": ctx.values.attribute(is_, locals_) if is_ else ""}
    data = element.attribute("data")
    parts = data.parts if data is not None else None
    if parts is not None and len(parts) == 1 and isinstance(parts[0], Mustache):
        node["data"] = ctx.values.typed(parts[0], locals_, object_shorthand=True)
    else:
        node["data"] = None
    return node


def _reference(ctx: FileContext, element: Element) -> str | None:
    """The resolved ``src`` of an import or include when the file exists (the checks report otherwise)."""
    src = element.attribute("src")
    target = src.static_value() if src is not None else None
    resolved = resolve(ctx.path, target) if target else None
    return resolved if resolved is not None and ctx.project.exists(resolved) else None

"""Checks on one parsed WXML file: structure, references to other files, attribute misuse.

Only problems are reported here; the generator reads the same tree and makes the same
recovery choices (an orphan ``wx:else`` renders nothing, the first of repeated attributes
counts) without reporting again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import wxml as msg
from openmini.compiler.parse.wxml import parse_wxml
from openmini.compiler.parse.wxml_attributes import (
    CONTROL_ATTRIBUTES,
    AttributeKind,
    classify,
    condition_of,
    loop_of,
)
from openmini.compiler.parse.wxml_nodes import Attribute, Document, Element, Node, is_single_mustache
from openmini.compiler.project import Project, resolve
from openmini.compiler.source import SourceFile

IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
# Elements that define something instead of rendering; a condition on them means nothing.
DEFINITIONS = frozenset({"import", "wxs"})


def check_wxml(project: Project, document: Document, diagnostics: Diagnostics) -> None:
    source = document.source
    _check_chains(source, document.children, diagnostics)
    templates: dict[str, int] = {}
    modules: dict[str, int] = {}
    for element in document.elements():
        _check_attributes(source, element, diagnostics)
        if element.tag == "template":
            _check_template(source, element, templates, diagnostics)
        elif element.tag in ("import", "include"):
            _check_reference(project, source, element, diagnostics)
        elif element.tag == "wxs":
            _check_wxs(project, source, element, modules, diagnostics)
    _check_include_cycles(project, document, diagnostics)


# Sibling structure ----------------------------------------------------------------------


def _check_chains(source: SourceFile, nodes: list[Node], diagnostics: Diagnostics) -> None:
    chain_open = False
    for node in nodes:
        if not isinstance(node, Element):
            chain_open = False
            continue
        _check_chains(source, node.children, diagnostics)
        if node.tag in DEFINITIONS or (node.tag == "template" and node.has("name")):
            continue
        condition = condition_of(node)
        looped = loop_of(node) is not None
        if condition is not None and condition.name != "wx:if" and (not chain_open or looped):
            diagnostics.add(
                msg.ORPHAN_ELSE.at(source, condition.name_start, condition.name_end, attribute=condition.name)
            )
        # With wx:for the condition sits inside the loop, so it cannot chain with siblings.
        chain_open = condition is not None and condition.name != "wx:else" and not looped


# Attributes -----------------------------------------------------------------------------


def _check_attributes(source: SourceFile, element: Element, diagnostics: Diagnostics) -> None:
    seen: set[str] = set()
    for attribute in element.attributes:
        if attribute.name in seen:
            diagnostics.add(
                msg.DUPLICATE_ATTRIBUTE.at(source, attribute.name_start, attribute.name_end, name=attribute.name)
            )
            continue
        seen.add(attribute.name)
        meaning = classify(attribute.name)
        if meaning.kind is AttributeKind.CONTROL:
            _check_control(source, element, attribute, meaning.key, diagnostics)
        elif meaning.kind is AttributeKind.EVENT and not meaning.key:
            diagnostics.add(
                msg.EMPTY_EVENT_NAME.at(source, attribute.name_start, attribute.name_end, attribute=attribute.name)
            )


def _check_control(
    source: SourceFile, element: Element, attribute: Attribute, key: str, diagnostics: Diagnostics
) -> None:
    span = (attribute.name_start, attribute.name_end)
    if key not in CONTROL_ATTRIBUTES:
        diagnostics.add(msg.UNKNOWN_WX_ATTRIBUTE.at(source, *span, name=attribute.name))
        return
    definition = element.tag in DEFINITIONS or (element.tag == "template" and element.has("name"))
    if definition and key in ("if", "elif", "else", "for", "for-items"):
        diagnostics.add(msg.IF_ON_DEFINITION.at(source, *span, attribute=attribute.name, tag=element.tag))
        return
    value = attribute.static_value()
    if key in ("for", "for-items") and value is not None and attribute is loop_of(element):
        diagnostics.add(msg.FOR_NOT_MUSTACHE.at(source, *span, attribute=attribute.name, value=value))
    elif key in ("for-item", "for-index") and (value is None or not IDENTIFIER.match(value)):
        shown = source.text[attribute.value_start : attribute.value_end] if value is None else value
        diagnostics.add(msg.NAME_EXPECTED.at(source, *span, attribute=attribute.name, value=shown))
    elif key == "key" and value is None:
        diagnostics.add(msg.KEY_IS_EXPRESSION.at(source, *span))


# Templates, imports, includes, WXS ------------------------------------------------------------


def _check_template(source: SourceFile, element: Element, templates: dict[str, int], diagnostics: Diagnostics) -> None:
    name = element.attribute("name")
    if name is not None:
        value = name.static_value()
        if value:
            if value in templates:
                line = source.position(templates[value]).line
                diagnostics.add(
                    msg.DUPLICATE_TEMPLATE.at(source, name.value_start, name.value_end, name=value, line=line)
                )
            templates[value] = element.start
        return
    if element.attribute("is") is None:
        diagnostics.add(msg.TEMPLATE_WITHOUT_NAME.at(source, element.start, element.name_end))
        return
    data = element.attribute("data")
    if data is not None and (data.parts is None or not is_single_mustache(data.parts)):
        diagnostics.add(msg.TEMPLATE_DATA_NOT_MUSTACHE.at(source, data.name_start, data.end))


def _check_reference(project: Project, source: SourceFile, element: Element, diagnostics: Diagnostics) -> None:
    src = element.attribute("src")
    target = None if src is None else src.static_value()
    if src is None or not target:
        diagnostics.add(msg.MISSING_SRC.at(source, element.start, element.name_end, tag=element.tag))
        return
    _check_target(project, source, src, target, element.tag, diagnostics)


def _check_target(
    project: Project, source: SourceFile, src: Attribute, target: str, tag: str, diagnostics: Diagnostics
) -> None:
    resolved = resolve(source.path, target)
    if resolved is None:
        diagnostics.add(msg.SRC_ESCAPES_ROOT.at(source, src.value_start, src.value_end, target=target))
    elif not project.exists(resolved) and tag == "wxs":
        span = (src.value_start, src.value_end)
        diagnostics.add(msg.WXS_SRC_NOT_FOUND.at(source, *span, target=target, path=resolved))
    elif not project.exists(resolved):
        diagnostics.add(
            msg.SRC_NOT_FOUND.at(source, src.value_start, src.value_end, target=target, path=resolved, tag=tag)
        )


def _check_wxs(
    project: Project, source: SourceFile, element: Element, modules: dict[str, int], diagnostics: Diagnostics
) -> None:
    module = element.attribute("module")
    name = None if module is None else module.static_value()
    if module is None or not name:
        diagnostics.add(msg.WXS_WITHOUT_MODULE.at(source, element.start, element.name_end))
    elif not IDENTIFIER.match(name):
        diagnostics.add(msg.WXS_BAD_MODULE_NAME.at(source, module.value_start, module.value_end, name=name))
    elif name in modules:
        line = source.position(modules[name]).line
        diagnostics.add(msg.WXS_DUPLICATE_MODULE.at(source, module.value_start, module.value_end, name=name, line=line))
    else:
        modules[name] = element.start
    src = element.attribute("src")
    if src is None:
        return
    target = src.static_value()
    if not target or not target.endswith(".wxs"):
        diagnostics.add(msg.WXS_SRC_NOT_WXS.at(source, src.name_start, src.end, target=repr(target or "")))
        return
    _check_target(project, source, src, target, element.tag, diagnostics)
    if element.raw_end > element.raw_start and source.text[element.raw_start : element.raw_end].strip():
        diagnostics.add(msg.WXS_SRC_AND_BODY.at(source, element.start, element.name_end))


# Include cycles ---------------------------------------------------------------------------


def include_targets(path: str, document: Document) -> Iterable[tuple[Element, str]]:
    """Every ``<include>`` of the document with its resolved path (unresolvable ones left out)."""
    for element in document.elements():
        if element.tag != "include":
            continue
        src = element.attribute("src")
        target = None if src is None else src.static_value()
        resolved = resolve(path, target) if target else None
        if resolved is not None:
            yield element, resolved


def _check_include_cycles(project: Project, document: Document, diagnostics: Diagnostics) -> None:
    here = document.source.path
    graph = _IncludeGraph(project)
    for element, target in include_targets(here, document):
        chain = graph.path(target, here)
        if chain is not None:
            shown = " → ".join([here, *chain])
            diagnostics.add(msg.INCLUDE_CYCLE.at(document.source, element.start, element.name_end, chain=shown))


class _IncludeGraph:
    """Includes of other files, parsed on demand; their own problems are reported when they are compiled."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.edges: dict[str, list[str]] = {}

    def targets(self, path: str) -> list[str]:
        if path not in self.edges:
            self.edges[path] = []
            if self.project.exists(path):
                # Decoded here rather than by project.source, whose once-only report of a bad
                # encoding must reach the compile of that file itself.
                text = self.project.files[path].decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
                document = parse_wxml(SourceFile(path, text), Diagnostics())
                self.edges[path] = [target for _element, target in include_targets(path, document)]
        return self.edges[path]

    def path(self, start: str, goal: str) -> list[str] | None:
        """The include chain from ``start`` to ``goal`` (both ends included), if there is one."""
        previous: dict[str, str | None] = {start: None}
        queue = [start]
        while queue:
            current = queue.pop(0)
            if current == goal:
                chain = [current]
                step = previous[current]
                while step is not None:
                    chain.append(step)
                    step = previous[step]
                return list(reversed(chain))
            for target in self.targets(current):
                if target not in previous:
                    previous[target] = current
                    queue.append(target)
        return None

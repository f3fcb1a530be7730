"""One WXML file → its view code (docs/view-code.md): parse, check, then generate."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from openmini.compiler.check.wxml import check_wxml
from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.wxml_context import FileContext
from openmini.compiler.generate.wxml_js import JsValue, to_js
from openmini.compiler.generate.wxml_tree import nodes
from openmini.compiler.generate.wxml_values import Values
from openmini.compiler.parse.wxml import parse_wxml
from openmini.compiler.parse.wxml_nodes import Document
from openmini.compiler.project import Project, resolve

VIEW_CODE_VERSION = 1
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


class WxsRef(NamedTuple):
    """A WXS module visible in a file: inline (``body`` offsets in the .wxml) or from a .wxs file."""

    name: str
    module: str  # ``path.wxml#name`` for inline modules, the resolved ``.wxs`` path otherwise
    body: tuple[int, int] | None


@dataclass(frozen=True)
class CompiledTemplate:
    path: str
    js: str  # a JavaScript expression: the file's view code object
    imports: tuple[str, ...]  # resolved paths, in source order
    includes: tuple[str, ...]  # resolved paths, in source order
    wxs: tuple[WxsRef, ...]
    templates: tuple[str, ...]  # names defined in this file
    tags_used: frozenset[str]  # native, custom-component and generic tags rendered
    events_used: frozenset[str]  # event types bound (``tap``, ``longpress``, …)


def compile_wxml(
    project: Project,
    path: str,
    diagnostics: Diagnostics,
    *,
    components: Mapping[str, str],
    generics: frozenset[str] = frozenset(),
) -> CompiledTemplate | None:
    """Compile ``path``; None when the file cannot be read. Problems are added to ``diagnostics``."""
    if not project.exists(path):
        return None
    source = project.source(path, diagnostics)
    if source is None:
        return None
    document = parse_wxml(source, diagnostics)
    check_wxml(project, document, diagnostics)
    modules = wxs_modules(project, document)
    ctx = FileContext(
        project=project,
        source=source,
        diagnostics=diagnostics,
        values=Values(source, diagnostics, frozenset(ref.name for ref in modules)),
        components=components,
        generics=generics,
    )
    root = nodes(ctx, document.children, frozenset())
    view: dict[str, JsValue] = {
        "version": VIEW_CODE_VERSION,
        "wxs": {ref.name: ref.module for ref in modules},
        "imports": list(ctx.imports),
        "templates": ctx.templates,
        "root": root,
    }
    return CompiledTemplate(
        path=path,
        js=to_js(view),
        imports=tuple(ctx.imports),
        includes=tuple(ctx.includes),
        wxs=tuple(modules),
        templates=tuple(ctx.templates),
        tags_used=frozenset(ctx.tags_used),
        events_used=frozenset(ctx.events_used),
    )


def wxs_modules(project: Project, document: Document) -> list[WxsRef]:
    """The file's WXS modules, first definition of a name winning (the checks report the rest)."""
    path = document.source.path
    found: dict[str, WxsRef] = {}
    for element in document.elements():
        if element.tag != "wxs":
            continue
        module = element.attribute("module")
        name = module.static_value() if module is not None else None
        if not name or not _IDENTIFIER.match(name) or name in found:
            continue
        src = element.attribute("src")
        if src is None:
            body = (element.raw_start, element.raw_end) if element.raw_start >= 0 else (element.end, element.end)
            found[name] = WxsRef(name, f"{path}#{name}", body)
            continue
        target = src.static_value()
        resolved = resolve(path, target) if target and target.endswith(".wxs") else None
        if resolved is not None and project.exists(resolved):
            found[name] = WxsRef(name, resolved, None)
    return list(found.values())

"""The compiler pipeline: read → parse/check/generate every file → assemble the package.

Each step is a small function over the app structure; the order lives in :func:`compile_project`.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rjsmin

from openmini import __version__
from openmini.compiler.check.app import MAIN, AppStructure, check_app
from openmini.compiler.check.app import Unit as AppUnit
from openmini.compiler.check.capabilities import collect_capabilities, unsupported_apis
from openmini.compiler.check.config import config_json
from openmini.compiler.check.modules import ModuleGraph, check_modules
from openmini.compiler.diagnostics import Diagnostic, Diagnostics, collapse_repeated_warnings
from openmini.compiler.generate.modules import generate_module
from openmini.compiler.generate.package import (
    CountedFile,
    Package,
    PackageLimits,
    Unit,
    build_package,
    counts_toward_size,
)
from openmini.compiler.generate.workers import WorkerCode, compile_workers
from openmini.compiler.generate.wxml import CompiledTemplate, compile_wxml
from openmini.compiler.generate.wxs import WxsModule, compile_wxs
from openmini.compiler.generate.wxss import compile_wxss
from openmini.compiler.messages.config import WORKERS_NOT_CONFIGURED, XR_FRAME_UNSUPPORTED
from openmini.compiler.messages.wxss import STYLESHEET_NOT_COMPILED
from openmini.compiler.project import Project, load_project
from openmini.compiler.toolchain.extended_libs import platform_folders
from openmini.compiler.toolchain.plugins import relabel, run_toolchain

# Sources the compiler turns into code; every other file is an asset shipped as it is.
SOURCE_SUFFIXES = (".js", ".wxml", ".wxss", ".json", ".wxs")
# Sources of other toolchains: WeChat's tools compile them through plugins we do not run.
FOREIGN_SUFFIXES = (".ts", ".less", ".scss", ".sass", ".styl")
STYLE_LANGUAGE_SUFFIXES = (".less", ".scss", ".sass", ".styl")
VIEW_REGISTER = "__openmini_view__"
# Warnings about a feature openmini lacks: one notice per build says it.
PROGRAM_WIDE_WARNINGS = frozenset({XR_FRAME_UNSUPPORTED.code})
BUNDLE_DIR = "@bundle"


@dataclass(frozen=True)
class CompileOptions:
    limits: PackageLimits = field(default_factory=PackageLimits)
    brotli_quality: int = 9
    # Where the operator installed WeChat's extended libraries (toolchain/extended_libs.py).
    extended_lib_folders: tuple[Path, ...] = field(default_factory=platform_folders)


@dataclass
class CompileResult:
    diagnostics: list[Diagnostic]
    package: Package | None  # None when there are errors

    @property
    def ok(self) -> bool:
        return self.package is not None


def compile_project(folder: Path, options: CompileOptions | None = None) -> CompileResult:
    options = options or CompileOptions()
    diagnostics = Diagnostics()
    project = load_project(folder, diagnostics)
    if project is None:
        return CompileResult(diagnostics.sorted(), None)
    run_toolchain(project, diagnostics, options.extended_lib_folders)
    app = check_app(project, diagnostics)
    if app is None:
        return CompileResult(relabel(diagnostics.sorted(), project), None)
    graph = compile_logic(project, app, diagnostics)
    templates = compile_templates(project, app, diagnostics)
    wxs = compile_wxs_modules(project, templates, diagnostics)
    styles, counted_styles = compile_styles(project, app, diagnostics)
    workers = compile_workers(project, app.workers, diagnostics) if app.workers else None
    units = [
        *logic_bundles(project, app, graph),
        *([workers.unit] if workers else []),
        *view_bundles(app, templates, wxs),
        *styles,
        *assets(project, app),
    ]
    capabilities = collect_capabilities(
        graph.analyses.values(),
        ((path, t.tags_used) for path, t in templates.items()),
        app.components,
    )
    if app.config.workers is None and "createWorker" in capabilities.apis:
        diagnostics.add(WORKERS_NOT_CONFIGURED.in_file("app.json"))
    core = manifest_core(project, app, templates, capabilities.to_json())
    core["workers"] = workers.manifest_entry() if workers else None
    modules = [*graph.modules, *(workers.graph.modules if workers else ())]
    counted = counted_files(project, app, SourceSet(modules, list(templates), list(wxs)), units, counted_styles)
    if workers:
        counted = [counted_in(workers, f) for f in counted]
    package = build_package(
        core, units, options.limits, diagnostics, brotli_quality=options.brotli_quality, counted=counted
    )
    reported = collapse_repeated_warnings(diagnostics.sorted(), across_files=PROGRAM_WIDE_WARNINGS)
    return CompileResult(relabel(reported, project), None if diagnostics.has_errors else package)


# --- logic: JS modules -------------------------------------------------------------------------


def entry_modules(project: Project, app: AppStructure) -> list[str]:
    units: Iterable[AppUnit] = (*app.pages.values(), *app.components.values())
    entries = ["app.js"] if project.exists("app.js") else []
    entries += [f"{unit.path}.js" for unit in units if project.exists(f"{unit.path}.js")]
    return entries


def compile_logic(project: Project, app: AppStructure, diagnostics: Diagnostics) -> ModuleGraph:
    independent = [p.name for p in app.packages.values() if p.independent]
    return check_modules(project, entry_modules(project, app), app.owner, diagnostics, independent=independent)


def logic_bundles(project: Project, app: AppStructure, graph: ModuleGraph) -> list[Unit]:
    code_of: dict[str, str] = {}
    by_package: dict[str, list[str]] = {}
    for path in graph.modules:
        source = project.files[path].decode("utf-8-sig", "replace").replace("\r\n", "\n")
        code_of[path] = generate_module(path, source, graph.requires.get(path, {}))
        by_package.setdefault(app.owner(path), []).append(code_of[path])
    for package in app.packages.values():
        # An independent subpackage can be launched without the main package (WeChat OM6015).
        if package.independent:
            borrowed = main_modules_reached(app, graph, [p for p in graph.modules if app.owner(p) == package.name])
            by_package.setdefault(package.name, []).extend(code_of[p] for p in borrowed)
    return [
        Unit(bundle_name(package, "logic.js"), ";\n".join(code).encode("utf-8") + b";\n", package, "logic")
        for package, code in sorted(by_package.items())
    ]


def main_modules_reached(app: AppStructure, graph: ModuleGraph, roots: list[str]) -> list[str]:
    """Main-package modules that ``roots`` require, directly or through other main-package modules."""
    found: list[str] = []
    pending = [t for root in roots for t in graph.dependencies(root) if app.owner(t) == MAIN]
    while pending:
        path = pending.pop(0)
        if path in found:
            continue
        found.append(path)
        pending += [t for t in graph.dependencies(path) if app.owner(t) == MAIN]
    return found


# --- view: templates and WXS -------------------------------------------------------------------


def compile_templates(project: Project, app: AppStructure, diagnostics: Diagnostics) -> dict[str, CompiledTemplate]:
    """Every template reachable from a page or component, through imports and includes."""
    compiled: dict[str, CompiledTemplate] = {}
    pending: list[tuple[str, AppUnit | None]] = [
        (f"{unit.path}.wxml", unit) for unit in (*app.pages.values(), *app.components.values())
    ]
    while pending:
        path, unit = pending.pop()
        if path in compiled or not project.exists(path):
            continue
        components = unit.components if unit is not None else app.global_components
        generics = frozenset(unit.generics) if unit is not None else frozenset()
        template = compile_wxml(project, path, diagnostics, components=components, generics=generics)
        if template is None:
            continue
        compiled[path] = template
        # Imported and included files render inside the unit that uses them, so they see its components.
        pending.extend((dependency, unit) for dependency in (*template.imports, *template.includes))
    return compiled


def compile_wxs_modules(
    project: Project, templates: dict[str, CompiledTemplate], diagnostics: Diagnostics
) -> dict[str, WxsModule]:
    modules: dict[str, WxsModule] = {}
    pending: list[tuple[str, str, tuple[int, int] | None]] = [
        (template.path, ref.module, ref.body) for template in templates.values() for ref in template.wxs
    ]
    while pending:
        path, module_id, body = pending.pop()
        if module_id in modules or (body is None and not project.exists(module_id)):
            continue
        source = project.source(path if body is not None else module_id, diagnostics)
        if source is None:
            continue
        start, end = body if body is not None else (0, len(source.text))
        module = compile_wxs(source, start, end, module_id, diagnostics, project=project)
        if module is not None:
            modules[module_id] = module
            pending.extend((target, target, None) for target in module.requires.values())
    return modules


def view_bundles(app: AppStructure, templates: dict[str, CompiledTemplate], wxs: dict[str, WxsModule]) -> list[Unit]:
    by_package: dict[str, list[str]] = {}
    for _, module in sorted(wxs.items()):
        by_package.setdefault(app.owner(module.path), []).append(module.code)
    for path, template in sorted(templates.items()):
        entry = f"{VIEW_REGISTER}({json.dumps(path, ensure_ascii=False)}, {template.js})"
        by_package.setdefault(app.owner(path), []).append(entry)
    return [
        Unit(bundle_name(package, "view.js"), ";\n".join(code).encode("utf-8") + b";\n", package, "view")
        for package, code in sorted(by_package.items())
    ]


# --- styles ------------------------------------------------------------------------------------


def class_prefix(component_path: str) -> str:
    """The class prefix isolating one component's styles; stable across builds."""
    return "c" + hashlib.sha1(component_path.encode("utf-8")).hexdigest()[:6]


def compile_styles(
    project: Project, app: AppStructure, diagnostics: Diagnostics
) -> tuple[list[Unit], list[CountedFile]]:
    """``app.css`` plus, per page, one stylesheet holding the page's and its components' styles.

    Also returns each stylesheet counted once, as WeChat's package holds it: a component's CSS
    in its own package, not once per page that reaches it.
    """
    units: list[Unit] = []
    counted: list[CountedFile] = []
    if project.exists("app.wxss"):
        style = compile_wxss(project, "app.wxss", diagnostics)
        if style is not None:
            units.append(Unit("app.css", style.css.encode("utf-8"), MAIN, "style"))
    component_css: dict[str, str] = {}
    for path, unit in sorted(app.components.items()):
        if project.exists(f"{path}.wxss"):
            isolated = getattr(unit.config, "style_isolation", None) not in ("shared", "page-shared")
            prefix = class_prefix(path) if isolated else None
            style = compile_wxss(project, f"{path}.wxss", diagnostics, class_prefix=prefix, is_component=True)
            component_css[path] = style.css if style is not None else ""
            counted.append(CountedFile(f"{path}.css", len(component_css[path].encode("utf-8")), unit.package))
    for path in sorted({*app.pages, *app.components}):
        report_uncompiled_stylesheet(project, path, diagnostics)
    for path, page in sorted(app.pages.items()):
        parts: list[str] = []
        if project.exists(f"{path}.wxss"):
            style = compile_wxss(project, f"{path}.wxss", diagnostics)
            parts.append(style.css if style is not None else "")
            counted.append(CountedFile(f"{path}.css", len(parts[0].encode("utf-8")), page.package))
        parts += [component_css[c] for c in reachable_components(app, page) if component_css.get(c)]
        units.append(Unit(f"{path}.css", "\n".join(parts).encode("utf-8"), page.package, "style"))
    tab_bar = app.components.get(app.custom_tab_bar) if app.custom_tab_bar else None
    if tab_bar is not None:
        # The custom tab bar is drawn in a frame of its own, so it gets a stylesheet like a page's.
        parts = [component_css.get(tab_bar.path, "")]
        parts += [component_css[c] for c in reachable_components(app, tab_bar) if component_css.get(c)]
        units.append(Unit(f"{tab_bar.path}.css", "\n".join(parts).encode("utf-8"), tab_bar.package, "style"))
    counted += [CountedFile(u.name, len(u.content), u.package) for u in units if u.name == "app.css"]
    return units, counted


def report_uncompiled_stylesheet(project: Project, path: str, diagnostics: Diagnostics) -> None:
    if project.exists(f"{path}.wxss"):
        return
    for suffix in STYLE_LANGUAGE_SUFFIXES:
        if project.exists(path + suffix):
            diagnostics.add(STYLESHEET_NOT_COMPILED.in_file(path + suffix, file=path + suffix, target=f"{path}.wxss"))
            return


def reachable_components(app: AppStructure, unit: AppUnit) -> list[str]:
    found: list[str] = []
    pending = [*unit.components.values(), *(p for p in unit.generics.values() if p)]
    while pending:
        path = pending.pop(0)
        if path in found or path not in app.components:
            continue
        found.append(path)
        child = app.components[path]
        pending += [*child.components.values(), *(p for p in child.generics.values() if p)]
    return found


# --- assets and manifest -----------------------------------------------------------------------


def assets(project: Project, app: AppStructure) -> list[Unit]:
    return [
        Unit(path, content, app.owner(path), "asset")
        for path, content in sorted(project.files.items())
        if not path.endswith(SOURCE_SUFFIXES + FOREIGN_SUFFIXES)
    ]


@dataclass(frozen=True)
class SourceSet:
    """The source files a build uses: JS/JSON modules, templates and WXS modules (by id)."""

    modules: list[str]
    templates: list[str]
    wxs: list[str]


def counted_files(
    project: Project, app: AppStructure, used: SourceSet, units: list[Unit], styles: list[CountedFile]
) -> list[CountedFile]:
    """What the package limits measure, as WeChat measures its own package: the source files it
    packs (each JS module the program reaches, each template, WXS module and page or component
    JSON), styles each once, and the assets WeChat uploads (images, audio, video, wasm…).

    Our own bundles would misstate it (their wrappers and compiled templates are not WeChat's);
    a page's CSS repeats the CSS of every component it reaches; files WeChat never uploads
    (READMEs, source maps) and libraries WeChat serves itself (useExtendedLib) do not count.
    With project.config.json's ``minified`` (WeChat compresses scripts on upload) scripts count
    minified, by rjsmin: it only strips what WeChat's minifier strips too, so the count errs high.
    """
    minify = project.settings.get("minified") is True
    served = project.served
    wxs_files = [m for m in used.wxs if m.endswith(".wxs")]
    configs = [f"{u.path}.json" for u in (*app.pages.values(), *app.components.values())] + ["app.json"]
    counted: list[CountedFile] = []
    for path in dict.fromkeys((*used.modules, *used.templates, *wxs_files, *configs)):
        if path in served or not project.exists(path):
            continue
        content = project.files[path]
        size = len(rjsmin.jsmin(content)) if minify and path.endswith(".js") else len(content)
        counted.append(CountedFile(project.origins.get(path, path), size, app.owner(path)))
    counted += [s for s in styles if f"{s.name[:-4]}.wxss" not in served]
    counted += [
        CountedFile(u.name, len(u.content), u.package)
        for u in units
        if u.kind == "asset" and counts_toward_size(u.name) and u.name not in served
    ]
    return counted


def counted_in(workers: WorkerCode, counted: CountedFile) -> CountedFile:
    """A worker file counts in the workers' package (WeChat's ``isSubpackage`` packs them apart)."""
    if not workers.folder.holds(counted.name):
        return counted
    return CountedFile(counted.name, counted.size, workers.folder.package)


def bundle_name(package: str, name: str) -> str:
    return posixpath.join(BUNDLE_DIR, package, name)


def manifest_core(
    project: Project, app: AppStructure, templates: dict[str, CompiledTemplate], capabilities: dict[str, Any]
) -> dict[str, Any]:
    def unit_json(unit: AppUnit) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "package": unit.package,
            "config": config_json(unit.config),
            "template": f"{unit.path}.wxml" if f"{unit.path}.wxml" in templates else None,
            "logic": f"{unit.path}.js" if project.exists(f"{unit.path}.js") else None,
            "usingComponents": dict(sorted(unit.components.items())),
        }
        if unit.generics:
            entry["generics"] = dict(sorted(unit.generics.items()))
        if unit.placeholders:
            entry["placeholders"] = dict(sorted(unit.placeholders.items()))
        return entry

    pages = {path: {**unit_json(unit), "style": f"{path}.css"} for path, unit in sorted(app.pages.items())}
    components = {
        path: {**unit_json(unit), "classPrefix": class_prefix(path)} for path, unit in sorted(app.components.items())
    }
    if app.custom_tab_bar in components:
        components[app.custom_tab_bar]["style"] = f"{app.custom_tab_bar}.css"
    return {
        "compiler": {"name": "openmini", "version": __version__},
        "app": config_json(app.config),
        "entryPagePath": app.pages_in_order[0] if app.pages_in_order else None,
        "tabBarPages": list(app.tab_bar_pages),
        "customTabBar": app.custom_tab_bar,
        "packages": {
            name: {
                "root": package.root,
                "independent": package.independent,
                "pages": list(package.pages),
                "logic": bundle_name(name, "logic.js"),
                "view": bundle_name(name, "view.js"),
            }
            for name, package in app.packages.items()
        },
        "pages": pages,
        "components": components,
        "capabilities": capabilities,
        "unsupportedApis": unsupported_apis(capabilities),
    }

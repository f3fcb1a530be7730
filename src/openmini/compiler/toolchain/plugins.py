"""The steps WeChat's devtools run before compiling: build npm, extended libraries, compiler plugins.

They run on the project's files before anything is checked, adding what the devtools would have
written (``miniprogram_npm/``, ``x.js`` from ``x.ts``, ``x.wxss`` from ``x.less``), so every later
phase sees a mini program as WeChat's compiler sees it. Generated files remember their source, and
messages about them name it (:func:`relabel` puts the source's lines in their code frames).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from openmini.compiler.diagnostics import Diagnostic, Diagnostics, code_frame
from openmini.compiler.project import Project, resolve
from openmini.compiler.source import SourceFile
from openmini.compiler.toolchain.extended_libs import provide_extended_libs
from openmini.compiler.toolchain.less import compile_less
from openmini.compiler.toolchain.npm_build import NPM_FOLDER, build_npm
from openmini.compiler.toolchain.typescript import erase_types

TYPESCRIPT = "typescript"
LESS = "less"
_LESS_IMPORT = re.compile(r"""@import\s+(?:\([^)]*\)\s*)?(?:url\()?\s*["']([^"']+)["']""")


def compiler_plugins(project: Project) -> frozenset[str]:
    """project.config.json ``setting.useCompilerPlugins``: names, or ``[name, options]`` pairs."""
    declared = project.settings.get("useCompilerPlugins")
    if not isinstance(declared, list):
        return frozenset()
    names = [entry[0] if isinstance(entry, list) and entry else entry for entry in declared]
    return frozenset(name for name in names if isinstance(name, str))


def run_toolchain(project: Project, diagnostics: Diagnostics, extended_lib_folders: Sequence[Path]) -> None:
    build_npm(project, diagnostics)
    provide_extended_libs(project, diagnostics, extended_lib_folders)
    plugins = compiler_plugins(project)
    if TYPESCRIPT in plugins:
        compile_typescript(project, diagnostics)
    if LESS in plugins:
        compile_less_files(project, diagnostics)


def _own_sources(project: Project, suffix: str) -> list[str]:
    return [p for p in project.with_suffix(suffix) if NPM_FOLDER not in p.split("/")]


def compile_typescript(project: Project, diagnostics: Diagnostics) -> None:
    for path in _own_sources(project, ".ts"):
        if path.endswith(".d.ts"):
            continue  # declarations only: tsc emits nothing for them
        target = path[:-3] + ".js"
        if project.exists(target):
            continue  # compiled before (by the devtools, committed): used as it is
        source = project.source(path, diagnostics)
        if source is not None:
            project.add(target, erase_types(source, diagnostics).encode("utf-8"), origin=path)


def compile_less_files(project: Project, diagnostics: Diagnostics) -> None:
    """Every .less file that is not only a partial imported by other .less files becomes .wxss."""
    sources = _own_sources(project, ".less")
    partials = {target for path in sources for target in _less_imports(project, path)}
    for path in sources:
        target = path[:-5] + ".wxss"
        if path in partials:
            continue  # compiled where it is imported, with the importer's variables and mixins
        if project.exists(target):
            continue  # compiled before (by the devtools, committed): used as it is
        css = compile_less(project, path, diagnostics)
        if css is not None:
            project.add(target, css.encode("utf-8"), origin=path)


def _less_imports(project: Project, path: str) -> set[str]:
    text = project.files[path].decode("utf-8", "replace")
    found = set()
    for target in _LESS_IMPORT.findall(text):
        resolved = resolve(path, target if target.endswith(".less") else target + ".less")
        if resolved is not None:
            found.add(resolved)
    return found


def relabel(diagnostics: list[Diagnostic], project: Project) -> list[Diagnostic]:
    """Code frames of messages about generated files drawn from the developer's source instead."""
    sources = set(project.origins.values())
    out = []
    for diagnostic in diagnostics:
        if diagnostic.path in sources and diagnostic.start is not None and diagnostic.frame:
            original = project.files[diagnostic.path].decode("utf-8-sig", "replace").replace("\r\n", "\n")
            source = SourceFile(diagnostic.path, original)
            start = source.offset(diagnostic.start.line, diagnostic.start.column)
            end = source.offset(diagnostic.end.line, diagnostic.end.column) if diagnostic.end else start
            diagnostic = replace(diagnostic, frame=code_frame(source, start, end))
        out.append(diagnostic)
    return out

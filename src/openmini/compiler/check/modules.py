"""The require graph: resolving ``require()`` the way WeChat does, and the package boundary rules.

Resolution order for ``require(spec)`` written in ``from_path`` (WeChat's, as its documentation
and its runtime errors show):

1. ``/a/b`` — root-absolute.
2. ``./a``, ``../a`` — relative to the requiring file.
3. a bare ``a/b`` — first relative to the requiring file (WeChat's documented
   ``require('common.js')`` form, which older base libraries resolve only this way), then as an
   npm package ``miniprogram_npm/a[/b]`` searched from the requiring file's folder up to the root.

Each candidate path is tried as written (when it is a ``.js`` or ``.json`` file), with ``.js``
added, and as a folder holding ``index.js``; an npm package folder first honours the ``main`` of
its ``package.json``.
"""

from __future__ import annotations

import json
import posixpath
from collections import deque
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from openmini.compiler.check.app import MAIN
from openmini.compiler.check.npm import declared_packages, unbuilt_package
from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import js as msg
from openmini.compiler.parse.js import NPM_FOLDER, JsAnalysis, RequireCall, analyze_js, in_npm_folder
from openmini.compiler.project import Project, normalize, resolve

# What check_modules' ``owner`` returns for a file of the main package.
MAIN_PACKAGE = MAIN

MODULE_SUFFIXES = (".js", ".json")


def resolve_require(project: Project, from_path: str, spec: str) -> str | None:
    """The root-relative path ``require(spec)`` in ``from_path`` loads, or None."""
    for candidate in require_candidates(project, from_path, spec):
        if project.exists(candidate):
            return candidate
    return None


def require_candidates(project: Project, from_path: str, spec: str) -> list[str]:
    """Every path tried for ``require(spec)``, in order; the first that exists wins."""
    if not spec.strip():
        return []
    folder_only = spec.endswith("/")
    if spec.startswith("/"):
        return _file_candidates(normalize(spec), folder_only)
    relative = _file_candidates(resolve(from_path, spec), folder_only)
    if _is_explicitly_relative(spec):
        return relative
    return relative + _npm_candidates(project, from_path, spec)


def _is_explicitly_relative(spec: str) -> bool:
    return spec in (".", "..") or spec.startswith(("./", "../"))


def _file_candidates(path: str | None, folder_only: bool = False) -> list[str]:
    if path is None:
        return []
    if folder_only:  # "./lib/" names a folder, as in Node
        return [f"{path}/index.js"]
    found = [path] if path.endswith(MODULE_SUFFIXES) else []
    return [*found, f"{path}.js", f"{path}/index.js"]


def _npm_candidates(project: Project, from_path: str, spec: str) -> list[str]:
    package, subpath = _split_package(spec)
    if not package:
        return []
    found: list[str] = []
    folder = posixpath.dirname(from_path)
    while True:
        root = posixpath.join(folder, NPM_FOLDER, package) if folder else f"{NPM_FOLDER}/{package}"
        if subpath:
            found += _file_candidates(normalize(f"{root}/{subpath}"), subpath.endswith("/"))
        else:
            main = _package_main(project, root)
            if main is not None:
                found += _file_candidates(normalize(f"{root}/{main}"))
            found.append(f"{root}/index.js")
        if not folder:
            return found
        folder = posixpath.dirname(folder)


def _split_package(spec: str) -> tuple[str, str]:
    """``@scope/name/sub`` → (``@scope/name``, ``sub``); ``name`` → (``name``, "")."""
    parts = spec.split("/")
    count = 2 if spec.startswith("@") else 1
    if len(parts) < count or any(part in ("", ".", "..") for part in parts[:count]):
        return "", ""
    return "/".join(parts[:count]), "/".join(parts[count:])


def _package_main(project: Project, root: str) -> str | None:
    data = project.files.get(f"{root}/package.json")
    if data is None:
        return None
    try:
        manifest = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    main = manifest.get("main") if isinstance(manifest, dict) else None
    return main if isinstance(main, str) and main.strip() else None


# ---------------------------------------------------------------------------------------------
# The graph


@dataclass
class ModuleGraph:
    """Every module reachable from the checked files and what each of its requires resolved to."""

    analyses: dict[str, JsAnalysis] = field(default_factory=dict)
    requires: dict[str, dict[str, str]] = field(default_factory=dict)  # module → spec as written → path
    json_modules: set[str] = field(default_factory=set)

    @property
    def modules(self) -> list[str]:
        return sorted({*self.analyses, *self.json_modules})

    def dependencies(self, path: str) -> list[str]:
        return sorted(set(self.requires.get(path, {}).values()))


def check_modules(
    project: Project,
    js_paths: Iterable[str],
    owner: Callable[[str], str],
    diagnostics: Diagnostics,
    *,
    independent: Collection[str] = (),
    main_package: str = MAIN_PACKAGE,
) -> ModuleGraph:
    """Analyse ``js_paths`` and every module they require, transitively.

    ``owner(path)`` names the package a file belongs to (``AppStructure.owner`` from check/app.py),
    ``main_package`` for the main package; ``independent`` lists the names of independent
    subpackages, which may not reach into the main package either.
    """
    graph = ModuleGraph()
    packages = _Packages(owner, main_package, independent)
    pending = deque(dict.fromkeys(js_paths))
    seen = set(pending)
    while pending:
        path = pending.popleft()
        if path.endswith(".json"):
            _check_json_module(project, path, graph, diagnostics)
            continue
        source = project.source(path, diagnostics) if project.exists(path) else None
        if source is None:
            continue
        analysis = analyze_js(source, diagnostics)
        graph.analyses[path] = analysis
        resolved: dict[str, str] = {}
        for call in analysis.requires:
            target = resolve_require(project, path, call.spec)
            if target is None:
                _report_unresolved(project, source_path=path, call=call, diagnostics=diagnostics)
                continue
            _check_boundary(project, path, target, call, packages, diagnostics)
            resolved[call.spec] = target
            if target not in seen:
                seen.add(target)
                pending.append(target)
        graph.requires[path] = resolved
    return graph


def _report_unresolved(project: Project, *, source_path: str, call: RequireCall, diagnostics: Diagnostics) -> None:
    source = project.source(source_path, diagnostics)
    if source is None:
        return
    if in_npm_folder(source_path):
        # Bundled npm code guards optional requires (node built-ins, peers) that never run here.
        diagnostics.add(msg.REQUIRE_UNRESOLVED_NPM.at(source, call.start, call.end, spec=call.spec, path=source_path))
        return
    package = unbuilt_package(project, call.spec, declared_packages(project))
    if package is not None:
        params = {"spec": call.spec, "path": source_path, "package": package}
        diagnostics.add(msg.REQUIRE_NPM_NOT_BUILT.at(source, call.start, call.end, **params))
        return
    tried = require_candidates(project, source_path, call.spec)
    shown = ", ".join(tried[:4]) + (", …" if len(tried) > 4 else "") if tried else "nothing: not a module path"
    diagnostics.add(
        msg.REQUIRE_UNRESOLVED.at(source, call.start, call.end, spec=call.spec, path=source_path, tried=shown)
    )


@dataclass(frozen=True)
class _Packages:
    owner: Callable[[str], str]
    main: str
    independent: Collection[str]


def _check_boundary(
    project: Project, path: str, target: str, call: RequireCall, packages: _Packages, diagnostics: Diagnostics
) -> None:
    own, theirs = packages.owner(path), packages.owner(target)
    # The asynchronous forms exist to cross package boundaries (WeChat's "分包异步化").
    if own == theirs or call.is_async:
        return
    source = project.source(path, diagnostics)
    if source is None:
        return
    if own == packages.main:
        message = msg.REQUIRE_MAIN_TO_SUBPACKAGE.at(
            source, call.start, call.end, path=path, target=target, package=theirs
        )
    elif theirs != packages.main:
        message = msg.REQUIRE_OTHER_SUBPACKAGE.at(
            source, call.start, call.end, path=path, target=target, own=own, package=theirs
        )
    elif own in packages.independent:
        message = msg.REQUIRE_INDEPENDENT_TO_MAIN.at(source, call.start, call.end, path=path, target=target, own=own)
    else:
        return
    diagnostics.add(message)


def _check_json_module(project: Project, path: str, graph: ModuleGraph, diagnostics: Diagnostics) -> None:
    source = project.source(path, diagnostics) if project.exists(path) else None
    if source is None:
        return
    try:
        json.loads(source.text)
    except ValueError as exc:
        offset = exc.pos if isinstance(exc, json.JSONDecodeError) else 0
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        diagnostics.add(msg.JSON_MODULE_INVALID.at(source, offset, offset + 1, reason=reason))
        return
    graph.json_modules.add(path)

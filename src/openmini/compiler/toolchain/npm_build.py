"""Building npm, as WeChat's devtools do ("Tools → Build npm"), when the source has not done it.

For each package.json of the mini program (or each ``packNpmRelationList`` entry of
project.config.json when ``packNpmManually`` is set) whose ``node_modules`` is installed and whose
``miniprogram_npm`` is absent, every package under ``dependencies`` — and theirs, transitively —
becomes ``miniprogram_npm/<name>/``:

- a mini program package (one with the folder its ``miniprogram`` field names, by default
  ``miniprogram_dist``) is copied whole;
- any other package contributes its entry file (``main``, else ``index.js``) and every file that
  entry reaches through relative ``require``s, with its package.json so ``require('<name>')``
  still finds the entry. (WeChat bundles those files into one; the modules are the same.)

Nothing outside the project folder is read: links leading out of it are refused.
"""

from __future__ import annotations

import json
import posixpath
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import toolchain as msg
from openmini.compiler.parse.js import analyze_js
from openmini.compiler.project import MAX_FILE_BYTES, MAX_FILES, Project, normalize
from openmini.compiler.source import SourceFile

NPM_FOLDER = "miniprogram_npm"
NODE_MODULES = "node_modules"
DEFAULT_DIST = "miniprogram_dist"


@dataclass(frozen=True)
class Relation:
    """One npm build: the package.json (on disk) and the root-relative folder that gets ``miniprogram_npm``."""

    manifest: Path
    target: str  # "" for the mini program root
    label: str  # how messages name the package.json


@dataclass
class _Build:
    project: Project
    folder: Path  # nothing outside it is read
    diagnostics: Diagnostics
    added: int = 0
    built: set[str] = field(default_factory=set)

    def read(self, path: Path) -> bytes | None:
        try:
            real = path.resolve()
            if not real.is_relative_to(self.folder) or not real.is_file():
                return None
            if real.stat().st_size > MAX_FILE_BYTES or self.added >= MAX_FILES:
                return None
            return real.read_bytes()
        except OSError:
            return None

    def put(self, path: str, content: bytes) -> None:
        self.added += 1
        self.project.add(path, content)


def build_npm(project: Project, diagnostics: Diagnostics) -> None:
    """Add ``miniprogram_npm`` files to ``project`` for every relation that needs building."""
    folder = (project.folder or project.root).resolve()
    for relation in relations(project, diagnostics):
        if any(path.startswith(posixpath.join(relation.target, NPM_FOLDER) + "/") for path in project.files):
            continue  # built already: WeChat uses what is there
        modules = relation.manifest.parent / NODE_MODULES
        if not modules.is_dir():
            continue
        manifest = _manifest(relation.manifest, relation.label, diagnostics)
        if manifest is None:
            continue
        build = _Build(project, folder, diagnostics)
        pending = deque(_dependencies(manifest))
        while pending:
            name = pending.popleft()
            if name in build.built:
                continue
            build.built.add(name)
            pending.extend(_build_package(build, modules, name, relation))


def relations(project: Project, diagnostics: Diagnostics) -> list[Relation]:
    settings = project.settings
    listed = settings.get("packNpmRelationList")
    if settings.get("packNpmManually") is True and isinstance(listed, list):
        return _manual_relations(project, listed, diagnostics)
    found = []
    for path in sorted(project.files):
        if posixpath.basename(path) == "package.json" and NPM_FOLDER not in path.split("/"):
            folder = posixpath.dirname(path)
            found.append(Relation(project.root / path, folder, path))
    return found


def _manual_relations(project: Project, listed: list[Any], diagnostics: Diagnostics) -> list[Relation]:
    base = project.folder or project.root
    root = project.root.resolve()
    found = []
    for index, entry in enumerate(listed):
        manifest = entry.get("packageJsonPath") if isinstance(entry, dict) else None
        dist = entry.get("miniprogramNpmDistDir") if isinstance(entry, dict) else None
        if not isinstance(manifest, str) or not isinstance(dist, str):
            reason = "it needs packageJsonPath and miniprogramNpmDistDir"
            diagnostics.add(msg.NPM_RELATION_BAD.in_file("project.config.json", index=index, reason=reason))
            continue
        manifest_path = (base / manifest).resolve()
        target = (base / dist).resolve()
        if not manifest_path.is_relative_to(base.resolve()) or not target.is_relative_to(root):
            reason = "its paths must stay in the project, and miniprogramNpmDistDir in the mini program root"
            diagnostics.add(msg.NPM_RELATION_BAD.in_file("project.config.json", index=index, reason=reason))
            continue
        relative = target.relative_to(root).as_posix()
        found.append(Relation(manifest_path, "" if relative == "." else relative, manifest))
    return found


def _manifest(path: Path, label: str, diagnostics: Diagnostics) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text("utf-8-sig"))
    except (OSError, ValueError) as exc:
        diagnostics.add(msg.NPM_BAD_MANIFEST.in_file(label, manifest=label, reason=str(exc)))
        return None
    if not isinstance(value, dict):
        diagnostics.add(msg.NPM_BAD_MANIFEST.in_file(label, manifest=label, reason="not a JSON object"))
        return None
    return value


def _dependencies(manifest: dict[str, Any]) -> list[str]:
    found = manifest.get("dependencies")
    return [name for name in found if isinstance(name, str)] if isinstance(found, dict) else []


def _build_package(build: _Build, modules: Path, name: str, relation: Relation) -> list[str]:
    """Copy one package into miniprogram_npm; return the packages it needs in turn."""
    home = modules / name
    label = f"{NODE_MODULES}/{name}/package.json"
    if normalize(name) != name or not (home / "package.json").is_file():
        build.diagnostics.add(msg.NPM_NOT_INSTALLED.in_file(relation.label, package=name, manifest=relation.label))
        return []
    manifest = _manifest(home / "package.json", label, build.diagnostics)
    if manifest is None:
        return []
    target = posixpath.join(relation.target, NPM_FOLDER, name)
    declared = manifest.get("miniprogram")
    dist = normalize(declared) if isinstance(declared, str) and declared.strip() else DEFAULT_DIST
    if dist is not None and (home / dist).is_dir():
        _copy_tree(build, home / dist, target)
        return _dependencies(manifest)
    return _copy_reached(build, home, target, manifest, name, relation)


def _copy_tree(build: _Build, source: Path, target: str) -> None:
    for path in sorted(source.rglob("*")):
        if any(part.startswith(".") or part == NODE_MODULES for part in path.relative_to(source).parts):
            continue
        content = build.read(path) if path.is_file() else None
        if content is not None:
            build.put(posixpath.join(target, path.relative_to(source).as_posix()), content)


def _copy_reached(
    build: _Build, home: Path, target: str, manifest: dict[str, Any], name: str, relation: Relation
) -> list[str]:
    main = manifest.get("main") if isinstance(manifest.get("main"), str) else "index.js"
    entry = _module_file(build, home, normalize(str(main)) or "index.js")
    if entry is None:
        message = msg.NPM_ENTRY_MISSING.in_file(relation.label, package=name, entry=str(main))
        build.diagnostics.add(message)
        return []
    content = build.read(home / "package.json")
    if content is not None:
        build.put(f"{target}/package.json", content)
    needed: list[str] = []
    pending = deque([entry])
    seen = {entry}
    while pending:
        path = pending.popleft()
        content = build.read(home / path)
        if content is None:
            continue
        build.put(f"{target}/{path}", content)
        if not path.endswith(".js"):
            continue
        quiet = Diagnostics()  # a package's own syntax is its business; the package check reports it
        analysis = analyze_js(SourceFile(path, content.decode("utf-8", "replace")), quiet)
        for call in analysis.requires:
            if call.spec.startswith(("./", "../")):
                found = _module_file(build, home, normalize(posixpath.join(posixpath.dirname(path), call.spec)))
                if found is not None and found not in seen:
                    seen.add(found)
                    pending.append(found)
            elif not call.spec.startswith("/"):
                needed.append("/".join(call.spec.split("/")[: 2 if call.spec.startswith("@") else 1]))
    return [n for n in needed if (home.parent / n / "package.json").is_file()]


def _module_file(build: _Build, home: Path, path: str | None) -> str | None:
    if path is None:
        return None
    for candidate in (path, f"{path}.js", f"{path}.json", f"{path}/index.js"):
        if (home / candidate).is_file() and (home / candidate).resolve().is_relative_to(build.folder):
            return candidate
    return None

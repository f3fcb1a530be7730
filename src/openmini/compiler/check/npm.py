"""npm packages a mini program declares but has not built into ``miniprogram_npm``.

WeChat's devtools copy each ``dependencies`` entry of package.json into ``miniprogram_npm``
("Build npm"); a source tree fresh from git often lacks that folder. Knowing that a missing
component or module is such a package lets the error say what to run instead of "not found".
"""

from __future__ import annotations

import json
import posixpath

from openmini.compiler.project import Project

NPM_FOLDER = "miniprogram_npm"
PACKAGE_JSON = "package.json"


def declared_packages(project: Project) -> frozenset[str]:
    """The names under ``dependencies`` in every package.json outside node_modules and miniprogram_npm."""
    names: set[str] = set()
    for path, content in project.files.items():
        if posixpath.basename(path) != PACKAGE_JSON or NPM_FOLDER in path.split("/"):
            continue
        try:
            manifest = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            continue
        dependencies = manifest.get("dependencies") if isinstance(manifest, dict) else None
        if isinstance(dependencies, dict):
            names.update(name for name in dependencies if isinstance(name, str))
    return frozenset(names)


def package_name(spec: str) -> str | None:
    """The npm package a bare spec or a ``…/miniprogram_npm/<name>/…`` path names, if any."""
    parts = [part for part in spec.split("/") if part not in ("", ".")]
    if NPM_FOLDER in parts:
        parts = parts[parts.index(NPM_FOLDER) + 1 :]
    elif spec.startswith(("/", "./", "../")):
        return None
    if not parts or parts[0] == "..":
        return None
    if parts[0].startswith("@"):
        return "/".join(parts[:2]) if len(parts) >= 2 else None
    return parts[0]


def unbuilt_package(project: Project, spec: str, declared: frozenset[str]) -> str | None:
    """The package ``spec`` needs when it is declared (or named via miniprogram_npm) but not built."""
    name = package_name(spec)
    if name is None:
        return None
    if name not in declared and NPM_FOLDER not in spec.split("/"):
        return None
    built = any(path.startswith(f"{NPM_FOLDER}/{name}/") or f"/{NPM_FOLDER}/{name}/" in path for path in project.files)
    return None if built else name

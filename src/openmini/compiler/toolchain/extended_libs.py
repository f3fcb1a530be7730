"""``useExtendedLib``: libraries WeChat serves itself, here from their npm packages.

WeChat does not put an extended library in the developer's package; it provides, say,
``weui-miniprogram/…`` components from its own copy. openmini provides the same components from
the npm package of the same name: installed in the project (``node_modules`` next to the mini
program's package.json, or its root), else in the platform's folder named by the
``OPENMINI_EXTENDED_LIBS`` environment variable, where the operator ran
``npm install weui-miniprogram``. The files are packaged under ``miniprogram_npm/<package>/`` and,
as on WeChat, are not counted in the package size.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.project import Project
from openmini.compiler.toolchain.npm_build import DEFAULT_DIST, NODE_MODULES, NPM_FOLDER

ENVIRONMENT = "OPENMINI_EXTENDED_LIBS"
# useExtendedLib key → the npm package holding the same components.
EXTENDED_LIBS = {"weui": "weui-miniprogram"}


def platform_folders() -> tuple[Path, ...]:
    """The operator's extended-library folders (``OPENMINI_EXTENDED_LIBS``, ``os.pathsep``-separated)."""
    value = os.environ.get(ENVIRONMENT, "")
    return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())


def provide_extended_libs(project: Project, diagnostics: Diagnostics, platform: Sequence[Path]) -> None:
    """Add the files of each library app.json's ``useExtendedLib`` turns on, when they can be found.

    When none is found nothing is added: the component check then says which library is missing
    and how to install it (OM5311).
    """
    for lib in _requested(project):
        package = EXTENDED_LIBS[lib]
        if any(path.startswith(f"{NPM_FOLDER}/{package}/") for path in project.files):
            continue  # the developer built it into miniprogram_npm: theirs is used, as on WeChat
        home = (project.folder or project.root).resolve()
        local = [project.root / NODE_MODULES, *((project.folder / NODE_MODULES,) if project.folder else ())]
        # The project's own copy must stay inside the project; the platform's is the operator's.
        found = [d for d in (f / package / DEFAULT_DIST for f in local) if d.resolve().is_relative_to(home)]
        found += [base / NODE_MODULES / package / DEFAULT_DIST for base in platform]
        dist = next((d for d in found if d.is_dir()), None)
        if dist is not None:
            _add_tree(project, dist.resolve(), f"{NPM_FOLDER}/{package}")


def _requested(project: Project) -> list[str]:
    """The libraries app.json turns on; a broken app.json is reported by the app check."""
    try:
        config = json.loads(project.files.get("app.json", b"").decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return []
    declared = config.get("useExtendedLib") if isinstance(config, dict) else None
    if not isinstance(declared, dict):
        return []
    # `true`, or a version such as "latest" (WeChat's own demo writes that), turns a library on.
    return [lib for lib, on in declared.items() if lib in EXTENDED_LIBS and (on is True or isinstance(on, str))]


def _add_tree(project: Project, dist: Path, target: str) -> None:
    for path in sorted(dist.rglob("*")):
        # A library is trusted no further than its own folder: links leading out are not followed.
        if not path.is_file() or not path.resolve().is_relative_to(dist):
            continue
        name = f"{target}/{path.relative_to(dist).as_posix()}"
        project.add(name, path.read_bytes())
        project.served.add(name)

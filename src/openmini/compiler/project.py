"""Reading a mini program source folder, safely.

Everything the compiler reads goes through :class:`Project`: paths are root-relative POSIX
strings, nothing outside the root is ever read (``..``, absolute paths and symbolic links
leading out are refused), and text is decoded once with positioned errors.
"""

from __future__ import annotations

import json
import os
import posixpath
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import project as msg
from openmini.compiler.source import SourceFile

# Files that belong to the developer tools, not to the mini program.
TOOL_FILES = frozenset({"project.config.json", "project.private.config.json"})
SKIPPED_DIRS = frozenset({"node_modules", ".git", ".svn", ".hg", ".idea", ".vscode"})
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 20_000


@dataclass
class Project:
    """The files of one mini program, keyed by root-relative POSIX path."""

    root: Path
    files: dict[str, bytes]
    # The project folder (where project.config.json is) and that file's settings, when there is one.
    folder: Path | None = None
    config: dict[str, Any] = field(default_factory=dict)
    # Files the toolchain made (x.js from x.ts, x.wxss from x.less) → the file messages about them name.
    origins: dict[str, str] = field(default_factory=dict)
    # Files WeChat serves itself (extended libraries): packaged, but not counted in the package size.
    served: set[str] = field(default_factory=set)
    _texts: dict[str, SourceFile | None] = field(default_factory=dict, repr=False)

    def exists(self, path: str) -> bool:
        return path in self.files

    def source(self, path: str, diagnostics: Diagnostics) -> SourceFile | None:
        """The decoded text of ``path``; reports (once) and returns None when it is not UTF-8."""
        if path in self._texts:
            return self._texts[path]
        data = self.files[path]
        result: SourceFile | None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            diagnostics.add(msg.NOT_UTF8.in_file(path, reason=str(exc)))
            result = None
        else:
            result = SourceFile(self.origins.get(path, path), text.replace("\r\n", "\n"))
        self._texts[path] = result
        return result

    def add(self, path: str, content: bytes, *, origin: str | None = None) -> None:
        """A file the toolchain made; messages about it name ``origin`` (its source) when given."""
        self.files[path] = content
        self._texts.pop(path, None)
        if origin is not None:
            self.origins[path] = origin

    @property
    def settings(self) -> dict[str, Any]:
        """The ``setting`` object of project.config.json."""
        setting = self.config.get("setting")
        return setting if isinstance(setting, dict) else {}

    def with_suffix(self, suffix: str) -> list[str]:
        return sorted(p for p in self.files if p.endswith(suffix))


def normalize(path: str) -> str | None:
    """A root-relative path with ``.`` and ``..`` folded, or None when it climbs out of the root."""
    folded = posixpath.normpath(path.replace("\\", "/").lstrip("/"))
    if folded == "." or folded.startswith("../") or folded == "..":
        return None
    return folded


def resolve(from_file: str, target: str) -> str | None:
    """Resolve ``target`` as written in ``from_file``: root-absolute when it starts with ``/``."""
    if target.startswith("/"):
        return normalize(target)
    return normalize(posixpath.join(posixpath.dirname(from_file), target))


def miniprogram_root(folder: Path, diagnostics: Diagnostics) -> Path | None:
    """The folder holding app.json: ``miniprogramRoot`` of project.config.json when set."""
    if not folder.is_dir():
        diagnostics.add(msg.NOT_A_DIRECTORY.in_file(str(folder), folder=str(folder)))
        return None
    config_path = folder / "project.config.json"
    root = folder
    if config_path.is_file():
        try:
            config = json.loads(config_path.read_text("utf-8-sig"))
        except (ValueError, OSError) as exc:
            diagnostics.add(msg.BAD_PROJECT_CONFIG.in_file("project.config.json", reason=str(exc)))
            return None
        declared = config.get("miniprogramRoot") if isinstance(config, dict) else None
        # "./" (common in WeChat projects) names the project folder itself.
        if isinstance(declared, str) and declared.strip() and posixpath.normpath(declared.strip()) != ".":
            relative = normalize(declared)
            candidate = folder / relative if relative else None
            if candidate is None or not candidate.resolve().is_relative_to(folder.resolve()):
                diagnostics.add(msg.PATH_ESCAPES_ROOT.in_file("project.config.json", target=declared))
                return None
            if not candidate.is_dir():
                diagnostics.add(msg.MINIPROGRAM_ROOT_MISSING.in_file("project.config.json", root=declared))
                return None
            root = candidate
    if not (root / "app.json").is_file():
        diagnostics.add(msg.NO_APP_JSON.in_file("app.json", root=str(root)))
        return None
    return root


def load_project(folder: Path, diagnostics: Diagnostics) -> Project | None:
    root = miniprogram_root(folder, diagnostics)
    if root is None:
        return None
    return Project(root=root, files=read_tree(root, diagnostics), folder=folder, config=_project_config(folder))


def _project_config(folder: Path) -> dict[str, Any]:
    """project.config.json as an object; miniprogram_root has already reported a broken one."""
    try:
        config = json.loads((folder / "project.config.json").read_text("utf-8-sig"))
    except (ValueError, OSError):
        return {}
    return config if isinstance(config, dict) else {}


def read_tree(root: Path, diagnostics: Diagnostics) -> dict[str, bytes]:
    """Every regular file below ``root``; links that stay inside are followed, others refused."""
    real_root = root.resolve()
    files: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in list(dirnames):
            entry = here / name
            if entry.is_symlink():
                dirnames.remove(name)
                rel = entry.relative_to(root).as_posix()
                if not entry.resolve().is_relative_to(real_root):
                    diagnostics.add(msg.SYMLINK_REFUSED.in_file(rel))
                else:
                    _read_linked_dir(entry, rel, real_root, files, diagnostics)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            entry = here / name
            rel = entry.relative_to(root).as_posix()
            if rel in TOOL_FILES:
                continue
            _read_file(entry, rel, real_root, files, diagnostics)
            if len(files) > MAX_FILES:
                diagnostics.add(msg.TOO_MANY_FILES.in_file("", limit=MAX_FILES))
                return files
    return files


def _read_linked_dir(entry: Path, rel: str, real_root: Path, files: dict[str, bytes], diagnostics: Diagnostics) -> None:
    for dirpath, _dirnames, filenames in os.walk(entry, followlinks=False):
        for name in sorted(filenames):
            path = Path(dirpath) / name
            _read_file(path, f"{rel}/{path.relative_to(entry).as_posix()}", real_root, files, diagnostics)


def _read_file(entry: Path, rel: str, real_root: Path, files: dict[str, bytes], diagnostics: Diagnostics) -> None:
    if entry.is_symlink() and not entry.resolve().is_relative_to(real_root):
        diagnostics.add(msg.SYMLINK_REFUSED.in_file(rel))
        return
    try:
        info = entry.stat()
        if not stat.S_ISREG(info.st_mode):
            diagnostics.add(msg.IGNORED_SPECIAL.in_file(rel))
            return
        if info.st_size > MAX_FILE_BYTES:
            diagnostics.add(msg.FILE_TOO_LARGE.in_file(rel, size=info.st_size, limit=MAX_FILE_BYTES))
            return
        files[rel] = entry.read_bytes()
    except OSError as exc:
        diagnostics.add(msg.UNREADABLE.in_file(rel, reason=exc.strerror or str(exc)))

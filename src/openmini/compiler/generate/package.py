"""Assembling a package: content-addressed files, precompressed copies, sizes and limits.

The format is documented in docs/package-format.md. Files are named by the SHA-256 of their
content so that they can be served with immutable caching; the manifest names every file by
its logical name and gives its hash, size and owner package.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brotli

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.messages import package as msg

FORMAT_VERSION = 1
HASH_CHARS = 32
# Types worth precompressing; images and fonts are already compressed.
COMPRESSIBLE = frozenset({".js", ".css", ".json", ".svg", ".txt", ".html", ".wxs", ".xml", ".map"})
MIB = 1024 * 1024


# What WeChat uploads, and so counts against the limits: the sources it compiles plus files
# whose suffix is on its upload allow-list ("允许上传的文件", framework/structure). Anything else
# (READMEs, source maps, TypeScript, Less) never reaches a phone.
COUNTED_SOURCE_SUFFIXES = frozenset({".js", ".json", ".wxml", ".wxss", ".wxs"})
UPLOADED_ASSET_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".cer",
        ".mp3",
        ".aac",
        ".m4a",
        ".mp4",
        ".wav",
        ".ogg",
        ".silk",
        ".wasm",
        ".br",
        ".cert",
    }
)


@dataclass(frozen=True)
class PackageLimits:
    """Size limits in bytes, WeChat's defaults (2 MB per package, 30 MB in all); the operator may change them."""

    main: int = 2 * MIB
    subpackage: int = 2 * MIB
    total: int = 30 * MIB


@dataclass(frozen=True)
class CountedFile:
    """One file as the size limits see it: a source file's own bytes, in its owner package."""

    name: str
    size: int
    package: str


def counts_toward_size(path: str) -> bool:
    return posixpath.splitext(path)[1].lower() in COUNTED_SOURCE_SUFFIXES | UPLOADED_ASSET_SUFFIXES


@dataclass(frozen=True)
class Unit:
    """One file of the package before it is content-addressed."""

    name: str  # logical name, e.g. "main/logic.js" or "images/logo.png"
    content: bytes
    package: str  # "main" or a subpackage root
    kind: str  # "logic" | "view" | "style" | "asset"


@dataclass(frozen=True)
class PackedFile:
    name: str
    hash: str
    size: int
    brotli_size: int | None
    package: str
    kind: str

    @property
    def stored_name(self) -> str:
        return self.hash + posixpath.splitext(self.name)[1].lower()

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "file": self.stored_name,
            "hash": self.hash,
            "size": self.size,
            "package": self.package,
            "kind": self.kind,
        }
        if self.brotli_size is not None:
            entry["brotliSize"] = self.brotli_size
        return entry


@dataclass
class Package:
    """A compiled mini program ready to be written out or uploaded."""

    manifest: dict[str, Any]
    files: list[PackedFile]
    blobs: dict[str, bytes] = field(repr=False)  # stored name -> content (brotli copies end in .br)

    def manifest_bytes(self) -> bytes:
        return json.dumps(self.manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")

    def write(self, out_dir: Path) -> None:
        files_dir = out_dir / "files"
        files_dir.mkdir(parents=True, exist_ok=True)
        for stored, content in self.blobs.items():
            target = files_dir / stored
            if not target.exists() or target.stat().st_size != len(content):
                target.write_bytes(content)
        (out_dir / "manifest.json").write_bytes(self.manifest_bytes())


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:HASH_CHARS]


def pack(units: Iterable[Unit], *, brotli_quality: int = 9) -> tuple[list[PackedFile], dict[str, bytes]]:
    packed: list[PackedFile] = []
    blobs: dict[str, bytes] = {}
    for unit in units:
        digest = content_hash(unit.content)
        extension = posixpath.splitext(unit.name)[1].lower()
        compressed_size: int | None = None
        stored = digest + extension
        if extension in COMPRESSIBLE and stored not in blobs:
            compressed = brotli.compress(unit.content, quality=brotli_quality)
            if len(compressed) < len(unit.content):
                blobs[stored + ".br"] = compressed
                compressed_size = len(compressed)
        elif stored + ".br" in blobs:
            compressed_size = len(blobs[stored + ".br"])
        blobs[stored] = unit.content
        packed.append(PackedFile(unit.name, digest, len(unit.content), compressed_size, unit.package, unit.kind))
    return packed, blobs


def package_sizes(files: Iterable[PackedFile | CountedFile]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for f in files:
        sizes[f.package] = sizes.get(f.package, 0) + f.size
    return sizes


def check_limits(files: Sequence[PackedFile | CountedFile], limits: PackageLimits, diagnostics: Diagnostics) -> None:
    sizes = package_sizes(files)
    for package, size in sorted(sizes.items()):
        limit = limits.main if package == "main" else limits.subpackage
        if size > limit:
            largest = _largest([f for f in files if f.package == package])
            diagnostics.add(
                msg.PACKAGE_TOO_LARGE.in_file(
                    "app.json", package=package, size=human_size(size), limit=human_size(limit), largest=largest
                )
            )
    total = sum(sizes.values())
    if total > limits.total:
        diagnostics.add(
            msg.TOTAL_TOO_LARGE.in_file(
                "app.json", size=human_size(total), limit=human_size(limits.total), largest=_largest(files)
            )
        )


def _largest(files: Sequence[PackedFile | CountedFile], count: int = 5) -> str:
    top = sorted(files, key=lambda f: f.size, reverse=True)[:count]
    return ", ".join(f"{f.name} ({human_size(f.size)})" for f in top)


def human_size(size: int) -> str:
    if size >= MIB:
        return f"{size / MIB:.2f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} B"


def build_package(
    core: dict[str, Any],
    units: list[Unit],
    limits: PackageLimits,
    diagnostics: Diagnostics,
    *,
    brotli_quality: int = 9,
    counted: Sequence[CountedFile] | None = None,
) -> Package:
    """``counted`` is what the size limits measure (see package-format.md, "sizes"); without it,
    the packed files themselves are measured."""
    files, blobs = pack(units, brotli_quality=brotli_quality)
    measured: Sequence[PackedFile | CountedFile] = files if counted is None else counted
    check_limits(measured, limits, diagnostics)
    sizes = package_sizes(measured)
    manifest = {
        "format": FORMAT_VERSION,
        **core,
        "files": {f.name: f.to_json() for f in sorted(files, key=lambda f: f.name)},
        "sizes": {**dict(sorted(sizes.items())), "total": sum(sizes.values())},
    }
    return Package(manifest=manifest, files=files, blobs=blobs)

"""Uploaded source archives are hostile until checked (security invariant 7).

`prepare_upload` takes the bytes a developer uploaded (a zip, or a .tar.gz), refuses anything that
could escape a folder, exhaust memory or disk, or mean different things to different tools, then
compiles the accepted files again on the server — the client's own package is never trusted.
Nothing is written anywhere persistent: the caller stores the result only once all of it succeeded,
so a refused upload leaves nothing behind.

`pack_source` is the client side of the same contract (`openmini upload`): it packs a project folder
and runs the server's checks on the result before anything is sent.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
import struct
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal

from openmini.compiler import CompileOptions, compile_project
from openmini.compiler.diagnostics import Diagnostic
from openmini.compiler.generate.package import Package
from openmini.compiler.project import MAX_FILE_BYTES, MAX_FILES, SKIPPED_DIRS
from openmini.platform.errors import Code, PlatformError

MIB = 1024 * 1024
READ_CHUNK = 64 * 1024
# A tar stream also holds headers and padding: at most a few blocks per entry on top of the contents.
TAR_OVERHEAD_PER_ENTRY = 4096
MAX_PATH_CHARS = 1024
MAX_SEGMENT_BYTES = 255  # what a Linux file system accepts as one name
# macOS's "Compress" adds resource forks here; like dotfiles and node_modules they are not sources.
SKIPPED_NAMES = SKIPPED_DIRS | {"__MACOSX"}
ZIP_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
# A fixed timestamp makes the normalised archive depend on the files alone.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

Kind = Literal["file", "dir", "symlink", "hardlink", "device", "other"]

# Whatever a broken archive makes the standard library raise; all of it means "malformed".
_MALFORMED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
    struct.error,
    zlib.error,
)


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may hold; the per-file and file-count limits are the compiler's own."""

    archive_bytes: int = 50 * MIB
    entries: int = MAX_FILES
    entry_bytes: int = MAX_FILE_BYTES
    total_bytes: int = 100 * MIB
    # Deflate tops out near 1032:1, text sources rarely pass 20:1; small files are exempt because a
    # few kilobytes of whitespace legitimately compress very well and cannot hurt.
    ratio: int = 100
    ratio_floor: int = 1 * MIB


@dataclass(frozen=True)
class PreparedUpload:
    package: Package
    source_archive: bytes  # a normalised zip of exactly the accepted files
    diagnostics: list[Diagnostic]  # warnings and notes of the server's compile

    @property
    def capabilities(self) -> dict[str, Any]:
        """The capability report the compiler put in the manifest (for the reviewer)."""
        report: dict[str, Any] = self.package.manifest["capabilities"]
        return report


def prepare_upload(
    data: bytes, limits: UploadLimits | None = None, options: CompileOptions | None = None
) -> PreparedUpload:
    """Check an uploaded archive and compile it; raise `PlatformError` when it is refused or does not compile."""
    files = read_archive(data, limits or UploadLimits())
    with tempfile.TemporaryDirectory(prefix="openmini-upload-") as tmp:
        root = Path(tmp)
        for name, content in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        result = compile_project(root, options)
    if result.package is None:
        errors = [d for d in result.diagnostics if d.is_error]
        raise PlatformError(
            Code.COMPILE_FAILED,
            f"the uploaded source does not compile: {len(errors)} error{'s' if len(errors) != 1 else ''}",
            tuple(f"{d.location}: error OM{d.code}: {d.message}" for d in errors),
        )
    return PreparedUpload(result.package, normalised_zip(files), result.diagnostics)


def read_archive(data: bytes, limits: UploadLimits) -> dict[str, bytes]:
    """The files of a zip or .tar.gz that pass every check, by root-relative POSIX path."""
    if len(data) > limits.archive_bytes:
        raise _rejected(f"the archive is {len(data)} bytes, over the limit of {limits.archive_bytes}")
    try:
        if data.startswith(b"\x1f\x8b"):
            files = _accept(_tar_members(data, limits), limits)
        elif data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            files = _accept(_zip_members(data, limits), limits)
        else:
            raise _rejected("not a zip or .tar.gz archive")
    except _MALFORMED as exc:
        raise _rejected(f"malformed archive: {exc}") from exc
    if not files:
        raise _rejected("the archive holds no files")
    return _without_common_folder(files)


def pack_source(folder: Path, limits: UploadLimits | None = None) -> bytes:
    """Zip a project folder for upload: regular files only, without .git, node_modules and dotfiles.

    The result passes `read_archive` or this raises the `PlatformError` the server would.
    """
    limits = limits or UploadLimits()
    files: dict[str, bytes] = {}
    total = 0
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not skipped(d))
        for name in [*dirnames, *sorted(f for f in filenames if not skipped(f))]:
            entry = here / name
            rel = entry.relative_to(folder).as_posix()
            mode = entry.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise _rejected(f"{rel!r} is a symbolic link: uploads carry regular files only, copy the target")
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                raise _rejected(f"{rel!r} is not a regular file")
            # Checked before reading, so a folder holding a huge video fails at once, not after minutes.
            size = entry.stat().st_size
            total += size
            _check_size(rel, size, None, total, limits)
            files[rel] = entry.read_bytes()
    archive = normalised_zip(files)
    read_archive(archive, limits)
    return archive


def skipped(name: str) -> bool:
    """A file or folder name that is never part of an upload (tooling, VCS, macOS metadata)."""
    return name.startswith(".") or name in SKIPPED_NAMES


def normalised_zip(files: dict[str, bytes]) -> bytes:
    """A deterministic zip: sorted names, fixed timestamps and modes, deflate."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return out.getvalue()


# --- reading members --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Member:
    name: str
    kind: Kind
    declared_size: int
    compressed_size: int | None  # None when the format compresses the whole stream (tar.gz)
    open: Callable[[], IO[bytes]]


def _zip_members(data: bytes, limits: UploadLimits) -> Iterator[_Member]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > limits.entries:
            raise _rejected(f"the archive has {len(infos)} entries, over the limit of {limits.entries}")
        for info in infos:
            if info.flag_bits & 0x1:
                raise _rejected(f"entry {info.orig_filename!r} is encrypted")
            if info.compress_type not in ZIP_METHODS:
                raise _rejected(
                    f"entry {info.orig_filename!r} uses compression method {info.compress_type}; use deflate or stored"
                )
            yield _Member(
                info.orig_filename,
                _zip_kind(info),
                info.file_size,
                info.compress_size,
                partial(archive.open, info),
            )


def _zip_kind(info: zipfile.ZipInfo) -> Kind:
    mode = info.external_attr >> 16 if info.create_system == 3 else 0
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return "device"
    if info.orig_filename.endswith("/") or stat.S_ISDIR(mode):
        return "dir"
    return "file"


def _tar_members(data: bytes, limits: UploadLimits) -> Iterator[_Member]:
    # The gzip layer is capped too: tar headers (pax, GNU long names) are read into memory whole.
    cap = limits.total_bytes + TAR_OVERHEAD_PER_ENTRY * (limits.entries + 2)
    stream = _CappedReader(gzip.GzipFile(fileobj=io.BytesIO(data)), cap)
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for count, member in enumerate(archive, start=1):
            if count > limits.entries:
                raise _rejected(f"the archive has more than {limits.entries} entries")
            yield _Member(
                member.name + ("/" if member.isdir() else ""),
                _tar_kind(member),
                member.size,
                None,
                partial(_extracted, archive, member),
            )


def _tar_kind(member: tarfile.TarInfo) -> Kind:
    if member.issym():
        return "symlink"
    if member.islnk():
        return "hardlink"
    if member.ischr() or member.isblk() or member.isfifo():
        return "device"
    if member.isdir():
        return "dir"
    return "file" if member.isreg() else "other"


def _extracted(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    stream = archive.extractfile(member)
    if stream is None:
        raise _rejected(f"entry {member.name!r} has no contents")
    return stream


class _CappedReader(io.RawIOBase):
    """A read-only stream that fails once more than `cap` bytes came out of the one it wraps."""

    def __init__(self, inner: io.BufferedIOBase, cap: int) -> None:
        self._inner = inner
        self._left = cap

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._inner.read(min(size, self._left + 1) if size >= 0 else self._left + 1)
        self._left -= len(chunk)
        if self._left < 0:
            raise _rejected("the archive expands beyond the size limit")
        return chunk


# --- checking ---------------------------------------------------------------------------------


def _accept(members: Iterator[_Member], limits: UploadLimits) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    folders: set[str] = set()
    seen: set[str] = set()
    declared_total = 0
    actual_total = 0
    for member in members:
        name = _checked_name(member.name)
        if name in seen:
            raise _rejected(f"entry {name!r} appears more than once")
        seen.add(name)
        if member.kind in {"symlink", "hardlink", "device", "other"}:
            label = {"symlink": "a symbolic link", "hardlink": "a hard link", "device": "a device or pipe"}
            raise _rejected(f"entry {name!r} is {label.get(member.kind, 'not a regular file')}; only files are taken")
        parents = _parents(name)
        if member.kind == "dir":
            folders.add(name.rstrip("/"))
            folders.update(parents)
            continue
        folders.update(parents)
        if any(skipped(segment) for segment in name.split("/")):
            continue  # checked above like every entry, but not a source: never decompressed
        declared_total += member.declared_size
        _check_size(name, member.declared_size, member.compressed_size, declared_total, limits)
        content = _read(member, name, actual_total, limits)
        actual_total += len(content)
        files[name] = content
    clash = sorted(folders & files.keys())
    if clash:
        raise _rejected(f"entry {clash[0]!r} is both a file and a folder")
    return files


def _checked_name(raw: str) -> str:
    """`raw` when it is a plain relative path every file system reads the same way."""
    shown = repr(raw)
    if not raw or raw == "/":
        raise _rejected("an entry has an empty name")
    if _CONTROL.search(raw):
        raise _rejected(f"entry {shown} has a control character (NUL, newline…) in its name")
    if "\\" in raw:
        raise _rejected(f"entry {shown} has a backslash in its name")
    if raw.startswith("/"):
        raise _rejected(f"entry {shown} has an absolute path")
    if _DRIVE.match(raw):
        raise _rejected(f"entry {shown} starts with a drive letter")
    if len(raw) > MAX_PATH_CHARS:
        raise _rejected(f"entry {raw[:40]!r}… has a name longer than {MAX_PATH_CHARS} characters")
    segments = raw.removesuffix("/").split("/")
    if ".." in segments:
        raise _rejected(f"entry {shown} climbs out of the archive (..)")
    if any(s in {"", "."} for s in segments):
        raise _rejected(f"entry {shown} has an empty or '.' path segment")
    try:
        too_long = any(len(s.encode("utf-8")) > MAX_SEGMENT_BYTES for s in segments)
    except UnicodeEncodeError:
        raise _rejected(f"entry {shown} has a name that is not UTF-8") from None
    if too_long:
        raise _rejected(f"entry {shown} has a path segment longer than {MAX_SEGMENT_BYTES} bytes")
    return raw


def _parents(name: str) -> set[str]:
    segments = name.removesuffix("/").split("/")
    return {"/".join(segments[:i]) for i in range(1, len(segments))}


def _check_size(name: str, size: int, compressed: int | None, total: int, limits: UploadLimits) -> None:
    if size > limits.entry_bytes:
        raise _rejected(f"entry {name!r} is {size} bytes, over the limit of {limits.entry_bytes} per file")
    if total > limits.total_bytes:
        raise _rejected(f"the files add up to more than the limit of {limits.total_bytes} bytes")
    if compressed is not None and size > limits.ratio_floor and size > limits.ratio * max(compressed, 1):
        raise _rejected(f"entry {name!r} expands {size // max(compressed, 1)}:1, over the limit of {limits.ratio}:1")


def _read(member: _Member, name: str, total_before: int, limits: UploadLimits) -> bytes:
    """The entry's bytes, counted as they come: headers may lie about sizes."""
    chunks: list[bytes] = []
    size = 0
    with member.open() as stream:
        while chunk := stream.read(READ_CHUNK):
            size += len(chunk)
            _check_size(name, size, member.compressed_size, total_before + size, limits)
            chunks.append(chunk)
    return b"".join(chunks)


def _without_common_folder(files: dict[str, bytes]) -> dict[str, bytes]:
    """Strip the one folder a "compress this folder" zip wraps everything in."""
    if {"app.json", "project.config.json"} & files.keys():
        return files
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) != 1 or any("/" not in name for name in files):
        return files
    return {name.split("/", 1)[1]: content for name, content in files.items()}


def _rejected(reason: str) -> PlatformError:
    return PlatformError(Code.UPLOAD_REJECTED, f"upload refused: {reason}")

"""Uploaded archives are hostile: every trick is refused with a clear PlatformError, good sources compile."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import stat
import tarfile
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openmini.platform.errors import Code, PlatformError
from openmini.platform.uploads import UploadLimits, normalised_zip, pack_source, prepare_upload, read_archive

APP: dict[str, bytes] = {
    "app.json": json.dumps({"pages": ["pages/index/index"]}).encode(),
    "app.js": b"App({})",
    "pages/index/index.wxml": b"<view>{{greeting}}</view>",
    "pages/index/index.js": b"Page({ data: { greeting: 'hi' } })",
    "images/logo.png": b"\x89PNG not really",
}
LIMITS = UploadLimits()


def make_zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_with_info(info: zipfile.ZipInfo, content: bytes = b"x") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(info, content)
    return out.getvalue()


def make_tar_gz(*members: tuple[tarfile.TarInfo, bytes | None]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for info, content in members:
            if content is not None:
                info.size = len(content)
            archive.addfile(info, io.BytesIO(content) if content is not None else None)
    return gzip.compress(out.getvalue(), mtime=0)


def tar_entry(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


def refused(data: bytes, limits: UploadLimits = LIMITS) -> str:
    with pytest.raises(PlatformError) as caught:
        read_archive(data, limits)
    assert caught.value.errcode == Code.UPLOAD_REJECTED
    return caught.value.errmsg


# --- accepted uploads ---------------------------------------------------------------------------


def test_a_good_zip_compiles_and_keeps_a_normalised_source_archive() -> None:
    upload = prepare_upload(make_zip(APP))
    assert upload.package.manifest["entryPagePath"] == "pages/index/index"
    assert "components" in upload.capabilities
    with zipfile.ZipFile(io.BytesIO(upload.source_archive)) as archive:
        assert sorted(archive.namelist()) == sorted(APP)
        assert {n: archive.read(n) for n in archive.namelist()} == APP
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert upload.source_archive == normalised_zip(dict(reversed(APP.items())))


def test_tooling_files_and_folders_are_left_out_of_the_source() -> None:
    extra = {".git/config": b"[core]", "node_modules/x/index.js": b"1", "__MACOSX/._app.js": b"\0", ".DS_Store": b"\0"}
    upload = prepare_upload(make_zip({**APP, **extra}))
    with zipfile.ZipFile(io.BytesIO(upload.source_archive)) as archive:
        assert sorted(archive.namelist()) == sorted(APP)


def test_the_single_folder_of_a_compressed_folder_is_stripped() -> None:
    files = read_archive(
        make_zip({f"myapp/{name}": content for name, content in APP.items()} | {"myapp/": b""}), LIMITS
    )
    assert files == APP


def test_a_tar_gz_upload_is_accepted() -> None:
    members = [(tar_entry(name), content) for name, content in APP.items()]
    assert read_archive(make_tar_gz((tar_entry("pages", tarfile.DIRTYPE), None), *members), LIMITS) == APP


def test_a_nested_archive_is_just_a_file() -> None:
    inner = make_zip({"../../etc/passwd": b"root"})
    assert read_archive(make_zip({**APP, "assets/bundle.zip": inner}), LIMITS)["assets/bundle.zip"] == inner


def test_compile_errors_are_refused_with_positioned_diagnostics() -> None:
    broken = {**APP, "pages/index/index.wxml": b"<view>{{ a + }}</view>"}
    with pytest.raises(PlatformError) as caught:
        prepare_upload(make_zip(broken))
    error = caught.value
    assert error.errcode == Code.COMPILE_FAILED
    assert "does not compile" in error.errmsg
    assert error.details and all(line.startswith("pages/index/index.wxml:1:") for line in error.details)
    assert all(": error OM" in line for line in error.details)


# --- hostile archives ---------------------------------------------------------------------------


def test_archive_over_the_size_limit() -> None:
    assert "over the limit of 100" in refused(make_zip(APP), UploadLimits(archive_bytes=100))


def test_too_many_entries() -> None:
    assert "entries, over the limit of 3" in refused(make_zip(APP), UploadLimits(entries=3))
    members = [(tar_entry(name), content) for name, content in APP.items()]
    assert "more than 3 entries" in refused(make_tar_gz(*members), UploadLimits(entries=3))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/passwd", "absolute path"),
        ("../evil.js", "climbs out"),
        ("pages/../../evil.js", "climbs out"),
        ("pages\\..\\evil.js", "backslash"),
        ("C:/Windows/evil.js", "drive letter"),
        ("c:evil.js", "drive letter"),
        ("pages//index.js", "empty or '.' path segment"),
        ("./app.js", "empty or '.' path segment"),
        ("pages/new\nline.js", "control character"),
        ("x" * 300 + ".js", "longer than 255 bytes"),
        ("a/" * 600 + "b.js", "longer than 1024 characters"),
    ],
)
def test_unsafe_entry_paths_in_zip_and_tar(name: str, reason: str) -> None:
    assert reason in refused(make_zip({**APP, name: b"x"}))
    assert reason in refused(make_tar_gz((tar_entry(name), b"x")))


def test_nul_in_an_entry_name() -> None:
    data = make_zip({**APP, "evilX.js": b"x"}).replace(b"evilX.js", b"evil\0.js")
    assert "control character" in refused(data)


def test_zip_symlink_entry() -> None:
    info = zipfile.ZipInfo("pages/link.js")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert "symbolic link" in refused(zip_with_info(info, b"/etc/passwd"))


def test_zip_device_entry() -> None:
    info = zipfile.ZipInfo("pipe")
    info.create_system = 3
    info.external_attr = (stat.S_IFIFO | 0o644) << 16
    assert "device or pipe" in refused(zip_with_info(info))


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        (tarfile.SYMTYPE, "symbolic link"),
        (tarfile.LNKTYPE, "hard link"),
        (tarfile.CHRTYPE, "device or pipe"),
        (tarfile.BLKTYPE, "device or pipe"),
        (tarfile.FIFOTYPE, "device or pipe"),
        (b"Z", "not a regular file"),  # a type tarfile does not know
    ],
)
def test_tar_link_and_device_entries(kind: bytes, reason: str) -> None:
    assert reason in refused(make_tar_gz((tar_entry("app.js", kind, linkname="/etc/passwd"), None)))


def test_duplicate_names() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we are building on purpose
        archive.writestr("app.js", b"App({})")
        archive.writestr("app.js", b"evil()")
    assert "appears more than once" in refused(out.getvalue())
    assert "appears more than once" in refused(make_tar_gz((tar_entry("a.js"), b"1"), (tar_entry("a.js"), b"2")))


def test_a_name_used_as_file_and_folder() -> None:
    assert "both a file and a folder" in refused(make_zip({"pages": b"x", "pages/index.js": b"y"}))
    assert "both a file and a folder" in refused(make_zip({"pages/index.js": b"y", "pages/index.js/": b""}))


def test_per_file_size_limit() -> None:
    assert "per file" in refused(make_zip({"big.bin": os.urandom(2000)}), UploadLimits(entry_bytes=1000))


def test_total_uncompressed_size_limit() -> None:
    files = {"a.bin": os.urandom(600), "b.bin": os.urandom(600)}
    assert "add up to more than" in refused(make_zip(files), UploadLimits(total_bytes=1000))
    members = [(tar_entry(n), c) for n, c in files.items()]
    assert "add up to more than" in refused(make_tar_gz(*members), UploadLimits(total_bytes=1000))


def test_compression_ratio_bomb() -> None:
    bomb = make_zip({"zeros.bin": bytes(8 * 1024 * 1024)})
    assert len(bomb) < 20_000
    assert "over the limit of 100:1" in refused(bomb)


def test_a_header_that_understates_the_size_is_caught_by_the_content() -> None:
    data = bytearray(make_zip({"a.bin": bytes(1000)}, zipfile.ZIP_STORED))
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # uncompressed size in the central directory
    assert "malformed archive" in refused(bytes(data))


def test_a_tar_header_bomb_is_stopped_while_decompressing() -> None:
    info = tar_entry("app.js")
    info.pax_headers = {"comment": "x" * (4 * 1024 * 1024)}
    data = make_tar_gz((info, b"App({})"))
    assert len(data) < 50_000
    assert "expands beyond the size limit" in refused(data, UploadLimits(total_bytes=1024 * 1024, entries=10))


def test_encrypted_entry() -> None:
    data = bytearray(make_zip({"app.js": b"App({})"}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + flag_offset
        data[at] |= 0x1
    assert "is encrypted" in refused(bytes(data))


def test_unsupported_compression_method() -> None:
    assert "compression method 12" in refused(make_zip(APP, zipfile.ZIP_BZIP2))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a zip or .tar.gz"),
        (b"Rar!\x1a\x07\x00", "not a zip or .tar.gz"),
        (make_zip(APP)[:-30], "malformed archive"),
        (b"PK\x03\x04" + bytes(100), "malformed archive"),
        (gzip.compress(b"not a tar stream at all" * 40, mtime=0), "malformed archive"),
        (b"\x1f\x8b\x08\x00garbage", "malformed archive"),
        (make_zip({}), "holds no files"),
        (make_zip({"pages/": b""}), "holds no files"),
    ],
)
def test_malformed_archives(data: bytes, reason: str) -> None:
    assert reason in refused(data)


def test_the_work_folder_is_gone_afterwards_whatever_the_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    prepare_upload(make_zip(APP))
    with pytest.raises(PlatformError):
        prepare_upload(make_zip({**APP, "app.json": b"{"}))
    assert list(tmp_path.iterdir()) == []


def test_names_in_messages_are_shown_escaped() -> None:
    message = refused(make_zip({"\x1b[31mred.js": b"x"}))
    assert "\\x1b[31mred.js" in message and "\x1b" not in message


# --- fuzzing ------------------------------------------------------------------------------------

VALID_ARCHIVES = [make_zip(APP), make_tar_gz(*[(tar_entry(name), content) for name, content in APP.items()])]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_only_ever_raise_platform_errors(data: bytes) -> None:
    for candidate in (data, b"PK\x03\x04" + data, b"\x1f\x8b" + data):
        with contextlib.suppress(PlatformError):
            prepare_upload(candidate)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(VALID_ARCHIVES),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_mutated_valid_archives_only_ever_raise_platform_errors(valid: bytes, flips: list[tuple[int, int]]) -> None:
    data = bytearray(valid)
    for at, value in flips:
        data[at % len(data)] = value
    with contextlib.suppress(PlatformError):
        prepare_upload(bytes(data))


# --- the client side ----------------------------------------------------------------------------


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def test_pack_source_takes_the_sources_and_skips_tooling(tmp_path: Path) -> None:
    extra = {".git/HEAD": b"ref", "node_modules/a/index.js": b"1", ".env": b"SECRET=1", "pages/.hidden": b"x"}
    folder = write_tree(tmp_path / "app", {**APP, **extra})
    archive = pack_source(folder)
    assert read_archive(archive, LIMITS) == APP
    assert archive == normalised_zip(APP)
    assert prepare_upload(archive).source_archive == archive


def test_pack_source_refuses_symbolic_links(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "app", APP)
    (folder / "secret.txt").symlink_to("/etc/passwd")
    with pytest.raises(PlatformError, match="symbolic link"):
        pack_source(folder)


def test_pack_source_applies_the_server_limits(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "app", {**APP, "media/clip.mp4": bytes(5000)})
    with pytest.raises(PlatformError, match="entries, over the limit of 2"):
        pack_source(folder, UploadLimits(entries=2))
    with pytest.raises(PlatformError, match="'media/clip.mp4' is 5000 bytes, over the limit of 4000 per file"):
        pack_source(folder, UploadLimits(entry_bytes=4000))

"""Serving content-addressed package files and the runtime's ES modules.

Package files never change under a name (the name is the hash), so they are cached forever;
the runtime is served with CORS open because opaque-origin frames and workers import it.
The runtime is also served bundled, one file per realm (runtime_bundle.py): an opaque-origin
frame or worker has an HTTP cache partition of its own, so every module is a request each time.

The dev server (files in memory) and the platform (files in a blob store) answer package files
the same way: `select_representation` decides encoding, range and status from the request
headers alone, and each caller then fetches only the bytes that decision needs.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
import mimetypes
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from openmini.compiler.generate.package import COMPRESSIBLE, Package
from openmini.server.runtime_bundle import ENTRIES, BundleError, RuntimeBundler

log = logging.getLogger(__name__)

IMMUTABLE = "public, max-age=31536000, immutable"
CORS = {"Access-Control-Allow-Origin": "*", "Cross-Origin-Resource-Policy": "cross-origin"}
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wxs": "text/javascript; charset=utf-8",
}
# Preferred first: brotli is smaller, gzip is what every client has.
ENCODINGS = ("br", "gzip")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def choose_encoding(accept_encoding: str, available: Collection[str]) -> str:
    """The best of `available` the client accepts ("" for identity), honouring `q=0` and `*`."""
    weights: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if name.strip():
            weights[name.strip()] = quality
    for encoding in ENCODINGS:
        if encoding in available and weights.get(encoding, weights.get("*", 0.0)) > 0:
            return encoding
    return ""


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of an If-None-Match list against one ETag."""
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


class Unsatisfiable(Exception):
    """A Range no byte of the representation satisfies (416)."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """`[start, end)` of a single `bytes=` range; None for anything to ignore (RFC 9110 lets a
    server answer 200 to multi-range or malformed ranges)."""
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size
    start = int(first)
    end = size if not last else int(last) + 1
    if last and end <= start:
        return None  # last < first is syntactically invalid: ignored
    if start >= size:
        raise Unsatisfiable
    return start, min(end, size)


@dataclass(frozen=True)
class Representation:
    """What to answer for one file: status, headers, and which bytes (`encoding`, `[start, end)`)."""

    status: int
    encoding: str
    start: int
    end: int
    headers: dict[str, str]

    @property
    def needs_body(self) -> bool:
        return self.status in (200, 206)


def select_representation(
    request: Request, *, digest: str, name: str, size: int, encodings: Collection[str], cache_control: str
) -> Representation:
    """Decide the answer for a file of `size` identity bytes whose ETag base is `digest`.

    `encodings` are the compressed forms the caller can produce. A Range request is answered from
    the identity bytes (ranges of a compressed stream are useless to a client that wants to
    resume or seek), so its ETag is the bare digest; each encoding has an ETag of its own, since
    a strong ETag names exactly one byte sequence.
    """
    headers = {**CORS, "Cache-Control": cache_control, "Vary": "Accept-Encoding", "Accept-Ranges": "bytes"}
    wanted = request.headers.get("range")
    if_range = request.headers.get("if-range")
    identity_tag = f'"{digest}"'
    ranged = wanted is not None and (if_range is None or if_range == identity_tag)
    encoding = "" if ranged else choose_encoding(request.headers.get("accept-encoding", ""), encodings)
    etag = f'"{digest}-{encoding}"' if encoding else identity_tag
    headers["ETag"] = etag
    headers["Content-Type"] = content_type(name)
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Representation(304, encoding, 0, 0, headers)
    if encoding:
        headers["Content-Encoding"] = encoding
    if ranged and wanted is not None:
        try:
            span = byte_range(wanted, size)
        except Unsatisfiable:
            return Representation(416, "", 0, 0, {**headers, "Content-Range": f"bytes */{size}"})
        if span is not None:
            start, end = span
            return Representation(206, "", start, end, {**headers, "Content-Range": f"bytes {start}-{end - 1}/{size}"})
    return Representation(200, encoding, 0, size, headers)


def compressible(name: str) -> bool:
    return posixpath.splitext(name)[1].lower() in COMPRESSIBLE


def gzipped(content: bytes) -> bytes:
    # mtime=0 keeps the output a function of the content, so its strong ETag stays true.
    return gzip.compress(content, compresslevel=6, mtime=0)


def file_response(chosen: Representation, body: bytes = b"", *, head_length: int | None = None) -> Response:
    """The response for `chosen` carrying `body` (the selected bytes, empty when none are needed).

    With `head_length` it answers HEAD: a GET's headers, with the length of the body it would carry.
    """
    headers = dict(chosen.headers)
    media_type = headers.pop("Content-Type")
    if head_length is not None and chosen.needs_body:
        headers["Content-Length"] = str(head_length)
    return Response(body, status_code=chosen.status, media_type=media_type, headers=headers)


def package_file(request: Request, package: Package, stored: str) -> Response:
    """One file of a package by its stored (content-addressed) name; 404 when unknown."""
    content = package.blobs.get(stored)
    if content is None or stored.endswith(".br"):
        return Response("not found", status_code=404, headers=CORS)
    compressed = package.blobs.get(stored + ".br")
    encodings = {"br"} if compressed is not None else set()
    if compressible(stored):
        encodings.add("gzip")
    chosen = select_representation(
        request,
        digest=stored.split(".")[0],
        name=stored,
        size=len(content),
        encodings=encodings,
        cache_control=IMMUTABLE,
    )
    if not chosen.needs_body:
        return file_response(chosen)
    if chosen.encoding == "br" and compressed is not None:
        body = compressed
    elif chosen.encoding == "gzip":
        body = gzipped(content)
    else:
        body = content[chosen.start : chosen.end]
    if request.method == "HEAD":
        return file_response(chosen, head_length=len(body))
    return file_response(chosen, body)


def runtime_root() -> Path:
    return Path(str(resources.files("openmini") / "runtime"))


CONFIG_BLOCK = re.compile(r'<script type="application/json" id="openmini-config">.*?</script>', re.S)


def host_page(name: str, config: dict[str, Any]) -> str:
    """A page of runtime/host/ with its `openmini-config` JSON block (replacing any it ships with)."""
    page = (runtime_root() / "host" / name).read_text("utf-8")
    # Script text is never HTML-decoded, so entities would reach the JSON as-is (`&amp;`); escaping
    # `<` and `&` as JSON unicode escapes keeps `</script>` out and the values exact.
    payload = json.dumps(config).replace("<", "\\u003c").replace("&", "\\u0026")
    block = '<script type="application/json" id="openmini-config">' + payload + "</script>"
    page = CONFIG_BLOCK.sub("", page)
    return page.replace("</head>", block + "</head>", 1) if "</head>" in page else block + page


def runtime_file(path: str) -> Response:
    """A file of the runtime folder; nothing outside it is ever served."""
    root = runtime_root().resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return Response("not found", status_code=404, headers=CORS)
    headers = {**CORS, "Cache-Control": "no-cache"}
    return Response(target.read_bytes(), media_type=content_type(target.name), headers=headers)


@functools.cache
def runtime_bundler() -> RuntimeBundler:
    return RuntimeBundler(runtime_root().resolve(), prefix="bundle/")


def runtime_bundle(request: Request, path: str) -> Response:
    """`bundle/<entry>` (view/index.js, logic/worker.js, host/index.js) or `bundle/chunk/<hash>.js`.

    An entry's URL stays the same when the runtime changes, so it is revalidated (no-cache +
    ETag; a frame's own cache partition makes that one request at most); a chunk's URL holds its
    hash, so it is immutable.
    """
    bundler = runtime_bundler()
    try:
        if path.startswith("chunk/"):
            found, cache = bundler.chunk(path.removeprefix("chunk/")), IMMUTABLE
        else:
            found, cache = (bundler.entry(path) if path in ENTRIES else None), "no-cache"
    except BundleError as error:
        log.error("runtime bundle %s: %s", path, error)
        return Response(f"bundling failed: {error}", status_code=500, headers=CORS)
    if found is None:
        return Response("not found", status_code=404, headers=CORS)
    encoding = choose_encoding(request.headers.get("accept-encoding", ""), ENCODINGS)
    etag = f'"{found.hash}{"-" + encoding if encoding else ""}"'
    headers = {**CORS, "Cache-Control": cache, "ETag": etag, "Vary": "Accept-Encoding"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    if encoding:
        headers["Content-Encoding"] = encoding
    return Response(found.encoded(encoding), media_type=TYPES[".js"], headers=headers)

"""Serving content-addressed package files and the runtime's ES modules.

Package files never change under a name (the name is the hash), so they are cached forever;
the runtime is served with CORS open because opaque-origin frames and workers import it.
The runtime is also served bundled, one file per realm (runtime_bundle.py): an opaque-origin
frame or worker has an HTTP cache partition of its own, so every module is a request each time.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
from importlib import resources
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from openmini.compiler.generate.package import Package
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


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def accepts_brotli(request: Request) -> bool:
    return "br" in request.headers.get("accept-encoding", "").lower()


def package_file(request: Request, package: Package, stored: str) -> Response:
    """One file of a package by its stored (content-addressed) name; 404 when unknown."""
    content = package.blobs.get(stored)
    if content is None or stored.endswith(".br"):
        return Response("not found", status_code=404, headers=CORS)
    etag = f'"{stored.split(".")[0]}"'
    headers = {**CORS, "Cache-Control": IMMUTABLE, "ETag": etag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    compressed = package.blobs.get(stored + ".br")
    if compressed is not None and accepts_brotli(request):
        headers["Content-Encoding"] = "br"
        content = compressed
    return Response(content, media_type=content_type(stored), headers=headers)


def runtime_root() -> Path:
    return Path(str(resources.files("openmini") / "runtime"))


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
    accepted = request.headers.get("accept-encoding", "").lower()
    encoding = "br" if "br" in accepted else "gzip" if "gzip" in accepted else ""
    etag = f'"{found.hash}{"-" + encoding if encoding else ""}"'
    headers = {**CORS, "Cache-Control": cache, "ETag": etag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if encoding:
        headers["Content-Encoding"] = encoding
    return Response(found.encoded(encoding), media_type=TYPES[".js"], headers=headers)

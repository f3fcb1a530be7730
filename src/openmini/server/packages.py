"""Package serving for ``openmini serve``: `/p/{version_id}/manifest.json` and `/p/{version_id}/files/{stored}`.

These are the hot routes (every launch, every file of every page), so they are plain Starlette
routes and touch the database only for the manifest's access check and to find where a version's
manifest is: its package changes only when `openmini rebuild` replaces it (an operator command run
while upgrading, with the servers restarted after), so the parsed manifest is remembered per
process (a cache, not state: any process rebuilds it from the blob store) and a file request costs
one blob read.
Encoding, ETag, 304 and Range handling is shared with the dev server (server/files.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Route

from openmini.platform.signing import ManifestSigner
from openmini.platform.versions import file_key, manifest_key_of
from openmini.server.files import (
    CORS,
    IMMUTABLE,
    Representation,
    compressible,
    etag_matches,
    file_response,
    gzipped,
    select_representation,
)
from openmini.store.blobs import BlobNotFound, BlobStore
from openmini.store.database import Database

SIGNATURE_HEADER = "X-Openmini-Signature"
# Who may read a manifest (a trial's testers), its signature (the key follows the platform secret) and,
# after `openmini rebuild`, the manifest itself can change: revalidating on each launch costs a 304 at most.
MANIFEST_CACHE = "no-cache"
MANIFESTS_REMEMBERED = 512
_VERSION_ID = re.compile(r"[1-9][0-9]{0,17}")
_STORED = re.compile(r"[0-9a-f]{8,64}(\.[A-Za-z0-9]{1,16})?")


def version_number(text: str) -> int | None:
    """The version id in a URL segment, None when it cannot be one."""
    return int(text) if _VERSION_ID.fullmatch(text) else None


@dataclass(frozen=True)
class StoredFile:
    size: int
    brotli_size: int | None


@dataclass(frozen=True)
class ServedManifest:
    body: bytes
    etag: str
    signature: str | None
    files: dict[str, StoredFile]  # by stored (content-addressed) name
    pages: frozenset[str]
    entry_page: str


def parse_manifest(body: bytes, signature: str | None) -> ServedManifest:
    manifest = json.loads(body)
    files: dict[str, StoredFile] = {}
    for entry in manifest.get("files", {}).values():
        brotli_size = entry.get("brotliSize")
        files[entry["file"]] = StoredFile(int(entry["size"]), int(brotli_size) if brotli_size is not None else None)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    pages = frozenset(manifest.get("pages", {}))
    return ServedManifest(body, etag, signature, files, pages, str(manifest.get("entryPagePath") or ""))


# Where a version's manifest in force is stored (the version row's ``manifest_key``); None: no such version.
ManifestLocator = Callable[[int], Awaitable[str | None]]


def manifests_in(db: Database) -> ManifestLocator:
    """Find manifests through the version rows (a read-only transaction per lookup)."""

    async def locate(version_id: int) -> str | None:
        async with db.session(read_only=True) as session:
            return await manifest_key_of(session, version_id)

    return locate


class PackageReader:
    """Manifests and files of stored versions, read from the blob store."""

    def __init__(
        self,
        blobs: BlobStore,
        signer: ManifestSigner | None,
        locate: ManifestLocator,
        capacity: int = MANIFESTS_REMEMBERED,
    ) -> None:
        self.blobs = blobs
        self.signer = signer
        self.locate = locate
        self.capacity = capacity
        self._manifests: OrderedDict[int, ServedManifest] = OrderedDict()

    async def manifest(self, version_id: int) -> ServedManifest | None:
        """The version's manifest, None when no such version is stored (never remembered: it may be soon)."""
        found = self._manifests.get(version_id)
        if found is not None:
            self._manifests.move_to_end(version_id)
            return found
        key = await self.locate(version_id)
        if key is None:
            return None
        try:
            body = await self.blobs.get(key)
        except BlobNotFound:
            return None
        found = parse_manifest(body, self.signer.sign(body) if self.signer is not None else None)
        self._manifests[version_id] = found
        if len(self._manifests) > self.capacity:
            self._manifests.popitem(last=False)
        return found

    async def body(self, stored: str, chosen: Representation) -> bytes:
        """The bytes `chosen` selects of a stored file."""
        if chosen.encoding == "br":
            return await self.blobs.get(file_key(stored) + ".br")
        if chosen.encoding == "gzip":
            return gzipped(await self.blobs.get(file_key(stored)))
        if chosen.status == 200:
            return await self.blobs.get(file_key(stored))
        return await self.blobs.get_range(file_key(stored), chosen.start, chosen.end)


# May the connection read this version's manifest? (Released versions: anyone; trial and develop: members.)
ManifestAccess = Callable[[HTTPConnection, int], Awaitable[bool]]


def package_routes(reader: Callable[[HTTPConnection], PackageReader], may_read: ManifestAccess) -> list[Route]:
    """The `/p/…` routes; `reader` finds the app's `PackageReader`, `may_read` checks access to a version."""

    async def manifest(request: Request) -> Response:
        version_id = version_number(request.path_params["version_id"])
        found = await reader(request).manifest(version_id) if version_id is not None else None
        if version_id is None or found is None or not await may_read(request, version_id):
            return Response("not found", status_code=404, headers=CORS)
        headers = {**CORS, "Cache-Control": MANIFEST_CACHE, "ETag": found.etag}
        if found.signature is not None:
            headers[SIGNATURE_HEADER] = found.signature
        if etag_matches(request.headers.get("if-none-match"), found.etag):
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(found.body))
            return Response(b"", media_type="application/json", headers=headers)
        return Response(found.body, media_type="application/json", headers=headers)

    async def file(request: Request) -> Response:
        version_id, stored = version_number(request.path_params["version_id"]), request.path_params["stored"]
        packages = reader(request)
        found = await packages.manifest(version_id) if version_id is not None else None
        entry = found.files.get(stored) if found is not None and _STORED.fullmatch(stored) else None
        if entry is None:
            return Response("not found", status_code=404, headers=CORS)
        encodings = {"br"} if entry.brotli_size is not None else set()
        if compressible(stored):
            encodings.add("gzip")
        chosen = select_representation(
            request,
            digest=stored.split(".")[0],
            name=stored,
            size=entry.size,
            encodings=encodings,
            cache_control=IMMUTABLE,
        )
        if not chosen.needs_body:
            return file_response(chosen)
        if request.method == "HEAD" and chosen.encoding != "gzip":
            length = entry.brotli_size if chosen.encoding == "br" else chosen.end - chosen.start
            return file_response(chosen, head_length=length)
        try:
            body = await packages.body(stored, chosen)
        except BlobNotFound:
            return Response("not found", status_code=404, headers=CORS)
        if request.method == "HEAD":
            return file_response(chosen, head_length=len(body))
        return file_response(chosen, body)

    return [
        Route("/p/{version_id}/manifest.json", manifest, methods=["GET", "HEAD"]),
        Route("/p/{version_id}/files/{stored}", file, methods=["GET", "HEAD"]),
    ]

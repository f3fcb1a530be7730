"""The platform APIs the host calls (docs/runtime-protocol.md "What the server provides").

Storage and network for one (user, mini program). Errors keep WeChat's ``errMsg`` shape.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx2
import websockets
from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.requests import HTTPConnection

from openmini.platform.domains import DomainPolicy, Kind
from openmini.platform.storage import Storage, StorageError

MAX_TIMEOUT_S = 60.0
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
NOT_SIGNED_IN = "not signed in"


@dataclass(frozen=True)
class Caller:
    user: str
    appid: str


class StorageWrite(BaseModel):
    key: str = Field(min_length=1, max_length=1024)
    value: Any


class RequestBody(BaseModel):
    url: str
    method: str = "GET"
    header: dict[str, str] = Field(default_factory=dict)
    data: str | None = None
    dataType: str | None = None
    timeout: float | None = Field(default=None, ge=0)
    responseType: str = "text"


class DownloadBody(BaseModel):
    url: str
    header: dict[str, str] = Field(default_factory=dict)


def fail(status: int, api: str, reason: str) -> JSONResponse:
    return JSONResponse({"errMsg": f"{api}:fail {reason}"}, status_code=status)


METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "PATCH"})
# Headers the browser or the proxy sets itself; a mini program cannot choose them (as in WeChat).
HOP_HEADERS = frozenset({"host", "content-length", "connection", "referer", "transfer-encoding", "cookie"})


def platform_router(
    storage: Storage,
    policy: Callable[[str], Awaitable[DomainPolicy]],
    caller: Callable[[HTTPConnection], Caller | None],
    transport: httpx2.AsyncBaseTransport | None = None,
) -> APIRouter:
    """Routes under ``/api``.

    ``caller`` says who asks (the signed-in user and the mini program), None when nobody is signed
    in (answered 401); ``policy`` gives a mini program's registered domains.
    """
    router = APIRouter()

    @router.get("/storage", response_model=None)
    async def get_storage(request: Request) -> dict[str, Any] | JSONResponse:
        who = caller(request)
        if who is None:
            return fail(401, "getStorage", NOT_SIGNED_IN)
        return {"items": await storage.items(who.user, who.appid), "limit": storage.partition_limit}

    @router.put("/storage", response_model=None)
    async def put_storage(request: Request, body: StorageWrite) -> dict[str, Any] | JSONResponse:
        who = caller(request)
        if who is None:
            return fail(401, "setStorage", NOT_SIGNED_IN)
        try:
            await storage.set(who.user, who.appid, body.key, body.value)
        except StorageError as error:
            return fail(413, "setStorage", error.reason)
        return {}

    @router.delete("/storage", response_model=None)
    async def delete_storage(request: Request, key: str | None = None) -> dict[str, Any] | JSONResponse:
        who = caller(request)
        if who is None:
            return fail(401, "removeStorage", NOT_SIGNED_IN)
        if key is None:
            await storage.clear(who.user, who.appid)
        else:
            await storage.remove(who.user, who.appid, key)
        return {}

    async def forward(
        kind: Kind, who: Caller | None, method: str, url: str, **options: Any
    ) -> httpx2.Response | JSONResponse:
        if who is None:
            return fail(401, kind, NOT_SIGNED_IN)
        refusal = (await policy(who.appid)).refusal(url, kind)
        if refusal is not None:
            return fail(403, kind, refusal)
        timeout = min(options.pop("timeout", None) or MAX_TIMEOUT_S, MAX_TIMEOUT_S)
        headers = {k: v for k, v in options.pop("headers", {}).items() if k.lower() not in HOP_HEADERS}
        try:
            async with httpx2.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False) as client:
                return await client.request(method, url, headers=headers, **options)
        except httpx2.TimeoutException:
            return fail(504, kind, "timeout")
        except httpx2.HTTPError as error:
            return fail(502, kind, str(error) or type(error).__name__)

    @router.post("/request", response_model=None)
    async def request_(request: Request, body: RequestBody) -> dict[str, Any] | JSONResponse:
        who = caller(request)
        method = body.method.upper()
        if method not in METHODS:
            return fail(400, "request", f"invalid method {body.method}")
        content: bytes | None = None
        if body.data is not None:
            content = base64.b64decode(body.data) if body.dataType == "base64" else body.data.encode("utf-8")
        timeout = body.timeout / 1000 if body.timeout else None
        response = await forward(
            "request", who, method, body.url, content=content, headers=body.header, timeout=timeout
        )
        if isinstance(response, JSONResponse):
            return response
        payload = response.content[:MAX_RESPONSE_BYTES]
        data = (
            base64.b64encode(payload).decode()
            if body.responseType == "arraybuffer"
            else payload.decode(response.encoding or "utf-8", "replace")
        )
        return {
            "statusCode": response.status_code,
            "header": dict(response.headers),
            "data": data,
            "cookies": response.headers.get_list("set-cookie"),
        }

    @router.post("/download", response_model=None)
    async def download(request: Request, body: DownloadBody) -> dict[str, Any] | JSONResponse:
        who = caller(request)
        response = await forward("downloadFile", who, "GET", body.url, headers=body.header)
        if isinstance(response, JSONResponse):
            return response
        kind = response.headers.get("content-type", "application/octet-stream").split(";")[0]
        encoded = base64.b64encode(response.content[:MAX_RESPONSE_BYTES]).decode()
        return {"statusCode": response.status_code, "tempFilePath": f"data:{kind};base64,{encoded}"}

    @router.post("/upload", response_model=None)
    async def upload(request: Request) -> dict[str, Any] | JSONResponse:
        who = caller(request)
        form = await request.form()
        url, name, upload = form.get("url"), form.get("name"), form.get("file")
        if not isinstance(url, str) or not isinstance(name, str) or upload is None or isinstance(upload, str):
            return fail(400, "uploadFile", "parameter error: url, name and file are required")
        fields = json.loads(str(form.get("formData") or "{}"))
        headers = json.loads(str(form.get("header") or "{}"))
        files = {name: (upload.filename or "file", await upload.read(), upload.content_type)}
        response = await forward("uploadFile", who, "POST", url, headers=headers, data=fields, files=files)
        if isinstance(response, JSONResponse):
            return response
        return {"statusCode": response.status_code, "data": response.text}

    @router.websocket("/socket")
    async def socket(client: WebSocket, url: str) -> None:
        """Relays one ``wx.connectSocket`` to its registered ``wss`` host, frames both ways."""
        who = caller(client)
        if who is None:
            await client.close(code=4401, reason=f"connectSocket:fail {NOT_SIGNED_IN}")
            return
        refusal = (await policy(who.appid)).refusal(url, "connectSocket")
        # Refusing before accepting rejects the handshake itself: the mini program never sees onOpen.
        if refusal is not None:
            await client.close(code=4403, reason=f"connectSocket:fail {refusal}")
            return
        try:
            upstream = await websockets.connect(url, open_timeout=MAX_TIMEOUT_S)
        except (OSError, websockets.WebSocketException) as error:
            await client.close(code=1011, reason=f"connectSocket:fail {error}"[:120])
            return
        async with upstream:
            await client.accept()
            await _relay(client, upstream)

    return router


async def _relay(client: WebSocket, upstream: websockets.ClientConnection) -> None:
    async def up() -> None:
        while True:
            message = await client.receive()
            if message["type"] == "websocket.disconnect":
                await upstream.close()
                return
            await upstream.send(message.get("text") or message.get("bytes") or b"")

    async def down() -> None:
        async for frame in upstream:
            if isinstance(frame, str):
                await client.send_text(frame)
            else:
                await client.send_bytes(frame)
        await client.close()

    tasks = [asyncio.create_task(up()), asyncio.create_task(down())]
    _done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()

"""`openmini dev`: serves one mini program from its source folder, recompiling on every save.

The simulator page (runtime/host/simulator.html) runs the mini program in a phone-sized frame;
this app serves it, the runtime, the freshly compiled package, the platform APIs for one dev
user, and a WebSocket that pushes reloads and compile errors and brings console output back to
the terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import watchfiles
from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, Response
from starlette.requests import HTTPConnection

from openmini.compiler import CompileOptions, CompileResult, compile_project
from openmini.compiler.generate.package import Package
from openmini.platform.domains import DomainPolicy
from openmini.platform.storage import FileStorage
from openmini.server.files import CORS, host_page, package_file, runtime_bundle, runtime_bundler, runtime_file
from openmini.server.platform_api import Caller, platform_router

DEV_USER = "dev"


@dataclass
class DevBuild:
    """The latest compile of the source folder, and who wants to hear about the next one."""

    source: Path
    options: CompileOptions = field(default_factory=CompileOptions)
    result: CompileResult | None = None
    package: Package | None = None  # the last package that compiled (kept while errors are shown)
    version: int = 0
    listeners: set[WebSocket] = field(default_factory=set)

    def rebuild(self) -> CompileResult:
        self.result = compile_project(self.source, self.options)
        if self.result.package is not None:
            self.package = self.result.package
        self.version += 1
        return self.result

    def message(self) -> dict[str, Any]:
        if self.result is not None and self.result.package is None:
            return {"t": "diagnostics", "items": [d.to_json() for d in self.result.diagnostics]}
        return {"t": "reload", "version": self.version}

    async def broadcast(self) -> None:
        message = self.message()
        for socket in list(self.listeners):
            try:
                await socket.send_json(message)
            except (RuntimeError, WebSocketDisconnect):
                self.listeners.discard(socket)


def project_settings(source: Path) -> tuple[str, bool]:
    """The appid and ``setting.urlCheck`` of project.config.json (WeChat's devtools file)."""
    try:
        config = json.loads((source / "project.config.json").read_text("utf-8-sig"))
    except (OSError, ValueError):
        return "touristappid", True
    if not isinstance(config, dict):
        return "touristappid", True
    setting = config.get("setting") if isinstance(config.get("setting"), dict) else {}
    appid = config.get("appid") if isinstance(config.get("appid"), str) and config.get("appid") else "touristappid"
    return str(appid), bool(setting.get("urlCheck", True)) if isinstance(setting, dict) else True


def create_dev_app(
    source: Path,
    *,
    data_dir: Path,
    domains: list[str] | None = None,
    on_console: Callable[[dict[str, Any]], None] | None = None,
    watch: bool = True,
) -> FastAPI:
    build = DevBuild(source)
    build.rebuild()
    appid, url_check = project_settings(source)
    policy = DomainPolicy.from_entries(domains or [], url_check=url_check)
    storage = FileStorage(data_dir / "storage")

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(watch_source(build)) if watch else None
        warm = asyncio.create_task(asyncio.to_thread(runtime_bundler().warm))
        yield
        await warm
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app = FastAPI(title="openmini dev", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.build = build

    def caller(_: HTTPConnection) -> Caller:
        return Caller(user=DEV_USER, appid=appid)

    async def domains_of(_appid: str) -> DomainPolicy:
        return policy

    app.include_router(platform_router(storage, domains_of, caller), prefix="/api")

    @app.get("/", response_class=HTMLResponse)
    def simulator(request: Request) -> HTMLResponse:
        base = str(request.base_url)
        config = {
            "runtimeBase": f"{base}runtime/",
            "bundleBase": f"{base}runtime/bundle/",  # one file per realm (server/runtime_bundle.py)
            "packageBase": f"{base}app/",
            "apiBase": f"{base}api/",
            "appId": appid,
            "user": DEV_USER,
        }
        return HTMLResponse(host_page("simulator.html", config), headers={"Cache-Control": "no-store"})

    @app.get("/favicon.ico")
    def favicon() -> Response:
        # the simulator page links none; answered so that browsers log no 404
        return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/runtime/bundle/{path:path}")
    def bundle(request: Request, path: str) -> Response:
        return runtime_bundle(request, path)

    @app.get("/runtime/{path:path}")
    def runtime(path: str) -> Response:
        return runtime_file(path)

    @app.get("/app/manifest.json")
    def manifest() -> Response:
        if build.package is None:
            return Response(json.dumps(build.message()), status_code=503, media_type="application/json", headers=CORS)
        headers = {**CORS, "Cache-Control": "no-cache"}
        return Response(build.package.manifest_bytes(), media_type="application/json", headers=headers)

    @app.get("/app/files/{stored}")
    def files(request: Request, stored: str) -> Response:
        if build.package is None:
            return Response("no package yet", status_code=404, headers=CORS)
        return package_file(request, build.package, stored)

    @app.websocket("/api/dev")
    async def dev_socket(socket: WebSocket) -> None:
        await socket.accept()
        build.listeners.add(socket)
        await socket.send_json(build.message())
        try:
            while True:
                entry = await socket.receive_json()
                if on_console is not None and isinstance(entry, dict):
                    on_console(entry)
        except (WebSocketDisconnect, ValueError):
            pass
        finally:
            build.listeners.discard(socket)

    return app


async def watch_source(build: DevBuild) -> None:
    async for _changes in watchfiles.awatch(build.source, watch_filter=_interesting):
        await asyncio.to_thread(build.rebuild)
        await build.broadcast()


def _interesting(_change: watchfiles.Change, path: str) -> bool:
    parts = Path(path).parts
    return not any(part in ("node_modules", ".git") or part.startswith(".") for part in parts)

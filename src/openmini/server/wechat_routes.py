"""Adding WeChat-shaped routers to the app while keeping its OpenAPI document true: their routes answer
every refusal with HTTP 200 and an errcode (``WeChatRoute``), never with FastAPI's 422. Every call
counts against the caller's rate limits (``server.rate_limit``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute

from openmini.server.rate_limit import rate_limited


def include_wechat_routers(app: FastAPI, *routers: APIRouter) -> None:
    paths = set()
    for router in routers:
        app.include_router(router, dependencies=[Depends(rate_limited)])
        paths |= {route.path for route in router.routes if isinstance(route, APIRoute)}
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()
        for path, operations in document.get("paths", {}).items():
            if path in paths:
                for operation in operations.values():
                    operation.get("responses", {}).pop("422", None)
        return document

    app.openapi = openapi  # type: ignore[method-assign]

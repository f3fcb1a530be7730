"""The operator's console pages: every organisation, accounts, limits, health, the whole audit log."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from openmini.compiler.generate.package import PackageLimits
from openmini.platform import accounts, apps, audit, limits, metrics
from openmini.platform.accounts import User, actor_for
from openmini.server.auth import NotAllowed
from openmini.server.console_pages import AUDIT_PAGE, Form, State, Viewer, act, audit_page, form_int, form_text, render

HEALTH_MINUTES = 60


async def console_operator(user: Viewer) -> User:
    if not user.is_operator:
        raise NotAllowed
    return user


Operator = Annotated[User, Depends(console_operator)]


def add_routes(router: APIRouter) -> None:
    @router.get("/operator", response_class=HTMLResponse)
    async def organisations(request: Request, state: State, user: Operator) -> Response:
        async with state.db.session() as session:
            rows = [
                (org, len(await apps.apps_of(session, org.id)), len(await accounts.members(session, org.id)))
                for org in await accounts.organisations(session)
            ]
        return render(request, "console/operator.html", organisations=rows)

    @router.get("/operator/users", response_class=HTMLResponse)
    async def users(request: Request, user: Operator) -> Response:
        return render(request, "console/operator_users.html")

    @router.post("/operator/users")
    async def create_user(request: Request, state: State, user: Operator, form: Form) -> Response:
        email = form_text(form, "email")

        async def create() -> None:
            async with state.db.session() as session:
                await accounts.create_user(
                    session,
                    actor_for(user),
                    email,
                    form_text(form, "password"),
                    form_text(form, "display_name"),
                    operator=form_text(form, "operator") == "1",
                )

        return await act(request, "/console/operator/users", f"Account {email} created.", create)

    @router.get("/operator/limits", response_class=HTMLResponse)
    async def limits_page(request: Request, state: State, user: Operator) -> Response:
        async with state.db.session() as session:
            in_force = await limits.get_limits(session, state.settings.package_limits())
        return render(request, "console/limits.html", limits=in_force)

    @router.post("/operator/limits")
    async def set_limits(request: Request, state: State, user: Operator, form: Form) -> Response:
        async def save() -> None:
            package = PackageLimits(
                main=form_int(form, "main"), subpackage=form_int(form, "subpackage"), total=form_int(form, "total")
            )
            allowed = None
            if form_text(form, "restrict_apis") == "1":
                allowed = limits.parse_api_names(form_text(form, "allowed_apis").split())
            async with state.db.session() as session:
                await limits.set_limits(session, actor_for(user), limits.Limits(package, allowed))

        return await act(request, "/console/operator/limits", "Limits saved.", save)

    @router.get("/operator/health", response_class=HTMLResponse)
    async def health(request: Request, state: State, user: Operator) -> Response:
        since = int(time.time() // 60) - HEALTH_MINUTES + 1
        async with state.db.session() as session:
            counts = await metrics.per_minute(session, since)
            database_bytes = await metrics.database_bytes(session)
        blob_count, blob_bytes = await state.blobs.usage()
        return render(
            request,
            "console/health.html",
            minutes=HEALTH_MINUTES,
            counts=counts,
            database_bytes=database_bytes,
            blob_count=blob_count,
            blob_bytes=blob_bytes,
        )

    @router.get("/operator/audit", response_class=HTMLResponse)
    async def all_audit(
        request: Request, state: State, user: Operator, actor: str = "", action: str = "", before: int | None = None
    ) -> Response:
        async with state.db.session() as session:
            listed = await audit.entries(
                session, limit=AUDIT_PAGE, before_id=before, actor_contains=actor, action_prefix=action
            )
        return audit_page(request, None, listed, actor, action)

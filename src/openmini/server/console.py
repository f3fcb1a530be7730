"""The console at ``/console``: server-rendered pages for organisations, members, mini programs,
versions, review, releases, API keys, the audit log and the operator's pages.

Plain HTML forms, no script needed. Sign-in shares the shell's session (server/auth.py). This
module holds the router, sign-in and the organisation pages; the mini program pages are in
console_apps.py, review in console_review.py, the operator's pages in console_operator.py, and
what every page shares (templates, CSRF, flash messages) in console_pages.py.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from openmini.platform import accounts, apps, audit, releases
from openmini.platform.accounts import Role, actor_for
from openmini.platform.errors import Code, PlatformError
from openmini.server import console_apps, console_operator, console_review
from openmini.server.auth import session_user_id, sign_in, sign_out
from openmini.server.console_pages import (
    AUDIT_PAGE,
    ConsoleRoute,
    Form,
    State,
    Viewer,
    act,
    audit_page,
    error_text,
    flash,
    form_text,
    local_path,
    may,
    org_roles,
    render,
)

STATIC = Path(__file__).parent / "static"
STATIC_FILES = {"console.css": "text/css", "preview.js": "text/javascript"}


def console_router() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
    add_session_routes(router)
    add_org_routes(router)
    console_apps.add_routes(router)
    console_review.add_routes(router)
    console_operator.add_routes(router)

    @router.get("/static/{name}")
    async def static(name: str) -> Response:
        if name not in STATIC_FILES:
            return Response("not found", status_code=404)
        return FileResponse(STATIC / name, media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})

    return router


def add_session_routes(router: APIRouter) -> None:
    @router.get("", response_class=HTMLResponse)
    async def home(request: Request, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            orgs = await accounts.organisations(session, user.id)
            rows = [(org, sorted(r.value for r in await accounts.roles_of(session, org.id, user.id))) for org in orgs]
        return render(request, "console/home.html", organisations=rows)

    @router.get("/signin", response_class=HTMLResponse)
    async def signin_page(request: Request, next: str = "/console") -> Response:
        if session_user_id(request) is not None:
            return RedirectResponse(local_path(next), status_code=303)
        return render(request, "console/signin.html", next=local_path(next), email="")

    @router.post("/signin", response_class=HTMLResponse)
    async def signin(request: Request, state: State, form: Form) -> Response:
        email, target = form_text(form, "email"), local_path(form_text(form, "next"))
        try:
            async with state.db.session() as session:
                user = await accounts.authenticate(session, email, form_text(form, "password"))
                end_user = await accounts.end_user_for(session, user)
        except PlatformError as refused:
            flash(request, "error", error_text(refused))
            return render(request, "console/signin.html", status_code=401, next=target, email=email)
        sign_in(request, user.id, end_user.id)
        return RedirectResponse(target, status_code=303)

    @router.post("/signout")
    async def signout(request: Request, form: Form) -> Response:
        sign_out(request)
        return RedirectResponse("/console/signin", status_code=303)


def add_org_routes(router: APIRouter) -> None:
    @router.post("/orgs")
    async def create_org(request: Request, state: State, user: Viewer, form: Form) -> Response:
        created: list[int] = []

        async def create() -> None:
            async with state.db.session() as session:
                org = await accounts.create_organisation(session, actor_for(user), form_text(form, "name"))
                created.append(org.id)

        response = await act(request, "/console", "Organisation created.", create)
        return RedirectResponse(f"/console/orgs/{created[0]}", status_code=303) if created else response

    @router.get("/orgs/{org_id}", response_class=HTMLResponse)
    async def organisation(request: Request, org_id: int, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            roles = await org_roles(session, user, org_id)
            org = await accounts.get_organisation(session, org_id)
            rows = [(app, await releases.live_version(session, app)) for app in await apps.apps_of(session, org_id)]
        is_admin = may(user, roles, Role.ADMIN)
        return render(request, "console/org.html", org=org, apps=rows, is_admin=is_admin)

    @router.post("/orgs/{org_id}/apps", response_class=HTMLResponse)
    async def create_app(request: Request, org_id: int, state: State, user: Viewer, form: Form) -> Response:
        try:
            async with state.db.session() as session:
                app, secret = await apps.create_app(
                    session,
                    actor_for(user),
                    org_id,
                    form_text(form, "name"),
                    icon=form_text(form, "icon"),
                    description=form_text(form, "description"),
                    category=form_text(form, "category"),
                )
        except PlatformError as refused:
            flash(request, "error", error_text(refused))
            return RedirectResponse(f"/console/orgs/{org_id}", status_code=303)
        return render(
            request,
            "console/secret.html",
            title=f"{app.name} was created",
            label="appsecret",
            secret=secret,
            extra=[("appid", app.appid)],
            back=f"/console/apps/{app.appid}",
            back_text=f"Go to {app.name}",
        )

    @router.get("/orgs/{org_id}/members", response_class=HTMLResponse)
    async def members(request: Request, org_id: int, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            roles = await org_roles(session, user, org_id)
            org = await accounts.get_organisation(session, org_id)
            listed = await accounts.members(session, org_id)
        return render(
            request,
            "console/members.html",
            org=org,
            members=listed,
            roles=[r.value for r in Role],
            role_options=[(r.value, r.value) for r in Role],
            is_admin=may(user, roles, Role.ADMIN),
        )

    @router.post("/orgs/{org_id}/members")
    async def add_member(request: Request, org_id: int, state: State, user: Viewer, form: Form) -> Response:
        email = form_text(form, "email")

        async def add() -> None:
            role = _role(form_text(form, "role"))
            async with state.db.session() as session:
                member = await accounts.user_by_email(session, email)
                if member is None:
                    raise PlatformError(Code.NOT_FOUND, f"no account for {email}; an operator can create one")
                await accounts.add_member(session, actor_for(user), org_id, member.id, role)

        return await act(request, f"/console/orgs/{org_id}/members", f"{email} added.", add)

    @router.post("/orgs/{org_id}/members/{user_id}/roles")
    async def set_roles(
        request: Request, org_id: int, user_id: int, state: State, user: Viewer, form: Form
    ) -> Response:
        async def change() -> None:
            wanted = {_role(value) for value in form.getlist("role") if isinstance(value, str)}
            async with state.db.session() as session:
                held = await accounts.roles_of(session, org_id, user_id)
                actor = actor_for(user)
                # Grants first, so making someone admin before taking admin from another never
                # trips the "last admin" rule half-way.
                for role in sorted(wanted - held):
                    await accounts.add_member(session, actor, org_id, user_id, role)
                for role in sorted(held - wanted):
                    await accounts.remove_member(session, actor, org_id, user_id, role)

        return await act(request, f"/console/orgs/{org_id}/members", "Roles saved.", change)

    @router.post("/orgs/{org_id}/members/{user_id}/remove")
    async def remove_member(
        request: Request, org_id: int, user_id: int, state: State, user: Viewer, form: Form
    ) -> Response:
        async def remove() -> None:
            async with state.db.session() as session:
                held = await accounts.roles_of(session, org_id, user_id)
                if not held:
                    raise PlatformError(Code.NOT_FOUND, f"user {user_id} is not a member")
                for role in sorted(held):
                    await accounts.remove_member(session, actor_for(user), org_id, user_id, role)

        return await act(request, f"/console/orgs/{org_id}/members", "Member removed.", remove)

    @router.get("/orgs/{org_id}/keys", response_class=HTMLResponse)
    async def keys(request: Request, org_id: int, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            roles = await org_roles(session, user, org_id)
            org = await accounts.get_organisation(session, org_id)
            rows = [
                (key, (await accounts.get_user(session, key.user_id)).email)
                for key in await accounts.api_keys(session, org_id)
            ]
        can_create = not roles.isdisjoint((Role.ADMIN, Role.DEVELOPER))
        return render(request, "console/keys.html", org=org, keys=rows, can_create=can_create)

    @router.post("/orgs/{org_id}/keys", response_class=HTMLResponse)
    async def create_key(request: Request, org_id: int, state: State, user: Viewer, form: Form) -> Response:
        try:
            async with state.db.session() as session:
                key, secret = await accounts.create_api_key(session, actor_for(user), org_id, form_text(form, "name"))
        except PlatformError as refused:
            flash(request, "error", error_text(refused))
            return RedirectResponse(f"/console/orgs/{org_id}/keys", status_code=303)
        return render(
            request,
            "console/secret.html",
            title=f"API key “{key.name}” was created",
            label="API key",
            secret=secret,
            extra=[],
            back=f"/console/orgs/{org_id}/keys",
            back_text="Back to the API keys",
        )

    @router.post("/orgs/{org_id}/keys/{key_id}/revoke")
    async def revoke_key(
        request: Request, org_id: int, key_id: int, state: State, user: Viewer, form: Form
    ) -> Response:
        async def revoke() -> None:
            async with state.db.session() as session:
                if key_id not in {k.id for k in await accounts.api_keys(session, org_id)}:
                    raise PlatformError(Code.NOT_FOUND, f"no API key {key_id} in this organisation")
                await accounts.revoke_api_key(session, actor_for(user), key_id)

        return await act(request, f"/console/orgs/{org_id}/keys", "API key revoked.", revoke)

    @router.get("/orgs/{org_id}/audit", response_class=HTMLResponse)
    async def org_audit(
        request: Request,
        org_id: int,
        state: State,
        user: Viewer,
        actor: str = "",
        action: str = "",
        before: int | None = None,
    ) -> Response:
        async with state.db.session() as session:
            roles = await org_roles(session, user, org_id)
            if not may(user, roles, Role.ADMIN):
                raise PlatformError(Code.PERMISSION_DENIED, "the audit log is for admins of the organisation")
            org = await accounts.get_organisation(session, org_id)
            listed = await audit.entries(
                session, org_id=org_id, limit=AUDIT_PAGE, before_id=before, actor_contains=actor, action_prefix=action
            )
        return audit_page(request, org, listed, actor, action)


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise PlatformError(Code.INVALID_ARGS, f"unknown role {value!r}") from None

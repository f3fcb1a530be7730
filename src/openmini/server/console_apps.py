"""Console pages of one mini program: settings and domains, QR codes, versions, release controls."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from openmini.platform import accounts, apps, links, releases, versions
from openmini.platform.accounts import Organisation, Role, User, actor_for
from openmini.platform.apps import DOMAIN_KINDS, DOMAIN_SCHEMES, App
from openmini.platform.errors import Code, PlatformError
from openmini.platform.versions import Version, VersionState
from openmini.server.console_pages import (
    Form,
    State,
    Viewer,
    act,
    error_text,
    flash,
    form_int,
    form_text,
    may,
    org_roles,
    render,
)
from openmini.server.console_review import schedule_screenshot

QR_DEFAULT_WIDTH = 430


@dataclass(frozen=True)
class AppView:
    app: App
    org: Organisation
    roles: frozenset[Role]


async def app_view(session: AsyncSession, user: User, appid: str) -> AppView:
    """The mini program and the viewer's roles in its organisation; 90003 for non-members."""
    app = await apps.get_app(session, appid)
    roles = await org_roles(session, user, app.org_id)
    return AppView(app, await accounts.get_organisation(session, app.org_id), roles)


def add_routes(router: APIRouter) -> None:
    add_settings_routes(router)
    add_qr_routes(router)
    add_version_routes(router)
    add_release_routes(router)


def add_settings_routes(router: APIRouter) -> None:
    @router.get("/apps/{appid}", response_class=HTMLResponse)
    async def settings(request: Request, appid: str, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            view = await app_view(session, user, appid)
        return render(
            request,
            "console/app.html",
            app=view.app,
            org=view.org,
            domain_kinds=[(kind, DOMAIN_SCHEMES[kind]) for kind in DOMAIN_KINDS],
            can_edit=may(user, view.roles, *apps.EDITORS),
            is_admin=may(user, view.roles, Role.ADMIN),
        )

    @router.post("/apps/{appid}/profile")
    async def profile(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        async def save() -> None:
            async with state.db.session() as session:
                await apps.update_profile(
                    session,
                    actor_for(user),
                    await apps.get_app(session, appid),
                    name=form_text(form, "name"),
                    icon=form_text(form, "icon"),
                    description=form_text(form, "description"),
                    category=form_text(form, "category"),
                )

        return await act(request, f"/console/apps/{appid}", "Profile saved.", save)

    @router.post("/apps/{appid}/domains")
    async def domains(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        async def save() -> None:
            async with state.db.session() as session:
                app = await apps.get_app(session, appid)
                for kind in DOMAIN_KINDS:
                    await apps.set_domains(session, actor_for(user), app, kind, form_text(form, kind).split())

        return await act(request, f"/console/apps/{appid}", "Domains saved.", save)

    @router.post("/apps/{appid}/secret", response_class=HTMLResponse)
    async def reset_secret(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        try:
            async with state.db.session() as session:
                app = await apps.get_app(session, appid)
                secret = await apps.reset_secret(session, actor_for(user), app)
        except PlatformError as refused:
            flash(request, "error", error_text(refused))
            return RedirectResponse(f"/console/apps/{appid}", status_code=303)
        return render(
            request,
            "console/secret.html",
            title=f"New appsecret of {app.name}",
            label="appsecret",
            secret=secret,
            extra=[("appid", app.appid)],
            back=f"/console/apps/{appid}",
            back_text=f"Back to {app.name}",
        )


def qr_link(request: Request, appid: str) -> links.AppLink:
    """The link a QR code carries, from the page's query (PlatformError when a part is invalid)."""
    params = request.query_params
    env = links.as_env(params.get("env") or "release")
    if env == "develop":
        raise PlatformError(Code.INVALID_ARGS, "QR codes open the released or the trial version")
    path, scene = params.get("path", "").strip().lstrip("/"), params.get("scene", "")
    return links.qr_link(links.AppLink(appid, path or None, None, scene or None, env))


def qr_width(request: Request) -> int:
    text = request.query_params.get("width", str(QR_DEFAULT_WIDTH))
    if not text.isdigit():
        raise PlatformError(Code.INVALID_ARGS, "width must be a whole number of pixels")
    return int(text)


def add_qr_routes(router: APIRouter) -> None:
    @router.get("/apps/{appid}/qr", response_class=HTMLResponse)
    async def qr_page(request: Request, appid: str, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            view = await app_view(session, user, appid)
        params = request.query_params
        error, link = "", ""
        try:
            width = qr_width(request)
            link = links.link_url(state.settings.public_url, qr_link(request, appid))
            low, high = links.QR_WIDTH
            if not low <= width <= high:
                raise PlatformError(Code.INVALID_ARGS, f"width must be {low}-{high} pixels")
        except PlatformError as refused:
            error, width = error_text(refused), QR_DEFAULT_WIDTH
        env = params.get("env") or "release"
        query = urlencode(
            {"env": env, "path": params.get("path", ""), "scene": params.get("scene", ""), "width": width}
        )
        return render(
            request,
            "console/qr.html",
            app=view.app,
            org=view.org,
            env=env,
            path=params.get("path", ""),
            scene=params.get("scene", ""),
            width=width,
            min_width=links.QR_WIDTH[0],
            max_width=links.QR_WIDTH[1],
            link=link,
            error=error,
            image_base=f"/console/apps/{appid}/qr",
            query=query,
        )

    @router.get("/apps/{appid}/qr.{kind}")
    async def qr_image(request: Request, appid: str, kind: str, state: State, user: Viewer) -> Response:
        if kind not in ("png", "svg"):
            raise PlatformError(Code.NOT_FOUND, "QR codes are png or svg")
        async with state.db.session() as session:
            await app_view(session, user, appid)
        url = links.link_url(state.settings.public_url, qr_link(request, appid))
        width = qr_width(request)
        if kind == "png":
            return Response(links.qr_png(url, width), media_type="image/png", headers={"Cache-Control": "no-store"})
        return Response(links.qr_svg(url, width), media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@dataclass(frozen=True)
class VersionRow:
    version: Version
    uploader: str
    is_trial: bool
    is_live: bool


def add_version_routes(router: APIRouter) -> None:
    @router.get("/apps/{appid}/versions", response_class=HTMLResponse)
    async def history(request: Request, appid: str, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            view = await app_view(session, user, appid)
            trial = await versions.trial_version(session, view.app)
            live = await releases.live_version(session, view.app)
            uploaders: dict[int, str] = {}
            rows = []
            for version in await versions.versions_of(session, view.app):
                uploader = "—"
                if version.uploader_id is not None:
                    if version.uploader_id not in uploaders:
                        uploaders[version.uploader_id] = (await accounts.get_user(session, version.uploader_id)).email
                    uploader = uploaders[version.uploader_id]
                is_trial = trial is not None and trial.id == version.id
                rows.append(VersionRow(version, uploader, is_trial, live is not None and live.id == version.id))
        return render(
            request,
            "console/versions.html",
            app=view.app,
            org=view.org,
            versions=rows,
            can_develop=may(user, view.roles, *versions.DEVELOPERS),
        )

    @router.post("/apps/{appid}/versions/{version_id}/trial")
    async def set_trial(
        request: Request, appid: str, version_id: int, state: State, user: Viewer, form: Form
    ) -> Response:
        async def trial() -> None:
            async with state.db.session() as session:
                await versions.set_trial(session, actor_for(user), await apps.get_app(session, appid), version_id)

        return await act(request, f"/console/apps/{appid}/versions", "Trial version set.", trial)

    @router.post("/apps/{appid}/versions/{version_id}/submit")
    async def submit(
        request: Request, appid: str, version_id: int, state: State, user: Viewer, form: Form, tasks: BackgroundTasks
    ) -> Response:
        async def send() -> None:
            async with state.db.session() as session:
                app = await apps.get_app(session, appid)
                await versions.submit_audit(session, actor_for(user), app, version_id, form_text(form, "notes"))
            schedule_screenshot(request, tasks, version_id)

        done = "Submitted for audit; a screenshot of the first page is being taken for the reviewer."
        return await act(request, f"/console/apps/{appid}/versions", done, send)

    @router.post("/apps/{appid}/withdraw")
    async def withdraw(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        async def back() -> None:
            async with state.db.session() as session:
                await versions.withdraw_audit(session, actor_for(user), await apps.get_app(session, appid))

        return await act(request, f"/console/apps/{appid}/versions", "Withdrawn from audit.", back)


def allow_list(form_value: str) -> list[str]:
    return [line.strip() for line in form_value.splitlines() if line.strip()]


def add_release_routes(router: APIRouter) -> None:
    @router.get("/apps/{appid}/release", response_class=HTMLResponse)
    async def release_page(request: Request, appid: str, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            view = await app_view(session, user, appid)
            live = await releases.live_version(session, view.app)
            gradual = await releases.gradual_release(session, view.app)
            by_id = {v.id: v for v in await versions.versions_of(session, view.app)}
            history = [(r, by_id[r.version_id]) for r in await releases.history(session, view.app)]
        approved = [v for v in by_id.values() if v.state == VersionState.APPROVED]
        return render(
            request,
            "console/release.html",
            app=view.app,
            org=view.org,
            live=live,
            gradual=gradual,
            gradual_version=by_id[gradual.version_id] if gradual is not None else None,
            approved=approved,
            history=history,
            can_release=may(user, view.roles, *releases.RELEASERS),
        )

    back = "/console/apps/{appid}/release"

    @router.post("/apps/{appid}/release/full")
    async def full(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        async def go() -> None:
            async with state.db.session() as session:
                app = await apps.get_app(session, appid)
                await releases.release(session, actor_for(user), app, form_int(form, "version_id"))

        return await act(request, back.format(appid=appid), "Released to everyone.", go)

    @router.post("/apps/{appid}/release/gradual")
    async def gradual(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        async def go() -> None:
            async with state.db.session() as session:
                app = await apps.get_app(session, appid)
                await releases.release_gradually(
                    session,
                    actor_for(user),
                    app,
                    form_int(form, "version_id"),
                    percentage=form_int(form, "percentage"),
                    allow_users=allow_list(form_text(form, "allow")),
                )

        return await act(request, back.format(appid=appid), "Gradual release updated.", go)

    @router.post("/apps/{appid}/release/raise")
    async def raise_full(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        async def go() -> None:
            async with state.db.session() as session:
                await releases.raise_to_full(session, actor_for(user), await apps.get_app(session, appid))

        return await act(request, back.format(appid=appid), "Raised to 100 %: released to everyone.", go)

    @router.post("/apps/{appid}/release/cancel")
    async def cancel(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        async def go() -> None:
            async with state.db.session() as session:
                await releases.cancel_gradual(session, actor_for(user), await apps.get_app(session, appid))

        return await act(request, back.format(appid=appid), "Gradual release cancelled.", go)

    @router.post("/apps/{appid}/release/rollback")
    async def rollback(request: Request, appid: str, state: State, user: Viewer, form: Form) -> Response:
        async def go() -> None:
            async with state.db.session() as session:
                await releases.rollback(session, actor_for(user), await apps.get_app(session, appid))

        return await act(request, back.format(appid=appid), "Rolled back to the previous release.", go)

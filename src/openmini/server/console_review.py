"""Review in the console: the queue, a version's review page, its screenshot, and the preview.

The preview (``/console/preview/{version_id}``) runs one version full-window, for a reviewer's
browser or for the headless Chromium that screenshots it after submission. Chromium carries a
short-lived signed token instead of a session; either way the preview grants this session read
access to that version's package (:func:`may_preview`), which the package routes consult.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from openmini.platform import accounts, limits, releases, screenshots, versions
from openmini.platform.accounts import Role, User, actor_for
from openmini.platform.apps import App
from openmini.platform.errors import Code, PlatformError
from openmini.platform.versions import Version
from openmini.server.auth import continue_as_guest, current_user, session_end_user_id, session_user_id, sign_in
from openmini.server.console_pages import Form, State, Viewer, act, form_text, render
from openmini.server.state import platform_state
from openmini.settings import Settings
from openmini.store.blobs import BlobNotFound

PREVIEW_TOKEN_MAX_AGE_S = 15 * 60
PREVIEW_GRANTS = "preview"  # session key: the version ids this session may open in the preview
MAX_PREVIEW_GRANTS = 8


def _tokens(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.load_secret_key(), salt="openmini.console.preview")


def preview_url(settings: Settings, version_id: int) -> str:
    """The preview of a version as the server's own Chromium opens it (signed, expires)."""
    token = _tokens(settings).dumps(version_id)
    return f"{settings.public_url}/console/preview/{version_id}?token={token}"


def schedule_screenshot(request: Request, tasks: BackgroundTasks, version_id: int) -> None:
    """Take the version's first-page screenshot once the response is sent."""
    state = platform_state(request)
    if not state.settings.review_screenshots:
        return
    url = preview_url(state.settings, version_id)
    tasks.add_task(screenshots.take, state.db, state.blobs, version_id, url, chromium=state.settings.chromium_path)


def may_preview(connection: HTTPConnection, version_id: int) -> bool:
    """Whether this session opened the preview of ``version_id`` (for the package routes' access check)."""
    grants = connection.session.get(PREVIEW_GRANTS)
    return isinstance(grants, list) and version_id in grants


def _grant_preview(connection: HTTPConnection, version_id: int) -> None:
    grants = connection.session.get(PREVIEW_GRANTS)
    kept = [g for g in grants if isinstance(g, int) and g != version_id] if isinstance(grants, list) else []
    connection.session[PREVIEW_GRANTS] = [*kept, version_id][-MAX_PREVIEW_GRANTS:]


async def reviewable(session: AsyncSession, user: User, version_id: int) -> tuple[App, Version]:
    """The version and its app, when the viewer reviews for its organisation (90003 otherwise)."""
    app, version = await versions.version_with_app(session, version_id)
    if not await accounts.has_role(session, actor_for(user), app.org_id, Role.REVIEWER):
        raise PlatformError(Code.PERMISSION_DENIED, "only reviewers of the organisation may review its versions")
    return app, version


def add_routes(router: APIRouter) -> None:
    add_queue_routes(router)
    add_preview_route(router)


def add_queue_routes(router: APIRouter) -> None:
    @router.get("/review", response_class=HTMLResponse)
    async def queue(request: Request, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            orgs = {org.id: org for org in await accounts.organisations(session)}
            if user.is_operator:
                reviewing = list(orgs)
                waiting = await versions.audit_queue(session)
            else:
                reviewing = [
                    org.id
                    for org in await accounts.organisations(session, user.id)
                    if Role.REVIEWER in await accounts.roles_of(session, org.id, user.id)
                ]
                if not reviewing:
                    raise PlatformError(Code.PERMISSION_DENIED, "the review queue is for reviewers")
                waiting = [entry for org_id in reviewing for entry in await versions.audit_queue(session, org_id)]
        rows = [(app, version, orgs[app.org_id]) for app, version in waiting]
        return render(request, "console/review_queue.html", queue=rows)

    @router.get("/review/{version_id}", response_class=HTMLResponse)
    async def review(request: Request, version_id: int, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            app, version = await reviewable(session, user, version_id)
            org = await accounts.get_organisation(session, app.org_id)
            uploader = "—"
            if version.uploader_id is not None:
                uploader = (await accounts.get_user(session, version.uploader_id)).email
            live = await releases.live_version(session, app)
            diff = await releases.diff_from_live(session, state.blobs, app, version)
            shot = await screenshots.screenshot_of(session, version.id)
            in_force = await limits.get_limits(session, state.settings.package_limits())
        return render(
            request,
            "console/review.html",
            app=app,
            org=org,
            version=version,
            uploader=uploader,
            live=live,
            diff=diff,
            screenshot=shot,
            capabilities=version.capabilities,
            disallowed=["wx." + name for name in in_force.disallowed_apis(version.capabilities)],
        )

    @router.post("/review/{version_id}/approve")
    async def approve(request: Request, version_id: int, state: State, user: Viewer, form: Form) -> Response:
        async def decide() -> None:
            async with state.db.session() as session:
                app, _ = await reviewable(session, user, version_id)
                await versions.approve(session, actor_for(user), app, version_id, form_text(form, "reason"))

        return await act(request, "/console/review", "Approved: developers can release it now.", decide)

    @router.post("/review/{version_id}/reject")
    async def reject(request: Request, version_id: int, state: State, user: Viewer, form: Form) -> Response:
        refused: list[bool] = []

        async def decide() -> None:
            async with state.db.session() as session:
                app, _ = await reviewable(session, user, version_id)
                try:
                    await versions.reject(session, actor_for(user), app, version_id, form_text(form, "reason"))
                except PlatformError:
                    refused.append(True)
                    raise

        response = await act(request, "/console/review", "Rejected; the developers see your reason.", decide)
        # A refused rejection (e.g. no reason given) goes back to the page where the reason is typed.
        return RedirectResponse(f"/console/review/{version_id}", status_code=303) if refused else response

    @router.post("/review/{version_id}/screenshot")
    async def retake(
        request: Request, version_id: int, state: State, user: Viewer, form: Form, tasks: BackgroundTasks
    ) -> Response:
        async def again() -> None:
            async with state.db.session() as session:
                await reviewable(session, user, version_id)
            schedule_screenshot(request, tasks, version_id)

        done = "Taking a new screenshot; reload the page in a moment."
        return await act(request, f"/console/review/{version_id}", done, again)

    @router.get("/review/{version_id}/screenshot.png")
    async def screenshot(version_id: int, state: State, user: Viewer) -> Response:
        async with state.db.session() as session:
            await reviewable(session, user, version_id)
            shot = await screenshots.screenshot_of(session, version_id)
        if shot is None or not shot.blob_key:
            raise PlatformError(Code.NOT_FOUND, "no screenshot of this version")
        try:
            png = await state.blobs.get(shot.blob_key)
        except BlobNotFound:
            raise PlatformError(Code.NOT_FOUND, "the screenshot is missing from the blob store") from None
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-store"})


def add_preview_route(router: APIRouter) -> None:
    @router.get("/preview/{version_id}", response_class=HTMLResponse)
    async def preview(request: Request, version_id: int, state: State, token: str = "") -> Response:
        async with state.db.session() as session:
            if token:
                try:
                    signed = _tokens(state.settings).loads(token, max_age=PREVIEW_TOKEN_MAX_AGE_S)
                except BadSignature:
                    raise PlatformError(Code.PERMISSION_DENIED, "the preview link expired or is not valid") from None
                if signed != version_id:
                    raise PlatformError(Code.PERMISSION_DENIED, "the preview link is for another version")
                app, version = await versions.version_with_app(session, version_id)
            else:
                user = await current_user(request, state)
                if user is None:
                    return RedirectResponse(f"/console/signin?next=/console/preview/{version_id}", status_code=303)
                request.state.console_user = user
                app, version = await reviewable(session, user, version_id)
            end_user_id = await _preview_end_user(request, session)
        _grant_preview(request, version_id)
        base = str(request.base_url)
        config = {
            "runtimeBase": f"{base}runtime/",
            "bundleBase": f"{base}runtime/bundle/",
            "packageBase": f"{base}p/{version.id}/",
            "apiBase": f"{base}api/",
            "appId": app.appid,
            "user": end_user_id,
            "domains": app.domains,
        }
        return render(request, "console/preview.html", app=app, version=version, config=config)


async def _preview_end_user(request: Request, session: AsyncSession) -> str:
    """The end user the preview runs as (its storage and requests): the viewer's own, or a new
    guest for the screenshot browser, which has no session."""
    existing = session_end_user_id(request)
    if existing is not None:
        return existing
    user_id = session_user_id(request)
    if user_id is not None:
        end_user = await accounts.end_user_for(session, await accounts.get_user(session, user_id))
        sign_in(request, user_id, end_user.id)
        return end_user.id
    guest = await accounts.guest_end_user(session)
    continue_as_guest(request, guest.id)
    return guest.id

"""How console pages are made: templates, CSRF tokens, flash messages, and errors as pages.

Every console form carries a CSRF token: a random value kept in the (signed) session, signed
again with the platform's secret key so a token lifted from one session is worthless in another.
Writes answer with a redirect and a flash message (Post/Redirect/Get); a refused write
(``PlatformError``) becomes an error flash on the page the form came from.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import Depends, Request
from fastapi.routing import APIRoute
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from openmini.platform import accounts
from openmini.platform.accounts import Role, User
from openmini.platform.audit import AuditEntry
from openmini.platform.errors import Code, PlatformError
from openmini.server.auth import NotAllowed, NotSignedIn, require_user
from openmini.server.state import PlatformState, platform_state

TEMPLATES = Path(__file__).parent / "templates"
CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf"
FLASH_SESSION_KEY = "flash"
SIGN_IN = "/console/signin"
AUDIT_PAGE = 100
# PlatformErrors that mean "you may not" or "there is no such thing" rather than "try again".
ERROR_STATUS: dict[int, int] = {Code.PERMISSION_DENIED: 403, Code.NOT_FOUND: 404, Code.INVALID_APPID: 404}

environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _minute(minute: int) -> str:
    return datetime.fromtimestamp(minute * 60, UTC).strftime("%Y-%m-%d %H:%M")


def _bytes(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


environment.filters.update(when=_when, minute=_minute, bytes=_bytes)


class CsrfRefused(Exception):
    """A form arrived without this session's token: forged, or from a page older than the session."""


def _serializer(request: Request) -> URLSafeSerializer:
    secret = platform_state(request).settings.load_secret_key()
    return URLSafeSerializer(secret, salt="openmini.console.csrf")


def csrf_token(request: Request) -> str:
    nonce = request.session.get(CSRF_SESSION_KEY)
    if not isinstance(nonce, str):
        nonce = secrets.token_urlsafe(24)
        request.session[CSRF_SESSION_KEY] = nonce
    return str(_serializer(request).dumps(nonce))


async def checked_form(request: Request) -> FormData:
    """The submitted form, once its CSRF token matches this session's (a FastAPI dependency)."""
    form = await request.form()
    token = form.get(CSRF_FIELD)
    nonce = request.session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or not isinstance(nonce, str):
        raise CsrfRefused
    try:
        signed = _serializer(request).loads(token)
    except BadSignature:
        raise CsrfRefused from None
    if not isinstance(signed, str) or not hmac.compare_digest(signed, nonce):
        raise CsrfRefused
    return form


def flash(request: Request, kind: str, text: str) -> None:
    """A message for the next page this session sees (``kind``: ``ok`` or ``error``)."""
    messages = request.session.get(FLASH_SESSION_KEY)
    request.session[FLASH_SESSION_KEY] = [*(messages if isinstance(messages, list) else []), [kind, text]]


def error_text(error: PlatformError) -> str:
    details = "; ".join(error.details[:20])
    return f"{error.errmsg} (errcode {error.errcode})" + (f": {details}" if details else "")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page: the template with the signed-in user, a CSRF token and the pending flash messages."""
    messages = request.session.pop(FLASH_SESSION_KEY, None)
    page = environment.get_template(template).render(
        request=request,
        viewer=getattr(request.state, "console_user", None),
        csrf=csrf_token(request),
        flashes=messages if isinstance(messages, list) else [],
        **context,
    )
    # Console pages show private data (and secrets, once): never keep them in a shared cache.
    return HTMLResponse(page, status_code=status_code, headers={"Cache-Control": "no-store"})


def form_text(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value if isinstance(value, str) else default


def form_int(form: FormData, name: str) -> int:
    text = form_text(form, name).strip()
    if not text.lstrip("-").isdigit():
        raise PlatformError(Code.INVALID_ARGS, f"{name} must be a whole number")
    return int(text)


def local_path(target: str, fallback: str = "/console") -> str:
    """``target`` when it is a path on this site (for ``next=`` after sign-in), else ``fallback``."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


async def act(request: Request, back: str, done: str, action: Callable[[], Awaitable[object]]) -> RedirectResponse:
    """Run a write; flash ``done`` or the refusal, then go back to ``back`` (303, Post/Redirect/Get)."""
    try:
        await action()
    except PlatformError as refused:
        flash(request, "error", error_text(refused))
    else:
        flash(request, "ok", done)
    return RedirectResponse(back, status_code=303)


class ConsoleRoute(APIRoute):
    """Console routes answer in HTML: no session → sign-in page, refusals → an error page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except NotSignedIn:
                if request.method == "GET":
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return RedirectResponse(f"{SIGN_IN}?next={quote(target)}", status_code=303)
                return RedirectResponse(SIGN_IN, status_code=303)
            except NotAllowed:
                return _error_page(request, 403, "Only an operator may open this page.")
            except CsrfRefused:
                message = "The form expired or did not come from this site. Go back, reload the page and try again."
                return _error_page(request, 403, message)
            except PlatformError as refused:
                return _error_page(request, ERROR_STATUS.get(refused.errcode, 400), error_text(refused))

        return guarded


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "console/error.html", status_code=status, status=status, message=message)


async def console_user(request: Request, user: Annotated[User, Depends(require_user)]) -> User:
    """The signed-in user (else the sign-in page), remembered for the page header."""
    request.state.console_user = user
    return user


State = Annotated[PlatformState, Depends(platform_state)]
Form = Annotated[FormData, Depends(checked_form)]
Viewer = Annotated[User, Depends(console_user)]


async def org_roles(session: AsyncSession, user: User, org_id: int) -> frozenset[Role]:
    """The viewer's roles in an organisation; 90003 unless a member (operators see every one)."""
    await accounts.get_organisation(session, org_id)
    roles = await accounts.roles_of(session, org_id, user.id)
    if not roles and not user.is_operator:
        raise PlatformError(Code.PERMISSION_DENIED, "you are not a member of this organisation")
    return roles


def may(user: User, roles: frozenset[Role], *needed: Role) -> bool:
    """Whether the viewer holds one of ``needed`` (operators may do anything)."""
    return user.is_operator or not roles.isdisjoint(needed)


def audit_page(
    request: Request, org: accounts.Organisation | None, listed: list[AuditEntry], actor: str, action: str
) -> Response:
    older = listed[-1].id if len(listed) == AUDIT_PAGE else None
    return render(request, "console/audit.html", org=org, entries=listed, actor=actor, action=action, older=older)

"""Who is asking: signed-cookie sessions for people, API keys for the open API.

The session (Starlette's SessionMiddleware, signed with ``settings.secret_key``, so any process
holding the key reads it) carries two ids:

- ``uid``: the signed-in platform user (console and shell), absent for guests;
- ``eid``: the end user opening mini programs in the shell (a guest, or the one tied to ``uid``).

Routes use the FastAPI dependencies below::

    @router.get("/console")
    async def home(user: Annotated[User, Depends(require_user)]) -> ...

    @router.post("/cgi-bin/…")
    async def upload(actor: Annotated[Actor, Depends(api_key_actor)]) -> ...

`require_user` answers 401 and `require_operator` 403 (`NotSignedIn` / `NotAllowed`, so a
server-rendered page can turn them into a redirect with an exception handler); `api_key_actor`
raises `PlatformError` (41001 missing, 40001 invalid), which the app answers in WeChat's shape.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection

from openmini.platform import accounts
from openmini.platform.accounts import User
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.server.state import PlatformState, platform_state
from openmini.settings import Settings

SESSION_COOKIE = "openmini_session"
USER = "uid"
END_USER = "eid"
SESSION_MAX_AGE_S = 14 * 24 * 3600


def install_sessions(app: FastAPI, settings: Settings) -> None:
    """Signed-cookie sessions: HttpOnly, SameSite=Lax, Secure when the platform is served over https."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.load_secret_key(),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE_S,
        same_site="lax",
        https_only=settings.public_url.startswith("https://"),
    )


def sign_in(connection: HTTPConnection, user_id: int, end_user_id: str | None = None) -> None:
    """Start a fresh session for a user (and, in the shell, the end user tied to them)."""
    connection.session.clear()
    connection.session[USER] = user_id
    if end_user_id is not None:
        connection.session[END_USER] = end_user_id


def continue_as_guest(connection: HTTPConnection, end_user_id: str) -> None:
    """Start a fresh session for a guest end user."""
    connection.session.clear()
    connection.session[END_USER] = end_user_id


def remember_end_user(connection: HTTPConnection, end_user_id: str) -> None:
    """Note the end user of the signed-in user in their session, keeping the rest (e.g. a console CSRF token)."""
    connection.session[END_USER] = end_user_id


def sign_out(connection: HTTPConnection) -> None:
    connection.session.clear()


def session_user_id(connection: HTTPConnection) -> int | None:
    value = connection.session.get(USER)
    return value if isinstance(value, int) else None


def session_end_user_id(connection: HTTPConnection) -> str | None:
    """The shell's end user (guest or signed in), from the cookie alone."""
    value = connection.session.get(END_USER)
    return value if isinstance(value, str) else None


class NotSignedIn(HTTPException):
    def __init__(self) -> None:
        super().__init__(401, "sign in first")


class NotAllowed(HTTPException):
    def __init__(self) -> None:
        super().__init__(403, "only an operator may do this")


async def current_user(
    connection: HTTPConnection, state: Annotated[PlatformState, Depends(platform_state)]
) -> User | None:
    """The signed-in user, or None (also when the account no longer exists)."""
    user_id = session_user_id(connection)
    if user_id is None:
        return None
    async with state.db.session() as session:
        return await session.get(User, user_id)


async def require_user(user: Annotated[User | None, Depends(current_user)]) -> User:
    if user is None:
        raise NotSignedIn
    return user


async def require_operator(user: Annotated[User, Depends(require_user)]) -> User:
    if not user.is_operator:
        raise NotAllowed
    return user


def bearer_token(connection: HTTPConnection) -> str:
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def api_key_actor(connection: HTTPConnection, state: Annotated[PlatformState, Depends(platform_state)]) -> Actor:
    """The actor an ``Authorization: Bearer omk_…`` key stands for: its creator, inside its
    organisation only (``actor.org_id``, ``actor.api_key_id``)."""
    token = bearer_token(connection)
    if not token:
        raise PlatformError(Code.MISSING_CREDENTIAL, "missing API key (Authorization: Bearer omk_…)")
    async with state.db.session() as session:
        return await accounts.authenticate_api_key(session, token)

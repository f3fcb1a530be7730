"""The open API for CI and developers' backends (docs/open-api.md, generated from this module).

WeChat's code-management calls keep WeChat's paths, parameters and answers (platform-apis.md §2.2),
so knowledge and client code carry over; what WeChat does in its developer tools (upload, pick the
trial version, list versions) lives under ``/wxa/openmini/``. As in WeChat every answer is HTTP 200
with ``errcode``/``errmsg`` — 0/"ok" on success — including invalid input (47001) and empty POST
bodies (44002), and the OpenAPI document says so instead of advertising FastAPI's 422.

Who calls: either ``Authorization: Bearer omk_…``, an API key of the organisation that owns the
mini program ``appid`` (a query parameter) — the key's user and their roles act — or, as in WeChat,
``access_token`` (a query parameter): the mini program's own credential, which acts as that mini
program's developer (upload, trial, submit, status, release, rollback, domains; never review) and
is named "appsecret of om…" in the audit log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, File, Form, Query, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from openmini.platform import access_tokens, accounts, apps, publishing, releases, versions
from openmini.platform.accounts import Role
from openmini.platform.apps import App, DomainKind
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.platform.releases import ReleaseStatus
from openmini.platform.uploads import UploadLimits
from openmini.platform.versions import Version, VersionState
from openmini.server.console_review import schedule_screenshot
from openmini.server.state import PlatformState, platform_state

# Ids are PostgreSQL integers; anything larger cannot name a row and must not reach the driver.
MAX_ID = 2**31 - 1
# PostgreSQL text cannot hold NUL; refusing it here keeps both databases answering alike.
NO_NUL = r"^[^\x00]*$"
TEXT_MAX = versions.TEXT_MAX
# The archive limit plus room for the form's other fields and multipart framing.
UPLOAD_BODY_MAX = UploadLimits().archive_bytes + 64 * 1024


# --- answers ------------------------------------------------------------------------------------


class WeChatResult(BaseModel):
    """Every answer has these two fields: errcode 0 and errmsg "ok" on success, the reason otherwise."""

    errcode: int = 0
    errmsg: str = "ok"


def wechat_error(errcode: int, errmsg: str) -> JSONResponse:
    return JSONResponse({"errcode": errcode, "errmsg": errmsg})


def _validation_answer(error: RequestValidationError) -> JSONResponse:
    problems = list(error.errors())
    locations = [tuple(p.get("loc", ())) for p in problems if p.get("type") == "missing"]
    if ("query", "appid") in locations:
        return wechat_error(Code.MISSING_APPID, "appid missing")
    if ("body",) in locations:
        return wechat_error(Code.EMPTY_POST_DATA, "empty post data")
    details = "; ".join(f"{'.'.join(str(part) for part in p.get('loc', ()))}: {p.get('msg', '')}" for p in problems[:5])
    return wechat_error(Code.DATA_FORMAT_ERROR, f"data format error: {details}")


class WeChatRoute(APIRoute):
    """Answers refusals in WeChat's shape (HTTP 200) for this router only: the console and the
    shell keep their own error pages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except PlatformError as error:
                return wechat_error(error.errcode, "\n".join((error.errmsg, *error.details)))
            except RequestValidationError as error:
                return _validation_answer(error)
            except HTTPException as error:
                # Starlette's and FastAPI's answer to a body they cannot read at all (not UTF-8, broken multipart).
                if error.status_code != 400:
                    raise
                return wechat_error(Code.DATA_FORMAT_ERROR, f"data format error: {error.detail}")

        return answer


# --- callers ------------------------------------------------------------------------------------

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    bearerFormat="omk_…",
    description="An API key (console → API keys) of the organisation that owns the mini program `appid`.",
)


@dataclass(frozen=True)
class AppCaller:
    """A caller allowed to act on one mini program, with what its calls need."""

    actor: Actor
    appid: str
    state: PlatformState

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[tuple[AsyncSession, App]]:
        """One database transaction with the mini program loaded in it."""
        async with self.state.db.session() as session:
            app = await apps.get_app(session, self.appid)
            # An app credential's developer role is for its own mini program only.
            if self.actor.app_id is not None and self.actor.app_id != app.id:
                raise PlatformError(Code.API_UNAUTHORIZED, f"{self.actor.label} is not for {app.appid}")
            yield session, app


AppidQuery = Annotated[
    str,
    Query(
        description="The mini program (`om` and 16 hex digits); required with an API key, implied by an access_token.",
        max_length=64,
    ),
]
AccessTokenQuery = Annotated[
    str,
    Query(
        description="Instead of an API key: the mini program's own credential, from `/cgi-bin/token` or "
        "`/cgi-bin/stable_token`. It acts as the mini program's developer.",
        max_length=128,
    ),
]


async def app_caller(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    state: Annotated[PlatformState, Depends(platform_state)],
    appid: AppidQuery = "",
    access_token: AccessTokenQuery = "",
) -> AppCaller:
    """With an API key: 41002 without ``appid``, 40001 for an unknown or revoked key, 40013 for an
    unknown appid, 48001 for a key of another organisation. With an ``access_token`` (WeChat's
    way): its errcodes (41001, 40014, 42001, 40001), and 48001 when ``appid`` names another mini
    program. 41001 without either; 40097 with both, so a call never acts as someone it did not mean.
    """
    if access_token and credentials is not None:
        raise PlatformError(Code.INVALID_ARGS, "give an API key or an access_token, not both")
    if access_token:
        async with state.db.session(read_only=True) as session:
            app = await access_tokens.app_for_token(session, access_token)
        if appid and appid != app.appid:
            raise PlatformError(Code.API_UNAUTHORIZED, f"this access_token is not for {appid}")
        return AppCaller(Actor.app_credential(app.id, app.appid, app.org_id), app.appid, state)
    if not appid:
        raise PlatformError(Code.MISSING_APPID, "appid missing")
    async with state.db.session() as session:
        actor = await accounts.authenticate_api_key(session, credentials.credentials if credentials else "")
        app = await apps.get_app(session, appid)
        if app.org_id != actor.org_id:
            raise PlatformError(Code.API_UNAUTHORIZED, f"this API key is not for {appid}")
    return AppCaller(actor, appid, state)


Caller = Annotated[AppCaller, Depends(app_caller)]

router = APIRouter(
    prefix="/wxa",
    route_class=WeChatRoute,
    # WeChat's clients often post JSON without a Content-Type; WeChat reads it as JSON.
    strict_content_type=False,
    # Operation ids name generated clients' methods: wxa_submit_audit, wxa_release, …
    generate_unique_id_function=lambda route: f"wxa_{route.name}",
    responses={200: {"description": "errcode 0 on success; otherwise the errcode and errmsg of the refusal"}},
)
WECHAT = "WeChat code management"
OURS = "openmini developer tools"


def _timestamp(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment is not None else 0


# --- upload, trial, versions (what WeChat's developer tools do) ---------------------------------


class DiagnosticPosition(BaseModel):
    line: int
    column: int


class DiagnosticOut(BaseModel):
    """A compiler message, as `openmini check --json` prints it."""

    code: int
    name: str
    severity: Literal["note", "warning", "error", "fatal"]
    message: str
    path: str
    start: DiagnosticPosition | None
    end: DiagnosticPosition | None
    frame: str


class UploadResult(WeChatResult):
    version_id: int = Field(description="The new develop version; pass it to set_trial and submit_audit.")
    user_version: str
    diagnostics: list[DiagnosticOut] = Field(description="Warnings and notes of the server's own compile.")


@router.post(
    "/openmini/upload",
    tags=[OURS],
    response_model=UploadResult | WeChatResult,
    summary="Upload a source archive as a new develop version",
    # Refused before it is read, so an oversize upload cannot fill the server's disk.
    max_body_size=UPLOAD_BODY_MAX,
    responses={413: {"description": "The request is larger than the archive limit allows (nothing is read)."}},
)
async def upload(
    caller: Caller,
    source: Annotated[UploadFile, File(description="The mini program folder as a zip (or .tar.gz).")],
    user_version: Annotated[str, Form(min_length=1, max_length=versions.USER_VERSION_MAX, pattern=NO_NUL)],
    user_desc: Annotated[str, Form(max_length=TEXT_MAX, pattern=NO_NUL)] = "",
) -> UploadResult:
    """The server checks the archive as hostile (90101), compiles it again from source and keeps
    both the source and the package; a refused upload leaves no version. Errors: 90101, 90102
    (compile errors, one per line in errmsg), 90003 (the key's user is not a developer)."""
    upload_limits = UploadLimits()
    # One byte more than allowed is enough for the checks to refuse an oversize archive.
    data = await source.read(upload_limits.archive_bytes + 1)
    state = caller.state
    published = await publishing.publish(
        state.db,
        state.blobs,
        caller.actor,
        caller.appid,
        data,
        defaults=state.settings.package_limits(),
        user_version=user_version,
        description=user_desc,
        archive_limits=upload_limits,
    )
    version = published.version
    diagnostics = [DiagnosticOut.model_validate(d.to_json()) for d in published.diagnostics]
    return UploadResult(version_id=version.id, user_version=version.user_version, diagnostics=diagnostics)


class VersionIdBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version_id: int = Field(ge=1, le=MAX_ID)


@router.post("/openmini/set_trial", tags=[OURS], response_model=WeChatResult, summary="Make a version the trial")
async def set_trial(caller: Caller, body: VersionIdBody) -> WeChatResult:
    """Testers open the trial version through its QR code; one per mini program. Errors: 90001."""
    async with caller.transaction() as (session, app):
        await versions.set_trial(session, caller.actor, app, body.version_id)
    return WeChatResult()


class VersionEntry(BaseModel):
    version_id: int
    user_version: str
    user_desc: str
    state: Literal["develop", "auditing", "approved", "rejected", "released"]
    create_time: int = Field(description="Unix time of the upload.")
    size: int = Field(description="Bytes of the whole package.")
    is_trial: bool
    is_live: bool = Field(description="Everyone outside a gradual release opens this version.")


class VersionList(WeChatResult):
    version_list: list[VersionEntry] = Field(description="Newest upload first.")


@router.get(
    "/openmini/versions", tags=[OURS], response_model=VersionList | WeChatResult, summary="List uploaded versions"
)
async def list_versions(caller: Caller) -> VersionList:
    async with caller.transaction() as (session, app):
        uploaded = await versions.versions_of(session, app)
        trial = await versions.trial_version(session, app)
        live = await releases.live_version(session, app)
    entries = [
        VersionEntry(
            version_id=v.id,
            user_version=v.user_version,
            user_desc=v.description,
            state=VersionState(v.state).value,
            create_time=_timestamp(v.created_at),
            size=v.total_size,
            is_trial=trial is not None and trial.id == v.id,
            is_live=live is not None and live.id == v.id,
        )
        for v in uploaded
    ]
    return VersionList(version_list=entries)


# --- audit --------------------------------------------------------------------------------------


class AuditItem(BaseModel):
    """A page the reviewer should look at (WeChat's ``item_list`` entry)."""

    model_config = ConfigDict(extra="forbid")

    address: str = Field("", max_length=200, pattern=NO_NUL, description="Page path, e.g. pages/index/index.")
    title: str = Field("", max_length=100, pattern=NO_NUL)
    tag: str = Field("", max_length=100, pattern=NO_NUL)
    first_class: str = Field("", max_length=64, pattern=NO_NUL)
    second_class: str = Field("", max_length=64, pattern=NO_NUL)
    third_class: str = Field("", max_length=64, pattern=NO_NUL)

    def note(self) -> str:
        category = " > ".join(c for c in (self.first_class, self.second_class, self.third_class) if c)
        parts = [self.address or "(no page)", self.title, f"[{category}]" if category else "", self.tag]
        return " ".join(p for p in parts if p)


class SubmitAuditBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="openmini: the version to submit; the trial version when absent."
    )
    version_desc: str = Field("", max_length=TEXT_MAX, pattern=NO_NUL, description="Notes for the reviewer.")
    feedback_info: str = Field("", max_length=200, pattern=NO_NUL)
    item_list: list[AuditItem] = Field(default_factory=list, max_length=5)

    def notes(self) -> str:
        return "\n".join(n for n in (self.version_desc, self.feedback_info, *(i.note() for i in self.item_list)) if n)


class SubmitAuditResult(WeChatResult):
    auditid: int


@router.post(
    "/submit_audit", tags=[WECHAT], response_model=SubmitAuditResult | WeChatResult, summary="Submit for audit"
)
async def submit_audit(
    caller: Caller, body: SubmitAuditBody, request: Request, tasks: BackgroundTasks
) -> SubmitAuditResult:
    """Errors: 85009 (another version is under audit), 85020 (the version cannot be submitted in
    its state), 85019 (no version_id and no trial version), 40097 (notes over 1000 characters).

    The reviewer's first-page screenshot is taken once the answer is sent, as for a console submission."""
    async with caller.transaction() as (session, app):
        version_id = body.version_id
        if version_id is None:
            trial = await versions.trial_version(session, app)
            if trial is None:
                raise PlatformError(Code.NO_VERSION_TO_ACT_ON, "no trial version: pass version_id or set a trial")
            version_id = trial.id
        version = await versions.submit_audit(session, caller.actor, app, version_id, body.notes())
    schedule_screenshot(request, tasks, version.id)
    return SubmitAuditResult(auditid=version.id)


# WeChat's audit status numbers.
AUDIT_STATUS = {
    VersionState.APPROVED: 0,
    VersionState.RELEASED: 0,
    VersionState.REJECTED: 1,
    VersionState.AUDITING: 2,
}


class AuditIdBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    auditid: int = Field(ge=1, le=MAX_ID)


class AuditStatus(WeChatResult):
    status: int = Field(description="0 approved, 1 rejected, 2 under audit.")
    reason: str = Field(description="The reviewer's reason (rejections).")
    screenshot: str


def _audited(version: Version) -> int:
    status = AUDIT_STATUS.get(VersionState(version.state))
    if status is None or version.submitted_at is None:
        raise PlatformError(Code.INVALID_AUDITID, f"no audit {version.id}: the version is not submitted")
    return status


@router.post("/get_auditstatus", tags=[WECHAT], response_model=AuditStatus | WeChatResult, summary="Status of an audit")
async def get_auditstatus(caller: Caller, body: AuditIdBody) -> AuditStatus:
    """Errors: 85012 (no such audit)."""
    async with caller.transaction() as (session, app):
        try:
            version = await versions.get_version(session, app, body.auditid)
        except PlatformError as missing:
            raise PlatformError(Code.INVALID_AUDITID, f"no audit {body.auditid}") from missing
    return AuditStatus(status=_audited(version), reason=version.review_reason, screenshot="")


class LatestAuditStatus(WeChatResult):
    auditid: int
    status: int = Field(description="0 approved, 1 rejected, 2 under audit.")
    reason: str
    ScreenShot: str
    user_version: str
    user_desc: str
    submit_audit_time: int


@router.get(
    "/get_latest_auditstatus",
    tags=[WECHAT],
    response_model=LatestAuditStatus | WeChatResult,
    summary="Status of the latest audit",
)
async def get_latest_auditstatus(caller: Caller) -> LatestAuditStatus:
    """Errors: 85058 (nothing was ever submitted)."""
    async with caller.transaction() as (session, app):
        version = await _latest_submitted(session, app)
    if version is None:
        raise PlatformError(Code.NO_VALID_AUDIT, "no version was submitted for audit")
    return LatestAuditStatus(
        auditid=version.id,
        status=_audited(version),
        reason=version.review_reason,
        ScreenShot="",
        user_version=version.user_version,
        user_desc=version.description,
        submit_audit_time=_timestamp(version.submitted_at),
    )


async def _latest_submitted(session: AsyncSession, app: App) -> Version | None:
    submitted = [v for v in await versions.versions_of(session, app) if v.submitted_at is not None]
    return max(submitted, key=lambda v: (v.submitted_at, v.id), default=None)


@router.get("/undocodeaudit", tags=[WECHAT], response_model=WeChatResult, summary="Withdraw the audit")
async def undocodeaudit(caller: Caller) -> WeChatResult:
    """The version under audit goes back to develop. Errors: 85019 (nothing is under audit)."""
    async with caller.transaction() as (session, app):
        await versions.withdraw_audit(session, caller.actor, app)
    return WeChatResult()


# --- release ------------------------------------------------------------------------------------


class EmptyBody(BaseModel):
    """WeChat wants the literal ``{}``; an empty body answers 44002."""

    model_config = ConfigDict(extra="forbid")


@router.post("/release", tags=[WECHAT], response_model=WeChatResult, summary="Release the approved version")
async def release(caller: Caller, body: EmptyBody) -> WeChatResult:
    """Releases the latest audited version to everyone (also raises its running gradual release to
    100 %). Errors: 85019 (nothing audited), 85020 (not approved, or another version's gradual
    release runs), 85052 (already released), 44002 (empty body)."""
    async with caller.transaction() as (session, app):
        version = await _latest_submitted(session, app)
        if version is None:
            raise PlatformError(Code.NO_VERSION_TO_ACT_ON, "no version has been audited")
        await releases.release(session, caller.actor, app, version.id)
    return WeChatResult()


class GrayReleaseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gray_percentage: int = Field(description="1–100 (85081 otherwise); 0 with one of the two flags below.")
    support_debuger_first: bool = Field(False, description="Admins and developers get the version at once.")
    support_experiencer_first: bool = Field(False, description="Testers get the version at once.")


@router.post("/grayrelease", tags=[WECHAT], response_model=WeChatResult, summary="Release gradually")
async def grayrelease(caller: Caller, body: GrayReleaseBody) -> WeChatResult:
    """A stable share of end users gets the latest audited version; the share may only grow and
    100 releases it fully. Errors: 85079 (nothing released yet), 85080 (not approved), 85081
    (percentage out of range), 85082 (percentage does not grow), 85019 (nothing audited)."""
    roles = {Role.ADMIN, Role.DEVELOPER} if body.support_debuger_first else set()
    roles |= {Role.TESTER} if body.support_experiencer_first else set()
    async with caller.transaction() as (session, app):
        version = await _latest_submitted(session, app)
        if version is None:
            raise PlatformError(Code.NO_VERSION_TO_ACT_ON, "no version has been audited")
        allow = [
            (await accounts.end_user_for(session, m.user)).id
            for m in await accounts.members(session, app.org_id)
            if not m.roles.isdisjoint(roles)
        ]
        await releases.release_gradually(
            session, caller.actor, app, version.id, percentage=body.gray_percentage, allow_users=allow
        )
    return WeChatResult()


# WeChat's plan status numbers (there is no pause here, so never 2).
PLAN_STATUS = {ReleaseStatus.GRADUAL: 1, ReleaseStatus.COMPLETED: 3, ReleaseStatus.CANCELLED: 4}


class GrayReleasePlan(BaseModel):
    status: int = Field(description="0 none yet, 1 running, 3 done (released fully), 4 cancelled.")
    create_timestamp: int
    gray_percentage: int
    allow_user_count: int = Field(description="openmini: end users on the allow-list.")


class GrayReleasePlanResult(WeChatResult):
    gray_release_plan: GrayReleasePlan


@router.get(
    "/getgrayreleaseplan",
    tags=[WECHAT],
    response_model=GrayReleasePlanResult | WeChatResult,
    summary="The latest gradual release",
)
async def getgrayreleaseplan(caller: Caller) -> GrayReleasePlanResult:
    async with caller.transaction() as (session, app):
        history = await releases.history(session, app)
    latest = next((r for r in history if ReleaseStatus(r.status) in PLAN_STATUS), None)
    if latest is None:
        plan = GrayReleasePlan(status=0, create_timestamp=0, gray_percentage=0, allow_user_count=0)
    else:
        plan = GrayReleasePlan(
            status=PLAN_STATUS[ReleaseStatus(latest.status)],
            create_timestamp=_timestamp(latest.created_at),
            gray_percentage=latest.percentage,
            allow_user_count=len(latest.allow_list),
        )
    return GrayReleasePlanResult(gray_release_plan=plan)


@router.get("/revertgrayrelease", tags=[WECHAT], response_model=WeChatResult, summary="Cancel the gradual release")
async def revertgrayrelease(caller: Caller) -> WeChatResult:
    """Everyone gets the live release again; the version stays approved. Errors: 85020 (none runs)."""
    async with caller.transaction() as (session, app):
        await releases.cancel_gradual(session, caller.actor, app)
    return WeChatResult()


class HistoryVersion(BaseModel):
    app_version: int = Field(description="The version id.")
    user_version: str
    user_desc: str
    commit_time: int = Field(description="Unix time the version went live.")


class HistoryVersions(WeChatResult):
    version_list: list[HistoryVersion] = Field(description="Full releases, newest first.")


FULL = {ReleaseStatus.LIVE, ReleaseStatus.SUPERSEDED, ReleaseStatus.REVERTED}


@router.get(
    "/revertcoderelease",
    tags=[WECHAT],
    response_model=HistoryVersions | WeChatResult,
    summary="Roll back to the previous release, or list releases",
)
async def revertcoderelease(
    caller: Caller,
    action: Annotated[Literal["get_history_version"] | None, Query(description="List instead of rolling back.")] = None,
    app_version: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Must be the previous release.")] = None,
) -> HistoryVersions | WeChatResult:
    """Without ``action`` the live release returns, in one step, to the one it replaced. Errors:
    87011 (a gradual release runs), 87012 (nothing to return to, the live release is itself a
    rollback, or ``app_version`` is not the previous release)."""
    if action == "get_history_version":
        async with caller.transaction() as (session, app):
            full = [r for r in await releases.history(session, app) if ReleaseStatus(r.status) in FULL]
            listed = [(r, await versions.get_version(session, app, r.version_id)) for r in full]
        return HistoryVersions(
            version_list=[
                HistoryVersion(
                    app_version=v.id,
                    user_version=v.user_version,
                    user_desc=v.description,
                    commit_time=_timestamp(r.created_at),
                )
                for r, v in listed
            ]
        )
    async with caller.transaction() as (session, app):
        restored = await releases.rollback(session, caller.actor, app)
        if app_version is not None and restored.version_id != app_version:
            # Raising inside the transaction undoes the rollback just made.
            previous = restored.version_id
            raise PlatformError(Code.CANNOT_REVERT, f"only the previous release (version {previous}) can return")
    return WeChatResult()


class ExpInfo(BaseModel):
    exp_time: int = Field(description="Unix time the trial was chosen.")
    exp_version: str
    exp_desc: str


class ReleaseInfo(BaseModel):
    release_time: int
    release_version: str
    release_desc: str


class VersionInfo(WeChatResult):
    exp_info: ExpInfo | None = Field(description="The trial version; null when there is none.")
    release_info: ReleaseInfo | None = Field(description="The live release; null before the first.")


@router.post(
    "/getversioninfo", tags=[WECHAT], response_model=VersionInfo | WeChatResult, summary="Trial and live versions"
)
async def getversioninfo(caller: Caller, body: EmptyBody) -> VersionInfo:
    async with caller.transaction() as (session, app):
        trial = await session.get(versions.Trial, app.id)
        trial_version = await versions.trial_version(session, app)
        live = await releases.live_release(session, app)
        live_version = await releases.live_version(session, app)
    exp_info = None
    if trial is not None and trial_version is not None:
        exp_info = ExpInfo(
            exp_time=_timestamp(trial.set_at),
            exp_version=trial_version.user_version,
            exp_desc=trial_version.description,
        )
    release_info = None
    if live is not None and live_version is not None:
        release_info = ReleaseInfo(
            release_time=_timestamp(live.created_at),
            release_version=live_version.user_version,
            release_desc=live_version.description,
        )
    return VersionInfo(exp_info=exp_info, release_info=release_info)


# --- domains ------------------------------------------------------------------------------------

DomainEntries = Annotated[
    list[Annotated[str, Field(max_length=300, pattern=NO_NUL)]] | None,
    Field(max_length=apps.MAX_DOMAINS_PER_KIND),
]
# WeChat's field name for each kind of allow-list.
DOMAIN_FIELDS: dict[str, DomainKind] = {
    "requestdomain": "request",
    "wsrequestdomain": "socket",
    "uploaddomain": "upload",
    "downloaddomain": "download",
}


class ModifyDomainBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["add", "delete", "set", "get"]
    requestdomain: DomainEntries = None
    wsrequestdomain: DomainEntries = None
    uploaddomain: DomainEntries = None
    downloaddomain: DomainEntries = None


class DomainLists(WeChatResult):
    requestdomain: list[str]
    wsrequestdomain: list[str]
    uploaddomain: list[str]
    downloaddomain: list[str]


@router.post(
    "/modify_domain", tags=[WECHAT], response_model=DomainLists | WeChatResult, summary="Request domain allow-lists"
)
async def modify_domain(caller: Caller, body: ModifyDomainBody) -> DomainLists:
    """``add``, ``delete`` or ``set`` the lists given (an omitted list stays as it is), or ``get``
    them; answers the lists as stored. Errors: 40097 (an entry that is not ``https://host[:port]``,
    or ``wss://`` for sockets)."""
    async with caller.transaction() as (session, app):
        if body.action != "get":
            for field, kind in DOMAIN_FIELDS.items():
                given: list[str] | None = getattr(body, field)
                if given is None:
                    continue
                current = app.domain_list(kind)
                if body.action == "add":
                    wanted = current + given
                elif body.action == "delete":
                    removed = set(apps.normalise_domains(kind, given))
                    wanted = [d for d in current if d not in removed]
                else:
                    wanted = given
                await apps.set_domains(session, caller.actor, app, kind, wanted)
        return DomainLists.model_validate({field: app.domain_list(kind) for field, kind in DOMAIN_FIELDS.items()})


# --- the app ------------------------------------------------------------------------------------


def install_open_api(app: FastAPI) -> None:
    """Add the open API to the platform app, and keep its OpenAPI document true: FastAPI lists a
    422 answer for every operation with parameters, which these operations never send."""
    app.include_router(router)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()
        for path, operations in document.get("paths", {}).items():
            if path.startswith(router.prefix + "/"):
                for operation in operations.values():
                    operation.get("responses", {}).pop("422", None)
        return document

    app.openapi = openapi  # type: ignore[method-assign]

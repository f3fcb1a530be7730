"""Errors the domain raises: ``PlatformError(errcode, errmsg)``, WeChat's shape.

The server turns a ``PlatformError`` into ``{"errcode": n, "errmsg": "..."}`` (HTTP 200, as WeChat's
open API does) or into a console flash message. WeChat's code is used wherever WeChat has one for the
same situation, so clients written against WeChat (wechatpy) react the same way; our own codes are in
the 9xxxx range. Every code the platform raises is a member of :class:`Code`, the one table of codes:

=====  =========================  =============================================================
code   name                       meaning
=====  =========================  =============================================================
-1     SYSTEM_ERROR               unexpected failure (the server's last resort)
20001  SUBSCRIBE_NO_TEMPLATE      ``wx.requestSubscribeMessage`` names no template, or one the mini program never had
20003  SUBSCRIBE_TOO_MANY         ``wx.requestSubscribeMessage`` names more than 3 templates
40001  INVALID_CREDENTIAL         wrong password, appsecret or API key, a revoked key, an unknown access_token
40002  INVALID_GRANT_TYPE         ``grant_type`` is not the one the call needs
40003  INVALID_OPENID             no user with this openid in the mini program
40013  INVALID_APPID              no mini program with this appid
40014  INVALID_ACCESS_TOKEN       an ``access_token`` that is not one the platform issues (malformed)
40029  INVALID_CODE               a login or phone number code that is unknown, used, expired or not for this app
40037  INVALID_TEMPLATE_ID        no such (or a deleted) subscription message template
40097  INVALID_ARGS               a parameter is malformed or out of range (WeChat's "invalid args")
40159  WXA_PATH_INVALID           a QR code's ``path`` is empty or too long
40165  INVALID_WEAPP_PATH         a URL Scheme / Link ``path`` that is not a page of the version
41001  MISSING_CREDENTIAL         no credential given where one is required
41002  MISSING_APPID              an open API call without the ``appid`` query parameter
41004  MISSING_SECRET             a token call without the ``secret``
41008  MISSING_CODE               a code exchange without the code
42001  ACCESS_TOKEN_EXPIRED       the ``access_token`` was valid once and has expired (or was replaced)
43101  SUBSCRIPTION_REFUSED       the user has no unspent subscription to this template (one message each)
44002  EMPTY_POST_DATA            a POST without a body (WeChat wants at least ``{}``)
45009  DAILY_LIMIT                a daily quota is used up (stable_token force refreshes: 20 a day)
45011  FREQUENCY_LIMIT            called again too soon (stable_token force refreshes: 30 s apart)
47001  DATA_FORMAT_ERROR          a request body or parameter that does not match its schema
47003  TEMPLATE_ARGUMENT_INVALID  a message's ``data`` breaks its keyword's type or length (errmsg names it)
48001  API_UNAUTHORIZED           the credential is valid but not for this mini program
85009  ALREADY_AUDITING           another version of the mini program is under audit
85012  INVALID_AUDITID            no audit with this id (the version was never submitted)
85019  NO_VERSION_TO_ACT_ON       no version under audit (withdraw) or no approved version (release)
85020  STATUS_NOT_ALLOWED         the version's state does not allow this transition
85052  ALREADY_RELEASED           the version is already the live release
85058  NO_VALID_AUDIT             the mini program has no version submitted for audit
85079  NO_ONLINE_VERSION          a gradual release or a launch needs a live release first
85080  AUDIT_NOT_PASSED           only an approved version can be released
85081  INVALID_PERCENTAGE         gradual percentage outside 0–100 (0 needs an allow-list)
85082  PERCENTAGE_MUST_INCREASE   a gradual release may only grow
85401  EXPIRE_TIME_INVALID        a link's ``expire_time`` is not between 1 minute and 30 days from now
85402  EXPIRE_INTERVAL_INVALID    a link's ``expire_interval`` is not 1–30 days
87008  INVALID_SIG_METHOD         a user login-state signature method other than ``hmac_sha256``
87009  INVALID_SIGNATURE          a user login-state signature that does not match the session_key
87011  GRADUAL_CANNOT_REVERT      roll back is refused while a gradual release runs
87012  CANNOT_REVERT              nothing to roll back to, or the live release is already a rollback
90001  NOT_FOUND                  no such user, organisation, version, API key or end user
90002  ALREADY_EXISTS             a unique name is taken (email, organisation name, membership)
90003  PERMISSION_DENIED          the actor lacks the role this needs
90004  LAST_ADMIN                 an organisation must keep at least one admin
90101  UPLOAD_REJECTED            an uploaded archive failed the hostile-upload checks
90102  COMPILE_FAILED             the uploaded source does not compile (diagnostics in ``details``)
90201  NO_CONTENT_FILTER          ``msg_sec_check``: no content filter is configured, so nothing is judged
90301  LINK_EXPIRED               a URL Scheme / Link past its expiry
=====  =========================  =============================================================

WeChat's template-management codes have six digits:

======  ===========================  ==========================================================
code    name                         meaning
======  ===========================  ==========================================================
200012  TEMPLATE_LIMIT_REACHED       the mini program has 25 templates already
200014  TEMPLATE_TID_INVALID         no library template with this ``tid``
200016  TEMPLATE_START_INVALID       ``start`` is negative
200017  TEMPLATE_LIMIT_INVALID       ``limit`` outside 1–30
200019  TEMPLATE_CATEGORY_INVALID    ``ids`` names no category, or an unknown one
200020  TEMPLATE_KIDLIST_INVALID     ``kidList`` is not 2–5 distinct keywords of the template
200021  TEMPLATE_SCENE_DESC_INVALID  ``sceneDesc`` longer than 15 characters
======  ===========================  ==========================================================
"""

from __future__ import annotations

from enum import IntEnum


class Code(IntEnum):
    SYSTEM_ERROR = -1
    SUBSCRIBE_NO_TEMPLATE = 20001
    SUBSCRIBE_TOO_MANY = 20003
    INVALID_CREDENTIAL = 40001
    INVALID_GRANT_TYPE = 40002
    INVALID_OPENID = 40003
    INVALID_APPID = 40013
    INVALID_ACCESS_TOKEN = 40014
    INVALID_CODE = 40029
    INVALID_TEMPLATE_ID = 40037
    INVALID_ARGS = 40097
    WXA_PATH_INVALID = 40159
    INVALID_WEAPP_PATH = 40165
    MISSING_CREDENTIAL = 41001
    MISSING_APPID = 41002
    MISSING_SECRET = 41004
    MISSING_CODE = 41008
    ACCESS_TOKEN_EXPIRED = 42001
    SUBSCRIPTION_REFUSED = 43101
    EMPTY_POST_DATA = 44002
    DAILY_LIMIT = 45009
    FREQUENCY_LIMIT = 45011
    DATA_FORMAT_ERROR = 47001
    TEMPLATE_ARGUMENT_INVALID = 47003
    API_UNAUTHORIZED = 48001
    ALREADY_AUDITING = 85009
    INVALID_AUDITID = 85012
    NO_VERSION_TO_ACT_ON = 85019
    STATUS_NOT_ALLOWED = 85020
    ALREADY_RELEASED = 85052
    NO_VALID_AUDIT = 85058
    NO_ONLINE_VERSION = 85079
    AUDIT_NOT_PASSED = 85080
    INVALID_PERCENTAGE = 85081
    PERCENTAGE_MUST_INCREASE = 85082
    EXPIRE_TIME_INVALID = 85401
    EXPIRE_INTERVAL_INVALID = 85402
    INVALID_SIG_METHOD = 87008
    INVALID_SIGNATURE = 87009
    GRADUAL_CANNOT_REVERT = 87011
    CANNOT_REVERT = 87012
    NOT_FOUND = 90001
    ALREADY_EXISTS = 90002
    PERMISSION_DENIED = 90003
    LAST_ADMIN = 90004
    UPLOAD_REJECTED = 90101
    COMPILE_FAILED = 90102
    NO_CONTENT_FILTER = 90201
    LINK_EXPIRED = 90301
    TEMPLATE_LIMIT_REACHED = 200012
    TEMPLATE_TID_INVALID = 200014
    TEMPLATE_START_INVALID = 200016
    TEMPLATE_LIMIT_INVALID = 200017
    TEMPLATE_CATEGORY_INVALID = 200019
    TEMPLATE_KIDLIST_INVALID = 200020
    TEMPLATE_SCENE_DESC_INVALID = 200021


class PlatformError(Exception):
    """A refused operation. ``details`` carries extra lines (e.g. compiler diagnostics) for display."""

    def __init__(self, errcode: int, errmsg: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(f"{errcode}: {errmsg}")
        self.errcode = int(errcode)
        self.errmsg = errmsg
        self.details = details

    def to_json(self) -> dict[str, int | str]:
        return {"errcode": self.errcode, "errmsg": self.errmsg}

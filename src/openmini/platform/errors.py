"""Errors the domain raises: ``PlatformError(errcode, errmsg)``, WeChat's shape.

The server turns a ``PlatformError`` into ``{"errcode": n, "errmsg": "..."}`` (HTTP 200, as WeChat's
open API does) or into a console flash message. WeChat's code is used wherever WeChat has one for the
same situation, so clients written against WeChat (wechatpy) react the same way; our own codes are in
the 9xxxx range. Every code the platform raises is a member of :class:`Code`, the one table of codes:

=====  =========================  =============================================================
code   name                       meaning
=====  =========================  =============================================================
-1     SYSTEM_ERROR               unexpected failure (the server's last resort)
40001  INVALID_CREDENTIAL         wrong password, appsecret or API key, or a revoked key
40013  INVALID_APPID              no mini program with this appid
40097  INVALID_ARGS               a parameter is malformed or out of range (WeChat's "invalid args")
41001  MISSING_CREDENTIAL         no credential given where one is required
41002  MISSING_APPID              an open API call without the ``appid`` query parameter
44002  EMPTY_POST_DATA            a POST without a body (WeChat wants at least ``{}``)
47001  DATA_FORMAT_ERROR          a request body or parameter that does not match its schema
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
87011  GRADUAL_CANNOT_REVERT      roll back is refused while a gradual release runs
87012  CANNOT_REVERT              nothing to roll back to, or the live release is already a rollback
90001  NOT_FOUND                  no such user, organisation, version, API key or end user
90002  ALREADY_EXISTS             a unique name is taken (email, organisation name, membership)
90003  PERMISSION_DENIED          the actor lacks the role this needs
90004  LAST_ADMIN                 an organisation must keep at least one admin
90101  UPLOAD_REJECTED            an uploaded archive failed the hostile-upload checks
90102  COMPILE_FAILED             the uploaded source does not compile (diagnostics in ``details``)
=====  =========================  =============================================================
"""

from __future__ import annotations

from enum import IntEnum


class Code(IntEnum):
    SYSTEM_ERROR = -1
    INVALID_CREDENTIAL = 40001
    INVALID_APPID = 40013
    INVALID_ARGS = 40097
    MISSING_CREDENTIAL = 41001
    MISSING_APPID = 41002
    EMPTY_POST_DATA = 44002
    DATA_FORMAT_ERROR = 47001
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
    GRADUAL_CANNOT_REVERT = 87011
    CANNOT_REVERT = 87012
    NOT_FOUND = 90001
    ALREADY_EXISTS = 90002
    PERMISSION_DENIED = 90003
    LAST_ADMIN = 90004
    UPLOAD_REJECTED = 90101
    COMPILE_FAILED = 90102


class PlatformError(Exception):
    """A refused operation. ``details`` carries extra lines (e.g. compiler diagnostics) for display."""

    def __init__(self, errcode: int, errmsg: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(f"{errcode}: {errmsg}")
        self.errcode = int(errcode)
        self.errmsg = errmsg
        self.details = details

    def to_json(self) -> dict[str, int | str]:
        return {"errcode": self.errcode, "errmsg": self.errmsg}

"""The CLI's client of a platform's open API (docs/open-api.md): one method per call the CLI makes.

Every answer is WeChat-shaped: HTTP 200 with ``errcode`` 0 on success; anything else becomes a
:class:`RemoteError` carrying the server's errcode and errmsg, so commands print one clear line.
"""

from __future__ import annotations

from typing import Any

import httpx2

# Uploads carry a whole source archive and the server compiles it again before answering.
TIMEOUT = httpx2.Timeout(30.0, read=300.0)


class RemoteError(Exception):
    """A call the server refused (``errcode`` ≠ 0) or could not answer (``errcode`` None)."""

    def __init__(self, errmsg: str, errcode: int | None = None) -> None:
        super().__init__(errmsg if errcode is None else f"{errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class OpenApiClient:
    """Calls for one mini program (``appid``) with an organisation API key."""

    def __init__(self, server: str, api_key: str, appid: str) -> None:
        self.appid = appid
        self._http = httpx2.Client(
            base_url=server.rstrip("/"), headers={"Authorization": f"Bearer {api_key}"}, timeout=TIMEOUT
        )

    def __enter__(self) -> OpenApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        params = {"appid": self.appid, **options.pop("params", {})}
        try:
            response = self._http.request(method, path, params=params, **options)
        except httpx2.HTTPError as error:
            raise RemoteError(f"cannot reach {self._http.base_url}: {error or type(error).__name__}") from error
        if response.status_code != 200:
            raise RemoteError(f"{method} {path} answered HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError as error:
            raise RemoteError(f"{method} {path} answered something other than JSON") from error
        if not isinstance(answer, dict):
            raise RemoteError(f"{method} {path} answered something other than a JSON object")
        errcode = answer.get("errcode", 0)
        if errcode != 0:
            raise RemoteError(str(answer.get("errmsg", "")), errcode)
        return answer

    def upload(self, source_zip: bytes, user_version: str, user_desc: str) -> dict[str, Any]:
        """Upload a source archive; the answer has ``version_id`` and the server's ``diagnostics``."""
        return self._call(
            "POST",
            "/wxa/openmini/upload",
            files={"source": ("source.zip", source_zip, "application/zip")},
            data={"user_version": user_version, "user_desc": user_desc},
        )

    def submit_audit(self, version_id: int | None, version_desc: str) -> dict[str, Any]:
        body: dict[str, Any] = {"version_desc": version_desc}
        if version_id is not None:
            body["version_id"] = version_id
        return self._call("POST", "/wxa/submit_audit", json=body)

    def latest_audit_status(self) -> dict[str, Any]:
        return self._call("GET", "/wxa/get_latest_auditstatus")

    def version_info(self) -> dict[str, Any]:
        return self._call("POST", "/wxa/getversioninfo", json={})

    def gray_release_plan(self) -> dict[str, Any]:
        return self._call("GET", "/wxa/getgrayreleaseplan")

    def release(self) -> dict[str, Any]:
        # WeChat wants the literal `{}`; an empty body is refused with 44002.
        return self._call("POST", "/wxa/release", json={})

    def gray_release(self, percentage: int) -> dict[str, Any]:
        return self._call("POST", "/wxa/grayrelease", json={"gray_percentage": percentage})

    def revert_code_release(self) -> dict[str, Any]:
        return self._call("GET", "/wxa/revertcoderelease")

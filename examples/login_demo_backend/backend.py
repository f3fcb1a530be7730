"""The developer backend of examples/login_demo: the only place that holds the appsecret.

Standard library only. It answers the mini program on three routes and calls the platform's
WeChat-shaped open API (the same paths and parameters as WeChat's, so an SDK such as wechatpy works
too):

    POST /login    {code}                       -> /sns/jscode2session; answers {session, openid, templateId}
    POST /profile  {session, rawData, signature} -> checks SHA-1(rawData + session_key); answers {nickName}
    POST /notify   {session}                    -> /cgi-bin/token (kept until it expires), then
                                                   /cgi-bin/message/subscribe/send to the user

Configured by the environment:

    OPENMINI_URL   the platform, e.g. http://127.0.0.1:8080
    APPID          the mini program's appid
    APPSECRET      its appsecret (console → the app → Reset appsecret shows it once)
    TEMPLATE_ID    a subscription template of the app (library template 3001, keywords 1 and 2)
    PORT           where this backend listens on 127.0.0.1 (default 8090)

    python3 examples/login_demo_backend/backend.py
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Renew the access_token this long before WeChat's expiry, so a call never carries a dying one.
TOKEN_MARGIN_S = 300
MAX_BODY = 64 * 1024


class PlatformError(Exception):
    """The platform refused a call: its errcode and errmsg."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__(f"{answer.get('errcode')}: {answer.get('errmsg')}")


@dataclass(frozen=True)
class Config:
    platform: str
    appid: str
    secret: str
    template_id: str
    port: int

    @classmethod
    def from_env(cls) -> Config:
        missing = [n for n in ("OPENMINI_URL", "APPID", "APPSECRET", "TEMPLATE_ID") if not os.environ.get(n)]
        if missing:
            raise SystemExit(f"set {', '.join(missing)} (see the README: 'Log in and notify: the sample')")
        return cls(
            os.environ["OPENMINI_URL"].rstrip("/"),
            os.environ["APPID"],
            os.environ["APPSECRET"],
            os.environ["TEMPLATE_ID"],
            int(os.environ.get("PORT", "8090")),
        )


@dataclass(frozen=True)
class UserSession:
    openid: str
    session_key: str


class Platform:
    """The platform's open API, as this mini program's backend calls it."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._token = ""
        self._token_until = 0.0
        self._lock = threading.Lock()

    def _call(self, path: str, query: dict[str, str], body: dict[str, Any] | None = None) -> dict[str, Any]:
        url = f"{self.config.platform}{path}?{urllib.parse.urlencode(query)}"
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer: dict[str, Any] = json.loads(response.read())
        # WeChat's convention: refusals are HTTP 200 with a non-zero errcode.
        if answer.get("errcode", 0) != 0:
            raise PlatformError(answer)
        return answer

    def code_to_session(self, code: str) -> UserSession:
        query = {"appid": self.config.appid, "secret": self.config.secret, "js_code": code}
        answer = self._call("/sns/jscode2session", {**query, "grant_type": "authorization_code"})
        return UserSession(answer["openid"], answer["session_key"])

    def access_token(self) -> str:
        with self._lock:
            if time.monotonic() >= self._token_until:
                query = {"grant_type": "client_credential", "appid": self.config.appid, "secret": self.config.secret}
                answer = self._call("/cgi-bin/token", query)
                self._token = answer["access_token"]
                self._token_until = time.monotonic() + answer["expires_in"] - TOKEN_MARGIN_S
            return self._token

    def send_called(self, openid: str) -> None:
        message = {
            "touser": openid,
            "template_id": self.config.template_id,
            "page": "pages/index/index",
            "data": {"character_string1": {"value": "A001"}, "thing2": {"value": "Counter 3"}},
        }
        self._call("/cgi-bin/message/subscribe/send", {"access_token": self.access_token()}, message)


class Backend(ThreadingHTTPServer):
    def __init__(self, config: Config) -> None:
        super().__init__(("127.0.0.1", config.port), Handler)
        self.config = config
        self.platform = Platform(config)
        # In memory: a restart logs everyone out, which a demo can afford.
        self.sessions: dict[str, UserSession] = {}


class Handler(BaseHTTPRequestHandler):
    server: Backend

    def do_POST(self) -> None:
        routes = {"/login": self.login, "/profile": self.profile, "/notify": self.notify}
        route = routes.get(self.path)
        if route is None:
            self.answer(404, {"error": f"no route {self.path}"})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(min(length, MAX_BODY)) or b"{}")
            self.answer(200, route(body if isinstance(body, dict) else {}))
        except PlatformError as refused:
            self.answer(502, {"error": f"the platform refused: {refused}"})
        except (LookupError, ValueError) as wrong:
            self.answer(400, {"error": f"bad request: {wrong}"})

    def user(self, body: dict[str, Any]) -> UserSession:
        found = self.server.sessions.get(str(body.get("session", "")))
        if found is None:
            raise LookupError("unknown session: log in again")
        return found

    def login(self, body: dict[str, Any]) -> dict[str, Any]:
        user = self.server.platform.code_to_session(str(body["code"]))
        session = secrets.token_urlsafe(24)
        self.server.sessions[session] = user
        return {"session": session, "openid": user.openid, "templateId": self.server.config.template_id}

    def profile(self, body: dict[str, Any]) -> dict[str, Any]:
        user = self.user(body)
        raw_data = str(body["rawData"])
        expected = hashlib.sha1((raw_data + user.session_key).encode("utf-8")).hexdigest()
        if not hmac.compare_digest(expected, str(body.get("signature", ""))):
            raise ValueError("the profile's signature does not match the session_key")
        return {"nickName": json.loads(raw_data)["nickName"]}

    def notify(self, body: dict[str, Any]) -> dict[str, Any]:
        self.server.platform.send_called(self.user(body).openid)
        return {"sent": True}

    def answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main() -> None:
    config = Config.from_env()
    with Backend(config) as server:
        print(f"login demo backend on http://127.0.0.1:{config.port}, platform {config.platform}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()

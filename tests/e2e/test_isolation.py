# ruff: noqa: F811  (JavaScript source in strings; fixtures are imported and used by name)
"""Hostile mini programs against DESIGN.md's security invariants 1, 2, 3 and 8, in Chromium.

The mini programs under tests/e2e/hostile/ run in the real runtime (`openmini dev`): their page
code tries each attack from inside the logic worker and writes the outcome into its data, which
these tests read from the page frame. A raw TCP recorder stands in for an attacker's server: an
attack "got through" when anything at all reaches it. docs/security.md maps each invariant to
the tests here.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures_isolation import (  # noqa: F401  (pytest fixtures are used by name)
    ARGS,
    CHROMIUM,
    DevServer,
    Recorder,
    banner_shown,
    browser,
    console_text,
    open_host,
    open_page,
    parse_lines,
    playwright,
    poll,
    recorder,
    run_lines,
    start_dev_server,
    top_frame,
    top_text,
    wait_report,
    wait_text,
    worker_targets,
)

APP_A = "wxhostileaaaa0001"
APP_B = "wxhostilebbbb0002"
HOST_SECRET = "host-secret-4f1c"
PLANT_HOST_SECRETS = (
    f"document.cookie = 'omhost={HOST_SECRET}; path=/; max-age=600';"
    f"localStorage.setItem('omhost', '{HOST_SECRET}'); sessionStorage.setItem('omhost', '{HOST_SECRET}');"
    f"indexedDB.open('openmini-host');"
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("isolation")


@pytest.fixture(scope="module")
def app_a(workdir: Path, recorder: Recorder) -> DevServer:
    """The hostile mini program as app A; its storage lives in the shared data folder."""
    return start_dev_server("probe", workdir / "a", workdir / "data", recorder, appid=APP_A)


@pytest.fixture(scope="module")
def app_b(workdir: Path, recorder: Recorder) -> DevServer:
    """The same code as another mini program (app B), on another dev server, same data folder."""
    return start_dev_server("probe", workdir / "b", workdir / "data", recorder, appid=APP_B)


@pytest.fixture()
def host(browser: Any, app_a: DevServer) -> Iterator[Any]:
    page = open_host(browser, app_a)
    yield page
    page.close()


@pytest.fixture(scope="module")
def probes(browser: Any, app_a: DevServer, recorder: Recorder) -> dict[str, str]:
    """Run pages/probe/probe once (host secrets planted first) and keep its outcomes."""
    page = open_host(browser, app_a, before=PLANT_HOST_SECRETS)
    try:
        assert page.evaluate("document.cookie").find(HOST_SECRET) >= 0, "the host cookie was not planted"
        results = run_lines(page, "pages/probe/probe")
        results["__console"] = console_text(page)
    finally:
        page.close()
    time.sleep(0.5)  # late connections would still be recorded
    return results


def no_hit(recorder: Recorder, marker: str) -> None:
    assert recorder.hits_for(marker) == [], f"the recorder was reached: {recorder.hits_for(marker)}"


def absent_or_failed(outcome: str) -> bool:
    return outcome == "absent" or outcome.startswith(("threw:", "rejected:"))


# ---------------------------------------------------------------------------------------------
# Invariant 1: mini program code never runs with the host's origin.


def test_logic_worker_has_an_opaque_origin(probes: dict[str, str]) -> None:
    """Invariant 1: developer code runs in a worker whose origin is opaque ("null")."""
    assert probes["origin"] == "null"


@pytest.mark.parametrize("name", ["document", "window", "parent", "top", "opener", "frames", "self.parent"])
def test_no_path_to_the_host_dom(probes: dict[str, str], name: str) -> None:
    """Invariant 1: `document`, `window`, `parent`, `top`, `opener`, `frames` and `self.parent`
    do not exist in the logic worker, so neither the host's DOM nor `document.cookie` (planted
    on the host beforehand) can be reached."""
    assert probes[name] == "absent"
    assert HOST_SECRET not in json.dumps(probes)


@pytest.mark.parametrize(
    "name", ["localStorage", "sessionStorage", "indexedDB", "caches", "cookieStore", "opfs", "storage.estimate"]
)
def test_no_host_origin_storage(probes: dict[str, str], name: str) -> None:
    """Invariant 1: the host origin's localStorage, sessionStorage, IndexedDB (planted on the host
    beforehand), Cache Storage, cookie store and origin-private file system are out of reach:
    absent in the worker, or refused because its origin is opaque."""
    assert absent_or_failed(probes[name]), probes[name]
    if name == "indexedDB" and probes[name] != "absent":
        assert "SecurityError" in probes[name]


def test_no_eval_in_the_logic_worker(probes: dict[str, str]) -> None:
    """Invariants 1 and 2 (defence in depth): the worker inherits the service frame's CSP, so
    strings are never compiled into code (WeChat forbids eval and new Function too)."""
    assert probes["eval"].startswith("threw:EvalError")
    assert probes["Function"].startswith("threw:EvalError")


def test_frames_have_opaque_origins(host: Any, recorder: Recorder) -> None:
    """Invariant 1 (defence in depth): the service frame and every page frame are sandboxed
    without allow-same-origin, so even code running there (a bug in the view runtime, say)
    could not read the host's DOM, cookies or storage."""
    wait_text(host, "done", 90)
    frames = [f for f in host.frames if f != host.main_frame]
    assert len(frames) >= 2  # the service frame and the page frame
    for frame in frames:
        state = frame.evaluate(
            """() => {
              const tryIt = (fn) => { try { return 'read:' + String(fn()) } catch (e) { return 'blocked:' + e.name } };
              return {
                origin: self.origin,
                parentDom: tryIt(() => parent.document.cookie),
                topDom: tryIt(() => top.document.title),
                cookie: tryIt(() => document.cookie),
                localStorage: tryIt(() => localStorage.getItem('omhost')),
              };
            }"""
        )
        assert state["origin"] == "null"
        assert state["parentDom"] == "blocked:SecurityError"
        assert state["topDom"] == "blocked:SecurityError"
        assert state["cookie"] == "blocked:SecurityError"
        assert state["localStorage"] == "blocked:SecurityError"


def test_two_apps_in_two_hosts_share_nothing(browser: Any, app_a: DevServer, app_b: DevServer) -> None:
    """Invariant 1, between mini programs: apps A and B (two dev servers, two appids) open a page
    at the same time that marks its global scope, broadcasts on a BroadcastChannel and listens;
    neither sees the other's globals or messages."""
    a = open_host(browser, app_a)
    b = open_host(browser, app_b)
    try:
        open_page(a, "pages/leak/leak")
        open_page(b, "pages/leak/leak")
        results = [wait_report(p, 30) for p in (a, b)]
    finally:
        a.close()
        b.close()
    assert results[0]["me"] != results[1]["me"]
    for r in results:
        assert r["foreign-global"] == "none"
        assert r["heard"] == "nothing"


def test_two_apps_in_one_host_share_nothing(browser: Any, app_a: DevServer, app_b: DevServer) -> None:
    """Invariant 1, between mini programs in one host document: a second mini program (app B's
    package) is launched next to app A in the same page; each has its own worker with its own
    opaque origin, so globals and BroadcastChannel messages do not cross."""
    page = open_host(browser, app_a)
    try:
        page.evaluate(
            """async ({packageBase, appId}) => {
              const config = JSON.parse(document.getElementById('openmini-config').textContent);
              const { launch } = await import(config.runtimeBase + 'host/index.js');
              const box = document.createElement('div');
              box.id = 'second';
              box.style.cssText = 'position:fixed;right:0;top:0;width:375px;height:667px';
              document.body.appendChild(box);
              window.second = await launch(box, { ...config, packageBase, appId, path: 'pages/leak/leak' });
            }""",
            {"packageBase": app_b.base + "/app/", "appId": APP_B},
        )
        open_page(page, "pages/leak/leak")

        def second_text() -> str:
            index = page.evaluate(
                "() => { const fs = window.second.frames(); return Array.from(document.querySelectorAll('iframe')).indexOf(fs[fs.length - 1]) }"
            )
            frame = page.query_selector_all("iframe")[index].content_frame()
            return str(frame.evaluate("document.body.innerText"))

        first = wait_report(page, 30)
        second = wait_report(page, 30, second_text)
    finally:
        page.close()
    assert first["me"] != second["me"]
    for r in (first, second):
        assert r["foreign-global"] == "none"
        assert r["heard"] == "nothing"


# ---------------------------------------------------------------------------------------------
# Invariant 2: the network only through wx.request & co., only to registered domains.

NETWORK_GLOBALS = {
    "fetch": "/fetch",
    "XMLHttpRequest": "/xhr",
    "WebSocket": "/websocket",
    "EventSource": "/eventsource",
    "importScripts": "/importScripts",
    "Worker": "/worker",
    "SharedWorker": "/sharedworker",
    "WebTransport": "/webtransport",
    "sendBeacon": "/beacon",
}


@pytest.mark.parametrize("name", sorted(NETWORK_GLOBALS))
def test_network_globals_are_gone(probes: dict[str, str], recorder: Recorder, name: str) -> None:
    """Invariant 2: fetch, XMLHttpRequest, WebSocket, EventSource, importScripts, Worker,
    SharedWorker, WebTransport and navigator.sendBeacon are unusable from developer code, and the
    recorder they aim at gets no hit."""
    assert absent_or_failed(probes[name]), probes[name]
    no_hit(recorder, NETWORK_GLOBALS[name])


def test_deleted_fetch_cannot_be_recovered(probes: dict[str, str]) -> None:
    """Invariant 2: no prototype of the worker's global still holds `fetch`, and a module loaded
    from a blob: URL (the CSP allows those) runs in the same network-less scope."""
    assert probes["fetch-recovered"] == "absent"
    assert probes["blob-module"] == "ok:undefined,undefined"


@pytest.mark.parametrize(
    ("name", "marker"), [("import", "/import.js"), ("import-data", "data:"), ("FontFace", "/font")]
)
def test_module_and_font_loads_are_blocked(probes: dict[str, str], recorder: Recorder, name: str, marker: str) -> None:
    """Invariant 2: dynamic import() of an http (or data:) URL and a FontFace URL are refused by
    the CSP the worker inherits (script-src: the runtime only; default-src 'none')."""
    assert probes[name].startswith(("rejected:", "threw:")), probes[name]
    no_hit(recorder, marker)


def test_csp_blocks_the_network_even_if_a_global_survived(host: Any, recorder: Recorder) -> None:
    """Invariant 2 (defence in depth): were a network global ever left in the worker, the CSP
    (connect-src 'none') still refuses it: a fresh blob: worker made in the service frame, and
    the page frame itself, both fail to fetch the recorder."""
    wait_text(host, "done", 90)
    service = host.query_selector("iframe.om-service").content_frame()
    outcome = service.evaluate(
        """(rec) => new Promise((resolve) => {
          const src = `fetch(${JSON.stringify(rec + '/csp-worker-fetch')}).then(() => postMessage('fetched'), (e) => postMessage('blocked:' + e.name));
                       try { new WebSocket(${JSON.stringify(rec.replace('http', 'ws') + '/csp-worker-ws')}); postMessage('ws-made') } catch (e) { postMessage('ws-blocked:' + e.name) }`;
          const w = new Worker(URL.createObjectURL(new Blob([src], {type: 'text/javascript'})));
          const seen = [];
          w.onmessage = (e) => { seen.push(e.data); if (seen.length === 2) resolve(seen.sort().join(' ')) };
          setTimeout(() => resolve(seen.sort().join(' ') || 'timeout'), 4000);
        })""",
        recorder.url,
    )
    assert "fetched" not in outcome
    frame = top_frame(host)
    page_outcome = frame.evaluate(
        "(rec) => fetch(rec + '/csp-frame-fetch').then(() => 'fetched', (e) => 'blocked:' + e.name)", recorder.url
    )
    assert page_outcome == "blocked:TypeError"
    time.sleep(0.5)
    no_hit(recorder, "/csp-")


def test_wx_request_to_unregistered_domain_fails(probes: dict[str, str], recorder: Recorder) -> None:
    """Invariant 2: wx.request to a domain the developer did not register fails with WeChat's
    `request:fail url not in domain list` (http or https alike), and nothing reaches it."""
    assert probes["wx.request"] == "fail:request:fail url not in domain list"
    assert probes["wx.request-https"] == "fail:request:fail url not in domain list"
    no_hit(recorder, "/wx-request")
    assert not [h for h in recorder.hits if h.startswith("<binary")], "a TLS handshake reached the recorder"


def test_wx_request_cannot_reach_the_platform_api(probes: dict[str, str]) -> None:
    """Invariants 1 and 2: wx.request cannot be pointed at the platform's own API (to read
    another mini program's storage through the proxy, say)."""
    assert probes["wx.request-platform"] == "fail:request:fail url not in domain list"


def test_wx_transfers_to_unregistered_domains_fail(probes: dict[str, str], recorder: Recorder) -> None:
    """Invariant 2: downloadFile, uploadFile and connectSocket to an unregistered host fail and
    never reach it."""
    assert probes["wx.downloadFile"] == "fail:downloadFile:fail url not in domain list"
    assert probes["wx.uploadFile"].startswith("fail:uploadFile:fail")
    no_hit(recorder, "/wx-download")
    no_hit(recorder, "/wx-upload")
    no_hit(recorder, "/wx-socket")


def test_wx_connect_socket_to_unregistered_domain_never_opens(probes: dict[str, str], recorder: Recorder) -> None:
    """Invariant 2: wx.connectSocket to an unregistered host fails and never reports onOpen: the
    relay refuses the browser's WebSocket handshake itself (and the refused host gets no hit)."""
    no_hit(recorder, "/wx-socket")
    assert probes["wx.connectSocket"].startswith("fail:"), probes["wx.connectSocket"]


def test_rendering_does_not_reach_other_http_origins(probes: dict[str, str], recorder: Recorder) -> None:
    """Invariant 2 through the view: <image>, a background-image style, <rich-text> <img> and
    <video> pointing at another http origin are refused by the page frame's CSP (network images
    are allowed from https: only, as WeChat shows them)."""
    assert probes["fetch"]  # the probe page rendered (and so tried to load these) before reporting
    for marker in ("/view-image", "/view-background", "/view-rich-text", "/view-video"):
        no_hit(recorder, marker)


def test_save_image_does_not_fetch_urls(probes: dict[str, str], recorder: Recorder) -> None:
    """Invariant 2: wx.saveImageToPhotosAlbum takes a temporary or package file, never a URL
    (WeChat: no network paths): the host must not fetch it with the platform's origin — not the
    recorder, and not the platform's own API with the user's cookies."""
    assert probes["wx.saveImageToPhotosAlbum"].startswith("fail:saveImageToPhotosAlbum:fail"), probes[
        "wx.saveImageToPhotosAlbum"
    ]
    assert probes["wx.saveImageToPhotosAlbum-platform"].startswith("fail:saveImageToPhotosAlbum:fail")
    no_hit(recorder, "/wx-save-image")


def test_toast_image_is_a_local_file(probes: dict[str, str], recorder: Recorder) -> None:
    """Invariant 2: wx.showToast's `image` is a local path (WeChat's docs); the host must not
    load a URL the mini program chose."""
    no_hit(recorder, "/wx-toast-image")


def test_get_image_info_respects_the_domain_list(probes: dict[str, str], recorder: Recorder) -> None:
    """Invariant 2: wx.getImageInfo of a network image needs a registered downloadFile domain
    (WeChat's rule); an unregistered one must not be loaded by the host."""
    no_hit(recorder, "/wx-image-info")


def post_json(url: str, body: Any, method: str = "POST") -> tuple[int, Any]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"content-type": "application/json"}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_platform_proxy_checks_the_domain_list_itself(app_a: DevServer, recorder: Recorder) -> None:
    """Invariant 2, server side: the platform's request/download proxy refuses unregistered and
    non-https URLs whoever calls it (a modified host, curl), with WeChat's errMsg."""
    for url in (
        recorder.url + "/server-request",
        recorder.url.replace("http:", "https:") + "/server-request",
        "https://localhost/x",
        "file:///etc/passwd",
    ):
        status, body = post_json(f"{app_a.base}/api/request?appid={APP_A}", {"url": url})
        assert status == 403 or status == 400, (url, status, body)
        assert body["errMsg"].startswith("request:fail "), body
    status, body = post_json(f"{app_a.base}/api/download?appid={APP_A}", {"url": recorder.url + "/server-download"})
    assert status == 403 and body["errMsg"] == "downloadFile:fail url not in domain list"
    time.sleep(0.3)
    no_hit(recorder, "/server-")


def test_socket_relay_refuses_unregistered_hosts(app_a: DevServer, recorder: Recorder) -> None:
    """Invariant 2, server side: the WebSocket relay rejects the handshake itself and never dials
    an unregistered host."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    ws_base = app_a.base.replace("http", "ws")
    with pytest.raises(InvalidStatus) as refused:
        connect(f"{ws_base}/api/socket?appid={APP_A}&url=ws://127.0.0.1:{recorder.port}/server-socket")
    assert refused.value.response.status_code == 403
    no_hit(recorder, "/server-socket")


# ---------------------------------------------------------------------------------------------
# Invariant 3: storage per (user, mini program), 10 MB quota.


def test_storage_is_not_shared_between_apps(browser: Any, app_a: DevServer, app_b: DevServer) -> None:
    """Invariant 3: a value app A stores with wx.setStorageSync is invisible to app B, though
    both dev servers keep storage in the same data folder for the same user."""
    a = open_host(browser, app_a)
    b = open_host(browser, app_b)
    try:
        wrote = run_lines(a, "pages/store/store?step=write")
        assert wrote["write"] == "ok"
        poll(
            lambda: "secret" in a.evaluate("document.getElementById('storage').innerText"),
            10,
            message="A's write to persist",
        )
        seen_by_b = run_lines(b, "pages/store/store?step=read")
        assert seen_by_b["secret"] == '""'
        assert "secret" not in seen_by_b["keys"].split(",")
        reread_b = run_lines(b, "pages/store/store?step=read")  # a fresh launch: B's partition from the server
        assert reread_b["secret"] == '""'
    finally:
        a.close()
        b.close()


def test_storage_survives_a_reload(browser: Any, app_a: DevServer) -> None:
    """Invariant 3: storage is persisted by the platform, not kept in the worker: after the
    simulator page is reloaded, the value is still there."""
    page = open_host(browser, app_a)
    try:
        assert run_lines(page, "pages/store/store?step=write")["write"] == "ok"
        poll(
            lambda: "secret" in page.evaluate("document.getElementById('storage').innerText"),
            10,
            message="the write to persist",
        )
        page.reload()
        poll(lambda: page.evaluate("!!window.openmini"), 20)
        after = run_lines(page, "pages/store/store?step=read")
    finally:
        page.close()
    assert after["secret"] == '"app-a-storage-secret"'
    assert "profile" in after["keys"].split(",")


def test_storage_quotas(browser: Any, app_a: DevServer) -> None:
    """Invariant 3: a value over 1 MB and a total over 10 MB are refused with WeChat's errMsg,
    synchronously and asynchronously."""
    page = open_host(browser, app_a)
    try:
        r = run_lines(page, "pages/store/store?step=limits", timeout=120)
        run_lines(page, "pages/store/store?step=clear")
    finally:
        page.close()
    assert r["item-sync"] == "threw:setStorageSync:fail exceed storage item max length"
    assert r["item-async"] == "fail:setStorage:fail exceed storage item max length"
    assert r["total-sync"] == "10:threw:setStorageSync:fail exceed storage max size 10Mb"
    assert r["total-async"] == "fail:setStorage:fail exceed storage max size 10Mb"
    used, limit = (int(x) for x in r["size"].split("/"))
    assert limit == 10240 and used <= limit


def test_storage_quotas_are_enforced_by_the_server(app_a: DevServer) -> None:
    """Invariant 3, server side: the platform refuses an entry over 1 MB and a partition over
    10 MB itself (413, WeChat's errMsg), so a modified host cannot go around the worker's check."""
    url = f"{app_a.base}/api/storage?appid={APP_A}"
    status, body = post_json(url, {"key": "big", "value": {"type": "String", "data": "x" * (1024 * 1024 + 1)}}, "PUT")
    assert status == 413 and body["errMsg"] == "setStorage:fail exceed storage item max length"
    try:
        for i in range(11):
            status, body = post_json(
                url, {"key": f"server-fill-{i}", "value": {"type": "String", "data": "y" * (1000 * 1024)}}, "PUT"
            )
            if status != 200:
                break
        assert (i, status, body["errMsg"]) == (10, 413, "setStorage:fail exceed storage max size 10Mb")
    finally:
        for i in range(11):
            urllib.request.urlopen(
                urllib.request.Request(f"{url}&key=server-fill-{i}", method="DELETE"), timeout=10
            ).close()


# ---------------------------------------------------------------------------------------------
# Invariant 8: a runaway mini program cannot freeze the host; the user can always close it.


def host_responsive(page: Any) -> None:
    """A host button still works: the simulator's panel tabs switch at once."""
    page.click("[data-tab=network]", timeout=3000)
    assert page.evaluate("document.getElementById('network').classList.contains('on')")
    page.click("[data-tab=console]", timeout=3000)
    assert page.evaluate("document.getElementById('console').classList.contains('on')")


def close_from_banner(browser: Any, page: Any) -> None:
    """Wait for the "not responding" banner (the heartbeat: 5 s without a pong), keep checking
    the host while waiting, then close the mini program from it."""
    poll(lambda: host_responsive(page) or banner_shown(page), 15, 0.3, "the not-responding banner")
    page.click(".om-banner button:has-text('关闭')", timeout=3000)
    poll(lambda: "The mini program was closed." in page.evaluate("document.getElementById('phone').innerText"), 5)
    assert page.evaluate("document.querySelectorAll('iframe').length") == 0
    poll(lambda: worker_targets(browser) == [], 5, message="the logic worker to be terminated")


def test_endless_loop_in_on_load(browser: Any, app_a: DevServer) -> None:
    """Invariant 8: `for (;;) {}` in a page's onLoad hangs only the logic worker: the host keeps
    answering clicks, the "not responding" banner appears, and Close removes the mini program
    (and terminates the worker)."""
    page = open_host(browser, app_a)
    try:
        open_page(page, "pages/loop/loop")
        poll(lambda: "entering an endless loop" in console_text(page), 10)
        host_responsive(page)
        close_from_banner(browser, page)
    finally:
        page.close()


def test_endless_loop_in_tap_handler(browser: Any, app_a: DevServer) -> None:
    """Invariant 8: an endless loop in a tap handler, after the page rendered: the host stays
    responsive, the banner appears, Close removes the mini program."""
    page = open_host(browser, app_a)
    try:
        open_page(page, "pages/tap/tap")
        wait_text(page, "count=0")
        top_frame(page).click("#bump")
        wait_text(page, "count=1")
        top_frame(page).click("#spin")
        poll(lambda: "spinning forever" in console_text(page), 10)
        host_responsive(page)
        close_from_banner(browser, page)
    finally:
        page.close()


def test_set_data_in_an_endless_loop(browser: Any, app_a: DevServer) -> None:
    """Invariant 8: setData called in an endless loop does not flood the page frame or the host
    (updates are sent when the handler returns, which it never does)."""
    page = open_host(browser, app_a)
    try:
        open_page(page, "pages/flood/flood")
        wait_text(page, "n=0")
        top_frame(page).click("#setdata")
        host_responsive(page)
        close_from_banner(browser, page)
    finally:
        page.close()


@pytest.mark.xfail(
    strict=False,
    reason="passes with the worker's console budget and the simulator's capped, per-frame Console panel; "
    "still missed the banner a few times on a heavily loaded machine (load average ~9 on 2 CPUs)",
)
def test_console_flood(browser: Any, app_a: DevServer) -> None:
    """Invariant 8: `for (;;) console.log(…)` must not freeze the host with forwarded output."""
    page = open_host(browser, app_a)
    try:
        open_page(page, "pages/flood/flood")
        wait_text(page, "n=0")
        top_frame(page).click("#console")
        time.sleep(2)
        close_from_banner(browser, page)
    finally:
        page.close()


def test_host_call_flood(browser: Any, app_a: DevServer) -> None:
    """Invariant 8: `for (;;) wx.getNetworkType({})` must not freeze the host with calls."""
    page = open_host(browser, app_a)
    try:
        open_page(page, "pages/flood/flood")
        wait_text(page, "n=0")
        top_frame(page).click("#calls")
        time.sleep(2)
        close_from_banner(browser, page)
    finally:
        page.close()


def test_huge_set_data_is_refused(browser: Any, app_a: DevServer) -> None:
    """Invariant 8: a 10 MB setData is refused in the worker with a clear console error (WeChat's
    limit is 1024 KB per call), nothing is sent to the page, and the page keeps working."""
    page = open_host(browser, app_a)
    try:
        open_page(page, "pages/big/big")
        wait_text(page, "count=0")
        top_frame(page).click("#huge")
        poll(lambda: "over the 1024 KB limit" in console_text(page), 10, message="the setData error on the console")
        top_frame(page).click("#caught")
        wait_text(page, "outcome=refused stored=0")
        top_frame(page).click("#bump")
        wait_text(page, "count=1")
        host_responsive(page)
        assert not banner_shown(page)
        assert "x" * 1000 not in top_text(page)
    finally:
        page.close()


def test_memory_bomb(playwright: Any, app_a: DevServer) -> None:
    """Invariant 8: a worker that allocates until it runs out of memory crashes only the
    sandboxed frames' process; the host document lives on, shows the banner, and closes the
    mini program. (A browser of its own with a small V8 heap, so the bomb goes off quickly.)"""
    b = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*ARGS, "--js-flags=--max-old-space-size=256"])
    try:
        page = open_host(b, app_a)
        open_page(page, "pages/flood/flood")
        wait_text(page, "n=0")
        top_frame(page).click("#memory")
        # Playwright gives up on a page once any of its frames' processes crash: talk to the
        # host document over CDP from here on.
        cdp = page.context.new_cdp_session(page)

        def host(expression: str) -> Any:
            return cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get(
                "value"
            )

        poll(
            lambda: host("(() => { const b = document.querySelector('.om-banner'); return !!b && !b.hidden })()"),
            30,
            0.3,
            "the banner",
        )
        assert host("document.title") == "openmini simulator"
        host("[...document.querySelectorAll('.om-banner button')].find((b) => b.textContent === '关闭').click()")
        poll(lambda: host("document.getElementById('phone').innerText").startswith("The mini program was closed."), 5)
    finally:
        b.close()

"""Platform server throughput: package files against nginx, and launches, on 2 server processes.

    .venv/bin/python bench/serve.py [--duration 10] [--threads 2] [--connections 64] [--json out.json]

One run starts a fresh `openmini serve --workers 2` (SQLite + a local blob folder in a temp
dir; uvicorn's own worker processes sharing one listening socket, the way an operator scales
one machine, so wrk needs one URL) and nginx (Debian's, a private config: 2 workers, sendfile,
open_file_cache, no gzip, no access log) serving a copy of the released sample's package files
from the blob folder under the same paths. wrk (Debian's) then measures, one run after the other:

- a mid-size JS file of the sample, `Accept-Encoding: br`, from both. Both answer the same
  precompressed brotli bytes (the blob store's `.br` variant; nginx picks the copied `.br`
  file through a `map` on Accept-Encoding, which is what `brotli_static` does), and every
  response's body length is checked, so the ratio compares like for like;
- `POST /api/shell/launch` with a guest session cookie (resolve the release for this user,
  record the launch: a database write) and `GET /p/<version>/manifest.json` (an access check
  in the database), as two runs, each with requests/s and p50/p99; the manifest also from
  nginx as a static file, for a ratio. A whole launch is both requests; its rate is derived.

wrk shares the machine's cores with the server it measures, for both servers alike. Figures
are what to compare by ratio across machines; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from openmini.platform.versions import file_key, manifest_key
from openmini.server.samples import SAMPLES

NGINX = "/usr/sbin/nginx"
WRK = "wrk"
SAMPLE = SAMPLES[0]
READY_TIMEOUT_S = 180.0
PROCESSES = 2
COMMAND = ".venv/bin/python bench/serve.py"


# ---------------------------------------------------------------- wrk


@dataclass(frozen=True)
class Run:
    """One wrk run's figures."""

    label: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int  # answered, but not with the expected status and body
    socket_errors: int  # connect, read, write and timeout errors
    command: str

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string for the ASCII we send


def wrk_script(method: str, headers: dict[str, str], body: str | None, expect: str | int) -> str:
    """A wrk script: the request, a check of every response, and one machine-readable summary line.

    `expect` is the exact body length (int) or a text the body must contain (str).
    """
    lines = [f"wrk.method = {lua_string(method)}"]
    lines += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()]
    if body is not None:
        lines.append(f"wrk.body = {lua_string(body)}")
    check = f"#body == {expect}" if isinstance(expect, int) else f"string.find(body, {lua_string(expect)}, 1, true)"
    lines.append(
        f"""
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0 end
function response(status, headers, body)
  if status ~= 200 or not ({check}) then failed = failed + 1 end
end
function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failed") end
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), failed, e.connect + e.read + e.write + e.timeout))
end
"""
    )
    return "\n".join(lines)


def wrk(label: str, args: list[str]) -> Run:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    found = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", done.stdout, re.M)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"wrk failed ({label}):\n{done.stdout}\n{done.stderr}")
    requests, micros, p50, p99, failed, errors = (int(g) for g in found.groups())
    return Run(label, requests, micros / 1e6, p50 / 1000, p99 / 1000, failed, errors, shlex.join(args))


# ---------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    check: Callable[[], object], what: str, timeout_s: float, process: subprocess.Popen[bytes], log: Path
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what}: the process exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")


@contextmanager
def running(args: list[str], log: Path, stop: signal.Signals, env: dict[str, str] | None = None) -> Iterator[Any]:
    """A process in its own session, stopped with `stop` (then killed with its group if it lingers)."""
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(stop)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fetch(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()
    except OSError:
        return 0, None, b""


# ---------------------------------------------------------------- our server


@dataclass(frozen=True)
class Target:
    """What is measured: the sample's released version, one of its JS files, a guest session."""

    appid: str
    version_id: int
    file: str  # stored (content-addressed) name
    size: int
    brotli_size: int
    cookie: str
    manifest_size: int


def platform(data_dir: Path, port: int) -> list[str]:
    openmini = str(Path(sys.executable).parent / "openmini")
    return [openmini, "serve", "--data-dir", str(data_dir), "--port", str(port), "--workers", str(PROCESSES)]


def clean_env() -> dict[str, str]:
    # The benchmark's server is configured by its flags only, never by the caller's OPENMINI_* settings.
    return {k: v for k, v in os.environ.items() if not k.startswith("OPENMINI_")}


def find_sample(base: str) -> str | None:
    status, _, body = fetch(f"{base}/api/shell/search?q={urllib.parse.quote(SAMPLE.name)}")
    items = json.loads(body)["items"] if status == 200 else []
    return next((str(i["appid"]) for i in items if i["name"] == SAMPLE.name), None)


def mid_size_js(manifest: dict[str, Any]) -> dict[str, Any]:
    """The JS file of median size (the larger middle one for an even count) that has a brotli variant."""
    scripts = [e for e in manifest["files"].values() if e["file"].endswith(".js") and e.get("brotliSize")]
    if not scripts:
        raise SystemExit("the sample's package has no brotli-compressed JS file")
    return sorted(scripts, key=lambda e: int(e["size"]))[len(scripts) // 2]  # type: ignore[no-any-return]


def prepare(base: str, blobs: Path) -> Target:
    """A guest session and one launch (as the shell does), then the file to measure, checked once."""
    appid = find_sample(base)
    assert appid is not None
    status, headers, body = fetch(f"{base}/api/shell/guest", data=b"")
    cookie = headers.get("set-cookie", "").split(";")[0] if status == 200 else ""
    if not cookie:
        raise SystemExit(f"no guest session: {status} {body[:300]!r}")
    launch = json.dumps({"appid": appid, "via": "search"}).encode()
    status, _, body = fetch(
        f"{base}/api/shell/launch", data=launch, headers={"Cookie": cookie, "Content-Type": "application/json"}
    )
    answer = json.loads(body) if status == 200 else {}
    if "packageBase" not in answer:
        raise SystemExit(f"the launch failed: {status} {body[:300]!r}")
    version_id = int(answer["version"]["id"])
    manifest_bytes = (blobs / manifest_key(version_id)).read_bytes()
    entry = mid_size_js(json.loads(manifest_bytes))
    target = Target(
        appid, version_id, entry["file"], int(entry["size"]), int(entry["brotliSize"]), cookie, len(manifest_bytes)
    )
    status, headers, body = fetch(f"{base}{file_path(target)}", headers={"Accept-Encoding": "br"})
    expected = (blobs / (file_key(target.file) + ".br")).read_bytes()
    if status != 200 or headers.get("content-encoding") != "br" or body != expected:
        raise SystemExit(f"our server did not answer the stored brotli bytes of {target.file}: {status}")
    return target


def file_path(target: Target) -> str:
    return f"/p/{target.version_id}/files/{target.file}"


def manifest_path(target: Target) -> str:
    return f"/p/{target.version_id}/manifest.json"


def requests_per_process(database: Path) -> dict[str, tuple[int, int]]:
    """(requests, 5xx) by process, as each server process counts them for the health page (platform/metrics.py)."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT process, SUM(requests), SUM(errors) FROM request_counts GROUP BY process")
        return {str(p): (int(r), int(e)) for p, r, e in rows.fetchall()}
    finally:
        connection.close()


# ---------------------------------------------------------------- nginx


def nginx_config(root: Path, port: int, prefix: Path) -> str:
    return f"""
daemon off;
worker_processes {PROCESSES};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  gzip off;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  # brotli_static without the module: the precompressed copy when the client accepts br.
  map $http_accept_encoding $br_suffix {{ "~*(^|[ ,])br([ ,;]|$)" ".br"; default ""; }}
  map $br_suffix $br_encoding {{ ".br" "br"; default ""; }}
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location ~ \\.js$ {{
      types {{ }}
      default_type "text/javascript; charset=utf-8";
      add_header Content-Encoding $br_encoding;
      add_header Vary Accept-Encoding;
      add_header Cache-Control "public, max-age=31536000, immutable";
      try_files $uri$br_suffix $uri =404;
    }}
    location ~ \\.json$ {{
      add_header Cache-Control no-cache;
    }}
  }}
}}
"""


def nginx_root(root: Path, blobs: Path, target: Target) -> None:
    """The version's package files (and brotli copies) and manifest, copied out of the blob folder under our paths."""
    files = root / "p" / str(target.version_id) / "files"
    files.mkdir(parents=True)
    manifest = json.loads((blobs / manifest_key(target.version_id)).read_bytes())
    for entry in manifest["files"].values():
        for name in (entry["file"], entry["file"] + ".br"):
            source = blobs / file_key(name)
            if source.exists():
                shutil.copyfile(source, files / name)
    shutil.copyfile(blobs / manifest_key(target.version_id), root / manifest_path(target).lstrip("/"))
    # nginx's workers run as nobody when it is started as root.
    for folder in [root, *root.rglob("*")]:
        folder.chmod(0o755 if folder.is_dir() else 0o644)


# ---------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Load:
    duration: float
    threads: int
    connections: int
    work: Path  # where the wrk scripts go

    def run(self, label: str, url: str, script: str, duration: float | None = None) -> Run:
        path = self.work / f"{re.sub(r'[^a-z0-9]+', '-', label.lower())}.lua"
        path.write_text(script, "utf-8")
        seconds = max(1, round(self.duration if duration is None else duration))
        args = [WRK, f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s", "--timeout", "10s"]
        return wrk(label, [*args, "--latency", "-s", str(path), url])


@dataclass(frozen=True)
class Measured:
    target: Target
    runs: dict[str, Run]
    served: list[int]  # requests each server process answered during the runs, most first
    errors_5xx: int


def measure(load: Load) -> Measured:
    data_dir, prefix, root = load.work / "serve", load.work / "nginx", load.work / "www"
    database, blobs = data_dir / "openmini.db", data_dir / "blobs"
    prefix.mkdir()
    ours_port, nginx_port = free_port(), free_port()
    ours, theirs = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{nginx_port}"
    log = load.work / "serve.log"
    with running(platform(data_dir, ours_port), log, signal.SIGINT, clean_env()) as server:
        # First run: migrations, the operator account and the samples' release (compiled) come first.
        wait_until(lambda: find_sample(ours), "openmini serve to release the samples", READY_TIMEOUT_S, server, log)
        target = prepare(ours, blobs)
        nginx_root(root, blobs, target)
        (prefix / "nginx.conf").write_text(nginx_config(root, nginx_port, prefix), "utf-8")
        nginx_args = [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf")]
        with running(nginx_args, prefix / "stdout.log", signal.SIGQUIT) as nginx:
            wait_until(
                lambda: fetch(theirs + manifest_path(target))[0] == 200, "nginx", 30, nginx, prefix / "error.log"
            )
            file_script = wrk_script("GET", {"Accept-Encoding": "br"}, None, target.brotli_size)

            def both_answer() -> bool:
                # A process counts its requests in the database every few seconds (the health page):
                # until both have, one of them may still be starting.
                load.run("warm-up", ours + file_path(target), file_script, duration=1)
                return len(requests_per_process(database)) >= PROCESSES

            wait_until(both_answer, f"{PROCESSES} server processes answering", 60, server, log)
            load.run("warm-up nginx", theirs + file_path(target), file_script, duration=1)
            before = requests_per_process(database)
            session = {"Cookie": target.cookie}
            launch = json.dumps({"appid": target.appid, "via": "search"})
            launch_script = wrk_script("POST", {**session, "Content-Type": "application/json"}, launch, '"packageBase"')
            manifest_script = wrk_script("GET", session, None, target.manifest_size)
            manifest = manifest_path(target)
            runs = {
                "file_ours": load.run("package file, openmini serve", ours + file_path(target), file_script),
                "file_nginx": load.run("package file, nginx", theirs + file_path(target), file_script),
                "launch": load.run("POST /api/shell/launch, openmini serve", ours + "/api/shell/launch", launch_script),
                "manifest_ours": load.run("manifest.json, openmini serve", ours + manifest, manifest_script),
                "manifest_nginx": load.run("manifest.json, nginx", theirs + manifest, manifest_script),
            }
    # Stopped: every process has written its last counts.
    after = requests_per_process(database)
    served = sorted((n - before.get(p, (0, 0))[0] for p, (n, _) in after.items()), reverse=True)
    errors = sum(e for _, e in after.values()) - sum(e for _, e in before.values())
    return Measured(target, runs, served, errors)


# ---------------------------------------------------------------- printing


def row(label: str, *cells: str) -> None:
    print(f"  {label:<44}" + "".join(f"{c:>12}" for c in cells))


def ratio(ours: Run, reference: Run) -> float:
    return ours.per_second / reference.per_second if reference.per_second > 0 else float("nan")


def report(measured: Measured, load: Load, command: str) -> dict[str, Any]:
    runs, target = measured.runs, measured.target
    file_ratio = ratio(runs["file_ours"], runs["file_nginx"])
    manifest_ratio = ratio(runs["manifest_ours"], runs["manifest_nginx"])
    launch, manifest = runs["launch"].per_second, runs["manifest_ours"].per_second
    whole = 1 / (1 / launch + 1 / manifest) if launch > 0 and manifest > 0 else 0.0
    print(
        f"openmini serve benchmark: {PROCESSES} server processes (openmini serve --workers {PROCESSES}, SQLite"
        f" + local blob folder) vs nginx ({PROCESSES} workers); wrk {load.threads} threads,"
        f" {load.connections} connections, {max(1, round(load.duration))} s per run, {os.cpu_count()} cores"
    )
    print(
        f"file: {file_path(target)}, the '{SAMPLE.name}' sample's mid-size JS file, {target.size:,} bytes,"
        f" {target.brotli_size:,} bytes brotli; Accept-Encoding: br, both send the same brotli bytes"
    )
    row("", "req/s", "p50 ms", "p99 ms", "failed")
    for run in runs.values():
        failed = run.failed + run.socket_errors
        row(run.label, f"{run.per_second:,.0f}", f"{run.p50_ms:.2f}", f"{run.p99_ms:.2f}", str(failed))
    print(f"ratio ours / nginx, package file: {file_ratio:.2f}x")
    print(f"ratio ours / nginx, manifest: {manifest_ratio:.2f}x")
    print(f"a whole launch (launch + manifest, derived from the two runs): {whole:,.0f} launches/s")
    served = measured.served
    split = " / ".join(f"{100 * n / sum(served):.0f}%" for n in served) if sum(served) else "none counted"
    print(f"requests answered per server process: {split}; 5xx answered: {measured.errors_5xx}")
    print(f"command: {command}")
    for run in runs.values():
        print(f"  wrk ({run.label}): {run.command}")
    return {
        "command": command,
        "processes": PROCESSES,
        "file": {"path": file_path(target), "size": target.size, "brotli_size": target.brotli_size},
        "runs": {key: {**asdict(run), "per_second": run.per_second} for key, run in runs.items()},
        "ratio_file": file_ratio,
        "ratio_manifest": manifest_ratio,
        "launches_per_second": whole,
        "requests_per_process": served,
        "errors_5xx": measured.errors_5xx,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    for tool in (NGINX, WRK):
        if shutil.which(tool) is None:
            raise SystemExit(f"missing {tool}: run scripts/bootstrap (as root on a fresh machine)")
    command = shlex.join([*shlex.split(COMMAND), *(sys.argv[1:] if argv is None else argv)])
    with tempfile.TemporaryDirectory(prefix="openmini-bench-") as folder:
        work = Path(folder)
        work.chmod(0o755)  # nginx's workers (nobody, when started as root) read the copied files in it
        load = Load(args.duration, args.threads, args.connections, work)
        figures = report(measure(load), load, command)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    return figures


if __name__ == "__main__":
    main()

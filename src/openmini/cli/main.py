"""`openmini` — the command line: build and check mini programs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from openmini import __version__
from openmini.cli.remote import OpenApiClient, RemoteError
from openmini.compiler import CompileOptions, compile_project
from openmini.compiler.diagnostics import Diagnostic, Severity
from openmini.compiler.generate.package import human_size
from openmini.platform.errors import PlatformError
from openmini.platform.uploads import pack_source

if TYPE_CHECKING:
    from openmini.settings import Settings

app = typer.Typer(
    name="openmini",
    help="openmini: build, check, run and publish WeChat-format mini programs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

SourceArg = Annotated[Path, typer.Argument(help="The mini program folder (with app.json or project.config.json).")]


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    styles = {Severity.NOTE: "cyan", Severity.WARNING: "yellow", Severity.ERROR: "red", Severity.FATAL: "red"}
    for d in diagnostics:
        label = d.severity.name.lower()
        err.print(f"[bold]{d.location}[/bold]: [{styles[d.severity]}]{label}[/] OM{d.code}: {d.message}", markup=True)
        if d.frame:
            err.print(d.frame, markup=False)


@app.command()
def build(
    source: SourceArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the package into.")] = Path("out"),
    json_output: Annotated[bool, typer.Option("--json", help="Print diagnostics and sizes as JSON.")] = False,
) -> None:
    """Compile a mini program folder into a package (manifest + content-addressed files)."""
    started = time.perf_counter()
    result = compile_project(source, CompileOptions())
    elapsed = time.perf_counter() - started
    if json_output:
        payload = {
            "ok": result.package is not None,
            "diagnostics": [d.to_json() for d in result.diagnostics],
            "sizes": result.package.manifest["sizes"] if result.package else None,
        }
        if result.package is not None:
            result.package.write(output)
        out.print_json(json.dumps(payload))
        raise typer.Exit(0 if result.package is not None else 1)
    _print_diagnostics(result.diagnostics)
    if result.package is None:
        errors = sum(1 for d in result.diagnostics if d.is_error)
        err.print(f"[red]build failed[/]: {errors} error(s)")
        raise typer.Exit(1)
    result.package.write(output)
    sizes = result.package.manifest["sizes"]
    summary = ", ".join(f"{name} {human_size(size)}" for name, size in sizes.items())
    out.print(f"built {source} → {output} in {elapsed * 1000:.0f} ms ({summary})")


@app.command()
def check(
    source: SourceArg,
    json_output: Annotated[bool, typer.Option("--json", help="Print diagnostics as JSON.")] = False,
) -> None:
    """Report every error and warning in a mini program folder without writing a package."""
    result = compile_project(source, CompileOptions())
    if json_output:
        out.print_json(json.dumps([d.to_json() for d in result.diagnostics]))
    else:
        _print_diagnostics(result.diagnostics)
        errors = sum(1 for d in result.diagnostics if d.is_error)
        warnings = sum(1 for d in result.diagnostics if d.severity == Severity.WARNING)
        out.print(f"{errors} error(s), {warnings} warning(s)")
    raise typer.Exit(1 if result.package is None else 0)


@app.command()
def dev(
    source: SourceArg,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the simulator in a browser.")] = False,
    domain: Annotated[
        list[str] | None, typer.Option(help="A request domain to allow (https://… or wss://…); repeatable.")
    ] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Where the simulator keeps storage.")] = None,
) -> None:
    """Run a mini program in the simulator, recompiling and reloading on every save."""
    import webbrowser

    import uvicorn

    from openmini.server.dev import create_dev_app

    def on_console(entry: dict[str, object]) -> None:
        level = str(entry.get("level", "log"))
        where = f" ({entry['where']})" if entry.get("where") else ""
        args = entry.get("args")
        text = " ".join(str(a) for a in args) if isinstance(args, list) else ""
        if entry.get("t") == "error":
            text, level = str(entry.get("message", "")), "error"
        style = {"error": "red", "warn": "yellow"}.get(level, "dim")
        err.print(f"[{style}]console.{level}[/]{where}: {text}", markup=True, highlight=False)

    data_dir = data_dir or Path.home() / ".openmini" / "dev"
    application = create_dev_app(source, data_dir=data_dir, domains=domain or [], on_console=on_console)
    result = application.state.build.result
    if result is not None:
        _print_diagnostics(result.diagnostics)
    url = f"http://{host}:{port}/"
    out.print(f"openmini dev: {source} → {url}")
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(application, host=host, port=port, log_level="warning")


# Where the platform keeps its state: `serve` and the operator commands (`rebuild`) take the same.
DataDirOption = Annotated[
    Path | None, typer.Option(help="Where the embedded database, blobs and keys live (env OPENMINI_DATA_DIR).")
]
DatabaseUrlOption = Annotated[
    str | None, typer.Option(help="sqlite+aiosqlite:///… or postgresql+psycopg://… (env OPENMINI_DATABASE_URL).")
]
BlobUrlOption = Annotated[
    str | None, typer.Option(help="file:///dir, or s3://bucket?endpoint=… (env OPENMINI_BLOB_URL).")
]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    blob_url: BlobUrlOption = None,
    public_url: Annotated[
        str | None, typer.Option(help="The URL people open (links, QR codes) (env OPENMINI_PUBLIC_URL).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes sharing the port.")] = 1,
) -> None:
    """Run the platform: console, open API, package serving and the shell people open mini programs in."""
    import os

    import uvicorn

    from openmini.server.app import create_platform_app
    from openmini.settings import Settings

    flags: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "blob_url": blob_url,
        "public_url": public_url,
    }
    given = {name: value for name, value in flags.items() if value is not None}
    if "public_url" not in given and "OPENMINI_PUBLIC_URL" not in os.environ:
        given["public_url"] = f"http://{host}:{port}"
    settings = Settings(**given)  # flags override the environment
    out.print(f"openmini serve: {settings.public_url}/")
    out.print(f"  database {settings.database_url}, blobs {settings.blob_url}")
    if workers == 1:
        uvicorn.run(create_platform_app(settings), host=host, port=port, log_level="warning")
        return
    # Worker processes build their own app from the environment, so the flags travel there.
    for name, value in given.items():
        os.environ[f"OPENMINI_{name.upper()}"] = str(value)
    uvicorn.run(
        "openmini.server.app:create_platform_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


@app.command()
def rebuild(
    appid: Annotated[str | None, typer.Option("--appid", help="Rebuild every version of this mini program.")] = None,
    every_app: Annotated[
        bool, typer.Option("--all", help="Rebuild the versions people can still open, of every mini program.")
    ] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    blob_url: BlobUrlOption = None,
) -> None:
    """Compile stored versions again from their source with this openmini, after an upgrade.

    Runs against the platform's database and blobs directly, like a migration: run it with the
    `openmini serve` processes stopped. Prints a line per version; exits 1 when any failed (those
    keep the package they had).
    """
    import asyncio

    from openmini.settings import Settings

    if (appid is None) == (not every_app):
        err.print("error: name one mini program with --appid, or all of them with --all", style="red")
        raise typer.Exit(2)
    flags: dict[str, Any] = {"data_dir": data_dir, "database_url": database_url, "blob_url": blob_url}
    settings = Settings(**{name: value for name, value in flags.items() if value is not None})
    try:
        failed = asyncio.run(_rebuild(settings, appid))
    except PlatformError as refused:
        err.print(f"error: {refused.errmsg}", style="red", markup=False)
        raise typer.Exit(1) from None
    if failed:
        raise typer.Exit(1)


async def _rebuild(settings: Settings, appid: str | None) -> int:
    """Rebuild ``appid``'s versions (every app's openable ones when None); prints each, returns how many failed."""
    from openmini.platform import rebuild
    from openmini.store.blobs import open_blob_store
    from openmini.store.database import open_database

    db = await open_database(settings.database_url)
    blobs = open_blob_store(settings.blob_url)
    failed = 0
    try:
        async with db.session(read_only=True) as session:
            if appid is None:
                chosen = await rebuild.openable_versions(session)
            else:
                chosen = await rebuild.versions_of_app(session, appid)
        if not chosen:
            out.print("nothing to rebuild")
        async for done in rebuild.rebuild_versions(db, blobs, settings.package_limits(), chosen):
            out.print(done.line(), markup=False)
            failed += done.outcome is rebuild.Outcome.FAILED
    finally:
        await db.dispose()
    return failed


# --- publishing through a platform's open API (docs/open-api.md) ---------------------------------

ServerOption = Annotated[
    str, typer.Option("--server", envvar="OPENMINI_SERVER", help="The platform's URL (env OPENMINI_SERVER).")
]
ApiKeyOption = Annotated[
    str,
    typer.Option(
        "--api-key",
        envvar="OPENMINI_API_KEY",
        show_default=False,
        help="An organisation API key (env OPENMINI_API_KEY).",
    ),
]
AppIdOption = Annotated[str, typer.Option("--appid", help="The mini program (om and 16 hex digits).")]
DEFAULT_SERVER = "http://127.0.0.1:8080"


@contextmanager
def _open_api(server: str, api_key: str, appid: str) -> Iterator[OpenApiClient]:
    """A client whose refusals end the command with the server's errcode and errmsg."""
    try:
        with OpenApiClient(server, api_key, appid) as client:
            yield client
    except RemoteError as refused:
        err.print(f"error: {refused}", style="red", markup=False)
        raise typer.Exit(1) from None


@app.command()
def upload(
    source: SourceArg,
    user_version: Annotated[str, typer.Option("--version", help="The version number people see, e.g. 1.2.0.")],
    appid: AppIdOption,
    api_key: ApiKeyOption,
    desc: Annotated[str, typer.Option("--desc", help="What changed in this version.")] = "",
    server: ServerOption = DEFAULT_SERVER,
) -> None:
    """Compile locally, then upload the source as a new develop version; prints the version id."""
    result = compile_project(source, CompileOptions())
    _print_diagnostics(result.diagnostics)
    if result.package is None:
        errors = sum(1 for d in result.diagnostics if d.is_error)
        err.print(f"[red]not uploaded[/]: {errors} error(s)")
        raise typer.Exit(1)
    try:
        archive = pack_source(source)
    except PlatformError as refused:
        err.print(f"error: {refused.errmsg}", style="red", markup=False)
        raise typer.Exit(1) from None
    with _open_api(server, api_key, appid) as client:
        answer = client.upload(archive, user_version, desc)
    err.print(f"uploaded {source} as {user_version} to {server}")
    # Alone on stdout, so scripts can take it: VERSION=$(openmini upload …)
    out.print(answer["version_id"])


@app.command()
def submit(
    appid: AppIdOption,
    api_key: ApiKeyOption,
    version_id: Annotated[
        int | None, typer.Argument(help="The version to submit (from openmini upload); the trial version if omitted.")
    ] = None,
    notes: Annotated[str, typer.Option("--notes", help="Notes for the reviewer.")] = "",
    server: ServerOption = DEFAULT_SERVER,
) -> None:
    """Submit a version for audit; prints the audit id."""
    with _open_api(server, api_key, appid) as client:
        answer = client.submit_audit(version_id, notes)
    out.print(answer["auditid"])


AUDIT_STATES = {0: "approved", 1: "rejected", 2: "under audit"}
PLAN_STATES = {1: "running", 3: "done", 4: "cancelled"}


@app.command()
def status(appid: AppIdOption, api_key: ApiKeyOption, server: ServerOption = DEFAULT_SERVER) -> None:
    """Show the latest audit, the trial version, the live release and the gradual release."""
    with _open_api(server, api_key, appid) as client:
        try:
            audit = client.latest_audit_status()
        except RemoteError as refused:
            if refused.errcode != 85058:  # WeChat's "no audit yet" is an answer here, not a failure
                raise
            out.print("audit: none yet")
        else:
            state = AUDIT_STATES.get(audit["status"], str(audit["status"]))
            reason = f" — {audit['reason']}" if audit.get("reason") else ""
            out.print(f"audit: {audit['user_version']} (audit {audit['auditid']}) {state}{reason}", markup=False)
        info = client.version_info()
        plan = client.gray_release_plan()["gray_release_plan"]
    trial, live = info.get("exp_info"), info.get("release_info")
    out.print(f"trial: {trial['exp_version'] if trial else 'none'}", markup=False)
    out.print(f"release: {live['release_version'] if live else 'none'}", markup=False)
    if plan["status"] in PLAN_STATES:
        out.print(f"gradual release: {plan['gray_percentage']} % ({PLAN_STATES[plan['status']]})")


@app.command()
def release(
    appid: AppIdOption,
    api_key: ApiKeyOption,
    percentage: Annotated[
        int | None, typer.Option("--percentage", min=0, max=100, help="Release to this share of users only.")
    ] = None,
    server: ServerOption = DEFAULT_SERVER,
) -> None:
    """Release the approved version to everyone, or gradually (a share that may only grow)."""
    with _open_api(server, api_key, appid) as client:
        if percentage is None:
            client.release()
        else:
            client.gray_release(percentage)
    out.print("released" if percentage is None else f"released to {percentage} % of users")


@app.command()
def rollback(appid: AppIdOption, api_key: ApiKeyOption, server: ServerOption = DEFAULT_SERVER) -> None:
    """Return the live release, in one step, to the one it replaced."""
    with _open_api(server, api_key, appid) as client:
        client.revert_code_release()
        live = client.version_info().get("release_info")
    out.print(f"rolled back: {live['release_version'] if live else 'nothing'} is live", markup=False)


@app.command()
def version() -> None:
    """Print the openmini version."""
    out.print(__version__)

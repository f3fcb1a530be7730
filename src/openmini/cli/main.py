"""`openmini` — the command line: build and check mini programs."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from openmini import __version__
from openmini.compiler import CompileOptions, compile_project
from openmini.compiler.diagnostics import Diagnostic, Severity
from openmini.compiler.generate.package import human_size

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


@app.command()
def version() -> None:
    """Print the openmini version."""
    out.print(__version__)

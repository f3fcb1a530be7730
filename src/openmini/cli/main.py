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
def version() -> None:
    """Print the openmini version."""
    out.print(__version__)

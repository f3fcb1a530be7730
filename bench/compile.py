"""Compile throughput on a generated large mini program (300+ pages).

Prints files/s and MB/s for `compile_project`, and the ratio against a floor measured in the same
run: reading, hashing and brotli-compressing the same source bytes (what any packager must do).

    .venv/bin/python bench/compile.py [--pages 320] [--runs 5]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).parent))
from generate_app import generate

from openmini.compiler import CompileOptions, compile_project


def floor(root: Path, quality: int) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            hashlib.sha256(data).hexdigest()
            brotli.compress(data, quality=quality)


def timed(function: object, runs: int) -> list[float]:
    assert callable(function)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=320)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    options = CompileOptions()
    with tempfile.TemporaryDirectory() as folder:
        root = generate(Path(folder) / "app", pages=args.pages)
        files = [p for p in root.rglob("*") if p.is_file()]
        source_bytes = sum(p.stat().st_size for p in files)
        result = compile_project(root, options)
        if not result.ok:
            for d in result.diagnostics[:10]:
                print(d)
            raise SystemExit("the generated app did not compile")
        compile_times = timed(lambda: compile_project(root, options), args.runs)
        floor_times = timed(lambda: floor(root, options.brotli_quality), args.runs)
    compile_s = statistics.median(compile_times)
    floor_s = statistics.median(floor_times)
    mb = source_bytes / 1e6
    print(f"app: {args.pages} pages, {len(files)} files, {mb:.2f} MB of source")
    print(f"compile: median {compile_s * 1000:.0f} ms over {args.runs} runs"
          f" → {len(files) / compile_s:,.0f} files/s, {mb / compile_s:.2f} MB/s")
    print(f"floor (read + sha256 + brotli-{options.brotli_quality} of the same files): median {floor_s * 1000:.0f} ms")
    print(f"ratio compile / floor: {compile_s / floor_s:.1f}x")


if __name__ == "__main__":
    main()

"""The `typescript` compiler plugin: types erased in place, runtime TypeScript refused with a position."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_js_esm_run import run

from openmini.compiler.diagnostics import Diagnostic, Diagnostics
from openmini.compiler.pipeline import CompileResult, compile_project
from openmini.compiler.source import SourceFile
from openmini.compiler.toolchain.typescript import erase_types

TS_PLUGIN = {"miniprogramRoot": "./", "setting": {"useCompilerPlugins": ["typescript"]}}


def erase(text: str) -> tuple[str, list[Diagnostic]]:
    diagnostics = Diagnostics()
    return erase_types(SourceFile("a.ts", text), diagnostics), diagnostics.items


def build(tmp_path: Path, files: dict[str, Any]) -> CompileResult:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return compile_project(tmp_path)


def test_every_kind_of_type_syntax_becomes_spaces_in_place() -> None:
    source = (
        "let n: number = 1\n"
        "function f<T>(this: Window, a?: T, ...rest: T[]): asserts a is T {}\n"
        "const v = (w as any satisfies object)!.x<string>(n)\n"
        "abstract class K<T> extends Base<T> implements I, J {\n"
        "  private readonly z?: number = 2\n"
        "  static w!: string\n"
        "  m(a?: number): void { }\n"
        "}\n"
    )
    code, diagnostics = erase(source)
    assert diagnostics == []
    assert code.splitlines() == [
        "let n         = 1",
        "function f   (              a    , ...rest     )                 {}",
        "const v = (w                        ) .x        (n)",
        "         class K    extends Base                    {",
        "                   z          = 2",
        "  static w         ",
        "  m(a         )       { }",
        "}",
    ]


def test_declarations_without_code_leave_a_semicolon_so_statements_do_not_join() -> None:
    source = (
        "let a = b\ninterface X { y: number }\n(c)\n"
        "type T = string\ndeclare const g: number\nfunction o(x: number): void\nexport interface E {}\n"
        "class C {\n  declare d: string\n  [k: string]: any\n  abstract m(): void\n}\n"
    )
    code, diagnostics = erase(source)
    assert diagnostics == []
    lines = code.splitlines()
    assert lines[0] == "let a = b" and lines[1].startswith(";") and lines[2] == "(c)"
    assert all(line.startswith(";") and not line[1:].strip() for line in lines[3:7])
    assert [line.strip() for line in lines[8:11]] == [";", ";", ";"]


def test_lines_and_columns_of_code_are_those_of_the_source() -> None:
    source = "const a: Map<string, number> = new Map()\nexport function g(x: number): number { return x * 2 }\n"
    code, _ = erase(source)
    for line_in, line_out in zip(source.splitlines(), code.splitlines(), strict=True):
        assert len(line_in) == len(line_out)
        for word in ("new", "Map()", "return", "x * 2"):
            if word in line_out:
                assert line_in.index(word) == line_out.index(word)


def test_imports_used_only_as_types_are_dropped_as_tsc_drops_them() -> None:
    source = (
        "import type { A } from './a'\n"
        "import { type B, C } from './b'\n"
        "import D, { E } from './d'\n"
        "import { F } from './f'\n"
        "import './side-effect'\n"
        "let x: D | F = new C(E)\n"
    )
    code, _ = erase(source)
    lines = code.splitlines()
    assert lines[0].startswith(";") and not lines[0][1:].strip()
    assert lines[1].split() == ["import", "{", "C", "}", "from", "'./b'"]
    assert lines[2].split() == ["import", "{", "E", "}", "from", "'./d'"]
    assert lines[3].startswith(";") and not lines[3][1:].strip()
    assert lines[4] == "import './side-effect'"


def test_literal_enums_are_lowered_on_their_own_lines() -> None:
    source = "export enum Status {\n  Idle,\n  Busy = 5,\n  Done,\n  Label = 'x',\n}\nconst s = 1\n"
    code, diagnostics = erase(source)
    assert diagnostics == []
    assert code.count("\n") == source.count("\n")
    assert code.splitlines()[6] == "const s = 1"
    assert 'Status[Status["Busy"] = 5] = "Busy";' in code.splitlines()[2]


def test_runtime_typescript_is_refused_with_its_position() -> None:
    cases = {
        "namespace N { export const a = 1 }\n": (1, 1, "namespace"),
        "class P {\n  constructor(private x: number) {}\n}\n": (2, 15, "parameter property"),
        "enum E { A = 'a'.length }\n": (1, 14, "enum 'E'"),
        "import fs = require('fs')\n": (1, 1, "require"),
    }
    for source, (line, column, words) in cases.items():
        _, diagnostics = erase(source)
        assert len(diagnostics) == 1, source
        found = diagnostics[0]
        assert found.is_error and found.start is not None
        assert (found.start.line, found.start.column) == (line, column), source
        assert words in found.message


def test_a_namespace_of_types_only_is_erased() -> None:
    code, diagnostics = erase("namespace Shapes { export interface Box { w: number } }\nlet a = 1\n")
    assert diagnostics == [] and code.splitlines()[1] == "let a = 1"


def test_erased_modules_run_in_node(tmp_path: Path) -> None:
    sources = {
        "main.ts": "import { area, Kind } from './shape'\nimport type { Shape } from './shape'\n"
        "const s: Shape = { kind: Kind.Square, side: 3 }\nconsole.log(area(s), Kind[Kind.Square])\n",
        "shape.ts": "export enum Kind { Circle, Square }\nexport interface Shape { kind: Kind; side: number }\n"
        "export function area(s: Shape): number {\n  return s.kind === Kind.Square ? s.side ** 2 : 0\n}\n",
    }
    erased = {name[:-3] + ".js": erase(text)[0] for name, text in sources.items()}
    assert run(tmp_path, erased) == ["9 Square"]


def test_a_typescript_mini_program_compiles_with_the_plugin(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {
            "project.config.json": TS_PLUGIN,
            "app.json": {"pages": ["pages/index/index"]},
            "app.ts": "App({})\n",
            "pages/index/index.wxml": "<view>{{n}}</view>",
            "pages/index/index.ts": "import { twice } from '../../util/math'\n"
            "Page({ data: { n: twice(2) as number } })\n",
            "util/math.ts": "export const twice = (n: number): number => n * 2\n",
            "typings/wx.d.ts": "declare const wx: any\n",
        },
    )
    assert result.ok, [str(d) for d in result.diagnostics]
    package = result.package
    assert package is not None
    names = {f.name for f in package.files}
    assert "util/math.ts" not in names and "typings/wx.d.ts" not in names


def test_without_the_plugin_a_typescript_page_is_still_reported(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {
            "app.json": {"pages": ["p/a"]},
            "p/a.wxml": "<view/>",
            "p/a.ts": "Page({})\n",
        },
    )
    assert [d.code for d in result.diagnostics if d.is_error] == [5207]
    assert "useCompilerPlugins" in result.diagnostics[0].message


def test_messages_about_compiled_typescript_name_the_ts_file_and_show_its_text(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {
            "project.config.json": TS_PLUGIN,
            "app.json": {"pages": ["p/a"]},
            "p/a.wxml": "<view/>",
            "p/a.ts": "const n: number = 1\nconst m = require('./missing')\nPage({})\n",
        },
    )
    errors = [d for d in result.diagnostics if d.code == 6011]
    assert [(d.code, d.location) for d in errors] == [(6011, "p/a.ts:2:19")]
    assert "const n: number = 1" in errors[0].frame


TS_PIECES = st.sampled_from(
    [
        "let ", "const ", "x", ": ", "number", "string", "<", ">", "T", "(", ")", "{", "}", "[", "]", "?", "!",
        " as ", " satisfies ", "=", "=>", ",", ";", "\n", "interface ", "type ", "enum ", "namespace ",
        "declare ", "abstract ", "class ", "implements ", "extends ", "private ", "readonly ", "import ",
        "export ", "from ", "'m'", "function ", "1", "'s'", "`t${x}`", "/* c */", "// c\n", "é", "😀", "\\",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TS_PIECES, max_size=40).map("".join))
def test_the_eraser_never_raises_and_reports_only_diagnostics(text: str) -> None:
    diagnostics = Diagnostics()
    code = erase_types(SourceFile("f.ts", text), diagnostics)
    assert isinstance(code, str)
    assert all(isinstance(d, Diagnostic) and d.path == "f.ts" for d in diagnostics.items)
    if "enum" not in text:  # only a lowered enum may move code within its own lines
        assert code.count("\n") == text.count("\n")

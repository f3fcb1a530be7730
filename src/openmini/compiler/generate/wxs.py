"""WXS modules: the view-side scripts of ``.wxs`` files and inline ``<wxs>`` tags.

A WXS module compiles to the same ``__openmini_define__`` call as a JS module (docs/modules.md)
with the WXS free names. WeChat's rules applied here: a WXS module may only require ``.wxs``
files, by a literal path relative to its own file (a bare ``x.wxs`` is relative too) or
root-absolute; the logic layer's globals (``wx``, ``getApp``…) and browser globals do not exist
where WXS runs, which earns a warning, not an error, since guarded uses are harmless.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.modules import define_expression
from openmini.compiler.messages import js as msg
from openmini.compiler.parse.js import RequireCall, Script, report_syntax_errors, scan
from openmini.compiler.project import Project, normalize, resolve
from openmini.compiler.source import SourceFile

# Free names a WXS module receives, in the order the runtime passes them.
WXS_FACTORY_PARAMS = ("require", "module", "exports", "getRegExp", "getDate")


@dataclass(frozen=True)
class WxsModule:
    module_id: str  # "path.wxs", or "path.wxml#name" for an inline module
    path: str  # the file the code is in
    requires: Mapping[str, str]  # spec as written → root-relative path of the required .wxs file
    code: str  # the __openmini_define__(…) expression


def compile_wxs(
    source: SourceFile,
    start: int,
    end: int,
    module_id: str,
    diagnostics: Diagnostics,
    *,
    project: Project | None = None,
) -> WxsModule | None:
    """Compile ``source.text[start:end]`` as the WXS module ``module_id``; None on syntax errors.

    Positions in diagnostics are offsets in ``source`` (the WXML file for an inline module).
    With ``project``, required files are also checked to exist.
    """
    script = Script.parse(source, start, end)
    if not report_syntax_errors(script, diagnostics):
        return None
    facts = scan(script)
    for call in facts.dynamic_requires:
        diagnostics.add(msg.WXS_DYNAMIC_REQUIRE.at(source, call.start, call.end))
    requires: dict[str, str] = {}
    for literal in facts.requires:
        target = _resolve_wxs(source, literal, project, diagnostics)
        if target is not None:
            requires[literal.spec] = target
    warned: set[str] = set()
    for use in facts.view_unavailable:
        if use.name not in warned:
            warned.add(use.name)
            diagnostics.add(msg.WXS_UNAVAILABLE_GLOBAL.at(source, use.start, use.end, name=use.name))
    # Blank lines before the body put every line of an inline module on its line in the WXML file.
    body = "\n" * (source.position(script.base).line - 1) + source.text[script.base : script.stop]
    code = define_expression(module_id, requires, WXS_FACTORY_PARAMS, body)
    return WxsModule(module_id, source.path, requires, code)


def _resolve_wxs(
    source: SourceFile, literal: RequireCall, project: Project | None, diagnostics: Diagnostics
) -> str | None:
    spec = literal.spec
    if not spec.endswith(".wxs"):
        diagnostics.add(msg.WXS_REQUIRE_NOT_WXS.at(source, literal.start, literal.end, spec=spec))
        return None
    target = normalize(spec) if spec.startswith("/") else resolve(source.path, spec)
    if target is None:
        diagnostics.add(msg.WXS_REQUIRE_OUTSIDE.at(source, literal.start, literal.end, spec=spec))
        return None
    if project is not None and not project.exists(target):
        diagnostics.add(msg.WXS_REQUIRE_MISSING.at(source, literal.start, literal.end, target=target))
        return None
    return target

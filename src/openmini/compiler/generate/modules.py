"""CommonJS module wrappers: each JS or JSON module becomes one ``__openmini_define__(…)`` call.

The exact shape is the contract with the runtime and is documented in docs/modules.md. The
source starts on the wrapper's first line and keeps every line where it was, so a runtime
error's line number is the line in the developer's file. ES module syntax is compiled to
CommonJS as WeChat's "ES6 to ES5" (Babel) does; the injected code goes on the first line and
each rewritten statement keeps its line breaks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from openmini.compiler.parse.js import ModuleLink, ModuleSyntax, Script, module_syntax
from openmini.compiler.source import SourceFile

DEFINE = "__openmini_define__"

# Names a logic-layer module receives, in the order the runtime passes them. Everything else a
# mini program reads freely (App, Page, wx, getApp, global, …) is a global of the logic worker,
# as in WeChat, so a module may declare `const App = getApp()` at its top level.
JS_FACTORY_PARAMS = ("require", "module", "exports")


def generate_module(path: str, source_text: str, requires: Mapping[str, str]) -> str:
    """A JS expression registering the module at ``path`` (a ``.js`` or ``.json`` file).

    ``requires`` maps each literal spec as written in the source to its resolved module path.
    """
    if path.endswith(".json"):
        return generate_json_module(path, source_text)
    return define_expression(path, requires, JS_FACTORY_PARAMS, esm_to_commonjs(_without_hashbang(source_text)))


def generate_json_module(path: str, source_text: str) -> str:
    """A JSON file as a module exporting its value.

    JSON.parse on the text, rather than pasting the text as a literal, keeps the output valid
    JavaScript whatever the file holds, and an invalid file throws when required, as in WeChat.
    """
    body = f"module.exports = JSON.parse({js_string(source_text)});"
    return define_expression(path, {}, JS_FACTORY_PARAMS, body)


def define_expression(module_id: str, requires: Mapping[str, str], params: tuple[str, ...], body: str) -> str:
    """``__openmini_define__(id, {spec: path}, function (params) {body\\n})`` with body on line 1."""
    mapping = ", ".join(f"{js_string(spec)}: {js_string(target)}" for spec, target in sorted(requires.items()))
    head = f"{DEFINE}({js_string(module_id)}, {{{mapping}}}, function ({', '.join(params)}) {{"
    # The newline before the closing brace ends a trailing line comment in the body.
    return f"{head}{body}\n}})"


def js_string(value: str) -> str:
    """A double-quoted JavaScript string literal, safe inside an inline <script> as well."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")


def _without_hashbang(text: str) -> str:
    # A hashbang is only legal at the very start of a script; inside the factory it must go.
    # Turning it into a line comment keeps every column and line where it was.
    return "//" + text[2:] if text.startswith("#!") else text


# ---------------------------------------------------------------------------------------------
# ES modules → CommonJS

_INTEROP_DEFAULT = "function {name}(e) {{ return e && e.__esModule ? e : {{ default: e }}; }}"
_INTEROP_WILDCARD = (
    "function {name}(e) {{ if (e && e.__esModule) return e; var n = {{}}; "
    'if (e != null && (typeof e === "object" || typeof e === "function")) for (var k in e) '
    'if (k !== "default" && Object.prototype.hasOwnProperty.call(e, k)) {{ '
    "var d = Object.getOwnPropertyDescriptor(e, k); "
    "if (d && (d.get || d.set)) Object.defineProperty(n, k, d); else n[k] = e[k]; }} "
    "n.default = e; return n; }}"
)
_STAR = (
    "Object.keys({var}).forEach(function (k) {{ "
    'if (k === "default" || k === "__esModule" || Object.prototype.hasOwnProperty.call(exports, k)) return; '
    "Object.defineProperty(exports, k, {{ enumerable: true, get: function () {{ return {var}[k]; }} }}); }});"
)
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029]")
_MODULE_KEYWORD = re.compile(r"\b(?:import|export)\b")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")


def esm_to_commonjs(text: str) -> str:
    """``text`` with its import/export statements and ``import()`` calls compiled to CommonJS.

    Every line of ``text`` stays on its line. Imports are required before the module body runs,
    in order; exports are getters on ``exports`` (live bindings) defined before anything else,
    so a require cycle sees function exports at once and the others when they are assigned.
    Text without module syntax, or with syntax errors (already reported), is returned unchanged.
    """
    if not _MODULE_KEYWORD.search(text):
        return text
    script = Script.parse(SourceFile("", text))
    if script.tree.root_node.has_error:
        return text
    syntax = module_syntax(script)
    if not syntax.is_module and all(call.native for call in syntax.dynamic_imports):
        return text
    return _Rewrite(text, syntax).run()


@dataclass
class _Rewrite:
    text: str
    syntax: ModuleSyntax
    used: set[str] = field(default_factory=set)
    helpers: dict[str, str] = field(default_factory=dict)  # template → name, in first-use order
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    bindings: dict[str, str] = field(default_factory=dict)  # imported local name → expression
    variables: dict[int, str] = field(default_factory=dict)  # link statement start → module variable

    def run(self) -> str:
        self.used = set(_IDENTIFIER.findall(self.text))
        requires = [self._link(link) for link in self.syntax.links]
        getters = self._exports()
        for use in self.syntax.uses:
            expression = self.bindings.get(use.name)
            if expression is None:
                continue
            if use.role == "call":
                # Called without the module as `this`; the `;` ends a previous line left open.
                expression = (";" if use.opens_statement else "") + f"(0, {expression})"
            elif use.role == "shorthand":
                expression = f"{use.name}: {expression}"
            self.edits.append((use.start, use.end, expression))
        self._dynamic_imports()
        prefix: list[str] = []
        if self.syntax.is_module:
            prefix.append('"use strict";')  # ES modules are strict code
        prefix.extend(template.format(name=name) for template, name in self.helpers.items())
        if self.syntax.is_module:
            prefix.append(f"Object.defineProperties(exports, {{{', '.join(getters)}}});")
        prefix.extend(requires)
        return " ".join(prefix) + " " + _apply(self.text, self.edits)

    def _fresh(self, base: str) -> str:
        name, count = base, 1
        while name in self.used:
            count += 1
            name = f"{base}{count}"
        self.used.add(name)
        return name

    def _helper(self, template: str, base: str) -> str:
        if template not in self.helpers:
            self.helpers[template] = self._fresh(base)
        return self.helpers[template]

    def _remove(self, start: int, end: int, replacement: str = ";") -> None:
        """Replace a statement, keeping its line breaks; ``;`` keeps the statements around it apart."""
        self.edits.append((start, end, replacement + _breaks(self.text[start:end])))

    def _link(self, link: ModuleLink) -> str:
        self._remove(link.start, link.end)
        call = f"require({js_string(link.spec.spec)})"
        names = [binding.imported for binding in link.imports] + [imported for _, imported in link.reexports]
        if not names and not link.star:
            return f"{call};"
        namespace = None in names
        default = "default" in names
        if namespace or (default and len(set(names)) > 1):
            call = f"{self._helper(_INTEROP_WILDCARD, '_interopRequireWildcard')}({call})"
        elif default:
            call = f"{self._helper(_INTEROP_DEFAULT, '_interopRequireDefault')}({call})"
        var = self._fresh(_module_variable(link.spec.spec))
        self.variables[link.start] = var
        for binding in link.imports:
            self.bindings[binding.local] = _member(var, binding.imported)
        statement = f"var {var} = {call};"
        return statement + (" " + _STAR.format(var=var) if link.star else "")

    def _exports(self) -> list[str]:
        """``name: {enumerable: true, get: …}`` for every export, ``__esModule`` first."""
        pairs: list[tuple[str, str]] = []
        for declaration in self.syntax.declarations:
            if declaration.kind == "strip":
                self._remove(declaration.start, declaration.body, "")
                pairs.extend(declaration.names)
                continue
            name = self._fresh("_default")
            if declaration.kind == "expression":
                self._remove(declaration.start, declaration.body, f"var {name} = ")
            else:
                self._remove(declaration.start, declaration.body, "")
                # Before a function's "(" or a class's `extends`/body; the spaces keep tokens apart.
                self.edits.append((declaration.name_at, declaration.name_at, f" {name} "))
            pairs.append(("default", name))
        for start, end in dict.fromkeys((s, e) for _, _, s, e in self.syntax.local_exports):
            self._remove(start, end)
        pairs.extend((exported, self.bindings.get(local, local)) for exported, local, _, _ in self.syntax.local_exports)
        for link in (link for link in self.syntax.links if link.reexports):
            var = self.variables[link.start]
            pairs.extend((exported, _member(var, imported)) for exported, imported in link.reexports)
        entries = ["__esModule: { value: true }"]
        entries.extend(
            f"{js_string(name)}: {{ enumerable: true, get: function () {{ return {value}; }} }}"
            for name, value in pairs
        )
        return entries

    def _dynamic_imports(self) -> None:
        for call in self.syntax.dynamic_imports:
            if call.native:
                continue
            wildcard = self._helper(_INTEROP_WILDCARD, "_interopRequireWildcard")
            if call.argument is None:
                self._remove(call.start, call.end, "Promise.resolve().then(function () { return require(); })")
                continue
            head, tail = (call.start, call.argument[0]), (call.argument[1], call.end)
            self.edits.append((*head, "Promise.resolve(" + _breaks(self.text[head[0] : head[1]])))
            resolved = f").then(function (s) {{ return {wildcard}(require(s)); }})"
            self.edits.append((*tail, resolved + _breaks(self.text[tail[0] : tail[1]])))


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


def _breaks(text: str) -> str:
    return "".join(_LINE_BREAKS.findall(text))


def _member(var: str, name: str | None) -> str:
    if name is None:
        return var
    return f"{var}.{name}" if _IDENTIFIER.fullmatch(name) else f"{var}[{js_string(name)}]"


def _module_variable(spec: str) -> str:
    """Babel's naming: ``../utils/date-util.js`` → ``_dateUtil``."""
    last = spec.rstrip("/").rsplit("/", 1)[-1]
    last = re.sub(r"\.(js|json)$", "", last)
    words = [word for word in re.split(r"[^A-Za-z0-9_$]+", last) if word]
    name = "".join(words[:1] + [word[:1].upper() + word[1:] for word in words[1:]])
    return "_" + name if name else "_module"

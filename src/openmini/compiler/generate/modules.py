"""CommonJS module wrappers: each JS or JSON module becomes one ``__openmini_define__(…)`` call.

The exact shape is the contract with the runtime and is documented in docs/modules.md. The
source is kept byte for byte and starts on the wrapper's first line, so a runtime error's
line number is the line in the developer's file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

DEFINE = "__openmini_define__"

# Free names a logic-layer module receives, in the order the runtime passes them.
JS_FACTORY_PARAMS = (
    "require",
    "module",
    "exports",
    "App",
    "Page",
    "Component",
    "Behavior",
    "getApp",
    "getCurrentPages",
    "wx",
    "global",
)


def generate_module(path: str, source_text: str, requires: Mapping[str, str]) -> str:
    """A JS expression registering the module at ``path`` (a ``.js`` or ``.json`` file).

    ``requires`` maps each literal spec as written in the source to its resolved module path.
    """
    if path.endswith(".json"):
        return generate_json_module(path, source_text)
    return define_expression(path, requires, JS_FACTORY_PARAMS, _without_hashbang(source_text))


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

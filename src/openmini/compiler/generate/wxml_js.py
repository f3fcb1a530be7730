"""Writing view code: JSON-like values with embedded JavaScript functions, as JS expression text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True)
class Raw:
    """JavaScript source placed as is (the compiled expression functions)."""

    js: str


JsValue: TypeAlias = "None | bool | int | float | str | Raw | list[JsValue] | dict[str, JsValue]"


def binding(js: str, deps: tuple[tuple[str | int, ...], ...]) -> list[JsValue]:
    """A dynamic value: ``[function(D,S,W,R){return …}, [[dep path], …]]``."""
    return [Raw("function(D,S,W,R){return " + js + "}"), [list(path) for path in deps]]


def to_js(value: JsValue) -> str:
    out: list[str] = []
    _write(value, out)
    return "".join(out)


def _string(text: str) -> str:
    # U+2028/2029 are legal in JSON strings but ended JS string literals before ES2019.
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _write(value: JsValue, out: list[str]) -> None:
    if isinstance(value, Raw):
        out.append(value.js)
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if i:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        out.append(json.dumps(value))

"""Every compiler message, one module per area; codes are stable and unique across areas."""

from __future__ import annotations

from types import ModuleType

from openmini.compiler.messages import config, expression, js, package, project, toolchain, wxml, wxss
from openmini.compiler.messages.registry import Message

AREAS: tuple[ModuleType, ...] = (project, wxml, expression, wxss, config, js, package, toolchain)


def all_messages() -> list[Message]:
    found = [value for area in AREAS for value in vars(area).values() if isinstance(value, Message)]
    return sorted(found, key=lambda m: m.code)

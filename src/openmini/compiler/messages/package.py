"""Messages of the package area (assembling and limits): codes 7000–7999."""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, Message

PACKAGE_TOO_LARGE = Message(
    7001, "package_too_large", ERROR, "package {package!r} is {size} over the {limit} limit; largest files: {largest}"
)
TOTAL_TOO_LARGE = Message(
    7002, "total_too_large", ERROR, "all packages together are {size}, over the {limit} limit; largest files: {largest}"
)

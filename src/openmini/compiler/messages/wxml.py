"""Messages of the wxml area: codes 2000–2999."""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

__all__ = ["ERROR", "WARNING", "Message"]

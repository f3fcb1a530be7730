"""Messages of the js area: codes 6000–6999."""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

__all__ = ["ERROR", "WARNING", "Message"]

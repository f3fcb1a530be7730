"""Messages of the expression area: codes 3000–3999."""

from __future__ import annotations

from openmini.compiler.messages.registry import ERROR, WARNING, Message

__all__ = ["ERROR", "WARNING", "Message"]

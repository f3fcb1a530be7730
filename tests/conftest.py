"""The suite needs node and Debian's chromium; scripts/bootstrap installs both.

A missing one fails the run at once instead of letting tests skip, so a broken install step
can never pass as green.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def pytest_sessionstart(session: pytest.Session) -> None:
    needed = {"node": shutil.which("node") is not None, "/usr/bin/chromium": Path("/usr/bin/chromium").exists()}
    missing = [name for name, found in needed.items() if not found]
    if missing:
        raise pytest.UsageError(f"missing {', '.join(missing)}: run scripts/bootstrap (as root on a fresh machine)")

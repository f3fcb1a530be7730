"""Screenshots of a version's first page for review, taken in headless Chromium.

When a version is submitted for audit the server opens its own preview of that version (a URL
the caller builds, e.g. the console's ``/console/preview/{version_id}?token=…``) in Chromium,
waits for the first page to render, and keeps a PNG of the phone screen in the blob store. What
happened is recorded per version: the image's blob key, or why there is none (Chromium missing,
the page failing to start), which the review page shows instead of an image.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.store.blobs import BlobStore
from openmini.store.database import Base, Database, UTCDateTime, utcnow

CHROMIUM = Path("/usr/bin/chromium")
# The flags the end-to-end tests run Debian's Chromium with (tests/e2e/examples_support.py).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# WeChat's design width (750 rpx = 375 px) on a common phone height.
PHONE_WIDTH, PHONE_HEIGHT = 375, 667
TIMEOUT_S = 30.0
# The page frame renders the page into its <wx-page> root (runtime/view/index.js); the first render
# has happened once that root has content.
FIRST_RENDER = "() => { const root = document.querySelector('wx-page'); return !!root && root.childElementCount > 0; }"
NEXT_PAINT = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
# A screenshot is a whole browser: one at a time per process keeps a burst of submissions from
# starving the server of memory and CPU.
_one_at_a_time = asyncio.Semaphore(1)


class VersionScreenshot(Base):
    __tablename__ = "version_screenshots"
    # Made by the platform after a submission, not by a console write.
    __audit_exempt__ = True

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True)
    blob_key: Mapped[str] = mapped_column(String(200), default="")  # "" when no image was taken
    error: Mapped[str] = mapped_column(Text, default="")  # why not, when blob_key is ""
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Screenshot:
    version_id: int
    blob_key: str
    error: str
    taken_at: datetime


class ScreenshotFailed(Exception):
    """No screenshot could be taken; the message says why, for the reviewer."""


def screenshot_key(version_id: int) -> str:
    return f"screenshots/{version_id}.png"


async def capture(url: str, *, chromium: Path = CHROMIUM, timeout_s: float = TIMEOUT_S) -> bytes:
    """A PNG of the phone screen once the preview at ``url`` has rendered its first page.

    The preview page sets ``body[data-preview]`` to ``ready`` once ``launch()`` resolved (exposing
    the handle as ``window.openminiPreview``) or to ``failed`` with the reason in ``#preview-error``.
    """
    if not chromium.exists():
        raise ScreenshotFailed(f"Chromium is not installed on this server (looked for {chromium})")
    try:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright
    except ImportError:
        raise ScreenshotFailed("Playwright is not installed on this server") from None
    timeout_ms = timeout_s * 1000
    async with _one_at_a_time, async_playwright() as playwright:
        try:
            browser = await playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        except PlaywrightError as failed:
            raise ScreenshotFailed(f"Chromium did not start: {failed.message}") from None
        try:
            page = await browser.new_page(viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT})
            await page.goto(url, timeout=timeout_ms)
            await page.wait_for_function(
                "() => ['ready', 'failed'].includes(document.body.dataset.preview)", timeout=timeout_ms
            )
            if await page.evaluate("() => document.body.dataset.preview") == "failed":
                reason = await page.text_content("#preview-error")
                raise ScreenshotFailed(f"the mini program did not start: {(reason or '').strip()}")
            await page.wait_for_function("() => window.openminiPreview.frames().length > 0", timeout=timeout_ms)
            top = await page.evaluate_handle("() => window.openminiPreview.frames().at(-1)")
            element = top.as_element()
            frame = await element.content_frame() if element is not None else None
            if frame is None:
                raise ScreenshotFailed("the first page frame did not open")
            # The page frame's CSP refuses eval, which wait_for_function needs: poll instead.
            deadline = time.monotonic() + timeout_s
            while not await frame.evaluate(FIRST_RENDER):
                if time.monotonic() > deadline:
                    raise ScreenshotFailed("the first page rendered nothing")
                await asyncio.sleep(0.1)
            await page.wait_for_load_state("networkidle", timeout=timeout_ms)
            # Images and fonts the render started have loaded; let the frame paint them.
            await frame.evaluate(NEXT_PAINT)
            return await page.screenshot(type="png")
        except PlaywrightError as failed:
            raise ScreenshotFailed(f"the preview did not load: {failed.message.splitlines()[0]}") from None
        finally:
            await browser.close()


async def take(db: Database, blobs: BlobStore, version_id: int, url: str, *, chromium: Path = CHROMIUM) -> Screenshot:
    """Capture the preview at ``url`` and record the outcome for ``version_id`` (a retake replaces it)."""
    try:
        png = await capture(url, chromium=chromium)
    except ScreenshotFailed as failed:
        key, error = "", str(failed)
    else:
        key, error = screenshot_key(version_id), ""
        await blobs.put(key, png)
    async with db.session() as session:
        row = await session.get(VersionScreenshot, version_id)
        if row is None:
            row = VersionScreenshot(version_id=version_id)
            session.add(row)
        row.blob_key, row.error, row.taken_at = key, error, utcnow()
        return _public(row)


async def screenshot_of(session: AsyncSession, version_id: int) -> Screenshot | None:
    """What was recorded for the version, or None when no screenshot was attempted yet."""
    row = await session.get(VersionScreenshot, version_id)
    return None if row is None else _public(row)


def _public(row: VersionScreenshot) -> Screenshot:
    return Screenshot(row.version_id, row.blob_key, row.error, row.taken_at)

"""Files, media, storage-batch and contact wx APIs in the simulator (tests/e2e/fixtures/files_app).

* `wx.saveFile` of a package file gives a `wxfile://store_…` path that `<image src>` shows, whose
  size and SHA-1 `getFileInfo`/`getSavedFileInfo` report, listed by `getSavedFileList` until
  `removeSavedFile`;
* `batchSetStorage` / `batchGetStorage` round-trip typed values ("" for a missing key);
* `chooseVideo` through the browser's file chooser reports the video's size and duration;
* the background audio manager plays a package file and goes on playing on the next page;
* the recorder records Chromium's fake microphone after the consent prompt (webm/opus: the
  browser's format, though aac was asked for);
* `addPhoneContact` downloads a vCard 3.0 of the fields.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import examples_support as support
import pytest
from examples_support import ARGS, CHROMIUM, Served, Sim, poll, serve
from playwright import sync_api as playwright_sync

FIXTURE = Path(__file__).parent / "fixtures" / "files_app"
ROUTE = "pages/files/files"
# a 1×1 PNG
DOT = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
# the fake camera and microphone, for the recorder only
MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
sim = support.sim  # the fixture, used by name


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    app = tmp_path_factory.mktemp("app") / "files_app"
    shutil.copytree(FIXTURE, app)
    (app / "assets").mkdir()
    (app / "assets" / "dot.png").write_bytes(DOT)
    with wave.open(str(app / "assets" / "tone.wav"), "wb") as w:  # 20 s of a 440 Hz square wave
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(bytes(200 if (i // 9) % 2 else 56 for i in range(8000 * 20)))
    yield from serve(app, tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS + MEDIA_ARGS)
        yield b
        b.close()


def test_saved_files_are_shown_listed_described_and_removed(sim: Sim) -> None:
    sim.tap("#save")
    text = sim.wait_text("saved", "#status")
    sha1 = hashlib.sha1(DOT).hexdigest()
    assert text == f"saved {len(DOT)} {sha1} list 1→0 getSavedFileInfo:fail file not exist"
    # the saved file was shown by <image src="wxfile://store_…"> before it was removed
    img = sim.frame().locator("#saved img")
    poll(lambda: img.evaluate("(e) => e.complete && e.naturalWidth") == 1, "the saved picture on the page")
    assert img.evaluate("(e) => e.src").startswith("data:image/png;base64,")


def test_batch_storage_round_trips(sim: Sim) -> None:
    sim.tap("#batch")
    assert sim.wait_text("batch", "#status") == 'batch [1,{"x":"y"},""]'


def test_choose_video_measures_the_picked_video(sim: Sim, tmp_path: Path) -> None:
    # a short webm the browser makes from a canvas
    data = sim.page.evaluate(
        """async () => {
          const c = document.createElement('canvas'); c.width = 64; c.height = 48;
          const g = c.getContext('2d'); const rec = new MediaRecorder(c.captureStream(10), {mimeType: 'video/webm'});
          const parts = []; rec.ondataavailable = (e) => parts.push(e.data); rec.start();
          for (let i = 0; i < 8; i++) { g.fillStyle = i % 2 ? 'red' : 'blue'; g.fillRect(0, 0, 64, 48); await new Promise((r) => setTimeout(r, 100)); }
          await new Promise((r) => { rec.onstop = r; rec.stop(); });
          const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
          let s = ''; for (const b of bytes) s += String.fromCharCode(b); return btoa(s);
        }"""
    )
    clip = tmp_path / "clip.webm"
    clip.write_bytes(base64.b64decode(data))
    sim.tap("#video")
    with sim.page.expect_file_chooser() as chooser:
        sim.page.locator(".om-sheet").get_by_text("从手机相册选择").click()
    chooser.value.set_files(str(clip))
    text = sim.wait_text("video", "#status")
    assert text.startswith("video 64x48 ") and text.endswith(" true"), text


def test_background_audio_goes_on_across_pages(sim: Sim) -> None:
    sim.tap("#music")
    sim.wait_route("pages/second/second")

    def playing() -> bool:
        sim.tap("#check")
        return "tone paused false status 1 at true" in sim.text("#state")

    poll(playing, lambda: f"music playing on the next page (saw {sim.text('#state')!r})")


def test_recorder_records_the_microphone_after_consent(sim: Sim) -> None:
    sim.tap("#record")
    sim.page.locator(".om-consent").get_by_role("button", name="允许").click()
    assert sim.wait_text("recorded", "#status") == "recorded true true"


def test_add_phone_contact_downloads_a_vcard(sim: Sim) -> None:
    sim.tap("#contact")
    with sim.page.expect_download() as download:
        sim.page.get_by_role("button", name="保存").click()
    vcf = Path(download.value.path()).read_bytes().decode()
    assert download.value.suggested_filename == "张三.vcf"
    assert vcf.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\nN:张;三;;;\r\nFN:张三\r\n")
    assert "TEL;TYPE=CELL:13800000000\r\n" in vcf and "ORG:ACME\\; Inc\r\n" in vcf
    sim.wait_text("contact ok", "#status")

"""scripts/targets_sweep.py on a small fixture mini program (tests/e2e/fixtures/sweep_app).

The fixture has one page of each kind the sweep tells apart: a page that renders, a page whose
onLoad throws, a page whose request the host refuses (a clean failure), an empty page, and a
subpackage page that only logs with console.error. The public targets are not in the repo.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "sweep_app"


def load_sweep() -> Any:
    spec = importlib.util.spec_from_file_location("targets_sweep", ROOT / "scripts" / "targets_sweep.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["targets_sweep"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sweep() -> Any:
    return load_sweep()


@pytest.fixture(scope="module")
def browser(sweep: Any) -> Iterator[Any]:
    with sweep.chromium() as b:
        yield b


@pytest.fixture(scope="module")
def result(sweep: Any, browser: Any) -> Any:
    return sweep.sweep_target(browser, FIXTURE, wait=3.0)


def pages(result: Any) -> dict[str, Any]:
    return {p.route: p for p in result.pages}


def test_every_page_of_every_package_is_opened(result: Any) -> None:
    assert result.compiled
    assert list(pages(result)) == [
        "pages/index/index",
        "pages/broken/broken",
        "pages/net/net",
        "pages/blank/blank",
        "sub/pages/more/more",
    ]
    assert all(p.frame for p in result.pages)


def test_a_page_that_renders_has_no_errors(result: Any) -> None:
    index = pages(result)["pages/index/index"]
    assert index.elements >= 1 and "hello sweep" in index.sample
    assert not index.uncaught and not index.network_failed and not index.empty


def test_an_uncaught_error_is_blamed_on_its_page_with_file_and_line(result: Any) -> None:
    broken = pages(result)["pages/broken/broken"]
    assert len(broken.uncaught) == 1
    assert "onLoad" in broken.uncaught[0] and "pages/broken/broken.js:4" in broken.uncaught[0]
    assert not broken.empty  # the template renders even though onLoad threw
    others = [p for p in result.pages if p.route != "pages/broken/broken"]
    assert all(not p.uncaught for p in others)


def test_a_refused_request_is_a_clean_network_failure(result: Any) -> None:
    net = pages(result)["pages/net/net"]
    assert net.network_failed and "not in domain list" in net.network_failed[0]
    assert not net.uncaught and not net.network_caused
    assert "request:fail url not in domain list" in net.sample  # the page's fail callback ran
    assert not net.browser_console  # the host's 403 from the platform API is not counted again


def test_empty_pages_and_console_errors_are_told_apart(result: Any) -> None:
    assert pages(result)["pages/blank/blank"].empty
    more = pages(result)["sub/pages/more/more"]
    assert more.dev_console == ["more: logged, not thrown"]
    assert not more.uncaught and not more.empty


def test_report_prints_a_table_and_the_totals(sweep: Any, result: Any) -> None:
    out = io.StringIO()
    assert sweep.report([result], out) == (5, 4)
    text = out.getvalue()
    assert "pages 5 | no uncaught error 4 | empty 1 | clean network failures 1" in text
    assert "1× onLoad: Cannot set properties of undefined" in text
    assert text.rstrip().endswith("targets: 5 pages, 4 without uncaught errors")


def test_a_folder_that_does_not_compile_is_reported_as_not_compiled(sweep: Any, tmp_path: Path) -> None:
    (tmp_path / "app.json").write_text('{"pages": ["pages/a/a"]}')
    (tmp_path / "pages" / "a").mkdir(parents=True)
    (tmp_path / "pages" / "a" / "a.ts").write_text("Page({})")
    (tmp_path / "pages" / "a" / "a.wxml").write_text("<view/>")
    res = sweep.sweep_target(None, tmp_path)  # no browser needed: nothing to open
    assert not res.compiled and res.pages == []
    assert any("page_js_uncompiled" in d for d in res.diagnostics)
    out = io.StringIO()
    assert sweep.report([res], out) == (0, 0)
    assert "not compiled" in out.getvalue()


def test_a_page_is_opened_with_its_known_query(sweep: Any, browser: Any) -> None:
    queries = {"pages/index/index": "greeting=from%20query"}
    res = sweep.sweep_target(browser, FIXTURE, only="pages/index/", queries=queries)
    [index] = res.pages
    assert index.query == "greeting=from%20query"
    assert "from query" in index.sample and not index.uncaught
    out = io.StringIO()
    sweep.report([res], out)
    assert "?greeting=from%20query" in out.getvalue()  # the table says which pages got a query


def test_known_queries_are_looked_up_by_the_end_of_the_target_folder(sweep: Any, tmp_path: Path) -> None:
    folder = tmp_path / "tcmpp" / "e-commerce"
    table = {"tcmpp/movie": {"a": "x=1"}, "tcmpp/e-commerce": {"pages/b/b": "id=2"}}
    assert sweep.for_target(folder, table) == {"pages/b/b": "id=2"}
    assert sweep.for_target(tmp_path / "other", table) == {}


def test_a_target_needing_settings_is_swept_from_an_edited_copy(sweep: Any, tmp_path: Path) -> None:
    folder = tmp_path / "tcmpp" / "movie"
    folder.mkdir(parents=True)
    (folder / "config.js").write_text("module.exports = { key: '' }\n")
    with sweep.set_up(folder, {"config.js": {"key: ''": "key: 'k'"}}) as ready:
        assert ready != folder
        assert (ready / "config.js").read_text() == "module.exports = { key: 'k' }\n"
    assert (folder / "config.js").read_text() == "module.exports = { key: '' }\n"  # the target is untouched
    with sweep.set_up(folder, {}) as same:
        assert same == folder
    with pytest.raises(SystemExit, match="no longer contains"), sweep.set_up(folder, {"config.js": {"gone": "x"}}):
        pass


def test_the_movie_target_gets_the_map_key_its_readme_asks_for(sweep: Any) -> None:
    setup = json.loads(sweep.SETUP.read_text())
    assert "QMapkey: ''" in setup["tcmpp/movie"]["tcmpp.config.js"]


def test_an_error_in_the_fail_callback_of_a_failed_request_is_caused_by_the_network(sweep: Any) -> None:
    assert sweep.NETWORK_CAUSED.search("wx.request fail: res is not defined")
    assert sweep.NETWORK_CAUSED.search("unhandled promise rejection: request:fail url not in domain list")
    assert not sweep.NETWORK_CAUSED.search("onLoad: Cannot read properties of undefined (reading 'x')")

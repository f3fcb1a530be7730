"""wx.createWorker in the simulator (tests/e2e/fixtures/worker_app).

* the worker file (and the file it requires) runs in a thread: fib(20) computed there reaches the page;
* the thread has no network and no `wx`;
* one worker at a time; `terminate()` ends the thread: its timer's messages stop, the old Worker
  refuses to post, and a new worker can start;
* an error thrown in the worker reaches the simulator's console with the worker file's line.
"""

from __future__ import annotations

from pathlib import Path

import examples_support as support
from examples_support import Sim, poll

FIXTURE = Path(__file__).parent / "fixtures" / "worker_app"
browser = support.browser  # the fixtures, used by name
base, sim = support.base, support.sim
ROUTE = "pages/index/index"


def test_the_worker_computes_and_answers(sim: Sim) -> None:
    sim.tap("#fib")
    sim.wait_text("fib = 6765", "#result")


def test_the_worker_has_no_network_and_no_wx(sim: Sim) -> None:
    sim.tap("#probe-btn")
    sim.wait_text("undefined undefined undefined undefined", "#probe")


def test_terminate_ends_the_thread_and_a_new_worker_can_start(sim: Sim) -> None:
    sim.tap("#tick")
    poll(lambda: int(sim.text("#ticks") or 0) >= 3, "the worker's timer ticks")
    sim.tap("#stop")
    status = sim.wait_text("stopped at", "#status")
    stopped = status.split("stopped at ")[1].split(";")[0]
    assert "createWorker:fail only one worker may run at a time" in status
    assert "postMessage:fail the worker has been terminated" in status
    sim.tap("#again")
    sim.wait_text("fib = 55", "#result")
    # the new worker answered after a full round trip; the old thread's timer sent nothing since
    assert sim.text("#ticks") == stopped


def test_an_error_in_the_worker_reaches_the_console_with_its_line(sim: Sim) -> None:
    sim.tap("#boom")
    poll(lambda: "workers/calc/index.js:10" in sim.console(), lambda: f"the error row in {sim.console()!r}")

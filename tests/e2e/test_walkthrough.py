"""Issue #4's acceptance: a newcomer's walk through the whole platform, in headless Chromium.

A fresh `openmini serve` app (once on SQLite and a blob folder, once on PostgreSQL and an
S3-compatible server, both on loopback). Everything people do, they do as people would: the
operator, developer and reviewer click through the console; uploads go through the real
`openmini upload` command; testers and end users open the mini program from the links that the
console's QR code images decode to, in the shell at `/`. The fixture mini program
(fixtures/walkthrough_app) shows its version on its first page, so each step can assert which
version someone sees.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from examples_support import ARGS, CHROMIUM
from playwright import sync_api as playwright_sync
from playwright.sync_api import Browser, Locator, Page, expect
from pydantic import SecretStr
from typer.testing import CliRunner

from openmini.cli.main import app as cli
from openmini.settings import Settings
from support.live_server import free_port, local_url, serve_platform

FIXTURE = Path(__file__).parent / "fixtures" / "walkthrough_app"
PASSWORD = "walkthrough-password"
OPERATOR = "operator@walk.example"
ORG = "Walkthrough Co"
APP = "Walkthrough"
PEOPLE = {  # email: display name
    "developer@walk.example": "Dev",
    "tester@walk.example": "Tess",
    "reviewer@walk.example": "Rev",
    "alice@walk.example": "Alice",
    "bob@walk.example": "Bob",
}
SCENE = "promo=spring"
WAIT_MS = 30_000  # a loaded machine: a mini program launch or a PostgreSQL write can take seconds
# The server's own Chromium takes the review screenshot after submission, one at a time, each
# within its own 30 s limit: the review page shows it (or why not) well within this.
SCREENSHOT_WAIT_S = 120
MAX_CANDIDATES = 20  # end users tried to find one on each side of a 50 % split: fails with p = 2**-19


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """A fresh platform's settings: SQLite and a blob folder, or PostgreSQL and an S3 bucket."""
    database_url = blob_url = ""  # the embedded defaults: a SQLite file and a folder in data_dir
    if request.param == "postgresql":
        database_url = request.getfixturevalue("postgres_url")
        blob_url = request.getfixturevalue("s3_blob_url")
    return Settings(
        data_dir=tmp_path / "serve",
        public_url=local_url(free_port()),
        secret_key=SecretStr("walkthrough-secret"),
        operator_email=OPERATOR,
        operator_password=SecretStr(PASSWORD),
        database_url=database_url,
        blob_url=blob_url,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with playwright_sync.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def patient_expect() -> Iterator[None]:
    expect.set_options(timeout=WAIT_MS)
    yield
    expect.set_options(timeout=None)


@dataclass
class Person:
    """One person's browser (their own cookies, so their own session) on the platform at `base`."""

    browser: Browser
    base: str
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.context = self.browser.new_context(viewport={"width": 390, "height": 800}, accept_downloads=True)
        self.context.set_default_timeout(WAIT_MS)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def close(self) -> None:
        self.context.close()
        assert self.errors == [], self.errors

    # --- the console ---

    def console_sign_in(self, email: str) -> None:
        self.page.goto(f"{self.base}/console")
        expect(self.page.get_by_role("heading", name="Sign in")).to_be_visible()
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page.get_by_role("heading", name="Your organisations")).to_be_visible()

    def click(
        self, name: str, role: Literal["button", "link"] = "button", within: Page | Locator | None = None
    ) -> None:
        (within or self.page).get_by_role(role, name=name, exact=True).click()

    def done(self, message: str) -> None:
        """The console's flash after a write: `message`, and no error."""
        expect(self.page.locator("p.flash-ok")).to_have_text(message)
        expect(self.page.locator("p.flash-error")).to_have_count(0)

    def open_app(self, tab: str) -> None:
        """One tab of the mini program's console pages, from the list of organisations."""
        self.click("Organisations", "link", self.page.get_by_role("navigation", name="Console"))
        self.click(ORG, "link")
        self.click(APP, "link")
        self.click(tab, "link", self.page.get_by_role("navigation", name="Mini program"))

    def version_row(self, user_version: str) -> Locator:
        header = self.page.get_by_role("rowheader", name=re.compile(rf"^{re.escape(user_version)}\b"))
        return self.page.locator("tbody tr").filter(has=header)

    def qr_link(self, env: str, scene: str = "") -> str:
        """The link in the QR code PNG the console makes, decoded as a phone camera would."""
        self.open_app("QR codes")
        self.page.get_by_label("Version").select_option(env)
        self.page.get_by_label("scene").fill(scene)
        self.click("Show")
        with self.page.expect_download() as download:
            self.click("PNG", "link")
        png = download.value.path()
        decoded = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=True)
        link = decoded.stdout.strip()
        expect(self.page.locator("figure.qr figcaption")).to_contain_text(f"Link: {link}")
        return link

    # --- the shell ---

    def shell_sign_in(self, email: str) -> None:
        self.page.goto(f"{self.base}/")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.click("Sign in")
        expect(self.page.locator("#who")).to_have_text(PEOPLE[email])

    def continue_as_guest(self) -> None:
        self.page.goto(f"{self.base}/")
        self.click("Continue as guest")
        expect(self.page.locator("#who")).to_contain_text("(guest)")

    def mini(self, selector: str) -> Locator:
        """An element of the running mini program's top page."""
        return self.page.frame_locator("#app iframe.om-page").last.locator(selector)

    def open_link(self, link: str) -> str:
        """Open a mini program link in the shell; the version its first page shows."""
        self.page.goto(link)
        shown = self.mini("#version")
        expect(shown).to_have_text(re.compile(r"^version \d+\.\d+\.\d+$"))
        return shown.inner_text().removeprefix("version ")


def upload(base: str, appid: str, key: str, source: Path, user_version: str) -> int:
    """`openmini upload` as a developer runs it, server and key from the environment."""
    result = CliRunner().invoke(
        cli,
        ["upload", str(source), "--appid", appid, "--version", user_version, "--desc", f"release {user_version}"],
        env={"OPENMINI_SERVER": base, "OPENMINI_API_KEY": key},
    )
    assert result.exit_code == 0, result.output
    assert f"uploaded {source} as {user_version}" in result.stderr
    return int(result.stdout)


def source_of(version: str, folder: Path) -> Path:
    """The fixture mini program, its first page saying `version`."""
    shutil.copytree(FIXTURE, folder)
    marker = folder / "version.js"
    marker.write_text(marker.read_text().replace("'1.0.0'", f"'{version}'"))
    return folder


def review_and_approve(reviewer: Person, user_version: str, live: str | None) -> None:
    """The reviewer finds the version in the queue, sees its screenshot, report and diff, and approves."""
    page = reviewer.page
    reviewer.click("Review queue", "link", page.get_by_role("navigation", name="Console"))
    row = page.locator("tbody tr").filter(has_text=f"{user_version} (#")
    expect(row).to_contain_text(ORG)
    expect(row).to_contain_text(f"please review {user_version}")
    reviewer.click(APP, "link", row)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Review: {APP} {user_version}")
    # The screenshot is taken after submission, by the server's own Chromium: reload until it is there.
    image, failed = page.locator("figure.screenshot img"), page.get_by_text("No screenshot:")
    deadline = time.monotonic() + SCREENSHOT_WAIT_S
    while not (image.count() or failed.count()):
        assert time.monotonic() < deadline, "no screenshot was recorded"
        page.reload(wait_until="networkidle")  # paced: the server needs its CPU for the screenshot
    expect(failed).to_have_count(0)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 375  # a phone-wide PNG
    expect(page.get_by_role("cell", name="wx.getLaunchOptionsSync")).to_be_visible()
    if live is None:
        expect(page.get_by_text("Nothing is live yet: every file is new.")).to_be_visible()
    else:
        expect(page.get_by_role("heading", name=f"Changes from the live version ({live})")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile(r"^Changed \([1-9]"))).to_be_visible()
    page.get_by_label("Note (optional)").fill("looks fine")
    reviewer.click("Approve")
    reviewer.done("Approved: developers can release it now.")
    expect(page.get_by_text("Nothing waits for review.")).to_be_visible()


def set_trial(developer: Person, user_version: str) -> Locator:
    """The developer makes the upload the trial version; its row on the versions page."""
    developer.open_app("Versions")
    row = developer.version_row(user_version)
    expect(row).to_contain_text("developer@walk.example")  # the key acts as the developer who made it
    expect(row.locator(".state")).to_have_text(["develop"])
    developer.click("Set as trial", within=row)
    developer.done("Trial version set.")
    expect(row.locator(".state")).to_have_text(["develop", "trial"])
    return row


def submit(developer: Person, row: Locator, user_version: str) -> None:
    row.get_by_label("Notes for the reviewer").fill(f"please review {user_version}")
    developer.click("Submit for audit", within=row)
    developer.done("Submitted for audit; a screenshot of the first page is being taken for the reviewer.")
    expect(row.locator(".state")).to_have_text(["auditing", "trial"])


def release_state(developer: Person, live: str, gradual: str) -> None:
    """What the release page says is live, and which gradual release runs."""
    panel = developer.page.locator("dl.card")
    expect(panel.locator("dd")).to_have_text([live, gradual])


def set_up_organisation(operator: Person) -> str:
    """The operator's part: accounts, the organisation and its members, the mini program; its appid."""
    page = operator.page
    operator.console_sign_in(OPERATOR)
    for email, name in PEOPLE.items():
        operator.click("Operator", "link", page.get_by_role("navigation", name="Console"))
        operator.click("Users", "link", page.get_by_role("navigation", name="Operator"))
        page.get_by_label("Email").fill(email)
        page.get_by_label("Display name").fill(name)
        page.get_by_label("Password").fill(PASSWORD)
        operator.click("Create account")
        operator.done(f"Account {email} created.")

    operator.click("Organisations", "link", page.get_by_role("navigation", name="Console"))
    page.get_by_label("Name").fill(ORG)
    operator.click("Create organisation")
    operator.done("Organisation created.")
    expect(page.get_by_role("heading", level=1)).to_have_text(ORG)

    operator.click("Members", "link", page.get_by_role("navigation", name="Organisation"))
    for email, role in (
        ("developer@walk.example", "developer"),
        ("tester@walk.example", "tester"),
        ("reviewer@walk.example", "reviewer"),
    ):
        page.get_by_label("Email of their account").fill(email)
        page.get_by_label("Role").select_option(role)
        operator.click("Add member")
        operator.done(f"{email} added.")
        member = page.locator("tbody tr").filter(has_text=email)
        expect(member.get_by_role("checkbox", name=role)).to_be_checked()

    operator.click("Mini programs", "link", page.get_by_role("navigation", name="Organisation"))
    page.get_by_label("Name").fill(APP)
    page.get_by_label("Category").fill("Tools")
    page.get_by_label("Description").fill("The newcomer's first mini program")
    operator.click("Create mini program")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{APP} was created")
    assert page.get_by_label("appsecret").input_value()
    appid = page.locator(".secret code").inner_text()
    assert re.fullmatch(r"om[0-9a-f]{16}", appid), appid
    operator.click(f"Go to {APP}", "link")
    expect(page.get_by_role("heading", level=1)).to_contain_text(appid)
    return appid


def create_api_key(developer: Person) -> str:
    page = developer.page
    developer.click(ORG, "link")
    developer.click("API keys", "link", page.get_by_role("navigation", name="Organisation"))
    page.get_by_label("Name").fill("laptop")
    developer.click("Create key")
    expect(page.get_by_role("heading", level=1)).to_have_text("API key “laptop” was created")
    key = page.get_by_label("API key").input_value()
    developer.click("Back to the API keys", "link")
    expect(page.locator("tbody tr").filter(has_text="laptop")).to_contain_text(f"{key[:8]}")
    return key


def split_users(signed_in: list[Person], guest: Callable[[], Person], link: str) -> tuple[Person, Person]:
    """An end user who gets 1.1.0 and one who gets 1.0.0 in the 50 % release, trying end users in
    turn: the signed-in ones first, then new guests."""
    guests = (guest() for _ in range(MAX_CANDIDATES - len(signed_in)))
    seen: dict[str, Person] = {}
    for person in itertools.chain(signed_in, guests):
        seen.setdefault(person.open_link(link), person)
        if len(seen) == 2:
            return seen["1.1.0"], seen["1.0.0"]
    raise AssertionError(f"{MAX_CANDIDATES} end users all got {next(iter(seen))}")


def test_a_newcomer_publishes_reviews_releases_and_rolls_back(
    settings: Settings, browser: Browser, tmp_path: Path, patient_expect: None
) -> None:
    with serve_platform(settings) as base:
        people: list[Person] = []

        def person() -> Person:
            people.append(Person(browser, base))
            return people[-1]

        try:
            walk_through(base, person, tmp_path)
        finally:
            for someone in people:
                someone.close()


def walk_through(base: str, person: Callable[[], Person], tmp_path: Path) -> None:
    operator, developer, reviewer, tester = person(), person(), person(), person()
    appid = set_up_organisation(operator)

    developer.console_sign_in("developer@walk.example")
    key = create_api_key(developer)
    first = upload(base, appid, key, source_of("1.0.0", tmp_path / "v1"), "1.0.0")

    # The trial: its QR code opens it for a tester, and for nobody outside the organisation.
    row = set_trial(developer, "1.0.0")
    trial_link = developer.qr_link("trial")
    assert trial_link == f"{base}/a/{appid}?env=trial&via=qr"
    tester.shell_sign_in("tester@walk.example")
    assert tester.open_link(trial_link) == "1.0.0"
    expect(tester.mini("#account")).to_have_text("account=trial -")  # wx.getAccountInfoSync(): no version
    alice, bob = person(), person()
    alice.shell_sign_in("alice@walk.example")
    alice.page.goto(trial_link)
    refusal = "Could not open the mini program: alice@walk.example may not open the trial version (errcode 90003)"
    expect(alice.page.get_by_role("alert")).to_have_text(refusal)
    expect(alice.page.locator("#app iframe")).to_have_count(0)

    developer.open_app("Versions")
    submit(developer, row, "1.0.0")
    reviewer.console_sign_in("reviewer@walk.example")
    review_and_approve(reviewer, "1.0.0", live=None)
    developer.open_app("Release")
    developer.page.get_by_label("Version").select_option(label=f"1.0.0 (#{first})")
    developer.click("Release to everyone")
    developer.done("Released to everyone.")
    release_state(developer, f"1.0.0 (#{first})", "none running")

    link = f"{base}/a/{appid}"
    bob.shell_sign_in("bob@walk.example")
    assert alice.open_link(link) == "1.0.0"
    expect(alice.mini("#account")).to_have_text("account=release 1.0.0")
    assert bob.open_link(link) == "1.0.0"

    # 1.1.0 to half of the users.
    second = upload(base, appid, key, source_of("1.1.0", tmp_path / "v2"), "1.1.0")
    row = set_trial(developer, "1.1.0")
    assert tester.open_link(trial_link) == "1.1.0"
    submit(developer, row, "1.1.0")
    review_and_approve(reviewer, "1.1.0", live="1.0.0")
    developer.open_app("Release")
    gradual = developer.page.locator("form").filter(
        has=developer.page.get_by_role("button", name="Start gradual release")
    )
    gradual.get_by_label("Version").select_option(label=f"1.1.0 (#{second})")
    gradual.get_by_label("Percentage of users").fill("50")
    developer.click("Start gradual release")
    developer.done("Gradual release updated.")
    release_state(developer, f"1.0.0 (#{first})", f"1.1.0 (#{second}) to 50 % of users")

    def guest() -> Person:
        someone = person()
        someone.continue_as_guest()
        return someone

    new, old = split_users([alice, bob], guest, link)
    for someone in (new, old, new, old):  # each keeps the version the split gave them
        assert someone.open_link(link) == ("1.1.0" if someone is new else "1.0.0")

    developer.click("Raise to 100 %")
    developer.done("Raised to 100 %: released to everyone.")
    release_state(developer, f"1.1.0 (#{second})", "none running")
    assert (new.open_link(link), old.open_link(link)) == ("1.1.0", "1.1.0")

    developer.click("Roll back")
    developer.done("Rolled back to the previous release.")
    release_state(developer, f"1.0.0 (#{first})", "none running")
    assert (new.open_link(link), old.open_link(link)) == ("1.0.0", "1.0.0")

    # A mini program code: the released version, opened with a scene that onLoad receives.
    code_link = developer.qr_link("release", SCENE)
    assert code_link == f"{base}/a/{appid}?scene=promo%3Dspring&via=code"
    assert old.open_link(code_link) == "1.0.0"
    expect(old.mini("#scene")).to_have_text("scene=promo%3Dspring")  # URL-encoded, as WeChat hands it over
    expect(old.mini("#launch")).to_have_text("launch=1047")  # WeChat's scene for a mini program code

    # Every release step is in the organisation's audit log, by the developer who took it.
    operator.click("Organisations", "link", operator.page.get_by_role("navigation", name="Console"))
    operator.click(ORG, "link")
    operator.click("Audit log", "link", operator.page.get_by_role("navigation", name="Organisation"))
    operator.page.get_by_label("Action starts with").fill("release.")
    operator.click("Filter")
    entries = operator.page.locator("tbody tr")
    expect(entries.locator("td:nth-child(3)")).to_have_text(
        ["release.rollback", "release.full", "release.gradual", "release.full"]
    )
    expect(entries.locator("td:nth-child(2)")).to_have_text(["developer@walk.example"] * 4)

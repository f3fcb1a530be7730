"""Helpers for tests of the `openmini serve` app: settings in a temp data dir, and publishing real
mini programs through the platform's own services (upload, review, release)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from openmini.platform import accounts, apps, releases, versions
from openmini.platform.accounts import Role
from openmini.platform.audit import Actor
from openmini.platform.uploads import pack_source, prepare_upload
from openmini.server.state import PlatformState
from openmini.settings import Settings

PASSWORD = "correct horse battery"


def serve_settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, operator_password=PASSWORD)


def write_source(root: Path, title: str) -> Path:
    """A one-page mini program that shows `title` and the query its page was opened with."""
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/other/other"]}),
        "app.js": "App({})",
        "pages/index/index.js": "Page({ data: { title: '" + title + "', q: '' }, "
        "onLoad(query) { this.setData({ q: JSON.stringify(query) }) } })",
        "pages/index/index.wxml": '<view id="title">{{title}}</view><view id="query">{{q}}</view>',
        "pages/other/other.js": "Page({})",
        "pages/other/other.wxml": "<view>other</view>",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@dataclass(frozen=True)
class Team:
    """An organisation run by `admin` with a tester, and one mini program."""

    org_id: int
    admin: Actor
    tester: Actor
    appid: str


async def make_team(state: PlatformState, name: str, app_name: str) -> Team:
    async with state.db.session() as s:
        admin = accounts.actor_for(await accounts.register(s, f"admin@{name}.example", PASSWORD, "Admin"))
        tester_user = await accounts.register(s, f"tester@{name}.example", PASSWORD, "Tess")
        org = await accounts.create_organisation(s, admin, name)
        await accounts.add_member(s, admin, org.id, tester_user.id, Role.TESTER)
        app, _secret = await apps.create_app(s, admin, org.id, app_name, description=f"{app_name} (test)")
    return Team(org.id, admin, accounts.actor_for(tester_user), app.appid)


async def upload(state: PlatformState, team: Team, source: Path, user_version: str) -> int:
    prepared = prepare_upload(pack_source(source))
    async with state.db.session() as s:
        app = await apps.get_app(s, team.appid)
        version = await versions.create_version(
            s, state.blobs, team.admin, app, prepared.package, prepared.source_archive, user_version=user_version
        )
        return version.id


async def approve(state: PlatformState, team: Team, version_id: int) -> None:
    """Submit and approve (the operator reviews: the team has no reviewer)."""
    async with state.db.session() as s:
        app = await apps.get_app(s, team.appid)
        await versions.submit_audit(s, team.admin, app, version_id)
        await versions.approve(s, Actor.system(), app, version_id, "fine")


async def release(state: PlatformState, team: Team, version_id: int, percentage: int = 100) -> None:
    await approve(state, team, version_id)
    async with state.db.session() as s:
        app = await apps.get_app(s, team.appid)
        if percentage == 100:
            await releases.release(s, team.admin, app, version_id)
        else:
            await releases.release_gradually(s, team.admin, app, version_id, percentage=percentage)


async def set_trial(state: PlatformState, team: Team, version_id: int) -> None:
    async with state.db.session() as s:
        await versions.set_trial(s, team.admin, await apps.get_app(s, team.appid), version_id)

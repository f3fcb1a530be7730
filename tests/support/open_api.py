"""For tests of the open API: an organisation that publishes (serve the app with `support.live_server`)."""

from __future__ import annotations

from dataclasses import dataclass

from openmini.platform import accounts, apps
from openmini.platform.accounts import Role
from openmini.platform.audit import Actor
from openmini.store.database import Database

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Publisher:
    """An organisation with one mini program: its admin, an API key of the admin, and a reviewer."""

    org_id: int
    admin: Actor
    reviewer: Actor
    appid: str
    key: str
    secret: str


async def make_publisher(db: Database, name: str) -> Publisher:
    async with db.session() as s:
        admin = accounts.actor_for(await accounts.register(s, f"admin@{name}.example", PASSWORD))
        reviewer_user = await accounts.register(s, f"reviewer@{name}.example", PASSWORD)
        org = await accounts.create_organisation(s, admin, name)
        await accounts.add_member(s, admin, org.id, reviewer_user.id, Role.REVIEWER)
        app, secret = await apps.create_app(s, admin, org.id, f"{name} app")
        _, key = await accounts.create_api_key(s, admin, org.id, "ci")
    return Publisher(org.id, admin, accounts.actor_for(reviewer_user), app.appid, key, secret)

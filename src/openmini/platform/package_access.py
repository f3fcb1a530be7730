"""Who may fetch a version's package: the same people who may open it.

Version ids are small integers, so the manifest (which names every content-addressed file) is
what guards unreleased code: a version that has ever been released is public; otherwise only
members who could open it through a launch (:func:`openmini.platform.releases.resolve`) may read it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openmini.platform.accounts import User, actor_for, has_role
from openmini.platform.apps import App
from openmini.platform.releases import DEVELOP_OPENERS, TRIAL_OPENERS, Release
from openmini.platform.versions import Version, trial_version


async def was_released(session: AsyncSession, version_id: int) -> bool:
    """Whether the version was ever released: then it is public for good, so callers may remember the answer."""
    return await session.scalar(select(Release.id).where(Release.version_id == version_id).limit(1)) is not None


async def may_read_package(session: AsyncSession, version_id: int, user_id: int | None) -> bool:
    """Whether the signed-in user ``user_id`` (None: nobody signed in) may fetch the version's package."""
    version = await session.get(Version, version_id)
    if version is None:
        return False
    if await was_released(session, version_id):
        return True
    if user_id is None:
        return False
    app = await session.get(App, version.app_id)
    user = await session.get(User, user_id)
    if app is None or user is None:
        return False
    actor = actor_for(user)
    if await has_role(session, actor, app.org_id, *DEVELOP_OPENERS):
        return True
    trial = await trial_version(session, app)
    return trial is not None and trial.id == version.id and await has_role(session, actor, app.org_id, *TRIAL_OPENERS)

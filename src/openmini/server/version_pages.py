"""The pages of the version an ``env_version`` opens, for open API calls that check a ``page``/``path``
(QR codes with ``check_path``, URL Schemes and Links, subscription messages)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from openmini.platform import links, releases, versions
from openmini.platform.apps import App
from openmini.platform.versions import Version
from openmini.server.state import PlatformState


async def env_version(session: AsyncSession, app: App, env: links.Env) -> Version | None:
    """The live release, the trial, or the newest develop version; None when there is none."""
    if env == "release":
        return await releases.live_version(session, app)
    if env == "trial":
        return await versions.trial_version(session, app)
    return await versions.latest_version(session, app)


async def env_pages(state: PlatformState, session: AsyncSession, app: App, env: links.Env) -> frozenset[str] | None:
    """The pages of that version; None when the mini program has no such version."""
    version = await env_version(session, app, env)
    if version is None:
        return None
    manifest = await state.packages.manifest(version.id)
    return manifest.pages if manifest is not None else None

"""At start-up: the shared list of skills, added where missing (see skills.ensure_skill_list); then the
membership renewal reminders and the private messages' digest while the app serves."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette

from learning.background import background_job
from learning.state import app_state

from . import search_text
from .message_digest import digest_loop
from .renewal import renewal_loop
from .skills import ensure_skill_list

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    async with app_state(app).db.session() as session:
        try:
            changed = await ensure_skill_list(session)
            await search_text.refresh(session, changed)
            await session.commit()
        except IntegrityError:
            # Another worker started at the same moment and added them first.
            log.info("shared skill list already being added by another process")
    state = app_state(app)
    async with (
        background_job(app, "members-renewal", lambda: renewal_loop(state.db, state.settings)),
        background_job(app, "messages-digest", lambda: digest_loop(state.db, state.settings)),
    ):
        yield

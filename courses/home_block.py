"""« Reprendre le MOOC » on her home page (a `PageBlock` of the shell's « home » slot)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.models import Member

from . import progress
from .models import Enrolment
from .store import store


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    if member is None:
        return None
    courses = store(request).library.courses
    resume = []
    for slug in await session.scalars(select(Enrolment.course).where(Enrolment.member_id == member.id)):
        course = courses.get(slug)
        if course is None:
            continue
        state = await progress.load_state(session, member.id, slug, quiz_ids=(), calculator_ids=())
        lesson = progress.resume_lesson(course, state)
        resume.append({"course": course, "lesson": lesson, "share": progress.progress_share(course, state)})
    # Shown even when empty: the block then invites her to start.
    return {"mooc_resume": resume}

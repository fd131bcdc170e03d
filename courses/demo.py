"""Demo progress for `entraide demo`: a fresh install shows learners part-way through the course. Idempotent."""

from __future__ import annotations

from sqlalchemy import select

from learning.db import Database, utcnow
from learning.models import Member
from learning.settings import Settings

from . import progress
from .loader import load_library
from .models import CheckAttempt, Enrolment
from .store import BASE_URL


async def load(db: Database, settings: Settings) -> None:
    library = load_library(settings.content_dir, BASE_URL)
    async with db.session() as session:
        members = {
            m.email: m
            for m in await session.scalars(
                select(Member).where(Member.email.in_(["amina@entraide.test", "claire@entraide.test"]))
            )
        }
        for course in library.courses.values():
            if not course.modules:
                continue
            for email, modules_done in (("amina@entraide.test", 1), ("claire@entraide.test", 0)):
                member = members.get(email)
                if member is None or await session.scalar(
                    select(Enrolment).where(Enrolment.member_id == member.id, Enrolment.course == course.slug)
                ):
                    continue
                await progress.enrol(session, member.id, course.slug)
                for module in course.modules[:modules_done]:
                    for lesson in module.lessons:
                        await progress.complete_lesson(session, member.id, lesson)
                    if module.check is not None:
                        session.add(
                            CheckAttempt(
                                member_id=member.id,
                                course=course.slug,
                                module=module.slug,
                                number=1,
                                questions=[q.id for q in module.check.quizzes],
                                submitted_at=utcnow(),
                                score=1.0,
                                passed=True,
                            )
                        )
                first = course.lessons()[0] if course.lessons() else None
                if first is not None:
                    await progress.complete_lesson(session, member.id, first)
                for calc in list(course.calculators.values())[: 2 * modules_done]:
                    await progress.save_calculator(
                        session, member.id, course.slug, calc.id, calc.kind, dict(calc.defaults)
                    )
        await session.commit()

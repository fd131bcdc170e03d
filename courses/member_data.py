"""« Mes données » for the MOOC: everything recorded about a learner, and its deletion with her account.

Certificates go too: the public verification page then answers that no certificate matches (RGPD first)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy import delete as sql_delete
from sqlalchemy.ext.asyncio import AsyncSession

from learning.settings import Settings

from .models import CalculatorInput, Certificate, CheckAttempt, Enrolment, LessonProgress, QuizAttempt

MODELS = (QuizAttempt, CheckAttempt, LessonProgress, CalculatorInput, Certificate, Enrolment)
_Row = TypeVar("_Row", QuizAttempt, CheckAttempt, LessonProgress, CalculatorInput, Certificate, Enrolment)


async def export(session: AsyncSession, member_id: int) -> dict:
    def rows(model: type[_Row]) -> Select[_Row]:
        return select(model).where(model.member_id == member_id).order_by(model.id)

    enrolments = (await session.scalars(rows(Enrolment))).all()
    lessons = (await session.scalars(rows(LessonProgress))).all()
    attempts = (await session.scalars(rows(QuizAttempt))).all()
    checks = (await session.scalars(rows(CheckAttempt))).all()
    calculators = (await session.scalars(rows(CalculatorInput))).all()
    certificates = (await session.scalars(rows(Certificate))).all()
    return {
        "mooc": {
            "inscriptions": [
                {"cours": e.course, "inscrite_le": e.enrolled_at.isoformat(), "derniere_lecon": e.last_lesson}
                for e in enrolments
            ],
            "lecons": [
                {
                    "cours": p.course,
                    "lecon": p.lesson,
                    "commencee_le": p.started_at.isoformat(),
                    "terminee_le": p.completed_at.isoformat() if p.completed_at else None,
                }
                for p in lessons
            ],
            "reponses": [
                {
                    "cours": a.course,
                    "question": a.quiz_id,
                    "reponse": a.answer,
                    "juste": a.correct,
                    "controle": a.check_attempt_id,
                    "le": a.created_at.isoformat(),
                }
                for a in attempts
            ],
            "controles": [
                {
                    "id": c.id,
                    "cours": c.course,
                    "module": c.module,
                    "tentative": c.number,
                    "score": c.score,
                    "reussi": c.passed,
                    "envoye_le": c.submitted_at.isoformat() if c.submitted_at else None,
                }
                for c in checks
            ],
            "calculateurs": [
                {
                    "cours": c.course,
                    "calculateur": c.calculator,
                    "valeurs": c.inputs,
                    "le": c.updated_at.isoformat(),
                }
                for c in calculators
            ],
            "certificats": [
                {
                    "cours": c.course_title,
                    "nom": c.learner_name,
                    "code": c.code,
                    "delivre_le": c.issued_at.isoformat(),
                }
                for c in certificates
            ],
        }
    }


async def delete(
    session: AsyncSession, member_id: int, *, settings: Settings, choices: Mapping[str, str]
) -> None:
    # Progress is personal whatever she chose for her posts: nothing here is read by others.
    for model in MODELS:
        await session.execute(sql_delete(model).where(model.member_id == member_id))

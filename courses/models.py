"""Learner progress. Everything is keyed by course slug plus a content id (lesson key, quiz id, calculator id),
never by a position, so that editing or removing lessons keeps every other record meaningful."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow


def member_fk() -> ForeignKey:
    return ForeignKey("members.id", ondelete="CASCADE")


class Enrolment(Base):
    __tablename__ = "course_enrolments"
    __table_args__ = (UniqueConstraint("member_id", "course", name="uq_course_enrolments_member_course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(member_fk(), index=True)
    course: Mapped[str] = mapped_column(String(80))
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    # « Reprendre où j'en étais »: the last lesson opened (module/lesson key).
    last_lesson: Mapped[str | None] = mapped_column(String(200))
    last_seen_at: Mapped[datetime | None]


class LessonProgress(Base):
    __tablename__ = "course_lesson_progress"
    __table_args__ = (
        UniqueConstraint("member_id", "course", "lesson", name="uq_course_lesson_progress_member_lesson"),
        Index("ix_course_lesson_progress_course_lesson", "course", "lesson"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(member_fk())
    course: Mapped[str] = mapped_column(String(80))
    lesson: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class CheckAttempt(Base):
    """One attempt at a module check. ``number`` is unique per learner and module: two concurrent starts
    cannot both take the same attempt, so the attempt limit holds without a lock."""

    __tablename__ = "course_check_attempts"
    __table_args__ = (
        UniqueConstraint("member_id", "course", "module", "number", name="uq_course_check_attempts_number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(member_fk(), index=True)
    course: Mapped[str] = mapped_column(String(80))
    module: Mapped[str] = mapped_column(String(120))
    number: Mapped[int] = mapped_column(Integer)
    questions: Mapped[list[str]] = mapped_column(JSON)  # quiz ids drawn for this attempt
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)


class QuizAttempt(Base):
    __tablename__ = "course_quiz_attempts"
    __table_args__ = (
        Index("ix_course_quiz_attempts_member", "member_id", "course", "quiz_id"),
        Index("ix_course_quiz_attempts_quiz", "course", "quiz_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(member_fk())
    course: Mapped[str] = mapped_column(String(80))
    quiz_id: Mapped[str] = mapped_column(String(120))
    check_attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_check_attempts.id", ondelete="CASCADE"), index=True
    )
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    correct: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalculatorInput(Base):
    __tablename__ = "course_calculator_inputs"
    __table_args__ = (
        UniqueConstraint("member_id", "course", "calculator", name="uq_course_calculator_inputs_member_calc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(member_fk())
    course: Mapped[str] = mapped_column(String(80))
    calculator: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(40))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)  # display form, as the learner typed them
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Certificate(Base):
    """The public verification page shows only what is printed on the certificate."""

    __tablename__ = "course_certificates"
    __table_args__ = (UniqueConstraint("member_id", "course", name="uq_course_certificates_member_course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    member_id: Mapped[int] = mapped_column(member_fk(), index=True)
    course: Mapped[str] = mapped_column(String(80))
    course_title: Mapped[str] = mapped_column(String(200))
    learner_name: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)

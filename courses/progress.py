"""Progress services: small async functions over an AsyncSession; the caller owns the transaction.

Reading a learner's state is one function (``load_state``) that returns a plain snapshot, so that pages
and rules (unlocking, certificate eligibility) work on data, not on queries.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    BindParameter,
    Boolean,
    CompoundSelect,
    DateTime,
    Float,
    Integer,
    Label,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

from learning.db import rowcount, utcnow

from .course_tree import Check, Course, Lesson, Module
from .grading import Grade
from .models import CalculatorInput, Certificate, CheckAttempt, Enrolment, LessonProgress, QuizAttempt


@dataclass
class QuizState:
    attempts: int = 0
    best: float = 0.0
    correct: bool = False
    last_answer: dict[str, Any] | None = None


@dataclass(frozen=True)
class EnrolmentRow:
    last_lesson: str | None


@dataclass(frozen=True)
class CertificateRow:
    code: str
    issued_at: datetime


@dataclass(frozen=True)
class AttemptRow:
    id: int
    number: int
    questions: list[str]
    score: float | None
    passed: bool
    submitted_at: datetime | None


@dataclass
class CheckState:
    used: int = 0  # submitted attempts
    best: float | None = None
    passed: bool = False
    open_attempt: AttemptRow | None = None
    last: AttemptRow | None = None


@dataclass
class State:
    enrolment: EnrolmentRow | None
    started: set[str] = field(default_factory=set)
    completed: set[str] = field(default_factory=set)
    quizzes: dict[str, QuizState] = field(default_factory=dict)
    checks: dict[str, CheckState] = field(default_factory=dict)
    calculators: dict[str, dict[str, Any]] = field(default_factory=dict)
    certificate: CertificateRow | None = None

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    def check(self, module: str) -> CheckState:
        return self.checks.get(module, CheckState())

    def quiz(self, quiz_id: str) -> QuizState:
        return self.quizzes.get(quiz_id, QuizState())


def _mode(ids: Collection[str] | None) -> str:
    return "all" if ids is None else "some" if ids else "none"


@lru_cache(maxsize=16)
def _progress_statement(
    quizzes: str, calculators: str, certificate: bool
) -> CompoundSelect[*tuple[Any, ...]]:
    """Everything a page shows about a learner's progress in one round trip (UNION ALL of typed columns).

    Built once per shape with bound parameters: building and caching-keying the statement on each request
    cost as much as running it (bench/lessons.py)."""
    member_id: BindParameter[int] = bindparam("member_id")
    course: BindParameter[str] = bindparam("course")

    def none(kind: type[TypeEngine[Any]], name: str) -> Label[Any]:
        return cast(null(), kind).label(name)

    parts = [
        select(
            literal("e").label("kind"),
            Enrolment.id.label("id"),
            Enrolment.last_lesson.label("key"),
            none(Integer, "number"),
            none(Float, "score"),
            none(Boolean, "passed"),
            none(JSON, "questions"),
            none(DateTime, "done"),
        ).where(Enrolment.member_id == member_id, Enrolment.course == course),
        select(
            literal("l"),
            LessonProgress.id,
            LessonProgress.lesson,
            none(Integer, "n"),
            none(Float, "s"),
            none(Boolean, "p"),
            none(JSON, "q"),
            LessonProgress.completed_at,
        ).where(LessonProgress.member_id == member_id, LessonProgress.course == course),
        select(
            literal("c"),
            CheckAttempt.id,
            CheckAttempt.module,
            CheckAttempt.number,
            CheckAttempt.score,
            CheckAttempt.passed,
            CheckAttempt.questions,
            CheckAttempt.submitted_at,
        ).where(CheckAttempt.member_id == member_id, CheckAttempt.course == course),
    ]
    if quizzes != "none":
        # Formative attempts only: check answers are judged as a whole attempt.
        query = select(
            literal("q"),
            QuizAttempt.id,
            QuizAttempt.quiz_id,
            none(Integer, "n"),
            QuizAttempt.score,
            QuizAttempt.correct,
            QuizAttempt.answer,
            QuizAttempt.created_at,
        ).where(
            QuizAttempt.member_id == member_id,
            QuizAttempt.course == course,
            QuizAttempt.check_attempt_id.is_(None),
        )
        if quizzes == "some":
            query = query.where(QuizAttempt.quiz_id.in_(bindparam("quiz_ids", expanding=True)))
        parts.append(query)
    if calculators != "none":
        query = select(
            literal("k"),
            CalculatorInput.id,
            CalculatorInput.calculator,
            none(Integer, "n"),
            none(Float, "s"),
            none(Boolean, "p"),
            CalculatorInput.inputs,
            CalculatorInput.updated_at,
        ).where(CalculatorInput.member_id == member_id, CalculatorInput.course == course)
        if calculators == "some":
            query = query.where(CalculatorInput.calculator.in_(bindparam("calculator_ids", expanding=True)))
        parts.append(query)
    if certificate:
        parts.append(
            select(
                literal("z"),
                Certificate.id,
                Certificate.code,
                none(Integer, "n"),
                none(Float, "s"),
                none(Boolean, "p"),
                none(JSON, "q"),
                Certificate.issued_at,
            ).where(Certificate.member_id == member_id, Certificate.course == course)
        )
    return union_all(*parts)


ALL = None  # load_state: read every quiz or calculator of the course


async def load_state(
    session: AsyncSession,
    member_id: int | None,
    course: str,
    *,
    quiz_ids: Collection[str] | None = ALL,
    calculator_ids: Collection[str] | None = ALL,
    certificate: bool = True,
) -> State:
    """One learner's progress in one course. A page asks only for what it shows: each query is a round trip
    to the database on every page view (bench/lessons.py)."""
    if member_id is None:
        return State(None)
    params: dict[str, Any] = {"member_id": member_id, "course": course}
    if quiz_ids:
        params["quiz_ids"] = list(quiz_ids)
    if calculator_ids:
        params["calculator_ids"] = list(calculator_ids)
    statement = _progress_statement(_mode(quiz_ids), _mode(calculator_ids), certificate)
    rows = (await session.execute(statement, params)).all()
    enrolment = next((EnrolmentRow(r.key) for r in rows if r.kind == "e"), None)
    state = State(enrolment)
    if enrolment is None:
        return state
    for row in rows:
        if row.kind == "l":
            state.started.add(row.key)
            if row.done is not None:
                state.completed.add(row.key)
    for row in sorted((r for r in rows if r.kind == "c"), key=lambda r: r.number):
        cs = state.checks.setdefault(row.key, CheckState())
        attempt = AttemptRow(
            row.id, row.number, list(row.questions or []), row.score, bool(row.passed), row.done
        )
        if attempt.submitted_at is None:
            cs.open_attempt = attempt
            continue
        cs.used += 1
        cs.last = attempt
        cs.best = max(cs.best or 0.0, attempt.score or 0.0)
        cs.passed = cs.passed or attempt.passed
    for row in sorted((r for r in rows if r.kind == "q"), key=lambda r: r.id):
        qs = state.quizzes.setdefault(row.key, QuizState())
        qs.attempts += 1
        qs.best = max(qs.best, row.score)
        qs.correct = qs.correct or bool(row.passed)
        qs.last_answer = row.questions
    for row in rows:
        if row.kind == "k":
            state.calculators[row.key] = row.questions
    state.certificate = next((CertificateRow(r.key, r.done) for r in rows if r.kind == "z"), None)
    return state


# Rules --------------------------------------------------------------------------------------------------


def module_unlocked(course: Course, state: State, module: Module) -> bool:
    """A module opens when the previous module's check is passed (a module without a check never locks)."""
    index = course.modules.index(module)
    if index == 0:
        return True
    previous = course.modules[index - 1]
    return previous.check is None or state.check(previous.slug).passed


def lessons_left(course: Course, state: State) -> list[Lesson]:
    """The lessons she has not marked as read, in course order."""
    return [lesson for lesson in course.lessons() if lesson.key not in state.completed]


def certificate_ready(course: Course, state: State) -> bool:
    """« Attestation de réussite »: every lesson read, every module check passed, and the mean of the best check
    scores reaching the course pass mark."""
    checks = [m for m in course.modules if m.check is not None]
    if not checks or not all(state.check(m.slug).passed for m in checks) or lessons_left(course, state):
        return False
    mean = sum(state.check(m.slug).best or 0.0 for m in checks) / len(checks)
    return mean + 1e-9 >= course.pass_mark


def resume_lesson(course: Course, state: State) -> Lesson | None:
    """The last lesson opened if it still exists, else the first lesson not completed in an open module."""
    if state.enrolment and state.enrolment.last_lesson:
        lesson = course.lesson_by_key(state.enrolment.last_lesson)
        if lesson is not None:
            return lesson
    for module in course.modules:
        if not module_unlocked(course, state, module):
            break
        for lesson in module.lessons:
            if lesson.key not in state.completed:
                return lesson
    lessons = course.lessons()
    return lessons[0] if lessons else None


def progress_share(course: Course, state: State) -> float:
    keys = {lesson.key for lesson in course.lessons()}
    checks = {m.slug for m in course.modules if m.check}
    total = len(keys) + len(checks)
    if total == 0:
        return 0.0
    done = len(keys & state.completed) + sum(1 for slug in checks if state.check(slug).passed)
    return done / total


# Writes -------------------------------------------------------------------------------------------------


async def enrol(session: AsyncSession, member_id: int, course: str) -> Enrolment:
    existing = await session.scalar(
        select(Enrolment).where(Enrolment.member_id == member_id, Enrolment.course == course)
    )
    if existing is not None:
        return existing
    try:
        async with session.begin_nested():
            enrolment = Enrolment(member_id=member_id, course=course)
            session.add(enrolment)
        return enrolment
    except IntegrityError:
        # Two tabs enrolled at once: the other one won, which is the same outcome.
        found = await session.scalar(
            select(Enrolment).where(Enrolment.member_id == member_id, Enrolment.course == course)
        )
        assert found is not None
        return found


async def _lesson_row(session: AsyncSession, member_id: int, course: str, lesson: str) -> LessonProgress:
    row = await session.scalar(
        select(LessonProgress).where(
            LessonProgress.member_id == member_id,
            LessonProgress.course == course,
            LessonProgress.lesson == lesson,
        )
    )
    if row is not None:
        return row
    try:
        async with session.begin_nested():
            row = LessonProgress(member_id=member_id, course=course, lesson=lesson)
            session.add(row)
        return row
    except IntegrityError:
        found = await session.scalar(
            select(LessonProgress).where(
                LessonProgress.member_id == member_id,
                LessonProgress.course == course,
                LessonProgress.lesson == lesson,
            )
        )
        assert found is not None
        return found


def visit_changes_something(lesson: Lesson, state: State) -> bool:
    """A re-read of the lesson she was already on changes nothing: no write (and no write lock) then."""
    return not (
        state.enrolment is not None
        and state.enrolment.last_lesson == lesson.key
        and lesson.key in state.started
    )


async def visit_lesson(session: AsyncSession, member_id: int, lesson: Lesson, state: State) -> bool:
    """Record the visit (first opening, « Reprendre où j'en étais »); False when there was nothing to record."""
    if not visit_changes_something(lesson, state):
        return False
    await _lesson_row(session, member_id, lesson.course, lesson.key)
    await session.execute(
        update(Enrolment)
        .where(Enrolment.member_id == member_id, Enrolment.course == lesson.course)
        .values(last_lesson=lesson.key, last_seen_at=utcnow())
    )
    return True


async def complete_lesson(session: AsyncSession, member_id: int, lesson: Lesson) -> None:
    row = await _lesson_row(session, member_id, lesson.course, lesson.key)
    if row.completed_at is None:
        row.completed_at = utcnow()


async def record_quiz(
    session: AsyncSession,
    member_id: int,
    course: str,
    quiz_id: str,
    grade: Grade,
    check_attempt_id: int | None = None,
) -> QuizAttempt:
    attempt = QuizAttempt(
        member_id=member_id,
        course=course,
        quiz_id=quiz_id,
        answer=grade.stored,
        correct=grade.correct,
        score=grade.score,
        check_attempt_id=check_attempt_id,
    )
    session.add(attempt)
    return attempt


async def count_formative_attempts(
    session: AsyncSession, member_id: int, course: str, quiz_id: str, *, lock: bool = False
) -> int:
    """With `lock`, her enrolment row stays locked until the transaction ends, so that a burst of clicks on a
    question with limited attempts is counted one after the other (PostgreSQL; SQLite transactions are
    already serialised by BEGIN IMMEDIATE)."""
    if lock:
        await session.execute(
            select(Enrolment.id)
            .where(Enrolment.member_id == member_id, Enrolment.course == course)
            .with_for_update()
        )
    return int(
        await session.scalar(
            select(func.count())
            .select_from(QuizAttempt)
            .where(
                QuizAttempt.member_id == member_id,
                QuizAttempt.course == course,
                QuizAttempt.quiz_id == quiz_id,
                QuizAttempt.check_attempt_id.is_(None),
            )
        )
        or 0
    )


def draw_questions(check: Check, member_id: int, number: int) -> list[str]:
    ids = [q.id for q in check.quizzes]
    if check.draw is None or check.draw >= len(ids):
        return ids
    # Seeded per learner and attempt: a reload shows the same questions, a new attempt new ones.
    rng = random.Random(f"{member_id}:{check.course}:{check.module}:{number}")
    chosen = set(rng.sample(ids, check.draw))
    return [i for i in ids if i in chosen]


class NoAttemptsLeft(Exception):
    pass


async def open_check_attempt(session: AsyncSession, member_id: int, check: Check) -> CheckAttempt:
    """The open attempt, or a new one if attempts remain. The unique (member, module, number) makes two
    concurrent starts collide instead of both succeeding."""
    rows = list(
        await session.scalars(
            select(CheckAttempt)
            .where(
                CheckAttempt.member_id == member_id,
                CheckAttempt.course == check.course,
                CheckAttempt.module == check.module,
            )
            .order_by(CheckAttempt.number)
        )
    )
    for row in rows:
        if row.submitted_at is None:
            return row
    if any(row.passed for row in rows) or len(rows) >= check.attempts:
        raise NoAttemptsLeft
    number = len(rows) + 1
    try:
        async with session.begin_nested():
            attempt = CheckAttempt(
                member_id=member_id,
                course=check.course,
                module=check.module,
                number=number,
                questions=draw_questions(check, member_id, number),
            )
            session.add(attempt)
        return attempt
    except IntegrityError:
        found = await session.scalar(
            select(CheckAttempt).where(
                CheckAttempt.member_id == member_id,
                CheckAttempt.course == check.course,
                CheckAttempt.module == check.module,
                CheckAttempt.number == number,
            )
        )
        assert found is not None
        return found


async def submit_check_attempt(
    session: AsyncSession, attempt: AttemptRow | CheckAttempt, score: float, passed: bool
) -> bool:
    """Close the attempt once: a double submission (two tabs, a double click) finds it closed."""
    result = await session.execute(
        update(CheckAttempt)
        .where(CheckAttempt.id == attempt.id, CheckAttempt.submitted_at.is_(None))
        .values(submitted_at=utcnow(), score=score, passed=passed)
    )
    return rowcount(result) == 1


async def save_calculator(
    session: AsyncSession, member_id: int, course: str, calculator: str, kind: str, inputs: dict[str, Any]
) -> None:
    row = await session.scalar(
        select(CalculatorInput).where(
            CalculatorInput.member_id == member_id,
            CalculatorInput.course == course,
            CalculatorInput.calculator == calculator,
        )
    )
    if row is None:
        try:
            async with session.begin_nested():
                session.add(
                    CalculatorInput(
                        member_id=member_id, course=course, calculator=calculator, kind=kind, inputs=inputs
                    )
                )
            return
        except IntegrityError:
            row = await session.scalar(
                select(CalculatorInput).where(
                    CalculatorInput.member_id == member_id,
                    CalculatorInput.course == course,
                    CalculatorInput.calculator == calculator,
                )
            )
            assert row is not None
    row.inputs = inputs
    row.kind = kind
    row.updated_at = utcnow()


async def issue_certificate(
    session: AsyncSession, member_id: int, learner_name: str, course: Course
) -> Certificate:
    existing = await session.scalar(
        select(Certificate).where(Certificate.member_id == member_id, Certificate.course == course.slug)
    )
    if existing is not None:
        return existing
    try:
        async with session.begin_nested():
            cert = Certificate(
                code=secrets.token_urlsafe(12),
                member_id=member_id,
                course=course.slug,
                course_title=course.title,
                learner_name=learner_name,
            )
            session.add(cert)
        return cert
    except IntegrityError:
        found = await session.scalar(
            select(Certificate).where(Certificate.member_id == member_id, Certificate.course == course.slug)
        )
        assert found is not None
        return found

"""For coordinatrices and admins: the lesson funnel and, per question, the share of right answers and the
distribution of chosen answers. Aggregates only: no learner is named."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from learning.auth import roles_required
from learning.models import MANAGER_ROLES
from learning.state import app_state
from learning.templating import render

from .course_tree import Course
from .grading import grade
from .models import Enrolment, LessonProgress, QuizAttempt
from .quiz import Quiz
from .store import course_or_404


@dataclass
class LessonFunnel:
    title: str
    module: str
    started: int
    completed: int


@dataclass
class QuestionStats:
    quiz: Quiz
    place: str
    attempts: int = 0
    right: int = 0
    learners: int = 0
    choices: list[tuple[str, int, bool]] = field(default_factory=list)  # (answer text, count, is right)

    @property
    def share_right(self) -> float | None:
        return self.right / self.attempts if self.attempts else None


async def course_stats(
    session: AsyncSession, course: Course
) -> tuple[int, list[LessonFunnel], list[QuestionStats]]:
    enrolled = int(
        await session.scalar(
            select(func.count()).select_from(Enrolment).where(Enrolment.course == course.slug)
        )
        or 0
    )
    rows = await session.execute(
        select(
            LessonProgress.lesson,
            func.count(),
            func.sum(case((LessonProgress.completed_at.is_not(None), 1), else_=0)),
        )
        .where(LessonProgress.course == course.slug)
        .group_by(LessonProgress.lesson)
    )
    counts = {lesson: (int(started), int(done or 0)) for lesson, started, done in rows}
    funnel = [
        LessonFunnel(lesson.title, lesson.module, *counts.get(lesson.key, (0, 0)))
        for lesson in course.lessons()
    ]
    rows = await session.execute(
        select(
            QuizAttempt.quiz_id,
            func.count(),
            func.sum(case((QuizAttempt.correct, 1), else_=0)),
            func.count(func.distinct(QuizAttempt.member_id)),
        )
        .where(QuizAttempt.course == course.slug)
        .group_by(QuizAttempt.quiz_id)
    )
    totals = {quiz_id: (int(n), int(right or 0), int(people)) for quiz_id, n, right, people in rows}
    questions = []
    for quiz_id, quiz in course.quizzes.items():
        n, right, people = totals.get(quiz_id, (0, 0, 0))
        questions.append(QuestionStats(quiz, course.quiz_places.get(quiz_id, ""), n, right, people))
    # The distribution needs the answers themselves: every choice for choice questions, the most frequent
    # values for numeric and text ones and orders for order ones, and how often each pair was matched right.
    counted = [q.quiz.id for q in questions if q.attempts]
    if counted:
        counters: dict[str, Counter[str]] = {quiz_id: Counter() for quiz_id in counted}
        answers = await session.execute(
            select(QuizAttempt.quiz_id, QuizAttempt.answer).where(
                QuizAttempt.course == course.slug, QuizAttempt.quiz_id.in_(counted)
            )
        )
        for quiz_id, answer in answers:
            answer = answer or {}
            counter = counters[quiz_id]
            for key in answer.get("choice", []):
                counter[key] += 1
            if "value" in answer:
                counter[_shown(answer["value"])] += 1
            if "order" in answer:
                counter[" → ".join(answer["order"])] += 1
            for key, given in (answer.get("pairs") or {}).items():
                counter[f"{key}={' '.join(str(given).split())}"] += 1
        for q in questions:
            seen = counters.get(q.quiz.id)
            if seen is not None:
                q.choices = _distribution(q.quiz, seen)
    return enrolled, funnel, questions


TOP_VALUES = 5


def _distribution(quiz: Quiz, counter: Counter[str]) -> list[tuple[str, int, bool]]:
    if quiz.type in ("single", "multiple"):
        return [(o.text, counter[o.key], o.correct) for o in quiz.options]
    if quiz.type == "match":  # each pair: how many answers matched it right
        return [(f"{p.left} → {p.right}", counter[f"{p.key}={p.right}"], True) for p in quiz.pairs]
    if quiz.type == "order":
        texts = {item.key: item.text for item in quiz.items}
        right = " → ".join(item.key for item in quiz.items)
        return [
            (" → ".join(texts.get(k, "?") for k in order.split(" → ")), n, order == right)
            for order, n in counter.most_common(TOP_VALUES)
        ]
    return [(value, n, _is_right(quiz, value)) for value, n in counter.most_common(TOP_VALUES)]


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_right(quiz: Quiz, shown: str) -> bool:
    return grade(quiz, {"value": [shown]}).correct


@roles_required(*MANAGER_ROLES)
async def stats_page(request: Request) -> Response:
    course = course_or_404(request)
    async with app_state(request).db.read_session() as session:
        enrolled, funnel, questions = await course_stats(session, course)
    return render(
        request,
        "courses/stats.html",
        {"course": course, "enrolled": enrolled, "funnel": funnel, "questions": questions},
    )

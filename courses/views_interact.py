"""Answering quizzes, taking module checks, and running calculators.

Every interaction is a plain form POST that redirects back (works without JavaScript); when the request
asks for JSON (the ES modules do), the same endpoint answers with the rendered fragment instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from learning.auth import login_required, signed_in
from learning.state import app_state
from learning.templating import render

from . import progress
from .calculators import KINDS
from .course_tree import Check, Course, Module
from .grading import grade
from .models import QuizAttempt
from .presenters import answer_from_stored, calculator_view, quiz_view, sub_answer
from .store import course_or_404
from .views_pages import lesson_page_with


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def form_lists(form: FormData) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            out.setdefault(key, []).append(value)
    return out


def fragment(request: Request, name: str, context: dict[str, Any]) -> str:
    template = app_state(request).templates.get_template(name)
    return template.render({"request": request, **context})


async def _open_module(request: Request, course: Course, module: Module, member_id: int) -> progress.State:
    async with app_state(request).db.read_session() as session:
        # Enrolment, lessons and checks are all that unlocking needs.
        state = await progress.load_state(
            session, member_id, course.slug, quiz_ids=(), calculator_ids=(), certificate=False
        )
    if not state.enrolled or not progress.module_unlocked(course, state, module):
        raise HTTPException(403, "Ce module n'est pas encore ouvert pour vous.")
    return state


# Formative quizzes --------------------------------------------------------------------------------------


@login_required
async def answer_quiz(request: Request) -> Response:
    course = course_or_404(request)
    quiz_id = request.path_params["quiz_id"]
    place = course.quiz_places.get(quiz_id, "")
    lesson = course.lesson_by_key(place) if not place.startswith("check:") else None
    if lesson is None:
        raise HTTPException(404, "Cette question n'existe pas, ou plus.")
    quiz = lesson.quizzes[quiz_id]
    member = signed_in(request)
    module = course.module(lesson.module)
    assert module is not None
    await _open_module(request, course, module, member.id)
    answer = form_lists(await request.form())
    result = grade(quiz, answer)
    async with app_state(request).db.session() as session:
        used = await progress.count_formative_attempts(
            session, member.id, course.slug, quiz_id, lock=quiz.attempts is not None
        )
        if quiz.attempts is not None and used >= quiz.attempts:
            raise HTTPException(403, "Vous avez utilisé toutes vos tentatives pour cette question.")
        if result.error is None:
            await progress.record_quiz(session, member.id, course.slug, quiz_id, result)
            used += 1
        await session.commit()
    if wants_json(request):
        view = quiz_view(quiz, member.id, answer=answer, grade_result=result, attempts=used)
        return JSONResponse(
            {
                "correct": result.correct,
                "score": result.score,
                "error": result.error,
                "html": fragment(request, "courses/_quiz_result.html", {"view": view}),
            }
        )
    return RedirectResponse(f"{lesson.url}#quiz-{quiz_id}", status_code=303)


# Module checks ------------------------------------------------------------------------------------------


def check_or_404(request: Request) -> tuple[Course, Module, Check]:
    course = course_or_404(request)
    module = course.module(request.path_params["module"])
    if module is None or module.check is None:
        raise HTTPException(404, "Ce contrôle n'existe pas.")
    return course, module, module.check


@login_required
async def check_page(request: Request) -> Response:
    course, module, check = check_or_404(request)
    member = signed_in(request)
    state = await _open_module(request, course, module, member.id)
    cs = state.check(module.slug)
    by_id = {q.id: q for q in check.quizzes}
    views = []
    results = None
    finished = cs.passed or cs.used >= check.attempts
    if cs.open_attempt is not None and not finished:
        views = [
            quiz_view(by_id[q], member.id, prefix=f"{q}:", show_explanation=False)
            for q in cs.open_attempt.questions
            if q in by_id
        ]
    elif cs.last is not None:
        results = await _attempt_results(request, check, cs.last, member.id, show_explanation=finished)
    index = course.modules.index(module)
    next_module = course.modules[index + 1] if index + 1 < len(course.modules) else None
    return render(
        request,
        "courses/check.html",
        {
            "course": course,
            "module": module,
            "check": check,
            "cs": cs,
            "views": views,
            "results": results,
            "finished": finished,
            "attempts_left": max(0, check.attempts - cs.used),
            "next_module": next_module,
            "certificate_ready": progress.certificate_ready(course, state),
        },
    )


async def _attempt_results(
    request: Request, check: Check, attempt: Any, member_id: int, show_explanation: bool
) -> list:
    by_id = {q.id: q for q in check.quizzes}
    async with app_state(request).db.read_session() as session:
        rows = {
            a.quiz_id: a
            for a in await session.scalars(
                select(QuizAttempt).where(QuizAttempt.check_attempt_id == attempt.id)
            )
        }
    out = []
    for quiz_id in attempt.questions:
        quiz = by_id.get(quiz_id)
        if quiz is None:
            continue  # the question was removed from the content since
        row = rows.get(quiz_id)
        out.append(
            quiz_view(
                quiz,
                member_id,
                prefix=f"{quiz_id}:",
                answer=answer_from_stored(quiz, row.answer if row else None),
                show_explanation=show_explanation,
                show_correction=show_explanation,
                locked=True,
            )
        )
    return out


@login_required
async def start_check(request: Request) -> Response:
    course, module, check = check_or_404(request)
    member = signed_in(request)
    await _open_module(request, course, module, member.id)
    async with app_state(request).db.session() as session:
        try:
            await progress.open_check_attempt(session, member.id, check)
        except progress.NoAttemptsLeft:
            raise HTTPException(403, "Vous n'avez plus de tentative pour ce contrôle.") from None
        await session.commit()
    return RedirectResponse(check.url, status_code=303)


@login_required
async def submit_check(request: Request) -> Response:
    course, module, check = check_or_404(request)
    member = signed_in(request)
    state = await _open_module(request, course, module, member.id)
    attempt = state.check(module.slug).open_attempt
    if attempt is None:
        return RedirectResponse(check.url, status_code=303)
    form = form_lists(await request.form())
    by_id = {q.id: q for q in check.quizzes}
    grades = {}
    for quiz_id in attempt.questions:
        quiz = by_id.get(quiz_id)
        if quiz is not None:
            grades[quiz_id] = (quiz, grade(quiz, sub_answer(form, f"{quiz_id}:")))
    total = sum(q.points for q, _ in grades.values())
    earned = sum(q.points * g.score for q, g in grades.values() if g.error is None)
    score = earned / total if total else 0.0
    passed = score + 1e-9 >= check.pass_mark
    async with app_state(request).db.session() as session:
        if await progress.submit_check_attempt(session, attempt, score, passed):
            for quiz_id, (_quiz, g) in grades.items():
                if g.error is None:
                    await progress.record_quiz(session, member.id, course.slug, quiz_id, g, attempt.id)
        await session.commit()
    return RedirectResponse(check.url, status_code=303)


# Calculators --------------------------------------------------------------------------------------------


def calculator_or_404(request: Request) -> tuple[Course, Any]:
    course = course_or_404(request)
    calc = course.calculators.get(request.path_params["calc_id"])
    if calc is None or calc.kind not in KINDS:
        raise HTTPException(404, "Ce calculateur n'existe pas.")
    return course, calc


@login_required
async def calculator_result(request: Request) -> Response:
    """Live update: compute from the query string, save nothing. Pure, so a GET."""
    _course, calc = calculator_or_404(request)
    raw = {k: v for k, v in request.query_params.multi_items()}
    view = calculator_view(calc, raw)
    return JSONResponse(
        {
            "errors": view.errors,
            "result": view.result_data,
            "html": fragment(request, "courses/_calculator_result.html", {"view": view}),
        }
    )


@login_required
async def save_calculator(request: Request) -> Response:
    course, calc = calculator_or_404(request)
    member = signed_in(request)
    lesson = course.lesson_by_key(calc.lesson_key)
    module = course.module(lesson.module) if lesson else None
    if lesson is None or module is None:
        raise HTTPException(404, "Ce calculateur n'existe pas.")
    await _open_module(request, course, module, member.id)
    form = await request.form()
    raw = {k: v for k, v in form.multi_items() if isinstance(v, str) and k != "csrf_token"}
    parsed = KINDS[calc.kind].parse(raw, base=calc.defaults)
    if not parsed.errors:
        async with app_state(request).db.session() as session:
            await progress.save_calculator(
                session, member.id, course.slug, calc.id, calc.kind, parsed.display
            )
            await session.commit()
    if wants_json(request):
        view = calculator_view(calc, parsed.display if not parsed.errors else raw, saved=not parsed.errors)
        return JSONResponse(
            {
                "saved": not parsed.errors,
                "errors": parsed.errors,
                "html": fragment(request, "courses/_calculator_result.html", {"view": view}),
            }
        )
    if parsed.errors:
        # Without JavaScript the errors come back on the lesson page, next to the fields.
        return await lesson_page_with(request, course, lesson, {calc.id: raw})
    return RedirectResponse(f"{lesson.url}#calc-{calc.id}", status_code=303)

"""A question asked under a MOOC lesson becomes a Coup de pouce question tagged with the lesson
(lesson_questions): published to the whole network under the course module's theme, whose followers are told."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import login_required, signed_in
from learning.state import app_state
from learning.templating import render

from . import forms, services
from .common import RATE_LIMITED, may_write
from .lesson_questions import LessonRef, signature, signed_lesson

NOT_FROM_A_LESSON = (
    "Ce formulaire ne vient pas d'une leçon du parcours : revenez à la leçon pour y poser votre question."
)


def _problems(title: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(title) < forms.TITLE_MIN:
        errors["question_title"] = (
            f"Résumez votre question en une phrase d'au moins {forms.TITLE_MIN} caractères."
        )
    elif len(title) > forms.TITLE_MAX:
        errors["question_title"] = f"La question est trop longue ({forms.TITLE_MAX} caractères au plus)."
    if not body:
        errors["question_body"] = (
            "Précisez votre situation : c'est ce qui permet aux membres de vous répondre."
        )
    elif len(body) > forms.BODY_MAX:
        errors["question_body"] = f"Votre texte est trop long ({forms.BODY_MAX} caractères au plus)."
    return errors


@login_required
async def ask(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    fields = {name: str(form.get(name) or "") for name in ("key", "title", "theme", "url", "signature")}
    secret = app_state(request).settings.secret_key
    lesson = signed_lesson(secret, fields)
    if lesson is None:
        raise HTTPException(400, NOT_FROM_A_LESSON)
    title = " ".join(forms._raw(form, "question_title", forms.TITLE_MAX).split())
    body = forms._raw(form, "question_body", forms.BODY_MAX)
    errors = _problems(title, body)
    if not errors and not await may_write(request, member):
        errors = {"_": RATE_LIMITED}
    if errors:
        return _form_again(request, lesson, secret, title, body, errors)
    async with app_state(request).db.session() as session:
        data = services.PostInput(
            kind="question", title=title, body=body, themes=[lesson.theme], scope="reseau"
        )
        post = await services.create_post(session, member, data)
        post.lesson = lesson.key
        await session.commit()
    return RedirectResponse(f"{lesson.url}?question=1#questions", status_code=303)


def _form_again(
    request: Request, lesson: LessonRef, secret: str, title: str, body: str, errors: dict[str, str]
) -> Response:
    return render(
        request,
        "board/lesson_question.html",
        {
            "lesson": lesson,
            "signature": signature(secret, lesson),
            "values": {"question_title": title, "question_body": body},
            "errors": errors,
        },
        status_code=429 if "_" in errors else 400,
    )


routes = [Route("/coup-de-pouce/lecon", ask, methods=["POST"], name="board_lesson_question")]

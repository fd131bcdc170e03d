"""Answers: write, preview, edit, delete, « Merci », and the author's « ça m'a aidée » mark."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import login_required, signed_in
from learning.models import Member
from learning.state import app_state
from learning.templating import render

from . import forms, markdown, services
from .common import RATE_LIMITED, int_param, local_of, may_write, visible_answer, visible_post
from .models import Post
from .permissions import can_answer, can_edit_answer, can_mark_solved
from .views_posts import post_context


async def _post_page_again(
    request: Request,
    session: AsyncSession,
    member: Member,
    post: Post,
    body: str,
    *,
    errors: dict[str, str] | None = None,
    preview: str | None = None,
    status_code: int = 200,
) -> Response:
    context = await post_context(session, member, post)
    context.update({"answer_body": body, "answer_errors": errors or {}, "answer_preview": preview})
    return render(request, "board/post.html", context, status_code=status_code)


@login_required
async def answer(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    body = forms.answer_text(form)
    async with app_state(request).db.session() as session:
        post = await visible_post(session, member, int_param(request, "post_id"))
        if not can_answer(member, post, await local_of(session, member)):
            raise HTTPException(403, "Ce message est verrouillé : on ne peut plus y répondre.")
        if form.get("op") == "apercu":
            return await _post_page_again(request, session, member, post, body, preview=markdown.render(body))
        if problem := forms.answer_problem(body):
            return await _post_page_again(
                request, session, member, post, body, errors={"body": problem}, status_code=400
            )
        if not await may_write(request, member):
            return await _post_page_again(
                request, session, member, post, body, errors={"_": RATE_LIMITED}, status_code=429
            )
        created = await services.add_answer(session, member, post, body)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}?repondu=1#reponse-{created.id}", status_code=303)


@login_required
async def edit_answer(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        item, post = await visible_answer(session, member, int_param(request, "answer_id"))
        if not can_edit_answer(member, item, post):
            raise HTTPException(
                403,
                "Vous ne pouvez plus modifier cette réponse : seule son autrice le peut, "
                "pendant les deux heures qui suivent sa publication.",
            )
        context = {"answer": item, "post": post, "errors": {}, "preview": None}
        if request.method == "GET":
            return render(request, "board/answer_form.html", {**context, "body": item.body})
        form = await request.form()
        body = forms.answer_text(form)
        if form.get("op") == "apercu":
            return render(
                request, "board/answer_form.html", {**context, "body": body, "preview": markdown.render(body)}
            )
        if problem := forms.answer_problem(body):
            return render(
                request,
                "board/answer_form.html",
                {**context, "body": body, "errors": {"body": problem}},
                status_code=400,
            )
        await services.update_answer(session, item, body, post)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}?modifie=1#reponse-{item.id}", status_code=303)


@login_required
async def delete_answer(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        item, post = await visible_answer(session, member, int_param(request, "answer_id"))
        if item.author_id != member.id:
            raise HTTPException(403, "Seule l'autrice d'une réponse peut la supprimer.")
        await services.delete_answer(session, item)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}?reponse-supprimee=1", status_code=303)


@login_required
async def thank(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        item, post = await visible_answer(session, member, int_param(request, "answer_id"))
        if item.author_id == member.id:
            raise HTTPException(403, "On ne peut pas se remercier soi-même.")
        await services.thank(session, member, item)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}#reponse-{item.id}", status_code=303)


@login_required
async def mark_solved(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        item, post = await visible_answer(session, member, int_param(request, "answer_id"))
        if not can_mark_solved(member, post) or item.hidden:
            raise HTTPException(403, "Seule l'autrice du message peut indiquer la réponse qui l'a résolu.")
        await services.mark_solved(session, post, item)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}#reponse-{item.id}", status_code=303)


routes = [
    Route("/coup-de-pouce/{post_id:int}/repondre", answer, methods=["POST"], name="board_answer"),
    Route(
        "/coup-de-pouce/reponses/{answer_id:int}/modifier",
        edit_answer,
        methods=["GET", "POST"],
        name="board_answer_edit",
    ),
    Route(
        "/coup-de-pouce/reponses/{answer_id:int}/supprimer",
        delete_answer,
        methods=["POST"],
        name="board_answer_delete",
    ),
    Route("/coup-de-pouce/reponses/{answer_id:int}/merci", thank, methods=["POST"], name="board_thanks"),
    Route(
        "/coup-de-pouce/reponses/{answer_id:int}/resolu", mark_solved, methods=["POST"], name="board_solved"
    ),
]

"""Board pages: the list (with search), a post, writing, editing and deleting a post, the preview."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from learning.auth import login_required, signed_in
from learning.coordinations.models import Coordination
from learning.i18n import _
from learning.models import Member
from learning.state import app_state
from learning.templating import render

from . import forms, markdown, notifications, queries, services
from .common import RATE_LIMITED, int_param, local_coordination, local_of, may_write, visible_post
from .models import KINDS, SCOPES, THEMES, Answer, Follow, Post, Thanks
from .permissions import (
    EDIT_WINDOW,
    can_answer,
    can_delete_post,
    can_edit_answer,
    can_edit_post,
    can_mark_solved,
    can_see_answer,
    is_moderator,
)

FLASHES = {
    "publie": "Votre coup de pouce est publié. Vous serez prévenue des réponses.",
    "modifie": "Vos modifications sont enregistrées.",
    "supprime": "Votre message est supprimé.",
    "reponse-supprimee": "Votre réponse est supprimée.",
    "repondu": "Votre réponse est publiée. Merci pour votre aide !",
    "signale": "Merci : le signalement est transmis aux coordinatrices.",
}


def _choices() -> dict:
    return {
        "kinds": KINDS,
        "scopes": SCOPES,
        "themes": THEMES,
        "edit_minutes": int(EDIT_WINDOW.total_seconds() // 60),
    }


@login_required
async def board(request: Request) -> Response:
    member = signed_in(request)
    filters = queries.Filters.from_params(request.query_params)
    async with app_state(request).db.session() as session:
        page = await queries.board_page(session, member, filters)
        # « Ma coordination » shows nothing to one who has none confirmed yet: say why, and where to find one.
        no_local = filters.scope == "locale" and not page.items and await local_of(session, member) is None
    flash = next((text for key, text in FLASHES.items() if key in request.query_params), None)
    return render(
        request,
        "board/list.html",
        {
            "page": page,
            "no_local": no_local,
            "filters": filters,
            "views": queries.VIEWS,
            "scope_filters": queries.SCOPE_FILTERS,
            "flash": flash,
            **_choices(),
            **_list_labels(filters),
        },
    )


def _list_labels(filters: queries.Filters) -> dict:
    """Translated once per page rather than once per item."""
    return {
        "kind_labels": {k: _(v) for k, v in KINDS.items()},
        "theme_labels": {k: _(v) for k, v in THEMES.items()},
        "theme_urls": {k: filters.url(theme=k) for k in THEMES},
        "deleted_label": _("membre supprimée"),
        "no_answer_label": _("pas encore de réponse"),
        "one_answer_label": _("1 réponse"),
        "answers_label": _("réponses"),
        "activity_label": _("dernière activité le"),
    }


@login_required
async def show_post(request: Request) -> Response:
    member = signed_in(request)
    post_id = int_param(request, "post_id")
    async with app_state(request).db.session() as session:
        post = await visible_post(session, member, post_id)
        context = await post_context(session, member, post)
        # The navigation counter, computed just before, says whether there is anything to mark read:
        # most views then write nothing (on SQLite every write takes the database's single write lock).
        # Nothing of this post unread (her notices are about other posts): no commit either, since every
        # commit empties this process's cache of signed-in sessions (learning/session_cache.py).
        if request.state.nav_badges.get("/coup-de-pouce") and await notifications.mark_read(
            session, member.id, post.id
        ):
            await session.commit()
            request.state.nav_badges["/coup-de-pouce"] = await notifications.unread_count(session, member.id)
    flash = next((text for key, text in FLASHES.items() if key in request.query_params), None)
    return render(request, "board/post.html", {**context, "flash": flash})


async def post_context(session: AsyncSession, member: Member, post: Post) -> dict[str, Any]:
    author = await session.get(Member, post.author_id) if post.author_id else None
    rows = (
        await session.execute(
            select(Answer, Member.name)
            .outerjoin(Member, Member.id == Answer.author_id)
            .where(Answer.post_id == post.id)
            .order_by(Answer.created_at, Answer.id)
        )
    ).all()
    answers = [(a, name) for a, name in rows if can_see_answer(member, a)]
    ids = [a.id for a, _ in answers]
    thanks: dict[int, int] = {}
    mine: set[int] = set()
    if ids:
        rows = await session.execute(
            select(
                Thanks.answer_id, func.count(), func.sum(case((Thanks.member_id == member.id, 1), else_=0))
            )
            .where(Thanks.answer_id.in_(ids))
            .group_by(Thanks.answer_id)
        )
        for answer_id, count, by_me in rows:
            thanks[answer_id] = count
            if by_me:
                mine.add(answer_id)
    following = await session.scalar(
        select(func.count())
        .select_from(Follow)
        .where(Follow.post_id == post.id, Follow.member_id == member.id)
    )
    return {
        "post": post,
        "author": author,
        "answers": answers,
        "thanks": thanks,
        "my_thanks": mine,
        "following": bool(following),
        "moderator": is_moderator(member),
        "may_edit": can_edit_post(member, post),
        "may_delete": can_delete_post(member, post),
        "may_answer": can_answer(member, post, await local_of(session, member)),
        "may_solve": can_mark_solved(member, post),
        "may_edit_answer": {a.id for a, _ in answers if can_edit_answer(member, a, post)},
        **_choices(),
    }


def _form_page(
    request: Request,
    template: str,
    data: services.PostInput,
    local: Coordination | None,
    *,
    errors: dict[str, str] | None = None,
    preview: str | None = None,
    status_code: int = 200,
    post: Post | None = None,
) -> Response:
    context = {"form": data, "errors": errors or {}, "preview": preview, "post": post, "local": local}
    return render(request, template, {**context, **_choices()}, status_code=status_code)


@login_required
async def new_post(request: Request) -> Response:
    member = signed_in(request)
    template = "board/post_form.html"
    async with app_state(request).db.session() as session:
        local = await local_coordination(session, member)
        if request.method == "GET":
            kind = request.query_params.get("type")
            return _form_page(
                request,
                template,
                services.PostInput(
                    kind=kind if kind in KINDS else "", title="", body="", themes=[], scope="reseau"
                ),
                local,
            )
        form = await request.form()
        data = forms.post_input(form)
        if form.get("op") == "apercu":
            return _form_page(request, template, data, local, preview=markdown.render(data.body))
        errors = forms.post_problems(data, local)
        if errors:
            return _form_page(request, template, data, local, errors=errors, status_code=400)
        if not await may_write(request, member):
            return _form_page(request, template, data, local, errors={"_": RATE_LIMITED}, status_code=429)
        post = await services.create_post(session, member, data, local.id if local else None)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}?publie=1", status_code=303)


@login_required
async def edit_post(request: Request) -> Response:
    member = signed_in(request)
    template = "board/post_form.html"
    async with app_state(request).db.session() as session:
        post = await visible_post(session, member, int_param(request, "post_id"))
        local = await local_coordination(session, member)
        if not can_edit_post(member, post):
            raise HTTPException(
                403,
                "Vous ne pouvez plus modifier ce message : seule son autrice le peut, "
                "pendant les deux heures qui suivent sa publication.",
            )
        if request.method == "GET":
            data = services.PostInput(
                kind=post.kind, title=post.title, body=post.body, themes=post.themes, scope=post.scope
            )
            return _form_page(request, template, data, local, post=post)
        form = await request.form()
        data = forms.post_input(form)
        if form.get("op") == "apercu":
            return _form_page(request, template, data, local, preview=markdown.render(data.body), post=post)
        errors = forms.post_problems(data, local)
        if errors:
            return _form_page(request, template, data, local, errors=errors, status_code=400, post=post)
        await services.update_post(session, post, data, local.id if local else None)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}?modifie=1", status_code=303)


@login_required
async def delete_post(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        post = await visible_post(session, member, int_param(request, "post_id"))
        if not can_delete_post(member, post):
            raise HTTPException(403, "Seule l'autrice d'un message peut le supprimer.")
        await services.delete_post(session, post)
        await session.commit()
    return RedirectResponse("/coup-de-pouce?supprime=1", status_code=303)


@login_required
async def preview(request: Request) -> Response:
    """The Markdown preview for the script on the form (without script, the form's own button does it)."""
    form = await request.form()
    body = forms.answer_text(form)
    return HTMLResponse(markdown.render(body), headers={"Cache-Control": "no-store"})


@login_required
async def follow(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    async with app_state(request).db.session() as session:
        post = await visible_post(session, member, int_param(request, "post_id"))
        await services.set_follow(session, member, post, form.get("follow") == "1")
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}", status_code=303)


routes = [
    Route("/coup-de-pouce", board, name="board"),
    Route("/coup-de-pouce/nouveau", new_post, methods=["GET", "POST"], name="board_new"),
    Route("/coup-de-pouce/apercu", preview, methods=["POST"], name="board_preview"),
    Route("/coup-de-pouce/{post_id:int}", show_post, name="board_post"),
    Route("/coup-de-pouce/{post_id:int}/modifier", edit_post, methods=["GET", "POST"], name="board_edit"),
    Route("/coup-de-pouce/{post_id:int}/supprimer", delete_post, methods=["POST"], name="board_delete"),
    Route("/coup-de-pouce/{post_id:int}/suivre", follow, methods=["POST"], name="board_follow"),
]

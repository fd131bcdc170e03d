"""Reports from members, and what coordinatrices and admins do about them: hide, restore, lock."""

from __future__ import annotations

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import login_required, roles_required, signed_in
from learning.db import utcnow
from learning.models import MANAGER_ROLES, Member
from learning.state import app_state
from learning.templating import render

from . import forms, services
from .common import int_param, visible_answer, visible_post
from .models import Answer, Post, Report
from .views_answers import _post_page_again

REASON_NEEDED = "Dites en quelques mots ce qui pose problème, pour aider la modération."


@login_required
async def report_post(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    reason = forms.reason_text(form)
    async with app_state(request).db.session() as session:
        post = await visible_post(session, member, int_param(request, "post_id"))
        if not reason:
            return await _post_page_again(
                request, session, member, post, "", errors={"reason": REASON_NEEDED}, status_code=400
            )
        await services.report(session, member, post, None, reason)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}?signale=1", status_code=303)


@login_required
async def report_answer(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    reason = forms.reason_text(form)
    async with app_state(request).db.session() as session:
        item, post = await visible_answer(session, member, int_param(request, "answer_id"))
        if not reason:
            return await _post_page_again(
                request, session, member, post, "", errors={"reason": REASON_NEEDED}, status_code=400
            )
        await services.report(session, member, post, item, reason)
        await session.commit()
    return RedirectResponse(f"/coup-de-pouce/{post.id}?signale=1", status_code=303)


@roles_required(*MANAGER_ROLES)
async def queue(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        reports = (
            await session.execute(
                select(Report, Post.title, Answer.body, Member.name)
                .join(Post, Post.id == Report.post_id)
                .outerjoin(Answer, Answer.id == Report.answer_id)
                .outerjoin(Member, Member.id == Report.reporter_id)
                .where(Report.resolved_at.is_(None))
                .order_by(Report.id)
                .limit(200)
            )
        ).all()
        hidden_posts = (
            (
                await session.execute(
                    select(Post).where(Post.hidden.is_(True)).order_by(Post.moderated_at.desc()).limit(100)
                )
            )
            .scalars()
            .all()
        )
        hidden_answers = (
            await session.execute(
                select(Answer, Post.title)
                .join(Post, Post.id == Answer.post_id)
                .where(Answer.hidden.is_(True))
                .order_by(Answer.moderated_at.desc())
                .limit(100)
            )
        ).all()
    return render(
        request,
        "board/moderation.html",
        {"reports": reports, "hidden_posts": hidden_posts, "hidden_answers": hidden_answers},
    )


def _back(request: Request, fallback: str) -> str:
    return "/coup-de-pouce/moderation" if request.query_params.get("depuis") == "moderation" else fallback


@roles_required(*MANAGER_ROLES)
async def moderate_post(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    action = form.get("op")
    if action not in services.POST_ACTIONS:
        raise HTTPException(400, "Action de modération inconnue.")
    async with app_state(request).db.session() as session:
        post = await visible_post(session, member, int_param(request, "post_id"))
        await services.moderate_post(session, member, post, action)
        await session.commit()
    return RedirectResponse(_back(request, f"/coup-de-pouce/{post.id}"), status_code=303)


@roles_required(*MANAGER_ROLES)
async def moderate_answer(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    action = form.get("op")
    if action not in services.ANSWER_ACTIONS:
        raise HTTPException(400, "Action de modération inconnue.")
    async with app_state(request).db.session() as session:
        item, post = await visible_answer(session, member, int_param(request, "answer_id"))
        await services.moderate_answer(session, member, item, action)
        await session.commit()
    return RedirectResponse(_back(request, f"/coup-de-pouce/{post.id}#reponse-{item.id}"), status_code=303)


@roles_required(*MANAGER_ROLES)
async def dismiss_report(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        found = await session.get(Report, int_param(request, "report_id"))
        if found is None:
            raise HTTPException(404, "Ce signalement n'existe pas, ou plus.")
        if found.resolved_at is None:
            found.resolved_at, found.resolved_by = utcnow(), member.id
        await session.commit()
    return RedirectResponse("/coup-de-pouce/moderation", status_code=303)


routes = [
    Route("/coup-de-pouce/moderation", queue, name="board_moderation"),
    Route("/coup-de-pouce/{post_id:int}/signaler", report_post, methods=["POST"], name="board_report"),
    Route(
        "/coup-de-pouce/reponses/{answer_id:int}/signaler",
        report_answer,
        methods=["POST"],
        name="board_answer_report",
    ),
    Route("/coup-de-pouce/{post_id:int}/moderer", moderate_post, methods=["POST"], name="board_moderate"),
    Route(
        "/coup-de-pouce/reponses/{answer_id:int}/moderer",
        moderate_answer,
        methods=["POST"],
        name="board_answer_moderate",
    ),
    Route(
        "/coup-de-pouce/signalements/{report_id:int}/classer",
        dismiss_report,
        methods=["POST"],
        name="board_report_dismiss",
    ),
]

"""Member profiles (posts and « compétences partagées »), board preferences, and the notifications page."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import login_required, signed_in
from learning.models import Member
from learning.state import app_state
from learning.templating import render

from . import notifications, queries, skills
from .common import int_param, local_coordination
from .models import KINDS


@login_required
async def profile(request: Request) -> Response:
    viewer: Member = request.state.member
    async with app_state(request).db.session() as session:
        shown = await session.get(Member, int_param(request, "member_id"))
        if shown is None:
            raise HTTPException(404, "Cette membre n'existe pas, ou plus.")
        posts = await queries.posts_by(session, viewer, shown.id)
        shared = await skills.skills_of(session, shown.id)
        # Her coordination once confirmed (a pending request is between her and its coordinatrices).
        coordination = await local_coordination(session, shown)
    # Only what members share with each other: name, coordination, skills, posts. No e-mail, no project.
    return render(
        request,
        "board/profile.html",
        {
            "shown": shown,
            "coordination": coordination,
            "posts": posts,
            "skills": shared,
            "kinds": KINDS,
            "is_me": shown.id == viewer.id,
            "flash": "Vos préférences Coup de pouce sont enregistrées."
            if "enregistre" in request.query_params
            else None,
        },
    )


@login_required
async def preferences(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    raw = form.get("skills")
    labels = skills.parse_skills(raw if isinstance(raw, str) else "")
    async with app_state(request).db.session() as session:
        await skills.set_skills(session, member.id, labels)
        await skills.set_digest(session, member.id, form.get("digest") == "1")
        await session.commit()
    return RedirectResponse(f"/membres/{member.id}?enregistre=1", status_code=303)


@login_required
async def notifications_page(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        rows = await notifications.recent(session, member.id)
    return render(request, "board/notifications.html", {"rows": rows, "labels": notifications.LABELS})


@login_required
async def mark_all_read(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        await notifications.mark_read(session, member.id)
        await session.commit()
    return RedirectResponse("/coup-de-pouce/notifications", status_code=303)


routes = [
    Route("/membres/{member_id:int}", profile, name="member_profile"),
    Route("/coup-de-pouce/preferences", preferences, methods=["POST"], name="board_preferences"),
    Route("/coup-de-pouce/notifications", notifications_page, name="board_notifications"),
    Route(
        "/coup-de-pouce/notifications/lues", mark_all_read, methods=["POST"], name="board_notifications_read"
    ),
]

"""Reported private messages: the moderators' queue, the reported conversation, and what they decide.

A moderator reads a conversation only through an open report on one of its messages (permissions.py):
the URL names the report, not the conversation, and answers 404 once the report is resolved.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import roles_required, signed_in
from learning.models import MANAGER_ROLES, Member
from learning.state import app_state
from learning.templating import render

from . import conversations, messaging
from .models_messages import MessageReport
from .permissions import can_moderate
from .views_messages import path_id

NO_REPORT = "Ce signalement n'existe pas, ou il est déjà traité."


@roles_required(*MANAGER_ROLES)
async def queue(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        reports = await conversations.open_reports(session)
    flash = "Le signalement est traité." if "traite" in request.query_params else None
    return render(request, "members/message_reports.html", {"reports": reports, "flash": flash})


@roles_required(*MANAGER_ROLES)
async def reported_conversation(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        found = await session.get(MessageReport, path_id(request, "report_id", NO_REPORT))
        if found is None or not can_moderate(member, found):
            raise HTTPException(404, NO_REPORT)
        messages = await conversations.messages_of(session, found.conversation_id)
        names = await conversations.names_in(session, found.conversation_id)
        reporter = await session.get(Member, found.reporter_id)
    return render(
        request,
        "members/message_report.html",
        {"report": found, "messages": messages, "names": names, "reporter": reporter},
    )


@roles_required(*MANAGER_ROLES)
async def decide(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    outcome = form.get("op")
    if not isinstance(outcome, str) or outcome not in messaging.OUTCOMES:
        raise HTTPException(400, "Action de modération inconnue.")
    async with app_state(request).db.session() as session:
        found = await session.get(MessageReport, path_id(request, "report_id", NO_REPORT))
        if found is None or not can_moderate(member, found):
            raise HTTPException(404, NO_REPORT)
        await messaging.resolve(session, member, found, outcome, app_state(request).settings)
        await session.commit()
    return RedirectResponse("/messages/signalements?traite=1", status_code=303)


routes = [
    Route("/messages/signalements", queue, name="messages_reports"),
    Route("/messages/signalements/{report_id:int}", reported_conversation, name="messages_report_read"),
    Route(
        "/messages/signalements/{report_id:int}/traiter",
        decide,
        methods=["POST"],
        name="messages_report_decide",
    ),
]

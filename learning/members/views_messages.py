"""Private messages: her inbox, writing to a member, a conversation, blocking, reporting, e-mail choice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import login_required, signed_in
from learning.db import utcnow
from learning.models import Member
from learning.state import app_state
from learning.templating import render

from . import conversations, messaging
from .models_messages import NOTIFY_CHOICES, PrivateMessage
from .permissions import can_read, is_moderator

# Against spam: a member writes at most SEND_LIMIT messages, and starts at most NEW_LIMIT conversations
# (fewer in her first week, when an account made to canvass the network would show itself).
SEND_LIMIT = "30/hour"
NEW_LIMIT = "15/day"
YOUNG_NEW_LIMIT = "5/day"
YOUNG = timedelta(days=7)
RATE_LIMITED = (
    "Vous avez envoyé beaucoup de messages en peu de temps : patientez un peu avant d'envoyer celui-ci. "
    "Votre texte est conservé ci-dessous."
)
NO_MEMBER = "Cette membre n'existe pas, ou plus."
NO_CONVERSATION = "Cette conversation n'existe pas, ou vous n'y participez pas."
EMPTY = "Écrivez votre message avant de l'envoyer."
TOO_LONG = f"Le message est trop long ({messaging.BODY_MAX} caractères au plus)."
REASON_NEEDED = "Dites en quelques mots ce qui pose problème, pour aider la modération."


def path_id(request: Request, name: str, not_found: str) -> int:
    try:
        value = int(request.path_params[name])
    except (KeyError, ValueError):
        raise HTTPException(404, not_found) from None
    if not 0 < value < 2**31:
        raise HTTPException(404, not_found)
    return value


def _text(form: FormData, name: str, max_length: int) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    # Control characters are dropped (they could hide or reorder text); cut beyond the limit so it can be told.
    cleaned = "".join(ch for ch in value.replace("\r\n", "\n") if ch in "\n\t" or ord(ch) >= 32)
    return cleaned.strip()[: max_length + 1]


def body_problem(body: str) -> str | None:
    if not body:
        return EMPTY
    if len(body) > messaging.BODY_MAX:
        return TOO_LONG
    return None


async def _may_send(request: Request, member: Member, *, new_conversation: bool) -> bool:
    limits = app_state(request).rate_limits
    allowed = await limits.hit(SEND_LIMIT, f"messages-send:{member.id}")
    if new_conversation:
        young = utcnow() - member.created_at < YOUNG
        allowed = (
            await limits.hit(YOUNG_NEW_LIMIT if young else NEW_LIMIT, f"messages-new:{member.id}") and allowed
        )
    return allowed


async def _member(session: AsyncSession, member_id: int) -> Member:
    found = await session.get(Member, member_id)
    if found is None:
        raise HTTPException(404, NO_MEMBER)
    return found


@login_required
async def inbox(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        rows = await conversations.inbox(session, member.id)
        blocked = await conversations.blocked_by(session, member.id)
        notify = await messaging.notify_mode(session, member.id)
        reports = await conversations.open_report_count(session) if is_moderator(member) else 0
    flash = None
    if "avis" in request.query_params:
        flash = "Votre choix d'avis par e-mail est enregistré."
    elif "debloquee" in request.query_params:
        flash = "Cette membre est débloquée : elle peut de nouveau vous écrire."
    elif "bloquee" in request.query_params:
        flash = "Cette membre est bloquée : elle ne peut plus vous écrire, et sa conversation n'apparaît plus ici."
    return render(
        request,
        "members/inbox.html",
        {
            "rows": rows,
            "blocked": blocked,
            "notify": notify,
            "notify_choices": NOTIFY_CHOICES,
            "open_reports": reports,
            "flash": flash,
        },
    )


@login_required
async def preferences(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    mode = form.get("notify")
    if not isinstance(mode, str) or mode not in NOTIFY_CHOICES:
        raise HTTPException(400, "Choisissez quand recevoir les avis de nouveaux messages.")
    async with app_state(request).db.session() as session:
        await messaging.set_notify(session, member.id, mode)
        await session.commit()
    return RedirectResponse("/messages?avis=1#avis", status_code=303)


def _write_page(
    request: Request,
    recipient: Member,
    *,
    existing: int | None,
    started_from: str | None,
    body: str = "",
    errors: dict[str, str] | None = None,
    refused: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "members/new_message.html",
        {
            "recipient": recipient,
            "existing": existing,
            "started_from": started_from,
            "body": body,
            "body_max": messaging.BODY_MAX,
            "errors": errors or {},
            "refused": refused,
        },
        status_code=status_code,
    )


@login_required
async def write(request: Request) -> Response:
    """GET: the form to write to a member (from her profile, a post, an answer); POST: send it."""
    member = signed_in(request)
    recipient_id = path_id(request, "member_id", NO_MEMBER)
    settings = app_state(request).settings
    form = await request.form() if request.method == "POST" else None
    raw_from = form.get("depuis") if form is not None else request.query_params.get("depuis")
    started_from = messaging.clean_started_from(raw_from if isinstance(raw_from, str) else None)
    async with app_state(request).db.session() as session:
        recipient = await _member(session, recipient_id)
        found = await messaging.conversation_between(session, member.id, recipient.id)
        existing = found.id if found is not None else None
        refused = await messaging.refusal(session, member, recipient)
        if form is None:
            status = 400 if refused == messaging.NOT_YOURSELF else 200
            return _write_page(
                request,
                recipient,
                existing=existing,
                started_from=started_from,
                refused=refused,
                status_code=status,
            )
        body = _text(form, "body", messaging.BODY_MAX)
        if refused is not None:
            return _write_page(
                request,
                recipient,
                existing=existing,
                started_from=started_from,
                body=body,
                refused=refused,
                status_code=403 if refused != messaging.NOT_YOURSELF else 400,
            )
        problem = body_problem(body)
        if problem is not None:
            return _write_page(
                request,
                recipient,
                existing=existing,
                started_from=started_from,
                body=body,
                errors={"body": problem},
                status_code=400,
            )
        if not await _may_send(request, member, new_conversation=existing is None):
            return _write_page(
                request,
                recipient,
                existing=existing,
                started_from=started_from,
                body=body,
                errors={"_": RATE_LIMITED},
                status_code=429,
            )
        sent = await messaging.send(
            session, member, recipient, body, started_from=started_from, settings=settings
        )
        await session.commit()
    return RedirectResponse(f"/messages/{sent.conversation_id}?envoye=1#m-{sent.message_id}", status_code=303)


async def _conversation_page(
    request: Request,
    session: AsyncSession,
    member: Member,
    conversation_id: int,
    *,
    body: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    side = await conversations.side_of(session, conversation_id, member.id)
    if not can_read(member, side):
        # Not hers: answered as if absent, for a coordinatrice or an admin too (see permissions.py).
        raise HTTPException(404, NO_CONVERSATION)
    assert side is not None
    if request.method == "GET" and await messaging.mark_read(session, conversation_id, member.id):
        await session.commit()
        request.state.nav_badges["/messages"] = await conversations.unread_total(session, member.id)
    other = await session.get(Member, side.other_id) if side.other_id is not None else None
    blocked = other is not None and await messaging.has_blocked(session, member.id, other.id)
    messages = await conversations.messages_of(session, conversation_id)
    flash = None
    if "envoye" in request.query_params:
        flash = "Votre message est envoyé."
    elif "signale" in request.query_params:
        flash = "Merci : votre signalement est transmis à l'équipe de modération, qui pourra lire cette conversation."
    return render(
        request,
        "members/conversation.html",
        {
            "conversation_id": conversation_id,
            "other": other,
            "blocked": blocked,
            "messages": messages,
            "body": body,
            "body_max": messaging.BODY_MAX,
            "errors": errors or {},
            "flash": flash,
        },
        status_code=status_code,
    )


@login_required
async def conversation(request: Request) -> Response:
    member = signed_in(request)
    conversation_id = path_id(request, "conversation_id", NO_CONVERSATION)
    async with app_state(request).db.session() as session:
        return await _conversation_page(request, session, member, conversation_id)


@login_required
async def reply(request: Request) -> Response:
    member = signed_in(request)
    conversation_id = path_id(request, "conversation_id", NO_CONVERSATION)
    settings = app_state(request).settings
    form = await request.form()
    body = _text(form, "body", messaging.BODY_MAX)
    async with app_state(request).db.session() as session:
        side = await conversations.side_of(session, conversation_id, member.id)
        if not can_read(member, side):
            raise HTTPException(404, NO_CONVERSATION)
        assert side is not None
        other = await session.get(Member, side.other_id) if side.other_id is not None else None
        if other is None:
            return await _conversation_page(
                request,
                session,
                member,
                conversation_id,
                body=body,
                errors={"_": "Cette membre a supprimé son compte : elle ne peut plus recevoir de message."},
                status_code=400,
            )
        refused = await messaging.refusal(session, member, other)
        problem = refused or body_problem(body)
        if problem is not None:
            return await _conversation_page(
                request,
                session,
                member,
                conversation_id,
                body=body,
                errors={"body": problem} if refused is None else {"_": problem},
                status_code=403 if refused else 400,
            )
        if not await _may_send(request, member, new_conversation=False):
            return await _conversation_page(
                request,
                session,
                member,
                conversation_id,
                body=body,
                errors={"_": RATE_LIMITED},
                status_code=429,
            )
        sent = await messaging.send(session, member, other, body, started_from=None, settings=settings)
        # Answering is reading: what she answered is no longer unread for her.
        await messaging.mark_read(session, conversation_id, member.id)
        await session.commit()
    return RedirectResponse(f"/messages/{conversation_id}?envoye=1#m-{sent.message_id}", status_code=303)


@login_required
async def report(request: Request) -> Response:
    member = signed_in(request)
    message_id = path_id(request, "message_id", "Ce message n'existe pas, ou plus.")
    form = await request.form()
    reason = _text(form, "reason", messaging.REASON_MAX)[: messaging.REASON_MAX]
    async with app_state(request).db.session() as session:
        message = await session.get(PrivateMessage, message_id)
        side = (
            await conversations.side_of(session, message.conversation_id, member.id)
            if message is not None
            else None
        )
        if message is None or not can_read(member, side):
            raise HTTPException(404, "Ce message n'existe pas, ou plus.")
        if message.author_id == member.id:
            raise HTTPException(400, "Vous ne pouvez pas signaler votre propre message.")
        if not reason:
            return await _conversation_page(
                request,
                session,
                member,
                message.conversation_id,
                errors={"_": REASON_NEEDED},
                status_code=400,
            )
        await messaging.report(session, member, message, reason)
        await session.commit()
        conversation_id = message.conversation_id
    return RedirectResponse(f"/messages/{conversation_id}?signale=1", status_code=303)


@login_required
async def block(request: Request) -> Response:
    member = signed_in(request)
    other_id = path_id(request, "member_id", NO_MEMBER)
    async with app_state(request).db.session() as session:
        other = await _member(session, other_id)
        if other.id == member.id:
            raise HTTPException(400, "Vous ne pouvez pas vous bloquer vous-même.")
        await messaging.block(session, member.id, other.id)
        await session.commit()
    return RedirectResponse("/messages?bloquee=1", status_code=303)


@login_required
async def unblock(request: Request) -> Response:
    member = signed_in(request)
    other_id = path_id(request, "member_id", NO_MEMBER)
    async with app_state(request).db.session() as session:
        await messaging.unblock(session, member.id, other_id)
        await session.commit()
    return RedirectResponse("/messages?debloquee=1#bloquees", status_code=303)


routes = [
    Route("/messages", inbox, name="messages_inbox"),
    Route("/messages/avis", preferences, methods=["POST"], name="messages_preferences"),
    Route("/messages/nouveau/{member_id:int}", write, methods=["GET", "POST"], name="messages_write"),
    Route("/messages/{conversation_id:int}", conversation, name="messages_conversation"),
    Route("/messages/{conversation_id:int}/repondre", reply, methods=["POST"], name="messages_reply"),
    Route("/messages/message/{message_id:int}/signaler", report, methods=["POST"], name="messages_report"),
    Route("/messages/bloquer/{member_id:int}", block, methods=["POST"], name="messages_block"),
    Route("/messages/debloquer/{member_id:int}", unblock, methods=["POST"], name="messages_unblock"),
]

"""The coordinatrice's desk, /coordinations/{slug}/espace: her members (new ones to welcome first), confirm
and welcome or refuse, an e-mail to all confirmed members through the outbox. Her coordinatrices and admins
only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import email_kinds, forms
from learning.auth import login_required, signed_in
from learning.i18n import ngettext
from learning.models import Member
from learning.outbox import queue_email
from learning.state import app_state
from learning.templating import render

from . import desk, directory, membership, reports
from .models import Coordination, Membership
from .views_reports import today_in_paris

SUBJECT_MAX, BODY_MAX, REFUSAL_MAX = 150, 10_000, 1_000
# An e-mail to all her members is a newsletter, not a chat: a few a day per coordination at most.
MAIL_ALL_LIMIT = "3/day"
DESK_EVENTS = 8  # her latest events on the desk; the report lists them all
FLASHES = {
    "bienvenue": "Elle est confirmée : un e-mail de bienvenue lui est envoyé.",
    "refus": "Sa demande est refusée : un e-mail le lui dit.",
}
NOT_PENDING = "Cette demande n'est plus en attente (déjà confirmée, refusée ou retirée)."


async def _coordination_for(request: Request, session: Any) -> Coordination:
    coordination = await directory.by_slug(session, request.path_params["slug"])
    if coordination is None:
        raise HTTPException(404, "Cette coordination n'existe pas, ou plus.")
    if not await desk.may_run(session, coordination, signed_in(request)):
        raise HTTPException(403, "Seules les coordinatrices de cette coordination ont accès à son espace.")
    return coordination


async def _page(
    request: Request,
    session: Any,
    coordination: Coordination,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    people = await desk.members_of(session, coordination.id)
    # Her local figures and the attendance of her events, over the report's default period (12 months).
    figures = await reports.build(
        session, app_state(request).packages, reports.parse_period(None, None, today_in_paris()), coordination
    )
    flash = next((text for key, text in FLASHES.items() if key in request.query_params), None)
    if sent := request.query_params.get("envoyes"):
        count = int(sent) if sent.isdigit() else 0
        flash = ngettext(
            "%(num)s e-mail mis en file d'envoi, un par membre confirmée.",
            "%(num)s e-mails mis en file d'envoi, un par membre confirmée.",
            count,
        ) % {"num": count}
    context = {
        "coordination": coordination,
        "pending": [p for p in people if p.status == "pending"],
        "confirmed": [p for p in people if p.status == "confirmed"],
        "flash": flash,
        "figures": figures,
        "recent": list(reversed(figures.activities))[:DESK_EVENTS],
        "formats": reports.FORMATS,
        "mail": {"subject": "", "body": ""},
        **(extra or {}),
    }
    return render(request, "coordinations/desk.html", context, status_code=status)


@login_required
async def desk_page(request: Request) -> Response:
    async with app_state(request).db.read_session() as session:
        coordination = await _coordination_for(request, session)
        return await _page(request, session, coordination)


async def _pending_member(
    session: Any, coordination: Coordination, form: Any
) -> tuple[Membership, Member] | None:
    member_id = forms.row_id(form, "member_id")
    if member_id is None:
        return None
    row = await session.get(Membership, member_id)
    if row is None or row.coordination_id != coordination.id or row.status != "pending":
        return None
    person = await session.get(Member, member_id)
    return None if person is None else (row, person)


@login_required
async def welcome(request: Request) -> Response:
    lead = signed_in(request)
    form = await request.form()
    state = app_state(request)
    async with state.db.session() as session:
        coordination = await _coordination_for(request, session)
        found = await _pending_member(session, coordination, form)
        if found is None:
            return await _page(request, session, coordination, {"errors": {"_": NOT_PENDING}}, status=400)
        _, person = found
        if not await membership.confirm(session, person.id, coordination.id, lead):
            return await _page(request, session, coordination, {"errors": {"_": NOT_PENDING}}, status=400)
        subject, body = membership.welcome_email(state.settings, person, coordination, lead)
        queue_email(
            session,
            kind=email_kinds.COORDINATION_MEMBERSHIP,
            to=person.email,
            subject=subject,
            body=body,
            member_id=person.id,
        )
        await session.commit()
    return RedirectResponse(f"/coordinations/{coordination.slug}/espace?bienvenue=1", status_code=303)


@login_required
async def refuse(request: Request) -> Response:
    form = await request.form()
    async with app_state(request).db.session() as session:
        coordination = await _coordination_for(request, session)
        found = await _pending_member(session, coordination, form)
        if found is None:
            return await _page(request, session, coordination, {"errors": {"_": NOT_PENDING}}, status=400)
        _, person = found
        message = forms.text(form, "message", max_length=REFUSAL_MAX)
        if not await membership.refuse(session, person.id, coordination.id):
            return await _page(request, session, coordination, {"errors": {"_": NOT_PENDING}}, status=400)
        subject, body = membership.refusal_email(person, coordination, message)
        queue_email(
            session,
            kind=email_kinds.COORDINATION_MEMBERSHIP,
            to=person.email,
            subject=subject,
            body=body,
            member_id=person.id,
        )
        await session.commit()
    return RedirectResponse(f"/coordinations/{coordination.slug}/espace?refus=1", status_code=303)


@login_required
async def write_to_all(request: Request) -> Response:
    lead = signed_in(request)
    form = await request.form()
    state = app_state(request)
    subject = " ".join(forms.text(form, "subject", max_length=SUBJECT_MAX).split())
    body = forms.text(form, "body", max_length=BODY_MAX)
    async with state.db.session() as session:
        coordination = await _coordination_for(request, session)
        errors = {}
        if not subject:
            errors["subject"] = "Donnez un objet à votre e-mail."
        if not body:
            errors["body"] = "Écrivez votre message."
        if not errors and not await state.rate_limits.hit(MAIL_ALL_LIMIT, f"desk-mail:{coordination.id}"):
            errors["_"] = (
                "Trois e-mails à toutes les membres ont déjà été envoyés aujourd'hui : réessayez demain."
            )
        if errors:
            extra = {"mail_errors": errors, "mail": {"subject": subject, "body": body}}
            return await _page(
                request, session, coordination, extra, status=400 if "_" not in errors else 429
            )
        recipients = (
            await session.execute(
                select(Member.id, Member.email)
                .join(Membership, Membership.member_id == Member.id)
                .where(Membership.coordination_id == coordination.id, Membership.status == "confirmed")
            )
        ).all()
        footer = (
            f"\n\n—\n{lead.name}, pour la {coordination.name}.\nVous recevez ce message parce que vous êtes membre "
            f"de cette coordination (« Mon compte » pour la quitter) : {state.settings.base_origin}/compte/coordination\n"
        )
        for member_id, email in recipients:
            queue_email(
                session,
                kind=email_kinds.COORDINATION_MESSAGES,
                to=email,
                subject=subject,
                body=body + footer,
                member_id=member_id,
            )
        await session.commit()
    return RedirectResponse(
        f"/coordinations/{coordination.slug}/espace?envoyes={len(recipients)}", status_code=303
    )


routes = [
    Route("/coordinations/{slug}/espace", desk_page, name="coordination_desk"),
    Route("/coordinations/{slug}/espace/bienvenue", welcome, methods=["POST"], name="desk_welcome"),
    Route("/coordinations/{slug}/espace/refuser", refuse, methods=["POST"], name="desk_refuse"),
    Route("/coordinations/{slug}/espace/ecrire", write_to_all, methods=["POST"], name="desk_write"),
]

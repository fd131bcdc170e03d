"""Speakers and coordinators: propose, edit, publish and cancel workshops; the intervenante's dashboard."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from learning import forms
from learning.auth import current_member, login_required, roles_required, signed_in
from learning.coordinations import directory
from learning.coordinations.models import Coordination
from learning.db import rowcount, utcnow
from learning.models import MANAGER_ROLES, SPEAKER_ROLES, Member
from learning.state import app_state
from learning.templating import render
from live import notify, proposals, seats, workshop_form
from live.models import FORMATS, THEMES, Registration, Workshop
from live.permissions import can_cancel, can_edit, can_manage, workshop_from_path
from live.views_list import flash_from, places_label


def _form_page(
    request: Request,
    values: dict,
    errors: dict,
    workshop: Workshop | None,
    coordinations: dict[str, str],
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "live/form.html",
        {
            "form": values,
            "errors": errors,
            "workshop": workshop,
            "themes": THEMES,
            "formats": FORMATS,
            "coordinations": coordinations,
            "durations": workshop_form.DURATIONS,
        },
        status_code=status_code,
    )


async def coordination_choices(
    session: AsyncSession, member: Member, workshop: Workshop | None = None
) -> dict[str, str]:
    """The coordinations she may attach a workshop to (id as text → name): all of them for an admin,
    those she runs (`CoordinationLead`) for anyone else, plus the one it already has when editing."""
    if member.is_admin:
        found = await directory.all_coordinations(session)
    else:
        found = await directory.led_by(session, member.id)
    choices = {str(c.id): c.name for c in found}
    if workshop is not None and workshop.coordination_id and str(workshop.coordination_id) not in choices:
        current = await session.get(Coordination, workshop.coordination_id)
        if current is not None:
            choices[str(current.id)] = current.name
    return dict(sorted(choices.items(), key=lambda item: item[1]))


async def _cohost_id(session: AsyncSession, email: str, host_id: int | None, errors: dict) -> int | None:
    if not email or errors.get("cohost"):
        return None
    cohost = await session.scalar(select(Member).where(Member.email == email))
    if cohost is None:
        errors["cohost"] = "Aucune membre du réseau n'a cette adresse e-mail."
        return None
    if cohost.id == host_id:
        errors["cohost"] = "La co-animatrice doit être une autre personne que l'intervenante."
        return None
    return cohost.id


@roles_required(*SPEAKER_ROLES)
async def propose(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        choices = await coordination_choices(session, member)
        if request.method == "GET":
            return _form_page(request, workshop_form.initial_values(), {}, None, choices)
        parsed = workshop_form.read(await request.form(), utcnow(), coordinations=choices)
        cohost_id = await _cohost_id(session, parsed.values["cohost"], member.id, parsed.errors)
        if not parsed.ok:
            return _form_page(request, parsed.values, parsed.errors, None, choices, status_code=400)
        assert parsed.starts_at is not None
        workshop = Workshop(
            title=parsed.values["title"],
            theme=parsed.values["theme"],
            description=parsed.values["description"],
            starts_at=parsed.starts_at,
            duration_min=int(parsed.values["duration"]),
            capacity=int(parsed.values["capacity"]),
            host_id=member.id,
            cohost_id=cohost_id,
            status="proposed",
            format=parsed.values["format"],
            address=parsed.values["address"],
            room=parsed.values["room"],
            coordination_id=parsed.coordination_id,
        )
        session.add(workshop)
        await session.flush()
        await proposals.proposal_received(session, app_state(request).settings, workshop, member)
        await session.commit()
    return RedirectResponse(f"/ateliers/{workshop.id}?msg=propose", status_code=303)


async def edit(request: Request) -> Response:
    member = current_member(request)
    if member is None:
        return RedirectResponse(
            f"/connexion?suite=/ateliers/{request.path_params['workshop_id']}/modifier", status_code=303
        )
    settings = app_state(request).settings
    now = utcnow()
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if not can_edit(workshop, member):
            raise HTTPException(403, "Seule la coordination peut modifier un atelier publié.")
        choices = await coordination_choices(session, member, workshop)
        if request.method == "GET":
            values = workshop_form.initial_values(workshop)
            if workshop.cohost_id:
                cohost = await session.get(Member, workshop.cohost_id)
                values["cohost"] = cohost.email if cohost else ""
            return _form_page(request, values, {}, workshop, choices)
        parsed = workshop_form.read(await request.form(), now, taken=workshop.taken, coordinations=choices)
        cohost_id = await _cohost_id(session, parsed.values["cohost"], workshop.host_id, parsed.errors)
        if not parsed.ok:
            return _form_page(request, parsed.values, parsed.errors, workshop, choices, status_code=400)
        assert parsed.starts_at is not None
        capacity = int(parsed.values["capacity"])
        calendar_changed = (
            parsed.starts_at != workshop.starts_at
            or int(parsed.values["duration"]) != workshop.duration_min
            or parsed.values["title"] != workshop.title
            or parsed.values["format"] != workshop.format
            or parsed.values["address"] != workshop.address
            or parsed.values["room"] != workshop.room
        )
        # Conditional on the seats already taken: a registration that landed since the form was read
        # cannot be squeezed out by a lower capacity.
        changed = await session.execute(
            update(Workshop)
            .where(Workshop.id == workshop.id, Workshop.taken <= capacity)
            .values(
                title=parsed.values["title"],
                theme=parsed.values["theme"],
                description=parsed.values["description"],
                starts_at=parsed.starts_at,
                duration_min=int(parsed.values["duration"]),
                capacity=capacity,
                cohost_id=cohost_id,
                format=parsed.values["format"],
                address=parsed.values["address"],
                room=parsed.values["room"],
                coordination_id=parsed.coordination_id,
                updated_at=now,
                sequence=Workshop.sequence + (1 if calendar_changed else 0),
            )
            .execution_options(synchronize_session=False)
        )
        if rowcount(changed) != 1:
            await session.rollback()
            parsed.errors["capacity"] = (
                "Des participantes viennent de s'inscrire : la capacité est trop basse."
            )
            return _form_page(request, parsed.values, parsed.errors, workshop, choices, status_code=409)
        promoted = (
            await seats.fill_free_seats(session, workshop.id, now) if workshop.status == "published" else []
        )
        await session.refresh(workshop)
        if calendar_changed and workshop.status == "published":
            registrations = await seats.registrants(session, workshop.id, "confirmed", "waitlisted")
            await notify.workshop_changed(
                session, settings, workshop, [r for r in registrations if r.id not in promoted]
            )
        await notify.promoted(session, settings, workshop, promoted, room_open=workshop.room_is_open(now))
        await session.commit()
    return RedirectResponse(f"/ateliers/{workshop.id}?msg=modifie", status_code=303)


@roles_required(*MANAGER_ROLES)
async def publish(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        published = await session.execute(
            update(Workshop)
            .where(Workshop.id == workshop.id, Workshop.status == "proposed")
            .values(status="published", updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        # Only the request that flips the status tells the intervenante (two coordinatrices clicking at once).
        if rowcount(published) == 1:
            await session.refresh(workshop)
            await proposals.proposal_published(session, app_state(request).settings, workshop)
        await session.commit()
    return RedirectResponse(f"/ateliers/{workshop.id}?msg=publie", status_code=303)


CANCEL_MESSAGE_MAX = 2000


@login_required
async def cancel_workshop(request: Request) -> Response:
    """GET (or a POST without `confirme`) shows what cancelling does and asks for an optional message;
    the POST that confirms cancels and e-mails the registrants, with the message. When the intervenante
    cancels her own workshop, its coordinatrices (or the national team) are told, with her message."""
    settings = app_state(request).settings
    form = await request.form() if request.method == "POST" else None
    message = forms.text(form, "message", max_length=CANCEL_MESSAGE_MAX + 1) if form is not None else ""
    errors = {}
    if len(message) > CANCEL_MESSAGE_MAX:
        errors["message"] = f"Votre message dépasse {CANCEL_MESSAGE_MAX} caractères : raccourcissez-le."
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        author = signed_in(request)
        if not can_cancel(workshop, author):
            raise HTTPException(
                403, "Seules l'intervenante de l'atelier et sa coordination peuvent l'annuler."
            )
        if workshop.status == "cancelled":  # already done, perhaps by another coordinatrice
            return RedirectResponse(f"/ateliers/{workshop.id}?msg=annule", status_code=303)
        if workshop.status != "published" and workshop.status != "proposed" or workshop.is_over(utcnow()):
            return RedirectResponse(f"/ateliers/{workshop.id}", status_code=303)
        if form is None or form.get("confirme") != "oui" or errors:
            registered = await seats.registrants(session, workshop.id, "confirmed")
            waiting = await seats.registrants(session, workshop.id, "waitlisted")
            return render(
                request,
                "live/cancel.html",
                {
                    "workshop": workshop,
                    "registered": len(registered),
                    "waiting": len(waiting),
                    "message": message,
                    "errors": errors,
                },
                status_code=400 if errors else 200,
            )
        # Only the request that flips the status sends the e-mails (two coordinators clicking at once).
        if await seats.cancel_workshop(session, workshop.id):
            await session.refresh(workshop)
            registrations = await seats.registrants(session, workshop.id, "confirmed", "waitlisted")
            await notify.workshop_cancelled(
                session, settings, workshop, registrations, message=message, author=author
            )
            if not can_manage(author):
                await proposals.cancelled_by_host(
                    session, settings, workshop, author, message=message, told=len(registrations)
                )
        await session.commit()
    return RedirectResponse(f"/ateliers/{workshop.id}?msg=annule", status_code=303)


@roles_required(*SPEAKER_ROLES)
async def dashboard(request: Request) -> Response:
    """Her workshops with registrants, waitlist and, after the event, attendance."""
    member = signed_in(request)
    now = utcnow()
    async with app_state(request).db.session() as session:
        mine = (
            (
                await session.execute(
                    select(Workshop)
                    .where(
                        or_(Workshop.host_id == member.id, Workshop.cohost_id == member.id),
                        Workshop.starts_at > now - timedelta(days=90),
                    )
                    .order_by(Workshop.starts_at)
                )
            )
            .scalars()
            .all()
        )
        waiting_proposals = 0
        if can_manage(member):
            waiting_proposals = (
                await session.scalar(
                    select(func.count())
                    .select_from(Workshop)
                    .where(Workshop.status == "proposed", Workshop.starts_at > now)
                )
            ) or 0
        rows = (
            await session.execute(
                select(Registration, Member)
                .join(Member, Member.id == Registration.member_id)
                .where(Registration.workshop_id.in_([w.id for w in mine] or [0]))
                .order_by(Registration.id)
            )
        ).all()
        people: dict[int, dict[str, list]] = {
            w.id: {"confirmed": [], "waitlisted": [], "released": []} for w in mine
        }
        for registration, person in rows:
            people[registration.workshop_id][registration.status].append((registration, person))
    upcoming = [w for w in mine if not w.is_over(now)]
    past = [w for w in mine if w.is_over(now)][::-1]
    return render(
        request,
        "live/dashboard.html",
        {
            "upcoming": upcoming,
            "past": past,
            "people": people,
            "waiting_proposals": waiting_proposals,
            "now": now,
            "places_label": places_label,
            "can_manage": can_manage(member),
            **flash_from(request),
        },
    )

"""« Ateliers »: the upcoming workshops as a list or a month calendar, and one workshop's page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from learning.auth import current_member
from learning.coordinations import directory
from learning.coordinations.models import Coordination
from learning.db import utcnow
from learning.i18n import to_paris
from learning.models import SPEAKER_ROLES, Member
from learning.state import app_state
from learning.templating import render
from learning.themes import OLD_KEYS as OLD_THEME_KEYS
from live import seats
from live.calendar_month import month_bounds_utc, month_grid, parse_month
from live.models import FORMATS, MAX_CAPACITY, THEMES, Registration, Workshop
from live.permissions import can_cancel, can_edit, can_manage, can_take_roll, is_host, workshop_from_path
from live.workshop_extras import MESSAGES as SPEAKER_MESSAGES
from live.workshop_extras import context as speaker_extras

NATIONAL_FILTER = "nationaux"  # /ateliers?coordination=nationaux: the workshops of no coordination
ALL_FILTER = "toutes"  # /ateliers?coordination=toutes: every coordination's too
# With no coordination asked for, the list shows the national workshops and those of her own coordination:
# the monthly meetings of forty towns she does not live near would bury them.

# Flash messages after a redirect (?msg=…): (text, kind).
MESSAGES = {
    "inscrite": (
        "C'est noté : vous êtes inscrite. Un e-mail de confirmation arrive, avec l'atelier pour votre agenda.",
        "success",
    ),
    "attente": (
        "L'atelier est complet : vous êtes sur la liste d'attente. Nous vous écrivons dès qu'une place se libère.",
        "success",
    ),
    "deja": ("Vous êtes déjà inscrite à cet atelier.", "warning"),
    "desinscrite": ("Votre désinscription est enregistrée. Merci d'avoir libéré votre place.", "success"),
    "termine": ("Cet atelier est terminé ou annulé : il n'y a plus d'inscription à annuler.", "warning"),
    "rien": ("Vous n'étiez pas inscrite à cet atelier.", "warning"),
    "ferme": ("Les inscriptions à cet atelier sont fermées.", "error"),
    "trop": (
        "Vous avez modifié beaucoup d'inscriptions en peu de temps : rien n'a changé. Réessayez dans une heure.",
        "error",
    ),
    "animatrice": (
        "Vous animez cet atelier : votre place est réservée, pas besoin de vous inscrire.",
        "warning",
    ),
    "propose": ("Merci ! Votre proposition est envoyée à la coordination, qui la publiera.", "success"),
    "publie": ("L'atelier est publié : les membres peuvent s'inscrire.", "success"),
    "modifie": ("Les modifications sont enregistrées.", "success"),
    "annule": ("L'atelier est annulé ; les inscrites ont été prévenues par e-mail.", "success"),
    "refuse": ("La proposition est refusée ; l'intervenante a reçu votre réponse par e-mail.", "success"),
    **SPEAKER_MESSAGES,
}


def places_label(workshop: Workshop) -> str:
    left = workshop.places_left
    if left == 0:
        return "Complet — liste d'attente"
    return "1 place restante" if left == 1 else f"{left} places restantes"


def flash_from(request: Request) -> dict:
    text, kind = MESSAGES.get(request.query_params.get("msg", ""), (None, None))
    return {"flash": text, "flash_kind": kind} if text else {}


async def _my_registrations(session: AsyncSession, member: Member | None) -> dict[int, Registration]:
    if member is None:
        return {}
    rows = (
        (await session.execute(select(Registration).where(Registration.member_id == member.id)))
        .scalars()
        .all()
    )
    return {r.workshop_id: r for r in rows}


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


async def workshops_page(request: Request) -> Response:
    member = current_member(request)
    now = utcnow()
    theme = request.query_params.get("theme", "")
    theme = OLD_THEME_KEYS.get(theme, theme)  # a link saved before the themes were one list
    theme = theme if theme in THEMES else ""
    fmt = request.query_params.get("format", "")
    fmt = fmt if fmt in FORMATS else ""
    wanted_coordination = request.query_params.get("coordination", "")[:80]
    day = _parse_day(request.query_params.get("jour"))
    view = "calendrier" if request.query_params.get("vue") == "calendrier" else "liste"
    today = to_paris(now).date()
    first = parse_month(request.query_params.get("mois"), day or today)

    async with app_state(request).db.session() as session:
        query = (
            select(Workshop).where(Workshop.status == "published").order_by(Workshop.starts_at, Workshop.id)
        )
        if theme:
            query = query.where(Workshop.theme == theme)
        if fmt:
            query = query.where(Workshop.format == fmt)
        coordinations = await directory.all_names(session)
        coordination = next((c for c in coordinations if c.slug == wanted_coordination), None)
        if wanted_coordination == NATIONAL_FILTER:
            query = query.where(Workshop.coordination_id.is_(None))
        elif coordination is not None:
            query = query.where(Workshop.coordination_id == coordination.id)
        elif wanted_coordination != ALL_FILTER:
            wanted_coordination = ""
            own = None if member is None else await directory.confirmed_coordination_id(session, member.id)
            query = query.where(
                Workshop.coordination_id.is_(None)
                if own is None
                else or_(Workshop.coordination_id.is_(None), Workshop.coordination_id == own)
            )
        if view == "calendrier":
            start, end = month_bounds_utc(first)
            query = query.where(Workshop.starts_at >= start, Workshop.starts_at < end)
        else:
            # Still running counts as upcoming: a member may join late. 9 h covers the longest workshop.
            query = query.where(Workshop.starts_at > now - timedelta(hours=9)).limit(300)
        workshops = [
            w
            for w in (await session.execute(query)).scalars().all()
            if view == "calendrier" or not w.is_over(now)
        ]
        mine = await _my_registrations(session, member)
        hosts = await _names(session, {w.host_id for w in workshops if w.host_id})
        upcoming_mine = [] if member is None else await _upcoming_for(session, member, now)
    if day is not None and view == "liste":
        workshops = [w for w in workshops if to_paris(w.starts_at).date() == day]
    month = month_grid(first, workshops) if view == "calendrier" else None
    if month is not None:
        for week in month.weeks:
            for cell in week:
                if not cell.in_month:
                    cell.workshops = []
    return render(
        request,
        "live/list.html",
        {
            "workshops": workshops,
            "themes": THEMES,
            "theme": theme,
            "formats": FORMATS,
            "format": fmt,
            "coordinations": coordinations,
            "coordination_names": {c.id: c.name for c in coordinations},
            "coordination": wanted_coordination,
            "national_filter": NATIONAL_FILTER,
            "all_filter": ALL_FILTER,
            # The filters other than the view, the month and the day, carried by the view's links.
            "filter_query": "".join(
                f"&{name}={value}"
                for name, value in (("theme", theme), ("format", fmt), ("coordination", wanted_coordination))
                if value
            ),
            "day": day,
            "view": view,
            "month": month,
            "today": today,
            "mine": mine,
            "hosts": hosts,
            "places_label": places_label,
            "now": now,
            "my_upcoming": upcoming_mine,
            "can_propose": member is not None and member.has_role(*SPEAKER_ROLES),
            "can_review": can_manage(member),
            "max_capacity": MAX_CAPACITY,
            **flash_from(request),
        },
    )


async def _upcoming_for(
    session: AsyncSession, member: Member, now: datetime
) -> list[tuple[Workshop, Registration]]:
    rows = (
        await session.execute(
            select(Workshop, Registration)
            .join(Registration, Registration.workshop_id == Workshop.id)
            .where(
                Registration.member_id == member.id,
                Workshop.starts_at > now - timedelta(hours=9),
                Registration.status.in_(("confirmed", "waitlisted")),
            )
            .order_by(Workshop.starts_at)
        )
    ).all()
    return [(w, r) for w, r in rows if not w.is_over(now)]


async def _names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = (await session.execute(select(Member.id, Member.name).where(Member.id.in_(ids)))).all()
    return {i: n for i, n in rows}


async def workshop_page(request: Request) -> Response:
    member = current_member(request)
    now = utcnow()
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        registration = None
        position = None
        if member is not None:
            registration = await session.scalar(
                select(Registration).where(
                    Registration.workshop_id == workshop.id, Registration.member_id == member.id
                )
            )
            if registration is not None:
                position = await seats.waitlist_position(session, registration)
        names = await _names(session, {i for i in (workshop.host_id, workshop.cohost_id) if i})
        waiting = len(await seats.registrants(session, workshop.id, "waitlisted"))
        coordination = (
            await session.get(Coordination, workshop.coordination_id) if workshop.coordination_id else None
        )
        can_roll = workshop.in_person and await can_take_roll(session, workshop, member)
        extras = await speaker_extras(session, workshop, member, now)
    return render(
        request,
        "live/detail.html",
        {
            "workshop": workshop,
            "registration": registration,
            "position": position,
            "now": now,
            "host_name": names.get(workshop.host_id or 0),
            "cohost_name": names.get(workshop.cohost_id or 0),
            "places": places_label(workshop),
            "waiting": waiting,
            "is_host": is_host(workshop, member),
            "can_manage": can_manage(member),
            "can_edit": can_edit(workshop, member),
            "can_cancel": can_cancel(workshop, member),
            "room_open": workshop.room_is_open(now),
            "over": workshop.is_over(now),
            "coordination": coordination,
            "can_roll": can_roll and workshop.status == "published" and workshop.has_started(now),
            "extras": extras,
            **flash_from(request),
        },
    )

"""Admins create, edit and delete coordinations (`/admin/coordinations`); a coordination's coordinatrices
edit its description, contact, meeting place and territory (`/coordinations/{slug}/modifier`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import login_required, roles_required, signed_in
from learning.i18n import _
from learning.models import Member
from learning.state import app_state
from learning.templating import render

from . import directory, editing
from .models import Commune, Coordination, CoordinationCommune, CoordinationLead, Membership

FLASHES = {
    "creee": "La coordination est créée.",
    "modifiee": "Les modifications sont enregistrées.",
    "supprimee": "La coordination est supprimée.",
}


async def _found(session: AsyncSession, request: Request) -> Coordination:
    coordination = await directory.by_slug(session, request.path_params["slug"])
    if coordination is None:
        raise HTTPException(404, "Cette coordination n'existe pas.")
    return coordination


async def _lead_members(session: AsyncSession, coordination_id: int) -> list[Member]:
    return list(
        await session.scalars(
            select(Member)
            .join(CoordinationLead, CoordinationLead.member_id == Member.id)
            .where(CoordinationLead.coordination_id == coordination_id)
            .order_by(Member.name)
        )
    )


async def _values_of(session: AsyncSession, coordination: Coordination) -> editing.Values:
    seat = await directory.seat_commune(session, coordination.seat_insee)
    return editing.Values(
        name=coordination.name,
        seat=f"{seat.postal_code} {seat.name}" if seat else coordination.seat_insee,
        seat_insee=coordination.seat_insee,
        communes=await editing.territory_text(session, coordination.id),
        leads="\n".join(m.email for m in await _lead_members(session, coordination.id)),
        contact_email=coordination.contact_email,
        description=coordination.description,
        meeting_place=coordination.meeting_place,
    )


def _form(
    request: Request,
    values: editing.Values,
    *,
    action: str,
    identity: bool,
    coordination: Coordination | None = None,
    checked: editing.Checked | None = None,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "values": values,
        "action": action,
        "identity": identity,
        "coordination": coordination,
        "errors": checked.errors if checked else {},
        "seat_choices": checked.seat_choices if checked else [],
        "max_radius": editing.MAX_RADIUS_KM,
    }
    return render(request, "coordinations/form.html", context, status_code=status_code)


@roles_required("admin")
async def admin_list(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        coordinations = await directory.all_coordinations(session)
        communes: dict[int, int] = dict(
            list(
                await session.execute(
                    select(CoordinationCommune.coordination_id, func.count()).group_by(
                        CoordinationCommune.coordination_id
                    )
                )
            )
        )
        members: dict[int, int] = dict(
            list(
                await session.execute(
                    select(Membership.coordination_id, func.count())
                    .where(Membership.status == "confirmed")
                    .group_by(Membership.coordination_id)
                )
            )
        )
        leads: dict[int, list[str]] = {}
        for coordination_id, name in await session.execute(
            select(CoordinationLead.coordination_id, Member.name)
            .join(Member, Member.id == CoordinationLead.member_id)
            .order_by(Member.name)
        ):
            leads.setdefault(coordination_id, []).append(name)
        seat_names: dict[str, str] = dict(
            list(
                await session.execute(
                    select(Commune.insee, func.min(Commune.name))
                    .where(Commune.insee.in_({c.seat_insee for c in coordinations}))
                    .group_by(Commune.insee)
                )
            )
        )
    flash = next((_(text) for key, text in FLASHES.items() if key in request.query_params), None)
    return render(
        request,
        "coordinations/admin_list.html",
        {
            "coordinations": coordinations,
            "communes": communes,
            "members": members,
            "leads": leads,
            "seat_names": seat_names,
            "flash": flash,
        },
    )


@roles_required("admin")
async def admin_new(request: Request) -> Response:
    action = "/admin/coordinations/nouvelle"
    if request.method == "GET":
        return _form(request, editing.Values(), action=action, identity=True)
    values = editing.Values.of(await request.form())
    async with app_state(request).db.session() as session:
        checked = await editing.check(session, values, identity=True, leads=True)
        if checked.errors:
            return _form(request, values, action=action, identity=True, checked=checked, status_code=400)
        coordination = Coordination()
        await editing.save(session, coordination, values, checked, identity=True, leads=True)
        await session.commit()
    return RedirectResponse("/admin/coordinations?creee=1", status_code=303)


@roles_required("admin")
async def admin_edit(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        coordination = await _found(session, request)
        action = f"/admin/coordinations/{coordination.slug}"
        if request.method == "GET":
            values = await _values_of(session, coordination)
            return _form(request, values, action=action, identity=True, coordination=coordination)
        values = editing.Values.of(await request.form())
        checked = await editing.check(session, values, identity=True, leads=True)
        if checked.errors:
            return _form(
                request,
                values,
                action=action,
                identity=True,
                coordination=coordination,
                checked=checked,
                status_code=400,
            )
        await editing.save(session, coordination, values, checked, identity=True, leads=True)
        await session.commit()
    return RedirectResponse("/admin/coordinations?modifiee=1", status_code=303)


@roles_required("admin")
async def admin_delete(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        coordination = await _found(session, request)
        if request.method == "GET":
            members = await session.scalar(
                select(func.count()).where(Membership.coordination_id == coordination.id)
            )
            return render(
                request,
                "coordinations/admin_delete.html",
                {"coordination": coordination, "members": members or 0},
            )
        await session.delete(coordination)
        await session.commit()
    return RedirectResponse("/admin/coordinations?supprimee=1", status_code=303)


@login_required
async def lead_edit(request: Request) -> Response:
    """Her own coordination's page details and territory; the name, seat and coordinatrices stay with the
    admins."""
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        coordination = await _found(session, request)
        if not member.is_admin and not await directory.leads(session, coordination.id, member.id):
            raise HTTPException(403, "Seules les coordinatrices de cette coordination peuvent la modifier.")
        action = f"/coordinations/{coordination.slug}/modifier"
        if request.method == "GET":
            values = await _values_of(session, coordination)
            return _form(request, values, action=action, identity=False, coordination=coordination)
        values = editing.Values.of(await request.form())
        seat = await directory.seat_commune(session, coordination.seat_insee)
        checked = await editing.check(
            session, values, identity=False, leads=False, require_territory_seat=seat
        )
        if checked.errors:
            return _form(
                request,
                values,
                action=action,
                identity=False,
                coordination=coordination,
                checked=checked,
                status_code=400,
            )
        await editing.save(session, coordination, values, checked, identity=False, leads=False)
        await session.commit()
        slug = coordination.slug
    return RedirectResponse(f"/coordinations/{slug}?modifiee=1", status_code=303)


routes = [
    Route("/admin/coordinations", admin_list, name="admin_coordinations"),
    Route("/admin/coordinations/nouvelle", admin_new, methods=["GET", "POST"], name="admin_coordination_new"),
    Route("/admin/coordinations/{slug}", admin_edit, methods=["GET", "POST"], name="admin_coordination_edit"),
    Route(
        "/admin/coordinations/{slug}/supprimer",
        admin_delete,
        methods=["GET", "POST"],
        name="admin_coordination_delete",
    ),
    Route("/coordinations/{slug}/modifier", lead_edit, methods=["GET", "POST"], name="coordination_edit"),
]

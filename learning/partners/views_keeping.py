"""Keeping the directory (`/ecosysteme/gerer`): the admins add, edit and archive any structure, a
coordinatrice those of her coordinations' départements (permissions.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import forms
from learning.auth import roles_required, signed_in
from learning.db import utcnow
from learning.i18n import _
from learning.models import MANAGER_ROLES
from learning.state import app_state
from learning.templating import render

from . import editing
from .models import KINDS, OFFERS, Structure, StructureDepartement
from .permissions import Keeper, keeper

FLASHES = {
    "ajoutee": "La structure est ajoutée à l'annuaire.",
    "modifiee": "Les modifications sont enregistrées.",
    "archivee": "La structure est archivée : elle n'apparaît plus dans « Mon écosystème ».",
    "restauree": "La structure apparaît de nouveau dans « Mon écosystème ».",
}
NO_DEPARTEMENT = "Vous ne coordonnez aucune coordination : l'équipe nationale tient l'annuaire."


async def _keeper_or_403(session: AsyncSession, request: Request) -> Keeper:
    who = await keeper(session, signed_in(request))
    if not who.keeps_any:
        raise HTTPException(403, NO_DEPARTEMENT)
    return who


async def _editable(session: AsyncSession, request: Request, who: Keeper) -> tuple[Structure, list[str]]:
    structure_id = request.path_params["structure_id"]
    structure = await session.get(Structure, structure_id) if 0 < structure_id < 2**31 else None
    if structure is None:
        raise HTTPException(404, "Cette structure n'existe pas.")
    departements = await editing.departements_of(session, structure.id)
    if not who.may_edit(structure, departements):
        raise HTTPException(
            403, "Cette structure est tenue par une autre coordination ou l'équipe nationale."
        )
    return structure, departements


def _form(
    request: Request,
    values: editing.Values,
    who: Keeper,
    *,
    action: str,
    structure: Structure | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    context: dict[str, Any] = {
        "values": values,
        "action": action,
        "structure": structure,
        "errors": errors or {},
        "kinds": KINDS,
        "offers": OFFERS,
        "everything": who.everything,
        "mine": sorted(who.departements),
    }
    return render(request, "partners/form.html", context, status_code=400 if errors else 200)


@roles_required(*MANAGER_ROLES)
async def manage(request: Request) -> Response:
    async with app_state(request).db.read_session() as session:
        who = await keeper(session, signed_in(request))
        stmt = select(Structure).order_by(Structure.archived_at.is_not(None), Structure.name)
        if not who.everything:
            stmt = stmt.where(
                Structure.national.is_(False),
                Structure.id.in_(
                    select(StructureDepartement.structure_id).where(
                        StructureDepartement.departement.in_(who.departements)
                    )
                ),
            )
        rows = []
        for structure in await session.scalars(stmt):
            departements = await editing.departements_of(session, structure.id)
            if who.may_edit(structure, departements):
                rows.append((structure, departements))
    flash = next((_(text) for key, text in FLASHES.items() if key in request.query_params), None)
    return render(
        request,
        "partners/manage.html",
        {"rows": rows, "keeper": who, "mine": sorted(who.departements), "flash": flash},
    )


@roles_required(*MANAGER_ROLES)
async def new(request: Request) -> Response:
    action = "/ecosysteme/nouvelle"
    async with app_state(request).db.session() as session:
        who = await _keeper_or_403(session, request)
        if request.method == "GET":
            return _form(request, editing.Values(), who, action=action)
        values = editing.Values.of(await request.form())
        checked = await editing.check(session, values, who)
        if checked.errors:
            return _form(request, values, who, action=action, errors=checked.errors)
        structure = Structure()
        await editing.save(session, structure, values, checked, signed_in(request))
        await session.commit()
    return RedirectResponse("/ecosysteme/gerer?ajoutee=1", status_code=303)


@roles_required(*MANAGER_ROLES)
async def edit(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        who = await _keeper_or_403(session, request)
        structure, departements = await _editable(session, request, who)
        action = f"/ecosysteme/{structure.id}/modifier"
        if request.method == "GET":
            values = editing.Values.from_structure(structure, departements)
            return _form(request, values, who, action=action, structure=structure)
        values = editing.Values.of(await request.form())
        checked = await editing.check(session, values, who)
        if checked.errors:
            return _form(request, values, who, action=action, structure=structure, errors=checked.errors)
        await editing.save(session, structure, values, checked, signed_in(request))
        await session.commit()
    return RedirectResponse("/ecosysteme/gerer?modifiee=1", status_code=303)


@roles_required(*MANAGER_ROLES)
async def archive(request: Request) -> Response:
    """Archived, not deleted: members no longer see it, its keepers can bring it back."""
    form = await request.form()
    restore = forms.text(form, "op", max_length=20) == "restaurer"
    async with app_state(request).db.session() as session:
        who = await _keeper_or_403(session, request)
        structure, _departements = await _editable(session, request, who)
        structure.archived_at = None if restore else (structure.archived_at or utcnow())
        structure.updated_by_id = signed_in(request).id
        await session.commit()
    return RedirectResponse(f"/ecosysteme/gerer?{'restauree' if restore else 'archivee'}=1", status_code=303)


routes = [
    Route("/ecosysteme/gerer", manage, name="partners_manage"),
    Route("/ecosysteme/nouvelle", new, methods=["GET", "POST"], name="partners_new"),
    Route("/ecosysteme/{structure_id:int}/modifier", edit, methods=["GET", "POST"], name="partners_edit"),
    Route("/ecosysteme/{structure_id:int}/archiver", archive, methods=["POST"], name="partners_archive"),
]

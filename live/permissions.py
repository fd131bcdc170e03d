"""Who may see and do what with a workshop; loading a workshop from a URL."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request

from learning.coordinations import directory
from learning.models import MANAGER_ROLES, Member
from live.models import Workshop


def can_manage(member: Member | None) -> bool:
    return member is not None and member.has_role(*MANAGER_ROLES)


def is_host(workshop: Workshop, member: Member | None) -> bool:
    return member is not None and workshop.host_role(member.id) is not None


def can_see(workshop: Workshop, member: Member | None) -> bool:
    # Proposals stay between their intervenante and the coordination until published; declined ones for good.
    return workshop.status not in ("proposed", "declined") or can_manage(member) or is_host(workshop, member)


def can_edit(workshop: Workshop, member: Member | None) -> bool:
    if can_manage(member):
        return workshop.status not in ("cancelled", "declined")
    return workshop.status == "proposed" and member is not None and member.id == workshop.host_id


def can_cancel(workshop: Workshop, member: Member | None) -> bool:
    """Coordinatrices and admins cancel any workshop; the intervenante who leads it cancels her own (not her
    co-host: the workshop is the lead's to give up)."""
    return can_manage(member) or (member is not None and member.id == workshop.host_id)


async def can_take_roll(session: AsyncSession, workshop: Workshop, member: Member | None) -> bool:
    """Who records who came to an in-person workshop: its intervenantes, the coordinatrices of its
    coordination (CoordinationLead, not the global role alone) and admins."""
    if member is None:
        return False
    if is_host(workshop, member) or member.is_admin:
        return True
    return workshop.coordination_id is not None and await directory.leads(
        session, workshop.coordination_id, member.id
    )


async def workshop_from_path(request: Request, session: AsyncSession) -> Workshop:
    workshop_id = request.path_params["workshop_id"]
    # Ids beyond a 32-bit integer would make PostgreSQL raise instead of finding nothing.
    workshop = await session.get(Workshop, workshop_id) if 0 < workshop_id < 2**31 else None
    if workshop is None or not can_see(workshop, request.state.member):
        raise HTTPException(404, "Cet atelier n'existe pas, ou plus.")
    return workshop

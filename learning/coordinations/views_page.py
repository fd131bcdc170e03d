"""A coordination's public page, its local life: who runs it, where it meets, its next meetings and
workshops and its local Coup de pouce posts (blocks of other packages, slot « coordination »), and the
members who agreed to be listed (shown to signed-in members only)."""

from __future__ import annotations

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from learning.auth import current_member
from learning.models import Member
from learning.page_blocks import blocks_for
from learning.state import app_state
from learning.templating import render

from . import directory
from .models import CoordinationLead, Membership


async def coordination_page(request: Request) -> Response:
    member = current_member(request)
    async with app_state(request).db.session() as session:
        coordination = await directory.by_slug(session, request.path_params["slug"][:80])
        if coordination is None:
            raise HTTPException(404, "Cette coordination n'existe pas : elle a peut-être été renommée.")
        seat = await directory.seat_commune(session, coordination.seat_insee)
        leads = (
            await session.execute(
                select(Member, CoordinationLead.since)
                .join(CoordinationLead, CoordinationLead.member_id == Member.id)
                .where(CoordinationLead.coordination_id == coordination.id)
                .order_by(Member.name)
            )
        ).all()
        listed: list[Member] = []
        mine = None
        is_lead = False
        if member is not None:
            # Members agreed to be listed for the network, not for the whole web: visitors see none.
            listed = list(
                await session.scalars(
                    select(Member)
                    .join(Membership, Membership.member_id == Member.id)
                    .where(
                        Membership.coordination_id == coordination.id,
                        Membership.status == "confirmed",
                        Membership.listed.is_(True),
                    )
                    .order_by(Member.name)
                )
            )
            mine = await directory.membership_of(session, member.id)
            is_lead = any(lead.id == member.id for lead, _since in leads)
    # Other packages' blocks read it (live: the next meetings and workshops; the board: local posts).
    request.state.coordination = coordination
    blocks = await blocks_for(request, "coordination")
    return render(
        request,
        "coordinations/page.html",
        {
            "coordination": coordination,
            "seat": seat,
            "leads": leads,
            "listed": listed,
            "membership": mine if mine is not None and mine.coordination_id == coordination.id else None,
            "elsewhere": mine is not None and mine.coordination_id != coordination.id,
            "can_manage": member is not None and (member.is_admin or is_lead),
            "blocks": blocks,
        },
    )


routes = [Route("/coordinations/{slug}", coordination_page, name="coordination")]

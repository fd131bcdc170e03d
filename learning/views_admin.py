"""Admin pages: members and their roles, and the e-mail outbox (development)."""

from __future__ import annotations

from sqlalchemy import or_, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import roles_required
from learning.models import ROLES, Member, OutboxEmail
from learning.state import app_state
from learning.templating import render

GRANTABLE = tuple(r for r in ROLES if r != "membre")


@roles_required("admin")
async def members(request: Request) -> Response:
    q = request.query_params.get("q", "").strip()[:100]
    async with app_state(request).db.session() as session:
        query = select(Member).order_by(Member.name).limit(200)
        if q:
            like = f"%{q.lower()}%"
            query = query.where(or_(Member.email.like(like), Member.name.ilike(like)))
        rows = (await session.execute(query)).scalars().all()
    return render(request, "admin/members.html", {"members": rows, "grantable": GRANTABLE, "q": q})


@roles_required("admin")
async def set_roles(request: Request) -> Response:
    try:
        member_id = int(request.path_params["member_id"])
    except ValueError:
        raise HTTPException(404) from None
    form = await request.form()
    wanted = {r for r in form.getlist("roles") if r in GRANTABLE}
    async with app_state(request).db.session() as session:
        target = await session.get(Member, member_id)
        if target is None:
            raise HTTPException(404, "Cette membre n'existe pas.")
        if target.id == request.state.member.id:
            wanted.add("admin")  # an admin cannot lock herself out
        target.set_roles(wanted)
        await session.commit()
    return RedirectResponse("/admin", status_code=303)


@roles_required("admin")
async def outbox(request: Request) -> Response:
    if not app_state(request).settings.development:
        raise HTTPException(404)
    async with app_state(request).db.session() as session:
        emails = (
            (await session.execute(select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(50)))
            .scalars()
            .all()
        )
    return render(request, "admin/outbox.html", {"emails": emails})


routes = [
    Route("/admin", members, name="admin"),
    Route("/admin/membres/{member_id}/roles", set_roles, methods=["POST"], name="admin_set_roles"),
    Route("/admin/outbox", outbox, name="admin_outbox"),
]

"""The coordination's side of proposals: the queue of proposals to publish, and declining one with a reason."""

from __future__ import annotations

from sqlalchemy import select, update
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from learning import forms
from learning.auth import roles_required, signed_in
from learning.coordinations import directory
from learning.coordinations.models import Coordination
from learning.db import rowcount, utcnow
from learning.models import MANAGER_ROLES, Member
from learning.state import app_state
from learning.templating import render
from live import proposals
from live.models import Workshop
from live.permissions import workshop_from_path

REASON_MAX = 2000


@roles_required(*MANAGER_ROLES)
async def queue(request: Request) -> Response:
    """Every upcoming proposal, hers first: those of the coordinations she runs (all of them for an admin,
    national ones too), then the others, which any coordinatrice may still publish."""
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        waiting = list(
            await session.scalars(
                select(Workshop)
                .where(Workshop.status == "proposed", Workshop.starts_at > utcnow())
                .order_by(Workshop.starts_at, Workshop.id)
            )
        )
        mine = {c.id for c in await directory.led_by(session, member.id)}
        ids = {w.host_id for w in waiting if w.host_id}
        hosts = dict(
            (await session.execute(select(Member.id, Member.name).where(Member.id.in_(ids or {0})))).all()
        )
        names = {c.id: c.name for c in await directory.all_names(session)}

    def is_hers(workshop: Workshop) -> bool:
        if member.is_admin:
            return True
        return workshop.coordination_id in mine

    return render(
        request,
        "live/proposals.html",
        {
            "hers": [w for w in waiting if is_hers(w)],
            "others": [w for w in waiting if not is_hers(w)],
            "hosts": hosts,
            "coordination_names": names,
        },
    )


@roles_required(*MANAGER_ROLES)
async def decline(request: Request) -> Response:
    """GET: the form asking for the reason; POST: declines and e-mails the intervenante."""
    form = await request.form() if request.method == "POST" else None
    reason = forms.text(form, "reason", max_length=REASON_MAX + 1) if form is not None else ""
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if workshop.status == "declined":
            return RedirectResponse(f"/ateliers/{workshop.id}?msg=refuse", status_code=303)
        if workshop.status != "proposed":
            return RedirectResponse(f"/ateliers/{workshop.id}", status_code=303)
        errors = {}
        if form is not None and not reason:
            errors["reason"] = "Dites à l'intervenante pourquoi : elle pourra proposer à nouveau, autrement."
        elif len(reason) > REASON_MAX:
            errors["reason"] = f"Votre réponse dépasse {REASON_MAX} caractères : raccourcissez-la."
        if form is None or errors:
            host = await session.get(Member, workshop.host_id) if workshop.host_id else None
            coordination = (
                await session.get(Coordination, workshop.coordination_id)
                if workshop.coordination_id
                else None
            )
            return render(
                request,
                "live/decline.html",
                {
                    "workshop": workshop,
                    "host": host,
                    "coordination": coordination,
                    "reason": reason,
                    "errors": errors,
                },
                status_code=400 if errors else 200,
            )
        declined = await session.execute(
            update(Workshop)
            .where(Workshop.id == workshop.id, Workshop.status == "proposed")
            .values(status="declined", decline_reason=reason, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if rowcount(declined) == 1:
            await proposals.proposal_declined(
                session, app_state(request).settings, workshop, reason, signed_in(request)
            )
        await session.commit()
    return RedirectResponse(f"/ateliers/{workshop.id}?msg=refuse", status_code=303)

"""« Faire l'appel »: who came to an in-person workshop, recorded by its intervenante, the coordinatrices of
its coordination or an admin, once it has started. Online, the media node records attendance (tickets_web)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from learning.auth import login_required, signed_in
from learning.db import utcnow
from learning.models import Member
from learning.state import app_state
from learning.templating import render
from live.models import Registration, Workshop
from live.permissions import can_take_roll, workshop_from_path


@login_required
async def roll_call(request: Request) -> Response:
    member = signed_in(request)
    now = utcnow()
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if not workshop.in_person:
            raise HTTPException(
                404,
                "L'appel concerne les ateliers en présentiel : en ligne, la présence se relève à l'entrée.",
            )
        if not await can_take_roll(session, workshop, member):
            raise HTTPException(
                403,
                "L'appel est réservé à l'intervenante, aux coordinatrices de la coordination et à l'administration.",
            )
        rows = (
            await session.execute(
                select(Registration, Member)
                .join(Member, Member.id == Registration.member_id)
                .where(Registration.workshop_id == workshop.id, Registration.status == "confirmed")
                .order_by(Member.name, Registration.id)
            )
        ).all()
        error = None
        if workshop.status != "published":
            error = "Cet atelier n'a pas eu lieu : il n'y a pas d'appel à faire."
        elif not workshop.has_started(now):
            error = "L'appel s'ouvre au début de l'atelier."
        if request.method == "POST":
            if error is not None:
                return _page(request, workshop, rows, error, status_code=409)
            form = await request.form()
            present = {int(v) for v in form.getlist("present") if isinstance(v, str) and v.isdigit()}
            ids = [registration.id for registration, _member in rows]
            came = [i for i in ids if i in present]
            # Checked now: stamped once (a second save keeps the first time); unchecked: a mistake undone.
            if came:
                await session.execute(
                    update(Registration)
                    .where(Registration.id.in_(came), Registration.attended_at.is_(None))
                    .values(attended_at=now)
                    .execution_options(synchronize_session=False)
                )
            absent = [i for i in ids if i not in present]
            if absent:
                await session.execute(
                    update(Registration)
                    .where(Registration.id.in_(absent))
                    .values(attended_at=None)
                    .execution_options(synchronize_session=False)
                )
            await session.commit()
            return RedirectResponse(f"/ateliers/{workshop.id}/appel?msg=enregistre", status_code=303)
        return _page(request, workshop, rows, error)


def _page(
    request: Request, workshop: Workshop, rows: Sequence[Any], error: str | None, status_code: int = 200
) -> Response:
    saved = request.query_params.get("msg") == "enregistre"
    return render(
        request,
        "live/attendance.html",
        {
            "workshop": workshop,
            "rows": rows,
            "present": sum(1 for registration, _m in rows if registration.attended_at is not None),
            "error": error,
            "flash": "Les présences sont enregistrées." if saved and error is None else None,
            "flash_kind": "success",
        },
        status_code=status_code,
    )

"""« La charte du réseau »: the page anyone may read, and her acceptance when she has not given it yet."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from learning import forms
from learning.auth import current_member, login_required, signed_in
from learning.state import app_state
from learning.templating import render

from . import charter


async def charter_page(request: Request) -> Response:
    member = current_member(request)
    accepted = None
    if member is not None:
        async with app_state(request).db.read_session() as session:
            rows = [
                a
                for a in await charter.acceptances(session, member.id)
                if a.version == charter.CHARTER_VERSION
            ]
            accepted = rows[0] if rows else None
    return render(
        request,
        "members/charte.html",
        {
            "version": charter.CHARTER_VERSION,
            "accepted": accepted,
            "next_url": forms.safe_next(request.query_params.get("suite"), "/"),
            "just_accepted": request.query_params.get("acceptee") == "1",
        },
    )


@login_required
async def accept_charter(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    async with app_state(request).db.session() as session:
        await charter.accept(session, member.id)
        await session.commit()
    # Back to the page she was reading when the banner asked her, with the banner gone.
    target = forms.safe_next(forms.text(form, "suite", max_length=500), "")
    return RedirectResponse(target or "/charte?acceptee=1", status_code=303)

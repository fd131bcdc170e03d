"""Her coordination from her side: « Ma coordination » on « Mon compte » (POST /compte/coordination) and
« Rejoindre » on a coordination's page (POST /coordinations/{slug}/rejoindre)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import forms
from learning.auth import login_required, signed_in
from learning.state import app_state
from learning.templating import render

from . import account_section, directory, membership

UNKNOWN = "Cette coordination n'existe pas, ou plus."


def _done(key: str) -> RedirectResponse:
    return RedirectResponse(f"/compte/coordination?coordination={key}", status_code=303)


@login_required
async def my_coordination(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    action = forms.text(form, "op", max_length=20)
    async with app_state(request).db.session() as session:
        extra: dict[str, Any] = {}
        if action == "commune":
            text = forms.text(form, "commune", max_length=membership.PLACE_MAX)
            found = await membership.read_place(session, text, forms.text(form, "insee", max_length=5))
            if not text:
                extra = {"coordination_errors": {"commune": "Indiquez votre commune ou son code postal."}}
            elif found.error:
                extra = {"coordination_errors": {"commune": found.error}, "commune_text": text}
            elif found.place is None:
                extra = {"commune_candidates": found.candidates, "commune_text": text}
            else:
                await membership.set_place(session, member.id, found.place)
                await session.commit()
                return _done("commune")
        elif action == "choisir":
            slug = forms.text(form, "coordination", max_length=100)
            place = await membership.place_of(session, member.id)
            nearby = await membership.nearby_of(session, place)
            chosen = next((n.coordination for n in nearby if n.coordination.slug == slug), None)
            chosen = chosen or (await directory.by_slug(session, slug) if slug else None)
            if chosen is None:
                extra = {
                    "coordination_errors": {"coordination": "Choisissez une coordination dans la liste."}
                }
            else:
                changed = await membership.ask_to_join(session, member.id, chosen.id)
                await session.commit()
                return _done("demande" if changed else "deja")
        elif action == "liste":
            joined = await directory.membership_of(session, member.id)
            if joined is not None:
                joined.listed = form.get("listed") == "1"
                await session.commit()
            return _done("liste")
        elif action == "quitter":
            await membership.leave(session, member.id)
            await session.commit()
            return _done("quitte")
        else:
            extra = {"coordination_errors": {"_": "Cette action n'existe pas."}}
        context = await account_section.context(session, member)
    # The section again, on a page of its own, with what needs her answer.
    return render(
        request,
        "coordinations/my_coordination.html",
        {**context, **extra},
        status_code=200 if "commune_candidates" in extra else 400,
    )


@login_required
async def join(request: Request) -> Response:
    member = signed_in(request)
    slug = request.path_params["slug"]
    async with app_state(request).db.session() as session:
        coordination = await directory.by_slug(session, slug)
        if coordination is None:
            raise HTTPException(404, UNKNOWN)
        changed = await membership.ask_to_join(session, member.id, coordination.id)
        await session.commit()
    return RedirectResponse(
        f"/coordinations/{coordination.slug}?demande={'envoyee' if changed else 'deja'}", status_code=303
    )


routes = [
    Route("/compte/coordination", my_coordination, methods=["POST"], name="my_coordination"),
    Route("/coordinations/{slug}/rejoindre", join, methods=["POST"], name="join_coordination"),
]

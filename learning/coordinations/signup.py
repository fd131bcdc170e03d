"""The coordinations' step of the sign-up form: « Votre commune ou code postal » (optional), then the
coordinations near it with their estimated time, « Je choisirai plus tard » included.

Without JavaScript, in two submits: the first finds her commune and shows the coordinations near it (the
form comes back with what she typed); the second carries her choice. `commune_shown` remembers which
commune the choices were made for, so that a commune changed between the two submits asks again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from learning import forms
from learning.models import Member
from learning.packages import SignupAnswer, SignupStep

from . import directory, membership
from .travel import travel_model

LATER = "plus-tard"
CHOOSE = "Choisissez une coordination dans la liste, ou « Je choisirai plus tard »."


async def check(session: AsyncSession, form: FormData) -> SignupAnswer:
    text = forms.text(form, "commune", max_length=membership.PLACE_MAX)
    shown = forms.text(form, "commune_shown", max_length=membership.PLACE_MAX)
    choice = forms.text(form, "coordination", max_length=100)
    found = await membership.read_place(session, text, forms.text(form, "insee", max_length=5))
    values: dict[str, Any] = {
        "commune": text,
        "found": found,
        "choice": choice,
        "travel": travel_model().description,
    }
    if found.error:
        return SignupAnswer(values=values, errors={"commune": found.error})
    if not text:
        return SignupAnswer(values=values)
    if found.place is None:  # several communes match: she picks hers first
        return SignupAnswer(values=values, again=True)
    values["shown"] = f"{found.place.insee}:{text}"
    if shown != values["shown"]:  # first time these choices are shown
        values["choice"] = ""
        return SignupAnswer(values=values, again=True)
    if choice == LATER:
        return SignupAnswer(values=values)
    chosen = next((n.coordination for n in found.nearby if n.coordination.slug == choice), None)
    if chosen is None and choice:
        # Offered by the page's script from « Trouver ma coordination » (its list may reach further): any
        # coordination may be asked for, its coordinatrice confirms.
        chosen = await directory.by_slug(session, choice)
    if chosen is None:
        return SignupAnswer(values=values, errors={"coordination": CHOOSE})
    values["coordination_id"] = chosen.id
    return SignupAnswer(values=values)


async def save(session: AsyncSession, member: Member, values: Mapping[str, Any]) -> None:
    found = values.get("found")
    if isinstance(found, membership.PlaceAnswer) and found.place is not None:
        await membership.set_place(session, member.id, found.place)
    if coordination_id := values.get("coordination_id"):
        await membership.ask_to_join(session, member.id, coordination_id)


step = SignupStep(template="coordinations/_signup_step.html", check=check, save=save)

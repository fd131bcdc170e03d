"""The charter's step of the sign-up form: « J'ai lu et j'accepte la charte », required."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from learning import forms
from learning.models import Member
from learning.packages import SignupAnswer, SignupStep

from . import charter

REQUIRED = "Pour adhérer, lisez la charte du réseau et cochez « J'ai lu et j'accepte la charte »."


async def check(session: AsyncSession, form: FormData) -> SignupAnswer:
    ticked = forms.text(form, "charte", max_length=10) == "oui"
    values: dict[str, Any] = {"charte": ticked, "version": charter.CHARTER_VERSION}
    if not ticked:
        return SignupAnswer(values=values, errors={"charte": REQUIRED})
    return SignupAnswer(values=values)


async def save(session: AsyncSession, member: Member, values: Mapping[str, Any]) -> None:
    await charter.accept(session, member.id, str(values["version"]))


step = SignupStep(template="members/_signup_charter.html", check=check, save=save)

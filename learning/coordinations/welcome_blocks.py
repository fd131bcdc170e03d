"""The visitors' home page (slots « welcome » and « figures »): the coordinations near the postal code she
types there (the finder's own search, learning.coordinations.finding; no geolocation), and how many there are."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.models import Member
from learning.packages import PageBlock

from . import finding
from .models import Coordination


async def near_her(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any]:
    query = request.query_params.get("cp", "")
    insee = request.query_params.get("insee", "")
    model = finding.travel_for(request)
    search = await finding.search(session, model, query, insee)
    return {
        "search": search,
        "asked": bool(search.query or search.place or search.problem),
        "minutes_label": finding.minutes_label,
        "model_description": model.description,
    }


async def how_many(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any]:
    return {"coordinations": await session.scalar(select(func.count()).select_from(Coordination)) or 0}


blocks = (
    PageBlock("welcome", "coordinations/_welcome_near_her.html", near_her, order=20),
    PageBlock("figures", "coordinations/_figure.html", how_many, order=10),
)

"""Filling « Mon profil » like a member would, and placing her in a commune."""

from __future__ import annotations

import html
import re

import httpx
from markupsafe import escape

from learning.coordinations.models import MemberPlace
from learning.db import Database
from tests.helpers import submit

# (lat, lon) of commune centres used by the distance tests.
RENNES = (48.1113, -1.6800)
VITRE = (48.1236, -1.2086)  # about 35 km east of Rennes
SAINT_MALO = (48.6493, -2.0257)  # about 65 km north of Rennes
TOULOUSE = (43.6047, 1.4442)


async def skill_ids(client: httpx.AsyncClient, *labels: str) -> list[str]:
    page = (await client.get("/membres/mon-profil")).text
    found = []
    for label in labels:
        match = re.search(r'value="(\d+)"(?: checked)?> ' + re.escape(str(escape(label))) + "</label>", page)
        assert match is not None, f"no skill {label!r} in the list"
        found.append(match.group(1))
    return found


async def fill_profile(
    client: httpx.AsyncClient,
    *,
    listed: bool = True,
    project: str = "",
    sector: str = "",
    skills: tuple[str, ...] = (),
    free: str = "",
) -> httpx.Response:
    fields: dict[str, str | list[str]] = {
        "project": project,
        "sector": sector,
        "skill": await skill_ids(client, *skills),
        "free": free,
    }
    if listed:
        fields["listed"] = "1"
    response = await submit(client, "/membres/mon-profil", "/membres/mon-profil", **fields)
    assert response.status_code == 303, response.text[:2000]
    return response


async def my_id(client: httpx.AsyncClient) -> int:
    page = (await client.get("/compte/adhesion")).text
    match = re.search(r'href="/membres/(\d+)">Voir mon profil', page)
    assert match is not None
    return int(match.group(1))


async def place(db: Database, member_id: int, where: tuple[float, float]) -> None:
    async with db.session() as session:
        session.add(
            MemberPlace(member_id=member_id, insee="00000", postal_code="00000", lat=where[0], lon=where[1])
        )
        await session.commit()


def names_in(page: str) -> list[str]:
    """The names on the directory's cards, in order."""
    return [html.unescape(n) for n in re.findall(r'<h3><a href="/membres/\d+">([^<]+)</a></h3>', page)]

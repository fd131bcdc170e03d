"""Rough edges a newcomer met on the workshop pages (issue « The journey, polished »)."""

from __future__ import annotations

from tests.helpers import words_of
from tests.live.helpers import add_members, add_workshop, browser_for


async def test_the_list_says_each_workshops_own_capacity(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [amina] = await add_members(db, 1, prefix="amina")
    await add_workshop(db, louise, capacity=10, title="Petit groupe")
    await add_workshop(db, louise, capacity=12, title="Groupe moyen")
    async with await browser_for(app, db, amina) as browser:
        listing = words_of(await browser.get("/ateliers"))
    assert "15 à 20" not in listing
    assert "20 participantes au plus" in listing
    assert "10 places restantes · 10 places en tout" in listing
    assert "12 places restantes · 12 places en tout" in listing

"""The speakers' pages are reached from the workshops' page, by whom they serve: « Ma page d'intervenante » for
those who lead workshops, « Trouver une intervenante » for coordinatrices; a member sees neither."""

from __future__ import annotations

import re

from tests.helpers import create_member, login


async def links_on_workshops_page(client) -> set[str]:
    page = (await client.get("/ateliers")).text
    return set(re.findall(r'href="(/intervenantes[^"]*)"', page))


async def test_each_finds_her_speaker_pages_from_the_workshops(client, db) -> None:
    await create_member(db, "louise@exemple.test", roles={"intervenante"})
    await create_member(db, "nadia@exemple.test", roles={"coordinatrice"})
    await create_member(db, "awa@exemple.test")

    await login(client, "awa@exemple.test")
    assert await links_on_workshops_page(client) == set()
    client.cookies.clear()

    await login(client, "louise@exemple.test")
    assert await links_on_workshops_page(client) == {"/intervenantes/moi"}
    assert (await client.get("/intervenantes/moi")).status_code == 200
    assert 'href="/intervenantes/moi"' in (await client.get("/ateliers/mes-ateliers")).text
    client.cookies.clear()

    await login(client, "nadia@exemple.test")
    found = await links_on_workshops_page(client)
    assert found == {"/intervenantes/moi", "/intervenantes"}
    for url in found:
        assert (await client.get(url)).status_code == 200, url

"""« Trouver ma coordination »: by postal code or commune name, the nearest coordinations with their time, an
invitation to start one where none is near, the same answer as JSON, and the map of the whole network."""

from __future__ import annotations

import random
import re

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.coordinations import demo, directory
from learning.coordinations.models import Commune, Coordination
from learning.coordinations.travel import Estimate, Point
from learning.db import Database
from learning.settings import Settings
from tests.helpers import text_of

MINUTES = re.compile(r"— (\d+) min")


async def test_a_postal_code_or_a_name_leads_to_the_nearest_coordinations(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await demo.load(db, settings)

    page = await client.get("/coordinations", params={"q": "31000"})
    assert page.status_code == 200
    body = text_of(page)
    assert "Les coordinations près de Toulouse" in body
    results = body.split("Les coordinations près de")[1].split("Le réseau sur la carte")[0]
    assert results.index("Coordination de Toulouse") < results.index("à moins de 30 min")
    assert "Temps estimé : distance à vol d'oiseau × 1,3, à 60 km/h" in body  # the model, stated
    assert "Et si vous lanciez la vôtre ?" not in body
    assert results.count("<li>") == 5 and MINUTES.findall(results)[0] == "1"
    assert re.search(r"— \d h \d\d", results)  # Figeac and the others, beyond the hour

    # Paris 11e: Montreuil is a few minutes away, across the ring road.
    body = text_of(await client.get("/coordinations", params={"q": "75011"}))
    assert "Paris 11e Arrondissement" in body
    first = body.split("coordinations-proches")[1]
    assert first.index("Coordination de Montreuil") < first.index("min")

    assert "Les coordinations près de Toulouse" in text_of(await client.get("/coordinations?q=31+000"))
    # A commune named exactly as typed is hers, even when larger ones start the same way.
    assert "Les coordinations près de Die " in text_of(await client.get("/coordinations?q=die"))

    # Names as she types them: accents, hyphens and « st » do not matter.
    for typed in ("st flour", "SAINT-FLOUR", "Saint Flour"):
        body = text_of(await client.get("/coordinations", params={"q": typed}))
        assert "Les coordinations près de Saint-Flour" in body, typed
        assert '<a href="/coordinations/saint-flour">Coordination de Saint-Flour</a>' in body


async def test_where_no_coordination_is_near_she_is_invited_to_start_one(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await demo.load(db, settings)
    body = text_of(await client.get("/coordinations", params={"q": "29200"}))  # Brest
    assert "Les coordinations près de Brest" in body
    assert "Aucune coordination n'est encore à moins de 30 minutes de chez vous" in body
    results = body.split("coordinations-proches")[1].split("</ol>")[0]
    assert results.count("<li>") == 1 and "à plus de 30 min" in results  # only the nearest one
    assert "Et si vous lanciez la vôtre ?" in body
    assert 'href="/benevolat"' in body


async def test_several_communes_are_listed_for_her_to_pick_hers(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await demo.load(db, settings)
    page = await client.get("/coordinations", params={"q": "01400"})
    body = text_of(page)
    assert "Plusieurs communes correspondent" in body
    choices = re.findall(r'href="/coordinations\?q=01400&insee=(\w+)">([^<]+)</a>', body)
    assert len(choices) > 1
    insee, name = choices[0]
    picked = text_of(await client.get("/coordinations", params={"q": "01400", "insee": insee}))
    assert f"Les coordinations près de {name}" in picked
    assert "à moins de 30 min" in picked or "Et si vous lanciez la vôtre ?" in picked

    # A name shared by communes of several départements.
    body = text_of(await client.get("/coordinations", params={"q": "Sainte-Marie"}))
    assert "Plusieurs communes correspondent" in body
    assert len(re.findall(r"insee=\w+\">Sainte-Marie<", body)) > 1


async def test_what_matches_nothing_gets_a_clear_answer_and_the_form(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await demo.load(db, settings)
    for params, message in (
        ({"q": "99999"}, "Aucune commune ne porte le code postal 99999"),
        ({"q": "zzzz introuvable"}, "Aucune commune ne correspond à « zzzz introuvable »"),
        ({"q": "31000", "insee": "00000"}, "Cette commune est introuvable"),
        ({"insee": "<script>"}, "Cette commune est introuvable"),
    ):
        page = await client.get("/coordinations", params=params)
        assert page.status_code == 200, params
        assert message in text_of(page), params
        assert 'name="q"' in page.text
    empty = await client.get("/coordinations")
    assert empty.status_code == 200 and "Code postal ou commune" in text_of(empty)


async def test_the_same_search_answers_as_json(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await demo.load(db, settings)
    answer = (await client.get("/coordinations/proches.json", params={"q": "31000"})).json()
    assert [c["name"] for c in answer["communes"]] == ["Toulouse"]
    first = answer["coordinations"][0]
    assert first == {"slug": "toulouse", "name": "Coordination de Toulouse", "minutes": 0, "near": True}
    assert len(answer["coordinations"]) == 5
    assert answer["model"].startswith("Temps estimé")

    by_insee = (await client.get("/coordinations/proches.json", params={"insee": "31555"})).json()
    assert by_insee["coordinations"] == answer["coordinations"]

    several = (await client.get("/coordinations/proches.json", params={"q": "01400"})).json()
    assert len(several["communes"]) > 1 and several["coordinations"] == []

    far = (await client.get("/coordinations/proches.json", params={"q": "29200"})).json()
    assert len(far["coordinations"]) == 1 and far["coordinations"][0]["near"] is False

    unknown = await client.get("/coordinations/proches.json", params={"q": "99999"})
    assert unknown.status_code == 200
    assert unknown.json()["coordinations"] == [] and "99999" in unknown.json()["problem"]


async def test_the_map_shows_every_coordination_and_the_commune_searched(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await demo.load(db, settings)
    async with db.session() as session:
        slugs = list(await session.scalars(select(Coordination.slug)))
        count = await session.scalar(select(func.count()).select_from(Coordination))
    assert count == 40
    page = await client.get("/coordinations", params={"q": "31000"})
    svg = page.text.split('class="carte-cadre"', 1)[1].split("</div>", 1)[0]
    assert 'role="img" aria-labelledby="carte-titre"' in svg
    for slug in slugs:
        assert f'href="/coordinations/{slug}"' in svg, slug
    for inset in ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"):
        assert f">{inset}</text>" in text_of(page)
    assert "Votre commune : Toulouse" in svg
    # The text list beside the map holds the same links, for screen readers and everyone.
    listed = text_of(page).split('class="liste-coordinations"')[1].split("</div>")[0]
    assert all(f'href="/coordinations/{slug}"' in listed for slug in slugs)
    # By région, in alphabetical order, overseas ones included.
    regions = re.findall(r"<h4>([^<]+)</h4>", listed)
    assert len(regions) == 18 and regions[0] == "Auvergne-Rhône-Alpes" and "La Réunion" in regions
    occitanie = listed.split("<h4>Occitanie</h4>")[1].split("</ul>")[0]
    assert "Coordination de Toulouse" in occitanie and "Coordination de Figeac" in occitanie
    assert "Votre commune" not in (await client.get("/coordinations")).text


async def test_the_nearest_are_the_nearest_among_all_however_they_are_searched(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`directory.nearest` looks in a box around her commune first: it must find what a scan of every
    coordination finds, with a dense network (the goal of 400 and more) as with a sparse one."""
    async with db.session() as session:
        communes = list(
            await session.scalars(
                select(Commune).where(Commune.kind == "COM", Commune.lat.is_not(None)).order_by(Commune.insee)
            )
        )
        for index, commune in enumerate(communes[::60]):
            coordination = Coordination(slug=f"c{index}", name=f"Coordination {index}")
            directory.place_seat(coordination, commune)
            session.add(coordination)
        await session.commit()
        everything = await directory.all_coordinations(session)
        assert len(everything) > 500
        model = Estimate()
        scans = []
        scan_all = directory.all_coordinations

        async def counted(session: AsyncSession) -> list[Coordination]:
            scans.append(1)
            return await scan_all(session)

        monkeypatch.setattr(directory, "all_coordinations", counted)
        chance = random.Random(13)
        for commune in [
            *chance.sample(communes, 60),
            *(c for c in communes if c.departement in ("2B", "974")),
        ][:90]:
            assert commune.lat is not None and commune.lon is not None
            origin = Point(commune.lat, commune.lon)
            found = await directory.nearest(session, origin, model)
            times = await model.minutes(origin, [Point(c.lat, c.lon) for c in everything])
            expected = sorted(times)[:5]
            assert [round(n.minutes, 6) for n in found] == [round(t, 6) for t in expected], commune.name
    assert 0 < len(scans) < 40  # the box answered most searches; Corsica and La Réunion needed the scan

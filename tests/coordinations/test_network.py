"""The national view and `entraide coordinations couverture`: reach within 30 minutes, uncovered areas and
the next sites, on a small network whose figures are checked against the coverage computed directly."""

from __future__ import annotations

import asyncio
import json

import pytest

from learning.cli import main
from learning.coordinations import network
from learning.coordinations.coverage import Coverage
from learning.coordinations.geography import load_geography, read_rows
from learning.coordinations.travel import Estimate
from learning.db import Database
from learning.i18n import number_fr
from tests.coordinations.network_support import add_coordination, add_member
from tests.helpers import create_member, login, words_of

SEATS = {"Rennes": "35238", "Toulouse": "31555", "Langres": "52269"}


@pytest.fixture(scope="module")
def coverage() -> Coverage:
    return Coverage.from_rows(read_rows(), Estimate().radius_km(30))


async def small_network(db: Database) -> None:
    """Three coordinations; four members with a commune, three of them within 30 minutes of one (Rennes,
    Cesson-Sévigné next to it, Toulouse), one in Brest; a coordinatrice and an intervenante."""
    await load_geography(db)
    await create_member(db, "lead@exemple.fr", roles={"coordinatrice"})
    coordinations = [await add_coordination(db, name, insee) for name, insee in SEATS.items()]
    await add_member(db, "a@exemple.fr", insee="35238", coordination=coordinations[0])
    await add_member(db, "b@exemple.fr", insee="35051")  # Cesson-Sévigné
    await add_member(db, "c@exemple.fr", insee="31555", roles={"intervenante"})
    await add_member(db, "d@exemple.fr", insee="29019")  # Brest
    await add_member(db, "e@exemple.fr")  # no commune: not counted either way


async def test_the_national_view_states_the_figures(client, db: Database, coverage: Coverage) -> None:
    await small_network(db)
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    page = await client.get("/admin/reseau")
    assert page.status_code == 200
    text = words_of(page)

    share = 100 * coverage.population_share(SEATS.values())
    assert 1 < share < 5
    assert f"Population de la France : {share:.1f} %".replace(".", ",") in text
    assert "Membres : 75,0 % (3 sur 4 membres dont la commune est connue)" in text
    assert "Coordinations : 3 sur 400" in text
    assert "Bénévoles : 1 sur 600" in text  # the intervenante (no coordinatrice leads one yet)
    assert "coordinatrices d'une coordination, dont la proposition de bénévolat a été acceptée" in text
    assert "distance à vol d'oiseau × 1,3, à 60 km/h" in text and "23,1 km" in text
    assert "Un service d'itinéraires est configuré" not in text

    # The largest uncovered areas: the Nord, with its 2.6 million people and no coordination, comes first.
    first_area = text.split("Part du département")[1]
    assert first_area.strip().startswith("Nord (59)")
    async with db.session() as session:
        areas = (await network.figures(session, Estimate())).uncovered_areas
    assert len(areas) == 10 and all(area.name not in ("", area.code) for area in areas)
    assert [a.uncovered for a in areas] == sorted((a.uncovered for a in areas), reverse=True)
    # The next sites are the planner's, after the existing coordinations.
    plan = coverage.plan(10, existing=SEATS.values())
    for step in plan[:3]:
        assert step.name in text
    assert " ".join(number_fr(plan[0].gain).split()) in text


async def test_with_a_routing_engine_the_page_says_coverage_is_still_estimated(
    client, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENTRAIDE_ROUTING_URL", "http://127.0.0.1:9/osrm")
    await load_geography(db)
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    text = words_of(await client.get("/admin/reseau"))
    assert (
        "Un service d'itinéraires est configuré" in text and "restent calculés avec cette estimation" in text
    )


async def test_only_admins_see_the_national_view(client, db: Database) -> None:
    await create_member(db, "nadia@exemple.fr", roles={"coordinatrice"})
    assert (await client.get("/admin/reseau")).headers["location"].startswith("/connexion")
    await login(client, "nadia@exemple.fr")
    assert (await client.get("/admin/reseau")).status_code == 403


async def _cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, *args: str
) -> str:
    monkeypatch.setenv("ENTRAIDE_DATABASE_URL", url)
    monkeypatch.setenv("ENTRAIDE_ENV", "test")
    monkeypatch.setenv("ENTRAIDE_SECRET_KEY", "test-secret-key-0123456789abcdef")
    capsys.readouterr()
    # main() runs its own event loop: in a thread, beside the test's.
    assert await asyncio.to_thread(main, ["coordinations", "couverture", *args]) == 0
    return capsys.readouterr().out


async def test_the_command_prints_one_json_object(
    db: Database, database_url: str, coverage: Coverage, capsys, monkeypatch
) -> None:
    await small_network(db)
    out = await _cli(capsys, monkeypatch, database_url, "--json")
    data = json.loads(out)
    assert list(data) == ["coordinations", "population_pct", "members_pct", "next"]
    assert data["coordinations"] == 3
    assert data["population_pct"] == round(100 * coverage.population_share(SEATS.values()), 1)
    assert data["members_pct"] == 75.0
    plan = coverage.plan(10, existing=SEATS.values())
    assert data["next"] == [{"insee": s.insee, "nom": s.name, "gain": s.gain} for s in plan]

    three = json.loads(await _cli(capsys, monkeypatch, database_url, "--json", "--next", "3"))
    assert three["next"] == data["next"][:3]

    french = await _cli(capsys, monkeypatch, database_url)
    assert "Coordinations : 3" in french and "Membres à moins de 30 min : 75,0 %" in french
    assert f"1. {plan[0].name}" in french


async def test_the_command_on_an_empty_network(db: Database, database_url: str, capsys, monkeypatch) -> None:
    await load_geography(db)
    data = json.loads(await _cli(capsys, monkeypatch, database_url, "--json", "--next", "2"))
    assert data["coordinations"] == 0 and data["population_pct"] == 0.0 and data["members_pct"] == 0.0
    assert len(data["next"]) == 2 and data["next"][0]["gain"] > 1_000_000

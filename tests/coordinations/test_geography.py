"""The geography coordinations stand on: the open data loaded once, communes found as a member types them,
and travel times whose model is stated."""

from __future__ import annotations

import asyncio
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from learning.coordinations.geography import find_places, load_geography, name_key
from learning.coordinations.models import Commune, Departement, Region
from learning.coordinations.travel import Estimate, OsrmTable, Point, crow_flies_km, travel_model
from learning.db import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("st etienne", "saint etienne"),
        ("STE-FOY-LÈS-LYON", "sainte foy les lyon"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("  Évry   Courcouronnes ", "evry courcouronnes"),
    ],
)
def test_names_compare_without_accents_hyphens_or_abbreviations(typed: str, key: str) -> None:
    assert name_key(typed) == key


async def test_the_open_data_loads_once_and_counts_france(db: Database) -> None:
    # The test databases come with the geography loaded: start from none, as a new database would.
    async with db.session() as session:
        await session.execute(delete(Commune))
        await session.commit()
    assert await load_geography(db) == 36208
    assert await load_geography(db) == 0  # idempotent: `make run` calls it every time
    async with db.session() as session:
        communes = await session.scalar(
            select(func.count(func.distinct(Commune.insee))).where(Commune.kind == "COM")
        )
        people = await session.scalar(
            select(func.sum(Commune.population)).where(
                Commune.kind == "COM",
                Commune.id.in_(select(func.min(Commune.id)).group_by(Commune.insee)),
            )
        )
        assert communes == 34931
        assert people is not None and 63_500_000 < people < 64_500_000
        assert await session.scalar(select(func.count()).select_from(Departement)) == 101
        assert await session.scalar(select(func.count()).select_from(Region)) == 18

        paris_11 = await find_places(session, "75011")
        assert [p.name for p in paris_11] == ["Paris 11e Arrondissement"]
        assert [p.name for p in await find_places(session, "78646")] == ["Versailles"]  # an INSEE code
        assert (await find_places(session, "2a004"))[0].name == "Ajaccio"
        for typed in ("st etienne", "Saint-Étienne", "SAINT ETIENNE"):
            assert (await find_places(session, typed))[0].name == "Saint-Étienne", typed
        # A postal code shared by several communes lists each of them.
        assert len(await find_places(session, "01400")) > 1
        assert await find_places(session, "%") == []
        assert await find_places(session, "zzzz-introuvable") == []


async def test_travel_times_follow_the_stated_model() -> None:
    estimate = travel_model({})
    assert isinstance(estimate, Estimate)
    assert estimate.description == "Temps estimé : distance à vol d'oiseau × 1,3, à 60 km/h"
    assert estimate.radius_km(30) == pytest.approx(23.08, abs=0.01)
    paris_11, versailles, lyon = Point(48.86007, 2.38156), Point(48.80387, 2.11919), Point(45.758, 4.835)
    assert crow_flies_km(paris_11, versailles) == pytest.approx(20.1, abs=0.2)
    assert crow_flies_km(paris_11, lyon) == pytest.approx(392, abs=3)
    near, far = await estimate.minutes(paris_11, [versailles, lyon])
    assert near == pytest.approx(26.1, abs=0.3)  # « à moins de 30 min »
    assert far == pytest.approx(510, abs=5)
    slower = travel_model({"ENTRAIDE_TRAVEL_SPEED_KMH": "40"})
    assert (await slower.minutes(paris_11, [versailles]))[0] == pytest.approx(near * 1.5)
    with pytest.raises(ValueError, match="ENTRAIDE_TRAVEL"):
        travel_model({"ENTRAIDE_TRAVEL_DETOUR": "0,8"})


async def test_a_routing_engine_replaces_the_estimate_when_configured() -> None:
    """An OSRM server's table answer (a stand-in on loopback, as the real one would answer)."""
    asked: list[str] = []

    async def osrm(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = (await reader.readuntil(b"\r\n\r\n")).decode()
        asked.append(request.split(" ")[1])
        body = json.dumps({"code": "Ok", "durations": [[0, 1500.0, None]]}).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        )
        writer.write(body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(osrm, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        model = travel_model({"ENTRAIDE_ROUTING_URL": f"http://127.0.0.1:{port}/"})
        assert isinstance(model, OsrmTable)
        minutes = await model.minutes(Point(48.86, 2.38), [Point(48.80, 2.12), Point(43.3, 5.4)])
    finally:
        server.close()
        await server.wait_closed()
    assert minutes[0] == 25.0 and math.isinf(minutes[1])  # no road: never « near »
    assert asked[0].startswith("/table/v1/driving/2.38000,48.86000;2.12000,48.80000;5.40000,43.30000?")
    assert "sources=0" in asked[0]


def test_entraide_geo_load_is_what_make_run_calls(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ENTRAIDE_ENV": "test",
        "ENTRAIDE_SECRET_KEY": "geo-test-secret-0123456789",
        "ENTRAIDE_DATABASE_URL": f"sqlite:///{tmp_path / 'geo.db'}",
    }
    entraide = [sys.executable, "-m", "learning.cli"]
    subprocess.run([*entraide, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
    first = subprocess.run(
        [*entraide, "geo", "load"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    again = subprocess.run(
        [*entraide, "geo", "load"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert first.returncode == again.returncode == 0, first.stderr
    assert "36208 lignes de communes chargées" in first.stdout
    assert "Géographie déjà à jour." in again.stdout

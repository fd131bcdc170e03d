"""« Trouver ma coordination » and the national view at the network's goal of 400 coordinations: on a temporary
SQLite database, migrated and loaded with the geography and 400 coordinations (the seats of a greedy plan), the
median times of a postal-code lookup, of the nearest coordinations to a commune, of the full coverage over
all communes, and of a 400-site plan from scratch.

    python bench/coordinations.py [--json]

Measured in December 2026 on a 2-core machine shared with other jobs (load average 3–5): postal-code lookup
2.1 ms, nearest coordinations 3.1 ms (4.6 ms before `directory.nearest` searched a box around the place first;
20 ms under a load average of 5.5), full coverage 1.0–1.2 s (2.0 s under that load: most of it is
`Coverage.from_rows` building the neighbour lists), plan of 400 sites 1.6–2.3 s; 98.7 % of the population within
30 minutes of the 400 sites.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from learning.coordinations import directory  # noqa: E402
from learning.coordinations.coverage import Coverage  # noqa: E402
from learning.coordinations.geography import find_places, load_geography  # noqa: E402
from learning.coordinations.models import Commune, Coordination  # noqa: E402
from learning.coordinations.travel import Estimate, Point  # noqa: E402
from learning.db import Database  # noqa: E402
from learning.migrate import upgrade  # noqa: E402

SITES = 400
TARGETS = {"lookup_ms": 20, "nearest_ms": 20, "coverage_s": 2, "plan_400_s": 10}


async def _geo_rows(db: Database) -> list[dict[str, Any]]:
    """The communes as the national view reads them from the database."""
    columns = (Commune.insee, Commune.name, Commune.kind, Commune.lat, Commune.lon, Commune.population)
    async with db.session() as session:
        return [dict(row._mapping) for row in await session.execute(select(*columns))]


async def _place_coordinations(db: Database, seats: list[str]) -> None:
    async with db.session() as session:
        for index, insee in enumerate(seats):
            commune = await directory.seat_commune(session, insee)
            assert commune is not None, insee
            coordination = Coordination(slug=f"bench-{index}", name=f"Coordination {commune.name}")
            directory.place_seat(coordination, commune)
            session.add(coordination)
        await session.commit()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    model = Estimate()
    radius = model.radius_km(30)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        db = Database(url)
        try:
            start = time.perf_counter()
            await load_geography(db)
            load_s = time.perf_counter() - start
            rows = await _geo_rows(db)

            plan_times, seats = [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                seats = [gain.insee for gain in Coverage.from_rows(rows, radius).plan(SITES)]
                plan_times.append(time.perf_counter() - start)
            await _place_coordinations(db, seats)

            coverage_times, share = [], 0.0
            for _ in range(args.repeat):
                start = time.perf_counter()
                async with db.session() as session:
                    sites = list(await session.scalars(select(Coordination.seat_insee)))
                share = Coverage.from_rows(await _geo_rows(db), radius).population_share(sites)
                coverage_times.append(time.perf_counter() - start)

            chance = random.Random(13)
            communes = [r for r in rows if r["lat"] is not None]
            async with db.session() as session:
                postal_codes = list(await session.scalars(select(Commune.postal_code).distinct()))
            lookups, nearest, near = [], [], 0
            for code in chance.sample(postal_codes, args.samples):
                async with db.session() as session:
                    start = time.perf_counter()
                    places = await find_places(session, code)
                    lookups.append(time.perf_counter() - start)
                assert places, code
            for commune in chance.sample(communes, args.samples):
                async with db.session() as session:
                    start = time.perf_counter()
                    found = await directory.nearest(session, Point(commune["lat"], commune["lon"]), model)
                    nearest.append(time.perf_counter() - start)
                near += bool(found) and found[0].near
        finally:
            await db.dispose()
    return {
        "lookup_ms": round(1000 * statistics.median(lookups), 2),
        "nearest_ms": round(1000 * statistics.median(nearest), 2),
        "coverage_s": round(statistics.median(coverage_times), 3),
        "plan_400_s": round(statistics.median(plan_times), 3),
        "geo_load_s": round(load_s, 2),
        "coordinations": len(seats),
        "population_pct": round(100 * share, 2),
        "samples_near_pct": round(100 * near / args.samples, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the coverage and of the plan")
    parser.add_argument("--samples", type=int, default=200, help="lookups and nearest searches timed")
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    print(
        f"$ {Path(sys.executable).name} bench/coordinations.py {' '.join(sys.argv[1:])}  ({os.cpu_count()} cores)"
    )
    print(
        f"temporary SQLite database: geography loaded in {figures['geo_load_s']} s, "
        f"{figures['coordinations']} coordinations at the seats of a greedy plan"
    )
    print(
        f"postal-code lookup: {figures['lookup_ms']} ms, nearest coordinations: {figures['nearest_ms']} ms "
        f"(medians of {args.samples}; target 20 ms each)"
    )
    print(
        f"coverage over all communes: {figures['coverage_s']} s ({figures['population_pct']} % of the population "
        f"within 30 min); plan of {SITES} sites from scratch: {figures['plan_400_s']} s "
        f"(medians of {args.repeat}; targets 2 s and 10 s)"
    )
    missed = [key for key, limit in TARGETS.items() if figures[key] >= limit]
    print("every target met" if not missed else f"targets missed: {', '.join(missed)}")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""« Qui peut m'aider ? » at 20,000 listed members: on a temporary SQLite database (and PostgreSQL with --pg),
migrated and seeded with members offering skills of the shared list, each with a sector, a project, a
commune (a point in mainland France) and, for most, a confirmed coordination, the median time of a
directory search as the page runs it (`learning.members.directory.search`: the count, one page of ids and
the cards' rows), each a text query plus one filter (skill, sector, coordination or « à moins de 50 km »).

    python bench/directory.py [--json] [--members 20000] [--samples 200] [--pg postgresql+asyncpg://…/postgres]

--pg names a server database to connect to: the bench creates its own database there and drops it after.
With --json the last line is one JSON object of the figures: {"search_ms": …, "inbox_ms": …, …}; the inbox
figures come from bench/inbox.py (its own database: 20,000 members, about 100,000 private messages).

Measured in December 2026 on a 2-core machine shared with other jobs: see docs/members.md.
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
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from learning.coordinations.models import Coordination, MemberPlace, Membership  # noqa: E402
from learning.coordinations.travel import Point  # noqa: E402
from learning.db import Database, utcnow  # noqa: E402
from learning.members import directory, search_text  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inbox  # noqa: E402  (bench/inbox.py: the private messages' figures)

from learning.members.models import MemberProfile, MemberSkill, Skill  # noqa: E402
from learning.members.sectors import SECTORS  # noqa: E402
from learning.members.skills import ensure_skill_list  # noqa: E402
from learning.migrate import upgrade  # noqa: E402
from learning.models import Member  # noqa: E402

TARGETS = {"search_ms": 50}
COORDINATIONS = 120
BATCH = 2000
FIRST = [
    "Amina",
    "Claire",
    "Sophie",
    "Julie",
    "Fatou",
    "Louise",
    "Nadia",
    "Agnès",
    "Carole",
    "Inès",
    "Léa",
    "Zoé",
]
LAST = ["Martin", "Bernard", "Durand", "Petit", "Robert", "Richard", "Moreau", "Laurent", "Benali", "Nguyen"]
PROJECTS = [
    "Une boutique en ligne de créatrices",
    "Un food truck de cuisine du monde",
    "Un cabinet de conseil pour TPE",
    "Une micro-crèche en milieu rural",
    "Une marque de cosmétiques solides",
    "Un atelier de céramique et des cours",
    "Une agence de communication pour artisans",
    "Une épicerie vrac de quartier",
    "Des gîtes et des balades accompagnées",
    "Une application de covoiturage scolaire",
]
QUERIES = [
    "compta",
    "site web",
    "photo",
    "financement",
    "juridique",
    "reseaux sociaux",
    "vente",
    "export",
    "rh",
]


def _point(chance: random.Random) -> Point:
    """A point in mainland France's rough box, denser around a few cities as members are."""
    if chance.random() < 0.5:
        lat, lon = chance.choice([(48.85, 2.35), (45.76, 4.84), (43.6, 1.44), (47.22, -1.55), (48.11, -1.68)])
        return Point(lat + chance.gauss(0, 0.3), lon + chance.gauss(0, 0.4))
    return Point(chance.uniform(43.0, 50.5), chance.uniform(-4.3, 7.5))


async def seed(db: Database, count: int, chance: random.Random) -> dict[str, Any]:
    async with db.session() as session:
        await ensure_skill_list(session)
        await session.commit()
        skills = list(await session.scalars(select(Skill).where(Skill.canonical)))
        coordination_ids = []
        for index in range(COORDINATIONS):
            seat = _point(chance)
            coordination = Coordination(
                slug=f"bench-{index}", name=f"Coordination {index}", seat_insee="00000",
                lat=seat.lat, lon=seat.lon, departement="00",
            )  # fmt: skip
            session.add(coordination)
            await session.flush()
            coordination_ids.append(coordination.id)
        await session.commit()
    now = utcnow()
    for start in range(0, count, BATCH):
        async with db.session() as session:
            members = [
                {
                    "email": f"bench{n}@entraide.test",
                    "name": f"{chance.choice(FIRST)} {chance.choice(LAST)} {n}",
                    "password_hash": "x",
                    "project": "",
                    "roles": "",
                    "created_at": now,
                    "email_confirmed_at": now,
                }
                for n in range(start, min(start + BATCH, count))
            ]
            ids = list(await session.scalars(insert(Member).returning(Member.id), members))
            profiles: list[dict[str, Any]] = []
            offered: list[dict[str, Any]] = []
            places: list[dict[str, Any]] = []
            memberships: list[dict[str, Any]] = []
            for member_id, row in zip(ids, members, strict=True):
                mine = chance.sample(skills, chance.randint(1, 5))
                profile = MemberProfile(
                    member_id=member_id,
                    listed=True,
                    project=chance.choice(PROJECTS),
                    sector=chance.choice(list(SECTORS)),
                )
                person = Member(name=row["name"], project="")
                profiles.append(
                    {
                        "member_id": member_id,
                        "listed": True,
                        "project": profile.project,
                        "sector": profile.sector,
                        "updated_at": now,
                        "search_text": search_text.document(person, profile, mine),
                    }
                )
                offered.extend({"member_id": member_id, "skill_id": s.id} for s in mine)
                where = _point(chance)
                places.append(
                    {"member_id": member_id, "insee": "00000", "postal_code": "00000", "lat": where.lat,
                     "lon": where.lon, "updated_at": now}
                )  # fmt: skip
                if chance.random() < 0.8:
                    memberships.append(
                        {"member_id": member_id, "coordination_id": chance.choice(coordination_ids),
                         "status": "confirmed", "listed": False, "requested_at": now, "confirmed_at": now}
                    )  # fmt: skip
            await session.execute(insert(MemberProfile), profiles)
            await session.execute(insert(MemberSkill), offered)
            await session.execute(insert(MemberPlace), places)
            await session.execute(insert(Membership), memberships)
            await session.commit()
    return {"skills": [s.id for s in skills], "coordinations": coordination_ids}


def _filters(chance: random.Random, seeded: dict[str, Any]) -> directory.Filters:
    query = chance.choice(QUERIES)
    kind = chance.randrange(4)
    if kind == 0:
        return directory.Filters(query=query, skill_id=chance.choice(seeded["skills"]))
    if kind == 1:
        return directory.Filters(query=query, sector=chance.choice(list(SECTORS)))
    if kind == 2:
        return directory.Filters(query=query, coordination_id=chance.choice(seeded["coordinations"]))
    return directory.Filters(query=query, within_km=50, origin=_point(chance))


async def measure_search(db: Database, seeded: dict[str, Any], samples: int) -> float:
    chance = random.Random(29)
    times = []
    for _ in range(samples):
        filters = _filters(chance, seeded)
        async with db.read_session() as session:
            start = time.perf_counter()
            await directory.search(session, filters, page=1)
            times.append(time.perf_counter() - start)
    return round(1000 * statistics.median(times), 2)


# One figure per entry, each measured on the same seeded database.
MEASURES: dict[str, Callable[[Database, dict[str, Any], int], Awaitable[float]]] = {
    "search_ms": measure_search,
}


async def bench(url: str, args: argparse.Namespace) -> dict[str, Any]:
    upgrade(url)
    db = Database(url)
    try:
        start = time.perf_counter()
        seeded = await seed(db, args.members, random.Random(7))
        seed_s = round(time.perf_counter() - start, 1)
        if url.startswith("postgresql"):
            async with db.session() as session:
                await session.execute(text("ANALYZE"))
                await session.commit()
        figures: dict[str, Any] = {
            name: await measure(db, seeded, args.samples) for name, measure in MEASURES.items()
        }
        figures["seed_s"] = seed_s
        return figures
    finally:
        await db.dispose()


async def on_postgresql(server_url: str, args: argparse.Namespace) -> dict[str, Any]:
    name = f"entraide_bench_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = server_url.rsplit("/", 1)[0] + f"/{name}"
        return await asyncio.to_thread(lambda: asyncio.run(bench(url, args)))
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        # Alembic's env runs its own event loop: migrate and measure in a thread of their own.
        figures = await asyncio.to_thread(lambda: asyncio.run(bench(url, args)))
    if args.pg:
        for key, value in (await on_postgresql(args.pg, args)).items():
            figures[f"pg_{key}"] = value
    inbox_args = argparse.Namespace(members=args.members, messages=args.messages, samples=args.samples)
    found = await asyncio.to_thread(lambda: asyncio.run(inbox.run(inbox_args)))
    figures.update({key: found[key] for key in ("inbox_ms", "busy_inbox_ms", "badge_ms", "messages")})
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument("--members", type=int, default=20_000, help="listed members seeded")
    parser.add_argument("--samples", type=int, default=200, help="searches timed")
    parser.add_argument("--messages", type=int, default=100_000, help="about this many private messages")
    parser.add_argument("--pg", default="", help="also on PostgreSQL: a server database URL to connect to")
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    print(
        f"$ {Path(sys.executable).name} bench/directory.py {' '.join(sys.argv[1:])}  ({os.cpu_count()} cores)"
    )
    print(f"temporary SQLite database: {args.members} listed members seeded in {figures['seed_s']} s")
    print(
        f"directory search (text + one filter, count + page + cards): {figures['search_ms']} ms "
        f"(median of {args.samples}; target {TARGETS['search_ms']} ms)"
    )
    if "pg_search_ms" in figures:
        print(
            f"PostgreSQL: seeded in {figures['pg_seed_s']} s, directory search {figures['pg_search_ms']} ms"
        )
    print(
        f"inbox page data ({figures['messages']} messages): {figures['inbox_ms']} ms median, the busiest "
        f"member {figures['busy_inbox_ms']} ms, the unread counter {figures['badge_ms']} ms"
    )
    missed = [key for key, limit in TARGETS.items() if key in figures and figures[key] >= limit]
    missed += [f"pg_{key}" for key, limit in TARGETS.items() if figures.get(f"pg_{key}", 0) >= limit]
    print("every target met" if not missed else f"targets missed: {', '.join(missed)}")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

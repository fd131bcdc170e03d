"""Coup de pouce benchmark: median time of the board list, a search and a post page with 50,000 posts,
on SQLite and on PostgreSQL (target: under 50 ms each).

    .venv/bin/python bench/board.py [--posts 50000] [--requests 40] [--only sqlite|postgresql] [--json]

Each database is created for the run and removed afterwards: a temporary SQLite file, and a database
`entraide_bench_…` on the PostgreSQL server of ENTRAIDE_TEST_PG_URL (default 127.0.0.1:5432, trust auth).
The schema comes from the real migrations; posts, answers and themes are bulk-inserted (the SQLite
full-text triggers and the PostgreSQL generated tsvector index them as the app's own writes would).
Requests go through the whole ASGI app in-process (httpx ASGITransport): session lookup, navigation
counter, CSRF and CSP middleware, queries, Jinja rendering. The member is an ordinary one with a
coordination, so the visibility rules are in every query. With --json, the last line is
{"sqlite": {"list_ms": …, "search_ms": …, "post_ms": …}, "postgresql": {…}}.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from learning.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("ENTRAIDE_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
SEED = 20261128
CHUNK = 2000

# Content words, sampled with a Zipf-like skew so that some are common and most are rare, as in real posts.
WORDS = """banque prêt honneur subvention région département trésorerie comptable expert statuts SAS SARL
micro-entreprise URSSAF TVA facture devis client cliente fournisseur local bail commercial boutique atelier
site internet réseaux sociaux Instagram LinkedIn logo graphiste photographe salon marché créatrice artisane
coach formation prise parole pitch investisseuse levée fonds business plan prévisionnel BPI Initiative France
France Active garantie caution assurance mutuelle retraite congé maternité crèche garde enfants équilibre
temps organisation agenda outil logiciel devis signature contrat avocat juriste marque INPI dépôt nom
domaine hébergement paiement terminal caisse stock inventaire livraison transport export douane salon
prospection démarchage tarif prix marge coût charge cotisation impôt déclaration bilan compte résultat
associée associé pacte capital apport parts gérante présidente recrutement alternance stagiaire freelance
mission portage coopérative CAE couveuse incubateur pépinière réseau mentor marraine accompagnement
chambre métiers commerce CCI CMA Pôle emploi ARE ARCE ACRE aide création reprise cession franchise
boulangerie coiffure esthétique textile couture bijoux céramique bien-être yoga sophrologie traduction
conseil communication événementiel traiteur restauration food truck épicerie vrac zéro déchet vélo
mobilité numérique application développement données RGPD cybersécurité sauvegarde cloud comptabilité
facturation relance impayé litige médiation partenariat collaboration mutualisation coworking bureau""".split()
FILLER = (
    "je cherche une pour mon ma mes de la le les des un avec sur dans qui que est sont avez vous nous "
    "conseil aide idée merci besoin question savoir quelqu'un connaît bonne adresse".split()
)
# Eight coordinations (name, lat, lon); every member belongs, confirmed, to one of them.
COORDINATIONS = [
    ("Rennes", 48.11, -1.68),
    ("Toulouse", 43.60, 1.44),
    ("Montreuil", 48.86, 2.44),
    ("Langres", 47.86, 5.33),
    ("Honfleur", 49.42, 0.23),
    ("Guise", 49.90, 3.63),
    ("Melle", 46.22, -0.14),
    ("Clisson", 47.09, -1.28),
]
THEMES = [
    "financement",
    "juridique",
    "comptabilite",
    "commercial",
    "communication",
    "numerique",
    "reseau",
    "locaux",
    "equilibre",
    "autre",
]
# From very common to rare words in the seeded text, one and two words.
SEARCHES = [
    "banque",
    "prêt d'honneur",
    "comptable statuts",
    "local commercial",
    "graphiste logo",
    "subvention région",
    "assurance",
    "crèche",
    "site internet",
    "facture impayé",
    "coworking",
    "douane",
]


def _weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** 0.8 for rank in range(n)]


def _html(text: str) -> str:
    """What markdown-it + nh3 make of the seeded plain words (checked in seed()): rendering 125,000
    texts through them would add half a minute per database for the same HTML."""
    return f"<p>{html.escape(text, quote=False)}</p>\n"


def _text(rng: random.Random, weights: list[float], words: int) -> str:
    content = rng.choices(WORDS, weights=weights, k=words)
    filler = rng.choices(FILLER, k=words)
    return " ".join(w for pair in zip(filler, content, strict=True) for w in pair)


async def seed(database_url: str, posts: int) -> tuple[str, list[int]]:
    """Members, posts, themes and answers; returns (session cookie token of an ordinary member, post ids)."""
    from sqlalchemy import insert, select, text

    from learning.auth import open_session
    from learning.board.markdown import render
    from learning.board.models import Answer, Post, PostTheme
    from learning.coordinations.models import Coordination, Membership
    from learning.db import Database, utcnow
    from learning.models import Member

    rng = random.Random(SEED)
    weights = _weights(len(WORDS))
    for sample in (_text(random.Random(n), weights, 60) for n in range(50)):
        assert _html(sample) == render(sample), sample
    db = Database(database_url)
    now = utcnow()
    try:
        async with db.session() as session:
            await session.execute(
                insert(Coordination),
                [
                    {"slug": name.lower(), "name": f"Coordination {name}", "seat_insee": "00000", "lat": lat}
                    | {
                        "lon": lon,
                        "departement": "00",
                        "description": "",
                        "contact_email": "",
                        "meeting_place": "",
                    }
                    | {"created_at": now}
                    for name, lat, lon in COORDINATIONS
                ],
            )
            coordination_ids = list((await session.execute(select(Coordination.id))).scalars())
            await session.execute(
                insert(Member),
                [
                    {
                        "email": f"membre{i}@bench.example",
                        "name": f"Membre {i}",
                        "password_hash": "x",
                        "project": "",
                        "roles_csv": "",
                        "created_at": now - timedelta(days=400),
                    }
                    for i in range(500)
                ],
            )
            member_ids = list((await session.execute(select(Member.id))).scalars())
            await session.execute(
                insert(Membership),
                [
                    {
                        "member_id": member_id,
                        "coordination_id": coordination_ids[i % len(coordination_ids)],
                        "status": "confirmed",
                        "listed": False,
                        "requested_at": now,
                        "confirmed_at": now,
                    }
                    for i, member_id in enumerate(member_ids)
                ],
            )
            viewer = await session.get(Member, member_ids[0])
            assert viewer is not None
            token = await open_session(session, viewer, 1)
            await session.commit()

        next_id, next_answer = 1, 1
        for start in range(0, posts, CHUNK):
            rows: list[dict[str, object]] = []
            themes: list[dict[str, object]] = []
            answers: list[dict[str, object]] = []
            for i in range(start, min(start + CHUNK, posts)):
                post_id = next_id
                next_id += 1
                created = now - timedelta(minutes=(posts - i) * 7)
                body = _text(rng, weights, rng.randint(25, 70))
                picked = rng.sample(THEMES, rng.randint(1, 3))
                n_answers = rng.choices([0, 1, 2, 3, 5], weights=[30, 30, 20, 12, 8])[0]
                author = rng.choice(member_ids)
                rows.append(
                    {
                        "id": post_id,
                        "author_id": author,
                        "kind": rng.choice(["besoin", "question", "offre"]),
                        "title": _text(rng, weights, rng.randint(3, 6))[:150].capitalize(),
                        "body": body,
                        "body_html": _html(body),
                        "scope": "locale" if rng.random() < 0.2 else "reseau",
                        "coordination_id": coordination_ids[member_ids.index(author) % len(coordination_ids)],
                        "themes_csv": ",".join(picked),
                        "answer_count": n_answers,
                        # About two answered posts in five are marked solved by their first answer.
                        "solved_answer_id": next_answer if n_answers and rng.random() < 0.4 else None,
                        "hidden": rng.random() < 0.01,
                        "locked": False,
                        "created_at": created,
                        "last_activity_at": created + timedelta(minutes=n_answers * 30),
                    }
                )
                themes.extend({"post_id": post_id, "theme": t} for t in picked)
                for k in range(n_answers):
                    reply = _text(rng, weights, rng.randint(15, 50))
                    answers.append(
                        {
                            "id": next_answer,
                            "post_id": post_id,
                            "author_id": rng.choice(member_ids),
                            "body": reply,
                            "body_html": _html(reply),
                            "hidden": False,
                            "created_at": created + timedelta(minutes=30 * (k + 1)),
                        }
                    )
                    next_answer += 1
            async with db.session() as session:
                await session.execute(insert(Post), rows)
                await session.execute(insert(PostTheme), themes)
                if answers:
                    await session.execute(insert(Answer), answers)
                await session.commit()
        async with db.engine.begin() as conn:
            if not db.is_sqlite:  # ids were given explicitly: move the sequences past them
                for table in ("board_posts", "board_answers"):
                    await conn.execute(
                        text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                    )
            else:
                await conn.execute(text("ANALYZE"))
        if not db.is_sqlite:
            # The steady state autovacuum would reach: statistics, visibility map and hint bits set.
            async with db.engine.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text("VACUUM ANALYZE"))
        async with db.session() as session:
            visible = list(
                (
                    await session.execute(
                        select(Post.id).where(Post.hidden.is_(False), Post.scope == "reseau")
                    )
                ).scalars()
            )
        return token, visible
    finally:
        await db.dispose()


async def measure(database_url: str, token: str, post_ids: list[int], requests: int) -> dict[str, float]:

    from learning.app import create_app
    from learning.settings import Secret, Settings

    rng = random.Random(SEED + 1)
    results: dict[str, float] = {}
    # An empty content folder: the MOOC's start-up loading is not what this measures.
    with tempfile.TemporaryDirectory() as empty:
        settings = Settings(
            env="test",
            database_url=database_url,
            secret_key=Secret("bench-secret-key-0123456789"),
            base_url="http://testserver",
            start_media_node=False,
            content_dir=Path(empty),
        )
        app = create_app(settings, run_background_jobs=False)
        await _measure_app(app, settings, token, post_ids, requests, rng, results)
    return results


async def _measure_app(
    app: Starlette,
    settings: Settings,
    token: str,
    post_ids: list[int],
    requests: int,
    rng: random.Random,
    results: dict[str, float],
) -> None:
    import httpx

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", cookies={settings.session_cookie: token}
        ) as client:
            pages = {
                "list_ms": lambda i: "/coup-de-pouce",
                "search_ms": lambda i: f"/coup-de-pouce?q={SEARCHES[i % len(SEARCHES)]}",
                "post_ms": lambda i: f"/coup-de-pouce/{rng.choice(post_ids)}",
            }
            for name, url_for in pages.items():
                for i in range(5):  # warm caches and the connection pool
                    await client.get(url_for(i))
                timings = []
                for i in range(requests):
                    url = url_for(i)
                    start = time.perf_counter()
                    response = await client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        raise SystemExit(f"{url}: HTTP {response.status_code}")
                    if name == "search_ms" and "<mark>" not in response.text:
                        raise SystemExit(f"{url}: no highlighted result")
                results[name] = round(statistics.median(timings), 2)


def _pg_admin(sql: str) -> None:
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(PG_URL.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


def run_backend(kind: str, posts: int, requests: int) -> dict[str, float]:
    from learning.migrate import upgrade

    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
            upgrade(url)
            started = time.perf_counter()
            token, ids = asyncio.run(seed(url, posts))
            print(
                f"  sqlite: {posts} messages créés en {time.perf_counter() - started:.0f} s", file=sys.stderr
            )
            return asyncio.run(measure(url, token, ids, requests))
    name = f"entraide_bench_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        url = re.sub(r"/[^/]*$", f"/{name}", PG_URL)
        upgrade(url)
        started = time.perf_counter()
        token, ids = asyncio.run(seed(url, posts))
        print(
            f"  postgresql: {posts} messages créés en {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
        return asyncio.run(measure(url, token, ids, requests))
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page (median reported)")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = {}
    for kind in ("sqlite", "postgresql"):
        if args.only and kind != args.only:
            continue
        figures[kind] = run_backend(kind, args.posts, args.requests)
        f = figures[kind]
        print(
            f"{kind:11} liste {f['list_ms']:6.1f} ms   recherche {f['search_ms']:6.1f} ms   "
            f"message {f['post_ms']:6.1f} ms   (médianes, {args.posts} messages)"
        )
    print("commande : .venv/bin/python bench/board.py " + " ".join(sys.argv[1:]))
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

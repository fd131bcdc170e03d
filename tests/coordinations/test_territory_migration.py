"""coordinations_0003 turns today's free-text territories into coordinations, nothing lost: a database at the
revisions before it, with members and posts that name territories, upgraded to the heads."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from learning.board.models import Post
from learning.coordinations.models import Coordination, CoordinationCommune, CoordinationLead, Membership
from learning.db import Database, utcnow
from learning.migrate import alembic_config, upgrade
from learning.models import Member
from tests.conftest import PG_URL, _pg_admin

MINE = "coordinations_0003"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'before.db'}"
        return
    name = f"entraide_migration_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield re.sub(r"/[^/]*$", f"/{name}", PG_URL)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _upgrade_to_before_mine(url: str) -> None:
    heads = ScriptDirectory.from_config(alembic_config(url)).get_heads()
    assert MINE in heads
    for head in heads:
        if head != MINE:
            upgrade(url, head)
    upgrade(url, "coordinations_0002")


def _post(author: Member | None, title: str, territory: str | None, scope: str = "locale") -> Post:
    now = utcnow()
    return Post(
        author_id=author.id if author else None,
        kind="question",
        title=title,
        body=f"{title} : le texte",
        body_html=f"<p>{title}</p>",
        scope=scope,
        territory=territory,
        themes_csv="",
        answer_count=0,
        hidden=False,
        locked=False,
        created_at=now,
        last_activity_at=now,
    )


async def test_territories_become_coordinations_and_nothing_is_lost(empty_url):
    _upgrade_to_before_mine(empty_url)
    db = Database(empty_url)
    try:
        async with db.session() as session:
            assert (await session.execute(text("SELECT count(*) FROM coordinations"))).scalar() == 0
            people = {
                "amina": Member(email="amina@x.fr", name="Amina", password_hash="x", territory="Bretagne"),
                "claire": Member(email="claire@x.fr", name="Claire", password_hash="x", territory="Bretagne"),
                "nadia": Member(email="nadia@x.fr", name="Nadia", password_hash="x", territory="Occitanie"),
                "ile": Member(email="ile@x.fr", name="Île", password_hash="x", territory="Outre-mer"),
                "nomade": Member(email="nomade@x.fr", name="Nomade", password_hash="x", territory=None),
            }
            people["nadia"].set_roles({"coordinatrice"})
            session.add_all(people.values())
            await session.flush()
            session.add_all(
                [
                    _post(people["amina"], "Un local à Rennes", "Bretagne"),
                    _post(people["claire"], "Une question au réseau", "Bretagne", scope="reseau"),
                    _post(people["nadia"], "Rencontre à Toulouse", "Occitanie"),
                    # Written before the list was enforced, by a member since deleted: still kept.
                    _post(None, "Un vieux message d'Atlantide", "Atlantide"),
                    _post(people["nomade"], "Sans coordination", None, scope="reseau"),
                ]
            )
            await session.commit()

        upgrade(empty_url)

        async with db.session() as session:
            coordinations = {c.name: c for c in await session.scalars(select(Coordination))}
            assert set(coordinations) == {
                "Coordination Bretagne",
                "Coordination Occitanie",
                "Coordination Outre-mer",
                "Coordination Atlantide",
            }
            bretagne = coordinations["Coordination Bretagne"]
            assert (bretagne.slug, bretagne.seat_insee, bretagne.departement) == (
                "coordination-bretagne",
                "35238",
                "35",
            )
            assert abs(bretagne.lat - 48.11) < 0.05 and abs(bretagne.lon + 1.68) < 0.05
            assert coordinations["Coordination Outre-mer"].departement == "974"
            assert (
                coordinations["Coordination Atlantide"].seat_insee == "75056"
            )  # Paris until an admin moves it
            seats = set((await session.execute(select(CoordinationCommune.insee))).scalars())
            assert {"35238", "31555", "97411"} <= seats

            members = {m.email.split("@")[0]: m for m in await session.scalars(select(Member))}
            memberships = {m.member_id: m for m in await session.scalars(select(Membership))}
            for key, name in (
                ("amina", "Bretagne"),
                ("claire", "Bretagne"),
                ("nadia", "Occitanie"),
                ("ile", "Outre-mer"),
            ):
                row = memberships[members[key].id]
                assert row.status == "confirmed" and row.confirmed_at is not None
                assert row.coordination_id == coordinations[f"Coordination {name}"].id
                assert members[key].territory == name  # the old column is kept as it was
            assert members["nomade"].id not in memberships
            leads = list(await session.scalars(select(CoordinationLead)))
            assert [(lead.member_id, lead.coordination_id) for lead in leads] == [
                (members["nadia"].id, coordinations["Coordination Occitanie"].id)
            ]

            posts = {p.title: p for p in await session.scalars(select(Post))}
            assert len(posts) == 5
            for title, name in (
                ("Un local à Rennes", "Bretagne"),
                ("Une question au réseau", "Bretagne"),
                ("Rencontre à Toulouse", "Occitanie"),
                ("Un vieux message d'Atlantide", "Atlantide"),
            ):
                assert posts[title].coordination_id == coordinations[f"Coordination {name}"].id, title
                assert posts[title].territory == name
            assert posts["Sans coordination"].coordination_id is None

            if db.engine.dialect.name == "sqlite":
                # The full-text index still follows the posts (no batch copy lost its triggers).
                found = await session.execute(
                    text("SELECT rowid FROM board_posts_fts WHERE board_posts_fts MATCH 'Atlantide'")
                )
                assert [r[0] for r in found] == [posts["Un vieux message d'Atlantide"].id]

        upgrade(empty_url)  # at the heads already: nothing happens twice
        async with db.session() as session:
            assert len(list(await session.scalars(select(Coordination)))) == 4
    finally:
        await db.dispose()

"""members_0002 moves the board's free-text skills into the shared list, nothing lost: a database at
members_0001 with board_skills rows, upgraded to the heads, then the list added as at start-up."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from learning.db import Database, utcnow
from learning.members.models import MemberSkill, Skill
from learning.members.skills import ensure_skill_list
from learning.migrate import upgrade
from tests.conftest import PG_URL, _pg_admin


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


async def test_board_skills_become_skills_of_the_list_or_free_additions(empty_url: str) -> None:
    upgrade(empty_url, "members_0001")
    db = Database(empty_url)
    try:
        async with db.engine.begin() as connection:
            for n, name in enumerate(("Amina", "Claire")):
                await connection.execute(
                    text(
                        "INSERT INTO members (id, email, name, password_hash, project, roles, created_at) "
                        "VALUES (:id, :email, :name, 'x', '', '', :now)"
                    ),
                    {"id": n + 1, "email": f"{name.lower()}@exemple.fr", "name": name, "now": utcnow()},
                )
            labels = [(1, "Comptabilité"), (1, "Pitch devant un jury"), (2, "compta"), (2, "COMPTABILITE")]
            for member_id, label in labels:
                await connection.execute(
                    text("INSERT INTO board_skills (member_id, label) VALUES (:m, :l)"),
                    {"m": member_id, "l": label},
                )
        upgrade(empty_url, "heads")
        async with db.session() as session:
            tables = await session.run_sync(lambda s: s.connection().dialect.get_table_names(s.connection()))
            assert "board_skills" not in tables
            changed = await ensure_skill_list(session)
            await session.commit()
            assert changed == [1, 2]
            offered = {
                (member_id, label, canonical)
                for member_id, label, canonical in await session.execute(
                    select(MemberSkill.member_id, Skill.label, Skill.canonical).join(
                        Skill, Skill.id == MemberSkill.skill_id
                    )
                )
            }
        # « compta » and « COMPTABILITE » are the list's « Comptabilité »; the pitch stays a free addition.
        assert offered == {
            (1, "Comptabilité", True),
            (1, "Pitch devant un jury", False),
            (2, "Comptabilité", True),
        }
    finally:
        await db.dispose()

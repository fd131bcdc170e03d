"""Demo data: a lively board with answered, solved and open needs; loading twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from learning.board.demo import EMAILS, POSTS, load
from learning.board.demo_home import NEEDS
from learning.board.models import Post
from tests.helpers import create_member, login, text_of


async def test_demo_board_is_lively_and_idempotent(app, client, db, settings):
    for key, email in EMAILS.items():
        # Their coordinations come from the coordinations' demo, which the board's loads first.
        await create_member(db, email, name=key.capitalize())
    await load(db, settings)
    await load(db, settings)
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Post)) == len(POSTS) + len(NEEDS) >= 15
    await login(client, "amina@entraide.test")
    board = text_of(await client.get("/coup-de-pouce"))
    assert "Quelle banque pour accompagner un prêt d'honneur ?" in board
    assert "Une comptable qui connaît les graphistes" in text_of(
        await client.get("/coup-de-pouce?vue=sans-reponse")
    )
    assert "SAS ou SARL" in text_of(await client.get("/coup-de-pouce?vue=resolus"))
    # Amina has unread answers waiting: the navigation shows it.
    assert 'class="badge"' in (await client.get("/")).text

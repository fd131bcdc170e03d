"""« Ma coordination locale » on the board is her confirmed membership: a pending request does not open the
coordination's local posts; the coordination's page shows them to its confirmed members only."""

from __future__ import annotations

from sqlalchemy import select
from starlette.requests import Request

from learning.board import coordination_block
from learning.board.models import Post
from learning.coordinations.models import Coordination, Membership
from learning.models import Member
from tests.board.conftest import publish
from tests.helpers import submit, text_of


async def _block(db, slug: str, email: str | None) -> dict | None:
    async with db.session() as session:
        request = Request({"type": "http", "state": {}})
        request.state.coordination = await session.scalar(
            select(Coordination).where(Coordination.slug == slug)
        )
        member = await session.scalar(select(Member).where(Member.email == email)) if email else None
        return await coordination_block.context(request, session, member)


async def test_locale_posts_reach_confirmed_members_only(member_client, db):
    amina = await member_client("amina@exemple.fr", coordination="Bretagne")
    claire = await member_client("claire@exemple.fr", coordination="Bretagne")
    waiting = await member_client("attente@exemple.fr", coordination="Bretagne", status="pending")
    nadia = await member_client("nadia@exemple.fr", coordination="Occitanie")
    moderator = await member_client("coord@exemple.fr", roles={"coordinatrice"}, coordination=None)

    post_id = await publish(amina, title="Un local à Rennes pour un atelier", scope="locale")
    async with db.session() as session:
        post = await session.get(Post, post_id)
        bretagne = await session.scalar(select(Coordination).where(Coordination.name == "Bretagne"))
        assert post is not None and bretagne is not None and post.coordination_id == bretagne.id

    for client, sees in ((claire, True), (moderator, True), (waiting, False), (nadia, False)):
        listing = text_of(await client.get("/coup-de-pouce"))
        assert ("Un local à Rennes pour un atelier" in listing) is sees
        assert (await client.get(f"/coup-de-pouce/{post_id}")).status_code == (200 if sees else 404)
    # « Par coordination »: the posts of her coordination's members; nothing for one who waits.
    assert "Un local à Rennes" in text_of(await claire.get("/coup-de-pouce?portee=locale"))
    filtered = text_of(await waiting.get("/coup-de-pouce?portee=locale"))
    assert "Un local à Rennes" not in filtered and "Trouver ma coordination" in filtered
    # The tag names the coordination.
    assert "Bretagne" in text_of(await claire.get(f"/coup-de-pouce/{post_id}"))

    # Once the coordinatrice confirms her, she reads it.
    async with db.session() as session:
        member = await session.scalar(select(Member).where(Member.email == "attente@exemple.fr"))
        assert member is not None
        row = await session.get(Membership, member.id)
        assert row is not None
        row.status = "confirmed"
        await session.commit()
    assert (await waiting.get(f"/coup-de-pouce/{post_id}")).status_code == 200

    # A pending member cannot write « locale » either (tests/board/test_posting.py), and answering follows
    # what she may see.
    answered = await submit(
        nadia, "/coup-de-pouce", f"/coup-de-pouce/{post_id}/repondre", body="Je passe par là", op="publier"
    )
    assert answered.status_code == 404


async def test_the_coordination_page_block_shows_its_local_posts_to_its_members(member_client, db):
    amina = await member_client("amina@exemple.fr", coordination="Bretagne")
    await member_client("attente@exemple.fr", coordination="Bretagne", status="pending")
    await member_client("nadia@exemple.fr", coordination="Occitanie")
    await member_client("coord@exemple.fr", roles={"coordinatrice"}, coordination=None)
    await publish(amina, title="Une question pour les Bretonnes", scope="locale")
    await publish(amina, title="Une question pour tout le réseau")
    slug = "bretagne"
    shown = await _block(db, slug, "amina@exemple.fr")
    assert shown is not None and [p.title for p in shown["posts"]] == ["Une question pour les Bretonnes"]
    moderator = await _block(db, slug, "coord@exemple.fr")
    assert moderator is not None and len(moderator["posts"]) == 1
    for outsider in ("attente@exemple.fr", "nadia@exemple.fr", None):
        assert await _block(db, slug, outsider) is None

"""Her home page after login: each block shows her things, never another member's, and says something
useful when it has nothing to show. The visitors' page stays the visitors'."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import update

from learning.coordinations.models import MemberPlace
from learning.db import utcnow
from learning.members.models import MemberProfile
from learning.models import Member
from live import actions
from tests.board.conftest import answer, publish
from tests.helpers import create_member, login, words_of
from tests.live.helpers import add_workshop

RENNES = (48.1113, -1.68)
SAINT_MALO = (48.6493, -2.0257)  # 67 km from Rennes
CESSON = (48.1211, -1.6031)  # 6 km


async def _client(app, email: str, port: int) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", port))
    client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    await login(client, email)
    return client


async def _live_at(
    db, member: Member, where: tuple[float, float], *, listed: bool, days_ago: int = 3
) -> None:
    async with db.session() as session:
        session.add(
            MemberPlace(member_id=member.id, insee="35238", postal_code="35000", lat=where[0], lon=where[1])
        )
        session.add(MemberProfile(member_id=member.id, listed=listed, sector="Artisanat"))
        await session.execute(
            update(Member)
            .where(Member.id == member.id)
            .values(created_at=utcnow() - timedelta(days=days_ago))
        )
        await session.commit()


async def test_her_home_shows_her_workshops_needs_answers_and_new_members_near_her(app, db, settings):
    amina = await create_member(db, "amina@exemple.fr", name="Amina", coordination="Bretagne")
    claire = await create_member(db, "claire@exemple.fr", name="Claire", coordination="Bretagne")
    await create_member(db, "sophie@exemple.fr", name="Sophie", coordination="Occitanie")
    host = await create_member(db, "louise@exemple.fr", name="Louise", roles={"intervenante"})
    await _live_at(db, amina, RENNES, listed=False, days_ago=400)
    await _live_at(db, claire, CESSON, listed=True)  # near and in her coordination
    far = await create_member(db, "berthe@exemple.fr", name="Berthe Loin")
    await _live_at(db, far, SAINT_MALO, listed=True)
    hidden = await create_member(db, "cachee@exemple.fr", name="Cachée Voisine")
    await _live_at(db, hidden, CESSON, listed=False)  # near, but did not agree to be listed
    old = await create_member(db, "ancienne@exemple.fr", name="Ancienne Voisine")
    await _live_at(db, old, CESSON, listed=True, days_ago=90)  # near, but not new

    now = utcnow()
    open_room = await add_workshop(db, host, title="Atelier qui commence", starts_in=timedelta(minutes=5))
    later = await add_workshop(db, host, title="Atelier de la semaine prochaine", starts_in=timedelta(days=6))
    not_hers = await add_workshop(db, host, title="Atelier de Claire seule", starts_in=timedelta(days=2))
    for workshop in (open_room, later):
        await actions.register(db, settings, workshop.id, amina.id, now)
    await actions.register(db, settings, not_hers.id, claire.id, now)

    people = {
        name: await _client(app, f"{name}@exemple.fr", 53000 + i)
        for i, name in enumerate(("amina", "claire", "sophie"))
    }
    try:
        # Coup de pouce: a need of her coordination nobody answered, one answered, one elsewhere.
        open_need = await publish(
            people["claire"], title="Une salle pour un atelier à Rennes", scope="locale"
        )
        answered = await publish(people["claire"], title="Un comptable à Rennes ?", scope="locale")
        await answer(people["amina"], answered, "Demandez à la CCI.")
        await publish(people["sophie"], title="Une salle à Toulouse", scope="locale")
        mine = await publish(people["amina"], title="Quelle banque pour mon prêt ?")
        await answer(people["claire"], mine, "Le Crédit Coopératif m'a suivie.")
        sophies = await publish(people["sophie"], title="Le message de Sophie")
        await answer(people["claire"], sophies, "Une réponse pour Sophie seulement.")

        response = await people["amina"].get("/")
        assert response.status_code == 200
        home = words_of(response)
        assert "Bonjour Amina" in home and "Adhérer au réseau" not in home
        # Her workshops: « Rejoindre » where the room is open, « Voir » otherwise; not Claire's.
        assert f'href="/ateliers/{open_room.id}/rejoindre"' in response.text
        assert f'href="/ateliers/{later.id}"' in response.text and "Atelier de la semaine prochaine" in home
        assert f'href="/ateliers/{later.id}/rejoindre"' not in response.text
        assert "Atelier de Claire seule" not in home
        # The MOOC: not started yet.
        assert "Vous n'avez pas encore commencé le MOOC" in home
        # Her coordination's needs without an answer; not the answered one, not Toulouse's.
        assert "Une salle pour un atelier à Rennes" in home and f"/coup-de-pouce/{open_need}" in response.text
        assert "Un comptable à Rennes ?" not in home and "Une salle à Toulouse" not in home
        # Answers to her posts, unread first; not answers to Sophie's.
        assert "Réponses à mes messages Nouveau Claire a répondu à « Quelle banque pour mon prêt ? »" in home
        assert "Le message de Sophie" not in home
        # New members near her: listed, recent, within 30 km or in her coordination.
        assert f'href="/membres/{claire.id}"' in response.text and "Cesson" not in home
        for name in ("Berthe Loin", "Cachée Voisine", "Ancienne Voisine"):
            assert name not in home

        # Sophie sees none of Amina's things.
        sophie_home = words_of(await people["sophie"].get("/"))
        assert "Atelier qui commence" not in sophie_home and "Quelle banque pour mon prêt" not in sophie_home
        assert "Une salle pour un atelier à Rennes" not in sophie_home
    finally:
        for client in people.values():
            await client.aclose()


async def test_each_block_says_something_useful_when_empty(app, client, db):
    await create_member(db, "nouvelle@exemple.fr", name="Nouvelle")
    await login(client, "nouvelle@exemple.fr")
    home = words_of(await client.get("/"))
    assert "Aucun atelier prévu : voir le programme" in home
    assert "Vous n'avez pas encore commencé le MOOC" in home
    assert "trouver ma coordination" in home
    assert "Pas encore de réponse à vos messages" in home
    assert "Indiquez votre commune ou rejoignez votre coordination" in home


async def test_the_visitors_page_is_unchanged(client):
    home = words_of(await client.get("/"))
    assert "Adhérer au réseau" in home and "Mes prochains ateliers" not in home and "Bonjour" not in home

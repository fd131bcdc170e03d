"""@mentions in Coup de pouce: `@prenom.nom` naming exactly one member becomes a link to her profile and an
in-app notification (never to oneself, never about a post she may not read, once per text); an unknown or
ambiguous handle stays as typed. « Merci » tells the person thanked once. Neither is e-mailed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.board.digest import send_digests
from learning.db import Database, utcnow
from learning.models import Member
from tests.board.conftest import answer, publish
from tests.board.test_answers import badge
from tests.helpers import create_member, last_email_to, submit, text_of


async def _id(db: Database, email: str) -> int:
    async with db.session() as session:
        found = await session.scalar(select(Member.id).where(Member.email == email))
        assert found is not None
        return found


async def test_a_mention_links_her_profile_and_tells_her_once(member_client, db, settings):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    claire = await member_client("claire@exemple.fr", name="Claire Martin")
    helene = await member_client("helene@exemple.fr", name="Hélène Le Goff")
    # Two Julie Morel: « @julie.morel » names nobody for sure, so it stays text.
    julie = await member_client("julie@exemple.fr", name="Julie Morel")
    sophie = await member_client("sophie@exemple.fr", name="Sophie Durand")
    await create_member(db, "julie2@exemple.fr", name="Julie Morel")
    post_id = await publish(
        amina,
        title="Qui connaît un bon comptable ?",
        body=(
            "Bonjour @claire.martin et @helene.le.goff, vous m'aviez parlé d'un comptable. "
            "@julie.morel aussi ? Pas @inconnue.personne, ni moi-même @amina.benali, ni `@claire.martin` "
            "en code, ni claire@exemple.fr."
        ),
    )
    page = await amina.get(f"/coup-de-pouce/{post_id}")
    claire_id, helene_id = await _id(db, "claire@exemple.fr"), await _id(db, "helene@exemple.fr")
    assert f'<a href="/membres/{claire_id}" rel="nofollow noopener ugc">@Claire Martin</a>' in page.text
    assert f'<a href="/membres/{helene_id}" rel="nofollow noopener ugc">@Hélène Le Goff</a>' in page.text
    shown = text_of(page)
    assert "@julie.morel aussi ?" in shown and "Pas @inconnue.personne" in shown
    assert "<code>@claire.martin</code>" in page.text and "claire@exemple.fr" in shown

    for client in (claire, helene):
        assert badge(await client.get("/")) == 1
        notices = text_of(await client.get("/coup-de-pouce/notifications"))
        assert "Amina Benali vous a mentionnée dans « Qui connaît un bon comptable ? »" in notices
    assert badge(await julie.get("/")) == 0
    assert badge(await amina.get("/")) == 0

    # In an answer: Amina follows her post, and hears of Claire's answer once, as a mention.
    reply = await answer(
        claire, post_id, "Oui @amina.benali : le cabinet Dupont, de la part de @helene.le.goff."
    )
    assert badge(await amina.get("/")) == 1
    notices = text_of(await amina.get("/coup-de-pouce/notifications"))
    assert "Claire Martin vous a mentionnée dans « Qui connaît un bon comptable ? »" in notices
    assert "a répondu" not in notices
    assert badge(await helene.get("/")) == 2  # Hélène, mentioned again in another text

    # Editing the answer tells only whom it newly mentions.
    edited = await submit(
        claire,
        f"/coup-de-pouce/reponses/{reply}/modifier",
        body="Oui @amina.benali : le cabinet Dupont, de la part de @helene.le.goff. Et @sophie.durand ?",
    )
    assert edited.status_code == 303
    edited = await submit(
        claire,
        f"/coup-de-pouce/reponses/{reply}/modifier",
        body="Oui @amina.benali : le cabinet Dupont (@helene.le.goff), @sophie.durand le connaît.",
    )
    assert edited.status_code == 303
    assert badge(await amina.get("/")) == 1 and badge(await helene.get("/")) == 2
    assert badge(await sophie.get("/")) == 1

    # In-app only: the daily digest does not carry mentions.
    assert await send_digests(db, settings, now=utcnow() + timedelta(hours=2)) == 0
    assert await last_email_to(db, "helene@exemple.fr") is None


async def test_no_mention_notice_about_a_post_she_may_not_read(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali", coordination="Bretagne")
    nadia = await member_client("nadia@exemple.fr", name="Nadia Sud", coordination="Occitanie")
    lea = await member_client("lea@exemple.fr", name="Léa Ouest", coordination="Bretagne")
    await publish(
        amina, title="Marché de Noël à Rennes", body="@nadia.sud et @lea.ouest, qui expose ?", scope="locale"
    )
    assert badge(await lea.get("/")) == 1
    assert badge(await nadia.get("/")) == 0


async def test_thanks_tell_the_person_thanked_once(member_client, db, settings):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    claire = await member_client("claire@exemple.fr", name="Claire Martin")
    sophie = await member_client("sophie@exemple.fr", name="Sophie Durand")
    post_id = await publish(amina, title="Une assurance pour un atelier ?")
    reply = await answer(claire, post_id, "La MAAF a une offre pour les artisanes.")
    await amina.get(f"/coup-de-pouce/{post_id}")  # reads the answer's notice

    for _ in range(2):
        thanked = await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{reply}/merci")
        assert thanked.status_code == 303
    await submit(sophie, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{reply}/merci")
    assert badge(await claire.get("/")) == 2  # Amina's once, Sophie's
    notices = text_of(await claire.get("/coup-de-pouce/notifications"))
    assert "Amina Benali vous remercie pour votre réponse à « Une assurance pour un atelier ? »" in notices
    assert "Sophie Durand vous remercie pour votre réponse" in notices
    assert notices.count("vous remercie") == 2
    # Thanking oneself is refused, and tells nobody.
    refused = await submit(claire, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{reply}/merci")
    assert refused.status_code == 403
    assert text_of(await claire.get("/coup-de-pouce/notifications")).count("vous remercie") == 2
    assert await send_digests(db, settings, now=utcnow() + timedelta(hours=2)) == 0

"""« La charte du réseau »: accepted at sign-up (required), asked once of the members who joined before it."""

from __future__ import annotations

from sqlalchemy import select

from learning.members.charter import CHARTER_VERSION
from learning.members.models import CharterAcceptance
from learning.models import Member
from tests.helpers import PASSWORD, create_member, login, sign_up, submit, text_of

BANNER = "Merci de la lire et de l'accepter"


async def _acceptances(db, email: str) -> list[CharterAcceptance]:
    async with db.session() as session:
        member = await session.scalar(select(Member).where(Member.email == email))
        assert member is not None
        return list(
            await session.scalars(select(CharterAcceptance).where(CharterAcceptance.member_id == member.id))
        )


async def test_sign_up_shows_the_charter_and_refuses_without_it(client, db):
    page = text_of(await client.get("/adhesion"))
    assert "J'ai lu et j'accepte la charte" in page and 'href="/charte"' in page
    refused = await submit(
        client,
        "/adhesion",
        name="Inès Martin",
        email="ines@exemple.fr",
        password=PASSWORD,
        project="Une librairie",
    )
    assert refused.status_code == 400
    shown = text_of(refused)
    assert "cochez « J'ai lu et j'accepte la charte »" in shown
    # What she typed is kept.
    assert 'value="Inès Martin"' in shown and 'value="ines@exemple.fr"' in shown and "Une librairie" in shown
    async with db.session() as session:
        assert await session.scalar(select(Member).where(Member.email == "ines@exemple.fr")) is None


async def test_sign_up_with_the_charter_records_it_and_never_asks_again(client, db):
    await sign_up(client, db, email="ines@exemple.fr", name="Inès Martin")
    [accepted] = await _acceptances(db, "ines@exemple.fr")
    assert accepted.version == CHARTER_VERSION and accepted.accepted_at is not None
    account = text_of(await client.get("/compte/adhesion"))
    assert BANNER not in account
    assert "Charte du réseau acceptée le" in account and CHARTER_VERSION in account


async def test_the_ticked_box_is_kept_when_another_field_is_wrong(client):
    again = await submit(
        client, "/adhesion", name="Inès", email="ines@exemple", password=PASSWORD, charte="oui"
    )
    assert again.status_code == 400
    assert 'name="charte" value="oui" required checked' in again.text


async def test_a_member_who_joined_before_the_charter_is_asked_once(client, db):
    await create_member(db, "ancienne@exemple.fr", name="Ancienne Membre")
    await login(client, "ancienne@exemple.fr")
    home = text_of(await client.get("/ateliers"))
    assert BANNER in home and 'action="/charte/accepter"' in home
    # Not a wall: the page she asked for is there under the banner.
    assert (await client.get("/coup-de-pouce")).status_code == 200
    accepted = await submit(client, "/ateliers", "/charte/accepter", suite="/coup-de-pouce")
    assert accepted.status_code == 303 and accepted.headers["location"] == "/coup-de-pouce"
    assert BANNER not in text_of(await client.get("/coup-de-pouce"))
    assert BANNER not in text_of(await client.get("/ateliers"))
    # A second click keeps the first record.
    await submit(client, "/charte", "/charte/accepter")
    assert len(await _acceptances(db, "ancienne@exemple.fr")) == 1
    assert "Vous avez accepté cette version de la charte le" in text_of(await client.get("/charte"))


async def test_the_banner_never_leaves_for_another_site(client, db):
    await create_member(db, "ancienne@exemple.fr")
    await login(client, "ancienne@exemple.fr")
    response = await submit(client, "/ateliers", "/charte/accepter", suite="https://ailleurs.example/")
    assert response.headers["location"] == "/charte?acceptee=1"
    assert "Votre accord avec la charte est enregistré" in text_of(await client.get("/charte?acceptee=1"))


async def test_visitors_read_the_charter_without_a_form(client):
    page = text_of(await client.get("/charte"))
    assert "Charte du réseau Entraide" in page
    for promise in ("reste dans l'atelier", "Je n'enregistre pas", "Pas de démarchage", "bienveillance"):
        assert promise in page
    assert 'action="/charte/accepter"' not in page


async def test_accepting_requires_being_signed_in(client):
    response = await submit(client, "/connexion", "/charte/accepter")
    assert response.status_code == 303 and response.headers["location"].startswith("/connexion")


async def test_the_charter_is_in_her_data_export(client, db):
    await sign_up(client, db, email="ines@exemple.fr")
    data = (await client.get("/compte/donnees.json")).json()
    assert [a["version"] for a in data["charte"]] == [CHARTER_VERSION]

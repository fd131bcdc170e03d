"""The legal pages and the contact form: reachable by visitors, linked from every page's footer; the form
refuses bad input in French, keeps what she typed, and drops what robots send."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.members.models import ContactMessage
from learning.models import OutboxEmail
from learning.state import app_state
from tests.helpers import create_member, login, submit, text_of

TEAM = "equipe@entraide.example"
FOOTER = ("/charte", "/cgu", "/confidentialite", "/mentions-legales", "/contact")
GOOD = {
    "name": "Inès Martin",
    "email": "ines@exemple.fr",
    "subject": "compte",
    "body": "Bonjour, une question.",
}


@pytest.fixture
def settings(settings):
    return settings.with_(contact_email=TEAM, publisher_name="Association Entraide France")


async def _messages(db) -> list[ContactMessage]:
    async with db.session() as session:
        return list(await session.scalars(select(ContactMessage)))


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/cgu", "Conditions générales d'utilisation"),
        ("/confidentialite", "Politique de confidentialité"),
        ("/mentions-legales", "Mentions légales"),
        ("/charte", "Charte du réseau Entraide"),
        ("/contact", "Contacter l'équipe nationale"),
    ],
)
async def test_visitors_reach_the_legal_pages(client, path, title):
    response = await client.get(path)
    assert response.status_code == 200 and f"<h1>{title}</h1>" in text_of(response)


async def test_every_page_links_them_in_its_footer(client, db):
    for page in ("/", "/cgu", "/adhesion"):
        footer = text_of(await client.get(page)).split('class="site-footer"')[1]
        for path in FOOTER:
            assert f'href="{path}"' in footer, (page, path)
    await create_member(db, "amina@exemple.fr")
    await login(client, "amina@exemple.fr")
    footer = text_of(await client.get("/compte")).split('class="site-footer"')[1]
    assert all(f'href="{path}"' in footer for path in FOOTER)


async def test_the_privacy_notice_says_what_matters(client):
    page = text_of(await client.get("/confidentialite"))
    for fact in (
        "Les ateliers en direct ne sont jamais enregistrés",
        "ne sont jamais conservés",  # room chat
        "Télécharger mes données",
        "Supprimer mon compte",
        "effacé automatiquement un an après son envoi",
        "votre présence (oui ou non)",
        "Messages entre membres",
        "MOOC",
        "Coup de pouce",
        "Coordinations locales",
    ):
        assert fact in page, fact


async def test_the_legal_notice_shows_settings_or_says_what_is_missing(client):
    page = text_of(await client.get("/mentions-legales"))
    assert "Association Entraide France" in page
    assert "à compléter par l'association : nom de l'hébergeur (ENTRAIDE_HOST_NAME)" in page


async def test_a_message_reaches_the_team(client, db):
    sent = await submit(client, "/contact", **GOOD)
    assert sent.status_code == 303 and sent.headers["location"] == "/contact/envoye"
    assert "Votre message est bien parvenu à l'équipe nationale" in text_of(
        await client.get("/contact/envoye")
    )
    [kept] = await _messages(db)
    assert (kept.name, kept.email, kept.subject, kept.body, kept.member_id) == (
        "Inès Martin",
        "ines@exemple.fr",
        "compte",
        "Bonjour, une question.",
        None,
    )
    async with db.session() as session:
        email = await session.scalar(select(OutboxEmail).where(OutboxEmail.to_address == TEAM))
    assert email is not None and email.subject == "[Contact] Mon compte — Inès Martin"
    assert "ines@exemple.fr" in email.body and "Bonjour, une question." in email.body


async def test_admins_read_the_messages(app, client, db):
    app_state(app).settings = app_state(app).settings.with_(contact_email="")
    await submit(client, "/contact", **GOOD)
    async with db.session() as session:
        assert await session.scalar(select(OutboxEmail)) is None  # no address: kept for the admins only
    await create_member(db, "helene@exemple.fr", roles={"admin"})
    await login(client, "helene@exemple.fr")
    page = text_of(await client.get("/admin/contact"))
    assert "Mon compte — Inès Martin" in page and "Bonjour, une question." in page


async def test_a_signed_in_member_finds_her_name_and_address_filled_in(client, db):
    await create_member(db, "amina@exemple.fr", name="Amina Benali")
    await login(client, "amina@exemple.fr")
    page = text_of(await client.get("/contact?objet=adhesion"))
    assert 'value="Amina Benali"' in page and 'value="amina@exemple.fr"' in page
    assert '<option value="adhesion" selected>' in page
    await submit(
        client, "/contact", name="Amina Benali", email="amina@exemple.fr", subject="adhesion", body="Merci"
    )
    [kept] = await _messages(db)
    assert kept.member_id is not None


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"name": "", "email": "", "subject": "", "body": ""}, "Indiquez votre nom."),
        ({"body": ""}, "Écrivez votre message."),
        ({"email": "ines@exemple"}, "ne semble pas valide"),
        ({"subject": "pirate"}, "Choisissez l'objet de votre message dans la liste."),
        ({"body": "a" * 5001}, "Votre message fait 5001 caractères : raccourcissez-le à 5000 au plus."),
        ({"name": "N" * 121}, "Votre nom ne peut dépasser 120 caractères."),
    ],
)
async def test_bad_input_is_refused_in_french_and_kept(client, db, change, error):
    refused = await submit(client, "/contact", **{**GOOD, **change})
    assert refused.status_code == 400
    page = text_of(refused)
    assert error in page
    if change.get("body", GOOD["body"]):
        assert change.get("body", GOOD["body"]) in page  # what she wrote is not lost
    assert await _messages(db) == []


async def test_what_a_robot_fills_in_is_dropped_quietly(client, db):
    sent = await submit(client, "/contact", **GOOD, site_web="http://spam.example")
    assert sent.status_code == 303 and sent.headers["location"] == "/contact/envoye"
    assert await _messages(db) == []
    async with db.session() as session:
        assert await session.scalar(select(OutboxEmail)) is None


async def test_one_connection_cannot_flood_the_team(client, db):
    for _ in range(5):
        assert (await submit(client, "/contact", **GOOD)).status_code == 303
    refused = await submit(client, "/contact", **GOOD)
    assert refused.status_code == 429 and "Trop de messages envoyés" in text_of(refused)
    assert len(await _messages(db)) == 5

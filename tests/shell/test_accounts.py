"""A member's account life through the real app and database: sign-up to deletion."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from learning.models import AuthSession, Member
from tests.helpers import (
    PASSWORD,
    create_member,
    csrf_token,
    last_email_to,
    link_in_last_email,
    login,
    sign_up,
    submit,
    text_of,
)


async def test_signup_login_logout_and_reset_password(client, db):
    sent = await submit(
        client,
        "/adhesion",
        charte="oui",
        name="Amina Benali",
        email="Amina@Exemple.fr",
        password=PASSWORD,
        project="Coaching",
    )
    assert sent.status_code == 200 and "Vérifiez vos e-mails" in text_of(sent)
    assert (await client.get("/compte")).status_code == 303  # not logged in before the address is confirmed
    link = await link_in_last_email(db, "amina@exemple.fr", "/adhesion/confirmer/")
    assert "Confirmer mon adresse" in text_of(await client.get(link))
    response = await submit(client, link)
    assert response.status_code == 303
    assert response.headers["location"] == "/compte?bienvenue=1"
    page = await client.get(response.headers["location"])
    assert "Bienvenue" in text_of(page) and "Amina Benali" in text_of(page)
    welcome = await last_email_to(db, "amina@exemple.fr")
    assert welcome is not None and "Bienvenue" in welcome.subject

    await submit(client, "/compte", "/deconnexion")
    assert (await client.get("/compte")).status_code == 303  # back to the login page

    await login(client, "amina@exemple.fr")
    assert (await client.get("/compte")).status_code == 200
    await submit(client, "/compte", "/deconnexion")

    sent = await submit(client, "/mot-de-passe-oublie", email="amina@exemple.fr")
    assert "Si un compte existe" in text_of(sent)
    email = await last_email_to(db, "amina@exemple.fr")
    link = re.search(r"http://testserver(/reinitialiser/\S+)", email.body).group(1)
    new_password = "une toute nouvelle phrase"
    done = await submit(client, link, password=new_password)
    assert done.status_code == 303
    # The link is single-use, and the old password no longer works.
    assert "plus valable" in text_of(await client.get(link))
    await submit(client, "/compte", "/deconnexion")
    refused = await submit(client, "/connexion", email="amina@exemple.fr", password=PASSWORD)
    assert refused.status_code == 400 and "Adresse e-mail ou mot de passe incorrect" in text_of(refused)
    await login(client, "amina@exemple.fr", new_password)


async def test_signup_errors_are_french_and_keep_what_was_typed(client):
    response = await submit(
        client,
        "/adhesion",
        charte="oui",
        name="",
        email="pas-une-adresse",
        password="court",
        project="Mon projet de boutique",
    )
    body = text_of(response)
    assert response.status_code == 400
    assert "Indiquez votre prénom et votre nom." in body
    assert "Cette adresse e-mail ne semble pas valide" in body
    assert "au moins 12 caractères" in body
    assert "Mon projet de boutique" in body  # nothing typed is lost


async def test_reset_answer_does_not_reveal_whether_an_account_exists(client, db):
    await create_member(db, "claire@exemple.fr")
    known = await submit(client, "/mot-de-passe-oublie", email="claire@exemple.fr")
    unknown = await submit(client, "/mot-de-passe-oublie", email="personne@exemple.fr")
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: re.sub(r'value="[^"]+"', "", r.text)  # noqa: E731
    assert strip(known) == strip(unknown)
    assert await last_email_to(db, "personne@exemple.fr") is None


async def test_reset_link_expires(client, db, app):
    await create_member(db, "julie@exemple.fr")
    await submit(client, "/mot-de-passe-oublie", email="julie@exemple.fr")
    email = await last_email_to(db, "julie@exemple.fr")
    link = re.search(r"http://testserver(/reinitialiser/\S+)", email.body).group(1)
    from learning.models import OneTimeToken

    async with db.session() as session:
        token = await session.scalar(select(OneTimeToken))
        token.expires_at = token.created_at  # already expired
        await session.commit()
    assert "plus valable" in text_of(await client.get(link))


async def test_cross_site_post_without_token_is_refused(client, db):
    await create_member(db, "sophie@exemple.fr")
    await login(client, "sophie@exemple.fr")
    no_token = await client.post("/compte/profil", data={"name": "Pirate"})
    assert no_token.status_code == 403
    token = await csrf_token(client, "/compte")
    other_origin = await client.post(
        "/compte/profil",
        data={"name": "Pirate", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert other_origin.status_code == 403
    async with db.session() as session:
        assert (await session.scalar(select(Member.name))) == "Test Membre"


async def test_logged_out_session_cannot_be_reused(client, db):
    await create_member(db, "nadia@exemple.fr")
    await login(client, "nadia@exemple.fr")
    stolen = client.cookies.get("entraide_session")
    await submit(client, "/compte", "/deconnexion")
    client.cookies.set("entraide_session", stolen)
    assert (await client.get("/compte")).status_code == 303


async def test_password_change_revokes_other_sessions(app, client, db):
    import httpx

    await create_member(db, "louise@exemple.fr")
    await login(client, "louise@exemple.fr")
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as phone:
        await login(phone, "louise@exemple.fr")
        changed = await submit(
            client,
            "/compte",
            "/compte/mot-de-passe",
            current_password=PASSWORD,
            new_password="encore une autre phrase",
        )
        assert changed.status_code == 303
        assert (await phone.get("/compte")).status_code == 303  # the phone was logged out
        assert (await client.get("/compte")).status_code == 200  # this browser got a fresh session
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(AuthSession)) == 1


async def test_sixth_bad_login_in_a_minute_is_throttled(client, db):
    await create_member(db, "fatou@exemple.fr")
    for _ in range(5):
        bad = await submit(client, "/connexion", email="fatou@exemple.fr", password="mauvais mot de passe")
        assert bad.status_code == 400
    sixth = await submit(client, "/connexion", email="fatou@exemple.fr", password=PASSWORD)
    assert sixth.status_code == 429
    assert "Trop de tentatives" in text_of(sixth)


async def test_data_export_holds_what_the_member_entered(client, db):
    await sign_up(
        client,
        db,
        name="Claire Martin",
        email="claire@exemple.fr",
        project="Boutique de créatrices à Rennes",
    )
    response = await client.get("/compte/donnees.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    data = json.loads(response.text)
    assert data["compte"]["nom"] == "Claire Martin"
    assert data["compte"]["email"] == "claire@exemple.fr"
    assert data["coordinations"] == {
        "commune": None,
        "ma_coordination": None,
        "coordinations_animees": [],
        "candidatures_benevole": [],
    }
    assert data["compte"]["projet"] == "Boutique de créatrices à Rennes"
    assert data["compte"]["adresse_confirmee_le"]  # she followed the link e-mailed at sign-up


async def test_deleted_member_cannot_log_in_and_her_data_is_gone(client, db):
    await sign_up(client, db, name="Julie Morel", email="julie@exemple.fr")
    wrong = await submit(
        client, "/compte", "/compte/supprimer", confirm_password="pas le bon", posts="delete"
    )
    assert wrong.status_code == 400 and "pas été supprimé" in text_of(wrong)
    deleted = await submit(client, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="delete")
    assert deleted.status_code == 200 and "supprimés" in text_of(deleted)
    async with db.session() as session:
        assert await session.scalar(select(Member).where(Member.email == "julie@exemple.fr")) is None
        assert await session.scalar(select(func.count()).select_from(AuthSession)) == 0
    again = await submit(client, "/connexion", email="julie@exemple.fr", password=PASSWORD)
    assert again.status_code == 400


async def test_login_redirects_only_to_same_site_paths(client, db):
    await create_member(db, "amina@exemple.fr")
    token = await csrf_token(client, "/connexion")
    response = await client.post(
        "/connexion",
        data={
            "csrf_token": token,
            "email": "amina@exemple.fr",
            "password": PASSWORD,
            "suite": "//evil.example/x",
        },
    )
    assert response.headers["location"] == "/"


async def test_create_admin_command_makes_an_admin_who_can_log_in(settings, client, db):
    from learning.demo import create_admin

    await create_admin(settings, email="Premiere@Exemple.fr", name="Première Admin", password=PASSWORD)
    await login(client, "premiere@exemple.fr")
    assert (await client.get("/admin")).status_code == 200

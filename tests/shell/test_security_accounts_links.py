"""Issue 11, what a link sent by e-mail may still open: a new password voids every pending reset and login
link, and once an e-mail is delivered its stored copy (and the admin's outbox page) no longer holds one."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from sqlalchemy import select

from learning.app import create_app
from learning.db import Database, utcnow
from learning.models import Member, OneTimeToken, OutboxEmail
from learning.outbox import REDACTED_LINK, deliver_pending, redact_secret_links
from learning.tokens import new_token, token_hash
from tests.helpers import (
    PASSWORD,
    create_member,
    csrf_token,
    last_email_to,
    link_in_last_email,
    login,
    submit,
    text_of,
)

NEW_PASSWORD = "une toute nouvelle phrase"


async def pending_links(db: Database, member: Member, *purposes: str) -> list[str]:
    """Links as if she had asked for them several times (several e-mails in her mailbox)."""
    paths = {"reset": "/reinitialiser/", "login": "/connexion/lien/"}
    links = []
    async with db.session() as session:
        for purpose in purposes:
            token = new_token()
            session.add(
                OneTimeToken(
                    token_hash=token_hash(token),
                    purpose=purpose,
                    member_id=member.id,
                    expires_at=utcnow() + timedelta(minutes=15),
                )
            )
            links.append(paths[purpose] + token)
        await session.commit()
    return links


async def test_using_one_reset_link_voids_the_others_and_the_login_links(client, db):
    member = await create_member(db, "amina@exemple.fr")
    first, second, login_link = await pending_links(db, member, "reset", "reset", "login")
    assert (await client.get(second)).status_code == 200
    done = await submit(client, first, password=NEW_PASSWORD)
    assert done.status_code == 303
    await submit(client, "/compte", "/deconnexion")
    assert "plus valable" in text_of(await client.get(second))
    token = await csrf_token(client, "/connexion")
    assert (
        await client.post(second, data={"csrf_token": token, "password": "encore une autre phrase"})
    ).status_code == 400
    assert (await client.get(login_link)).status_code == 400
    await login(client, "amina@exemple.fr", NEW_PASSWORD)


async def test_changing_her_password_in_the_account_voids_pending_links(client, db):
    member = await create_member(db, "claire@exemple.fr")
    reset_link, login_link = await pending_links(db, member, "reset", "login")
    await login(client, "claire@exemple.fr")
    changed = await submit(
        client, "/compte", "/compte/mot-de-passe", current_password=PASSWORD, new_password=NEW_PASSWORD
    )
    assert changed.status_code == 303
    await submit(client, "/compte", "/deconnexion")
    assert (await client.get(reset_link)).status_code == 400
    assert (await client.get(login_link)).status_code == 400


async def test_a_delivered_email_keeps_no_working_link(app, client, db, capsys):
    await create_member(db, "sophie@exemple.fr")
    await submit(client, "/mot-de-passe-oublie", email="sophie@exemple.fr")
    link = await link_in_last_email(db, "sophie@exemple.fr", "/reinitialiser/")
    token = link.rsplit("/", 1)[1]

    assert (
        await deliver_pending(
            db,
            smtp_url=None,
            sender="Entraide <test@entraide.local>",
            secret_key="k",
            base_origin="http://test",
        )
        == 1
    )
    assert token in capsys.readouterr().out  # what went out held the link...
    stored = await last_email_to(db, "sophie@exemple.fr")
    assert stored.sent_at is not None
    assert token not in stored.body and REDACTED_LINK in stored.body  # ...the copy kept does not

    await create_member(db, "admin@exemple.fr", roles={"admin"})
    await login(client, "admin@exemple.fr")
    outbox = await client.get("/admin/outbox")
    assert outbox.status_code == 200
    assert token not in outbox.text and "lien masqué après envoi" in text_of(outbox)
    # Sophie, who got the e-mail, can still use it.
    await submit(client, "/compte", "/deconnexion")
    assert (await submit(client, link, password=NEW_PASSWORD)).status_code == 303


async def test_outside_development_the_outbox_page_shows_no_link(settings, db):
    await create_member(db, "admin@exemple.fr", roles={"admin"})
    await create_member(db, "julie@exemple.fr")
    production = create_app(settings.with_(env="production"), run_background_jobs=False)
    async with production.router.lifespan_context(production):
        transport = httpx.ASGITransport(app=production, client=("127.0.0.1", 50002))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as browser:
            await submit(browser, "/mot-de-passe-oublie", email="julie@exemple.fr")
            token = (await link_in_last_email(db, "julie@exemple.fr", "/reinitialiser/")).rsplit("/", 1)[1]
            await login(browser, "admin@exemple.fr")
            page = await browser.get("/admin/outbox")
            assert token not in page.text
            assert page.status_code == 404


def test_redaction_takes_every_credential_link_and_leaves_the_others():
    body = (
        "Lien : http://testserver/reinitialiser/abc-DEF_123\n"
        "Connexion : https://entraide.example/connexion/lien/Zm9v\n"
        "Confirmer : https://entraide.example/adhesion/confirmer/xyz.\n"
        "Agenda : https://entraide.example/ateliers/agenda/0123456789abcdef0123456789abcdef0123.ics\n"
        "Ateliers : https://entraide.example/ateliers/12\n"
        "MOOC : https://entraide.example/mooc/creer-son-entreprise-pas-a-pas-et-sans-stress-inutile\n"
    )
    redacted = redact_secret_links(body)
    assert redacted.count(REDACTED_LINK) == 4
    assert "https://entraide.example/ateliers/12\n" in redacted
    assert "https://entraide.example/mooc/creer-son-entreprise-pas-a-pas-et-sans-stress-inutile" in redacted
    assert not re.search(r"reinitialiser|connexion/lien|confirmer/|agenda/0", redacted)


async def test_the_outbox_table_keeps_no_reset_token_once_sent(client, db):
    for n in range(3):
        await create_member(db, f"membre{n}@exemple.fr")
        await submit(client, "/mot-de-passe-oublie", email=f"membre{n}@exemple.fr")
    await deliver_pending(
        db, smtp_url=None, sender="Entraide <test@entraide.local>", secret_key="k", base_origin="http://test"
    )
    async with db.session() as session:
        bodies = (await session.execute(select(OutboxEmail.body))).scalars().all()
    assert len(bodies) == 3 and not any("/reinitialiser/" in body for body in bodies)

"""Issue 11, sign-up: the address is confirmed by e-mail and the page never tells whether it already had an
account; display names lose the invisible characters that could disguise them."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
import pytest
from sqlalchemy import CursorResult, Row, func, select, text

from learning.db import Database
from learning.demo import DEMO_PASSWORD, create_admin, load_demo
from learning.forms import clean_display_name
from learning.migrate import upgrade
from learning.models import Member, OutboxEmail
from learning.views_auth import MAIL_PER_ADDRESS_LIMIT
from tests.conftest import PG_URL, _pg_admin
from tests.helpers import PASSWORD, create_member, link_in_last_email, login, sign_up, submit, text_of

HIDDEN = (
    "\u202e\u200b\u2066\u00ad\x07"  # right-to-left override, zero-width space, isolate, soft hyphen, bell
)


def page_without_secrets(response: httpx.Response, email: str) -> str:
    return (
        re.sub(r'name="csrf_token" value="[^"]+"', "", response.text)
        .replace(email, "ADDRESS")
        .replace(email.replace("@", "%40"), "ADDRESS")
    )


async def emails_to(db: Database, address: str) -> list[OutboxEmail]:
    async with db.session() as session:
        return list(
            (
                await session.execute(
                    select(OutboxEmail).where(OutboxEmail.to_address == address).order_by(OutboxEmail.id)
                )
            ).scalars()
        )


async def test_sign_up_answers_alike_for_a_new_address_and_a_known_one(client, db):
    await create_member(db, "claire@exemple.fr", name="Claire Martin")
    new = await submit(
        client, "/adhesion", charte="oui", name="Inès Nouvelle", email="ines@exemple.fr", password=PASSWORD
    )
    known = await submit(
        client,
        "/adhesion",
        charte="oui",
        name="Quelqu'un d'autre",
        email="claire@exemple.fr",
        password=PASSWORD,
    )
    assert new.status_code == known.status_code == 200
    assert page_without_secrets(new, "ines@exemple.fr") == page_without_secrets(known, "claire@exemple.fr")
    assert new.headers.get("set-cookie", "").count("entraide_session") == 0
    assert known.headers.get("set-cookie", "").count("entraide_session") == 0
    # Only the owners of the addresses learn which case it was.
    [to_new] = await emails_to(db, "ines@exemple.fr")
    assert to_new.subject == "Confirmez votre adresse e-mail" and "/adhesion/confirmer/" in to_new.body
    [to_known] = await emails_to(db, "claire@exemple.fr")
    assert to_known.subject == "Votre compte Entraide existe déjà"
    async with db.session() as session:
        claire = await session.scalar(select(Member).where(Member.email == "claire@exemple.fr"))
        assert claire.name == "Claire Martin"  # the stranger's sign-up changed nothing


async def test_she_logs_in_only_once_her_address_is_confirmed(app, client, db):
    sent = await submit(
        client, "/adhesion", charte="oui", name="Julie Morel", email="julie@exemple.fr", password=PASSWORD
    )
    assert sent.status_code == 200
    unconfirmed = await submit(client, "/connexion", email="julie@exemple.fr", password=PASSWORD)
    assert unconfirmed.status_code == 403
    assert "pas encore confirmée" in text_of(unconfirmed)
    assert 'action="/adhesion/confirmer"' in unconfirmed.text  # she is offered a new link
    assert (await client.get("/compte")).status_code == 303
    # A wrong password says no more than for anybody else.
    wrong = await submit(client, "/connexion", email="julie@exemple.fr", password="pas le bon mot de passe")
    assert wrong.status_code == 400 and "confirmée" not in text_of(wrong)

    # Asking again at once: the same answer, and no second e-mail within five minutes.
    again = await submit(client, "/adhesion/confirmer", email="julie@exemple.fr")
    assert again.status_code == 200 and "nouveau lien" in text_of(again)
    assert len(await emails_to(db, "julie@exemple.fr")) == 1
    first_link = await link_in_last_email(db, "julie@exemple.fr", "/adhesion/confirmer/")
    await app.state.rate_limits.clear(
        MAIL_PER_ADDRESS_LIMIT, "confirm-mail:julie@exemple.fr"
    )  # five minutes on
    await submit(client, "/adhesion/confirmer", email="julie@exemple.fr")
    assert len(await emails_to(db, "julie@exemple.fr")) == 2
    link = await link_in_last_email(db, "julie@exemple.fr", "/adhesion/confirmer/")
    assert link != first_link

    confirmed = await submit(client, link)
    assert confirmed.status_code == 303 and confirmed.headers["location"] == "/compte?bienvenue=1"
    assert "Bienvenue ! Votre compte est créé." in text_of(await client.get(confirmed.headers["location"]))
    assert "plus valable" in text_of(await client.get(first_link))  # one confirmation voids the other links
    await submit(client, "/compte", "/deconnexion")
    await login(client, "julie@exemple.fr")
    async with db.session() as session:
        member = await session.scalar(select(Member).where(Member.email == "julie@exemple.fr"))
        assert member.email_confirmed_at is not None


async def test_a_confirmation_request_for_an_unknown_address_answers_the_same(client, db):
    await submit(
        client, "/adhesion", charte="oui", name="Awa Diallo", email="awa@exemple.fr", password=PASSWORD
    )
    await create_member(db, "nadia@exemple.fr")
    answers = [
        await submit(client, "/adhesion/confirmer", email=address)
        for address in ("awa@exemple.fr", "nadia@exemple.fr", "personne@exemple.fr")
    ]
    assert {a.status_code for a in answers} == {200}
    assert len({page_without_secrets(a, "") for a in answers}) == 1
    assert await emails_to(db, "personne@exemple.fr") == [] and await emails_to(db, "nadia@exemple.fr") == []


async def test_no_login_link_opens_an_unconfirmed_account(client, db):
    # Whoever filled in the form may not own the address: a login link would let the owner into an account
    # whose password a stranger chose. She confirms the address, or chooses a password with a reset link.
    await submit(
        client,
        "/adhesion",
        charte="oui",
        name="Pas Moi",
        email="awa@exemple.fr",
        password="le mot de passe d'une autre",
    )
    sent = await submit(client, "/connexion/lien", email="awa@exemple.fr")
    assert sent.status_code == 200 and "un e-mail vient de partir" in text_of(sent)
    assert [e.subject for e in await emails_to(db, "awa@exemple.fr")] == ["Confirmez votre adresse e-mail"]


async def test_an_expired_confirmation_link_is_refused(client, db):
    await submit(
        client, "/adhesion", charte="oui", name="Awa Diallo", email="awa@exemple.fr", password=PASSWORD
    )
    link = await link_in_last_email(db, "awa@exemple.fr", "/adhesion/confirmer/")
    async with db.session() as session:
        await session.execute(text("UPDATE one_time_tokens SET expires_at = created_at"))
        await session.commit()
    refused = await client.get(link)
    assert refused.status_code == 400 and "plus valable" in text_of(refused)
    assert (await submit(client, "/connexion", email="awa@exemple.fr", password=PASSWORD)).status_code == 403


async def test_a_reset_link_confirms_the_address_it_reached(client, db):
    await submit(
        client, "/adhesion", charte="oui", name="Awa Diallo", email="awa@exemple.fr", password=PASSWORD
    )
    await submit(client, "/mot-de-passe-oublie", email="awa@exemple.fr")
    link = await link_in_last_email(db, "awa@exemple.fr", "/reinitialiser/")
    assert (await submit(client, link, password="une toute nouvelle phrase")).status_code == 303
    assert (await client.get("/compte")).status_code == 200


async def test_the_demo_members_and_a_new_admin_log_in_at_once(settings, client, db):
    await load_demo(settings)
    await login(client, "amina@entraide.test", DEMO_PASSWORD)
    await submit(client, "/compte", "/deconnexion")
    # An account opened through the form with the address the operator now makes admin: her password wins.
    await submit(
        client,
        "/adhesion",
        charte="oui",
        name="Pas Moi",
        email="premiere@exemple.fr",
        password="le mot de passe d'une autre",
    )
    assert await create_admin(settings, email="premiere@exemple.fr", name="Première", password=PASSWORD) == 0
    await login(client, "premiere@exemple.fr")
    assert (await client.get("/admin")).status_code == 200


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_members_from_before_the_confirmation_are_confirmed_by_the_migration(dialect, tmp_path):
    name = f"entraide_migration_{uuid.uuid4().hex[:10]}"
    if dialect == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'before.db'}"
    else:
        _pg_admin(f'CREATE DATABASE "{name}"')
        url = re.sub(r"/[^/]*$", f"/{name}", PG_URL)

    async def in_db(statement: str) -> Sequence[Row[Any]] | None:
        db = Database(url)
        try:
            async with db.session() as session:
                result = await session.execute(text(statement))
                assert isinstance(result, CursorResult)  # a textual statement: the DBAPI cursor's result
                rows = result.all() if result.returns_rows else None
                await session.commit()
                return rows
        finally:
            await db.dispose()

    try:
        upgrade(url, "learning_0002")
        asyncio.run(
            in_db(
                "INSERT INTO members (email, name, password_hash, project, roles, created_at) "
                "VALUES ('ancienne@exemple.fr', 'Ancienne', 'x', '', '', '2026-01-02 03:04:05')"
            )
        )
        upgrade(url, "heads")
        [(confirmed_at,)] = asyncio.run(in_db("SELECT email_confirmed_at FROM members"))
        assert confirmed_at is not None
        assert str(confirmed_at).startswith("2026-01-02 03:04:05")
    finally:
        if dialect == "postgresql":
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Display names -----------------------------------------------------------------------------------------


def test_clean_display_name_drops_what_cannot_be_seen():
    assert clean_display_name(f"Amina{HIDDEN} Benali") == "Amina Benali"
    assert clean_display_name("\u202eilaneB animA") == "ilaneB animA"
    assert clean_display_name("Zoë\u2028\u2029Durand\t\n") == "Zoë Durand"
    assert clean_display_name("Fatou 🙂 N'Diaye") == "Fatou 🙂 N'Diaye"
    assert clean_display_name(HIDDEN + " \u2028 ") == ""


async def test_names_lose_invisible_characters_at_sign_up_and_in_the_profile(client, db):
    refused = await submit(
        client, "/adhesion", charte="oui", name=HIDDEN, email="vide@exemple.fr", password=PASSWORD
    )
    assert refused.status_code == 400 and "Indiquez votre prénom et votre nom." in text_of(refused)
    await sign_up(client, db, name=f"Amina\u202e Benali{HIDDEN}", email="amina@exemple.fr")
    async with db.session() as session:
        assert (
            await session.scalar(select(Member.name).where(Member.email == "amina@exemple.fr"))
            == "Amina Benali"
        )

    saved = await submit(client, "/compte", "/compte/profil", name="Amina\u200b\u2066Ben\u202eali")
    assert saved.status_code == 303
    empty = await submit(client, "/compte", "/compte/profil", name=f"{HIDDEN}\u2029")
    assert empty.status_code == 400 and "Indiquez votre prénom et votre nom." in text_of(empty)
    async with db.session() as session:
        assert (
            await session.scalar(select(Member.name).where(Member.email == "amina@exemple.fr"))
            == "AminaBenali"
        )


async def test_create_admin_cleans_the_name_and_refuses_an_invisible_one(settings, db, capsys):
    assert await create_admin(settings, email="vide@exemple.fr", name=HIDDEN, password=PASSWORD) == 2
    assert "vide" in capsys.readouterr().err
    assert (
        await create_admin(settings, email="helene@exemple.fr", name="Hélène\u202e Admin", password=PASSWORD)
        == 0
    )
    async with db.session() as session:
        assert (
            await session.scalar(
                select(func.count()).select_from(Member).where(Member.email == "vide@exemple.fr")
            )
            == 0
        )
        assert (
            await session.scalar(select(Member.name).where(Member.email == "helene@exemple.fr"))
            == "Hélène Admin"
        )

"""« Mes e-mails », followed themes, subscriptions and the one-click unsubscribe, as a member meets them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from sqlalchemy import func, select

from learning import email_kinds
from learning.models import EmailPreference, OutboxEmail
from learning.outbox import build_message, queue_email
from live import jobs, subscriptions
from tests.helpers import create_member, deliver_outbox, login, submit, text_of
from tests.live.helpers import add_workshop


async def _client(app, email: str, port: int) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", port))
    client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    await login(client, email)
    return client


async def _emails(db, address: str, subject_start: str = "") -> list[OutboxEmail]:
    async with db.session() as session:
        return list(
            await session.scalars(
                select(OutboxEmail)
                .where(OutboxEmail.to_address == address, OutboxEmail.subject.startswith(subject_start))
                .order_by(OutboxEmail.id)
            )
        )


async def _queue(db, member, kind: str, subject: str) -> None:
    async with db.session() as session:
        queue_email(
            session, kind=kind, to=member.email, member_id=member.id, subject=subject, body="Bonjour."
        )
        await session.commit()


async def test_a_workshop_published_on_a_theme_she_follows_reaches_her_once(app, db, settings):
    await create_member(db, "amina@exemple.fr", name="Amina")
    await create_member(db, "claire@exemple.fr", name="Claire")
    await create_member(db, "sophie@exemple.fr", name="Sophie")
    await create_member(db, "nadia@exemple.fr", name="Nadia", roles={"coordinatrice"})
    host = await create_member(db, "louise@exemple.fr", name="Louise", roles={"intervenante"})
    clients = {
        name: await _client(app, f"{name}@exemple.fr", 52000 + i)
        for i, name in enumerate(("amina", "claire", "sophie", "nadia"))
    }
    try:
        page = await clients["amina"].get("/compte/e-mails/themes")
        assert "Mes thèmes" in page.text and "Communication et réseaux sociaux" in page.text
        saved = await submit(
            clients["amina"], "/compte/e-mails", "/compte/e-mails/themes", theme=["communication"]
        )
        assert saved.status_code == 303
        assert "Vos thèmes sont enregistrés" in text_of(await clients["amina"].get(saved.headers["location"]))
        await submit(clients["claire"], "/compte/e-mails", "/compte/e-mails/themes", theme=["financement"])
        # Sophie follows the theme but turned these e-mails off (every other box left ticked).
        await submit(clients["sophie"], "/compte/e-mails", "/compte/e-mails/themes", theme=["communication"])
        others = {
            k.key: "1" for k in email_kinds.KINDS.values() if not k.essential and k.key != "subscriptions"
        }
        await submit(clients["sophie"], "/compte/e-mails", **others)

        workshop = await add_workshop(db, host, title="Instagram pour les artisanes", status="proposed")
        await jobs.run_once(db, settings)
        assert await _emails(db, "amina@exemple.fr", "Nouvel atelier") == []  # not published yet
        published = await submit(
            clients["nadia"], f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/publier"
        )
        assert published.status_code == 303
        report = await jobs.run_once(db, settings)
        assert report.announced == 1

        (email,) = await _emails(db, "amina@exemple.fr", "Nouvel atelier")
        assert email.kind == "subscriptions" and "Instagram pour les artisanes" in email.body
        assert f"http://testserver/ateliers/{workshop.id}" in email.body
        assert await _emails(db, "claire@exemple.fr", "Nouvel atelier") == []  # another theme
        assert await _emails(db, "sophie@exemple.fr", "Nouvel atelier") == []  # e-mails off
        assert await _emails(db, "louise@exemple.fr", "Nouvel atelier") == []  # her own workshop

        # In the site too: on her home page, and on Sophie's (only the e-mail is off).
        assert "Nouvel atelier sur vos thèmes : « Instagram pour les artisanes »" in text_of(
            await clients["amina"].get("/")
        )
        assert "Instagram pour les artisanes" in text_of(await clients["sophie"].get("/"))
        assert "Instagram pour les artisanes" not in text_of(await clients["claire"].get("/"))

        # Announced once, however often the job runs, and by one of two processes at the same moment.
        await jobs.run_once(db, settings)
        assert len(await _emails(db, "amina@exemple.fr", "Nouvel atelier")) == 1
        second = await add_workshop(db, host, title="TikTok sans se perdre", starts_in=timedelta(days=9))
        now = second.created_at
        counts = await asyncio.gather(
            *(subscriptions.announce_one(db, settings, second.id, now) for _ in range(2))
        )
        assert sorted(counts) == [0, 1]
    finally:
        for client in clients.values():
            await client.aclose()


async def test_non_essential_e_mails_carry_a_one_click_unsubscribe_and_essential_ones_do_not(
    app, client, db, settings
):
    amina = await create_member(db, "amina@exemple.fr", name="Amina")
    await _queue(db, amina, email_kinds.WORKSHOP_REMINDERS, "Demain : Bien démarrer")
    await _queue(db, amina, email_kinds.ACCOUNT, "Choisir un nouveau mot de passe")
    assert await deliver_outbox(db, settings) == 2

    reminder, account = await _emails(db, "amina@exemple.fr")
    assert reminder.unsubscribe_url and reminder.unsubscribe_url.startswith(
        "http://testserver/e-mails/desabonnement?t="
    )
    assert "Ne plus recevoir ces e-mails, en un clic" in reminder.body
    message = build_message(reminder, "Entraide <test@entraide.local>")
    assert message["List-Unsubscribe"] == f"<{reminder.unsubscribe_url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = build_message(account, "Entraide <test@entraide.local>")
    assert account.unsubscribe_url is None and "Ne plus recevoir" not in account.body
    assert plain["List-Unsubscribe"] is None and plain["List-Unsubscribe-Post"] is None

    # No login: the link shows one button; a mail client's one-click POST (no cookie, no CSRF token) works.
    path = reminder.unsubscribe_url.removeprefix("http://testserver")
    shown = await client.get(path)
    assert shown.status_code == 200 and "Me désabonner" in shown.text and "Rappels d'ateliers" in shown.text
    async with db.session() as session:
        assert await email_kinds.wants(
            session, amina.id, email_kinds.WORKSHOP_REMINDERS
        )  # a GET changes nothing
    done = await client.post(
        path,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200
    assert "vous ne recevrez plus les e-mails « Rappels d'ateliers »" in text_of(done)
    assert 'href="/compte/e-mails"' in done.text
    async with db.session() as session:
        assert not await email_kinds.wants(session, amina.id, email_kinds.WORKSHOP_REMINDERS)

    # Turned off: the next reminder is not sent; an essential e-mail still is.
    await _queue(db, amina, email_kinds.WORKSHOP_REMINDERS, "Dans une heure : Bien démarrer")
    await _queue(db, amina, email_kinds.WORKSHOP_REGISTRATION, "Inscription confirmée : Bien démarrer")
    assert await deliver_outbox(db, settings) == 1
    assert [e.subject for e in await _emails(db, "amina@exemple.fr")][-1].startswith("Inscription confirmée")
    assert await _emails(db, "amina@exemple.fr", "Dans une heure") == []


async def test_a_forged_or_foreign_unsubscribe_link_is_refused_in_french(client, db, settings):
    amina = await create_member(db, "amina@exemple.fr", name="Amina")
    good = email_kinds.unsubscribe_token(settings.secret_key, amina.id, email_kinds.BOARD_DIGEST)
    forged = [
        good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
        email_kinds.unsubscribe_token("une autre clé secrète", amina.id, email_kinds.BOARD_DIGEST),
        email_kinds.unsubscribe_token(settings.secret_key, amina.id, email_kinds.ACCOUNT),  # essential
        email_kinds.unsubscribe_token(settings.secret_key, 999_999, email_kinds.BOARD_DIGEST),  # nobody
        "x" * 5000,
        "",
    ]
    for token in forged:
        for method in ("GET", "POST"):
            response = await client.request(method, "/e-mails/desabonnement", params={"t": token})
            assert response.status_code == 400, (method, token[:40])
            assert "Ce lien de désabonnement n'est pas valable" in text_of(response)
    async with db.session() as session:
        count = await session.scalar(select(func.count()).select_from(EmailPreference))
    assert count == 0


async def test_mes_e_mails_lists_every_kind_and_keeps_her_choices(app, db, settings):
    member = await create_member(db, "amina@exemple.fr", name="Amina")
    amina = await _client(app, "amina@exemple.fr", 52100)
    try:
        account = await amina.get("/compte")
        assert 'href="/compte/e-mails"' in account.text
        page = text_of(await amina.get("/compte/e-mails"))
        for kind in email_kinds.KINDS.values():
            assert kind.label in page
        assert "toujours envoyé" in page
        # Everything off but the board digest, weekly; an essential kind posted « off » stays on.
        saved = await submit(
            amina, "/compte/e-mails", board_digest="1", frequency_board_digest="weekly", account="0"
        )
        assert saved.headers["location"] == "/compte/e-mails?enregistre=1"
        page = await amina.get("/compte/e-mails?enregistre=1")
        assert "Vos choix d'e-mails sont enregistrés" in text_of(page)
        assert 'name="board_digest" value="1" checked' in page.text
        assert 'name="workshop_reminders" value="1" checked' not in page.text
        assert '<option value="weekly" selected>' in page.text
        async with db.session() as session:
            prefs = await email_kinds.preferences(session, member.id)
            assert email_kinds.ACCOUNT not in prefs
        # A frequency that does not exist is ignored, not stored.
        await submit(amina, "/compte/e-mails", board_digest="1", frequency_board_digest="toutes-les-heures")
        assert '<option value="weekly" selected>' in (await amina.get("/compte/e-mails")).text
    finally:
        await amina.aclose()

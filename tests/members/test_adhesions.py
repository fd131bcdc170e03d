"""Membership of the association: admins record payments, she sees her status and the payment link, CSV
export, and the renewal reminder sent once, to those due only, even with two processes at once."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
from collections.abc import AsyncIterator
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from learning.members.adhesion import one_year_after, today
from learning.members.models import Adhesion
from learning.members.renewal import send_renewal_reminders
from learning.models import Member, OutboxEmail
from learning.state import app_state
from tests.helpers import create_member, login, submit, text_of, words_of

PAY_URL = "https://www.helloasso.com/associations/entraide/adhesions/adhesion"


@pytest.fixture
def settings(settings):
    return settings.with_(membership_url=PAY_URL)


async def _member(db, email: str, *, renews_in: int | None = None, name: str | None = None) -> Member:
    member = await create_member(db, email, name=name or email.split("@")[0].capitalize())
    if renews_in is not None:
        async with db.session() as session:
            renews_on = today() + timedelta(days=renews_in)
            session.add(
                Adhesion(
                    member_id=member.id, last_paid_on=renews_on - timedelta(days=365), renews_on=renews_on
                )
            )
            await session.commit()
    return member


@contextlib.asynccontextmanager
async def _admin_client(app, db) -> AsyncIterator[httpx.AsyncClient]:
    await create_member(db, "helene@exemple.fr", name="Hélène Admin", roles={"admin"})
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await login(client, "helene@exemple.fr")
        yield client


async def test_she_sees_her_status_and_the_payment_link_when_due(client, db):
    await _member(db, "amina@exemple.fr", renews_in=20)
    await login(client, "amina@exemple.fr")
    page = words_of(await client.get("/compte/adhesion"))
    assert "Mon adhésion à l'association" in page and "À renouveler — avant le" in page
    assert f'href="{PAY_URL}"' in (await client.get("/compte/adhesion")).text


async def test_a_member_up_to_date_gets_no_payment_link(client, db):
    await _member(db, "sophie@exemple.fr", renews_in=200)
    await login(client, "sophie@exemple.fr")
    response = await client.get("/compte/adhesion")
    assert "Adhérente à jour" in text_of(response) and PAY_URL not in response.text


async def test_without_a_payment_page_she_is_told_to_contact_the_team(app, client, db):
    app_state(app).settings = app_state(app).settings.with_(membership_url="")
    await _member(db, "julie@exemple.fr")
    await login(client, "julie@exemple.fr")
    page = text_of(await client.get("/compte/adhesion"))
    assert "Non adhérente" in page and 'href="/contact?objet=adhesion"' in page


async def test_an_admin_records_a_payment_and_the_dates_move(app, client, db):
    claire = await _member(db, "claire@exemple.fr", renews_in=-45, name="Claire Martin")
    async with _admin_client(app, db) as admin:
        listing = text_of(await admin.get("/admin/adhesions?filtre=echues"))
        assert "Claire Martin" in listing and "Hélène Admin" not in listing
        paid = today() - timedelta(days=2)
        done = await submit(
            admin,
            "/admin/adhesions",
            "/admin/adhesions/paiement",
            member_id=str(claire.id),
            paid_on=paid.isoformat(),
        )
        assert done.status_code == 303
        async with db.session() as session:
            row = await session.get(Adhesion, claire.id)
            assert row is not None and row.last_paid_on == paid and row.renews_on == one_year_after(paid)
        assert "Claire Martin" in text_of(await admin.get("/admin/adhesions?filtre=a-jour"))
        assert "Claire Martin" not in text_of(await admin.get("/admin/adhesions?filtre=echues"))
        # A renewal date of her own, and bad dates refused in French.
        await submit(
            admin,
            "/admin/adhesions",
            "/admin/adhesions/paiement",
            member_id=str(claire.id),
            paid_on=paid.isoformat(),
            renews_on="2031-12-31",
        )
        async with db.session() as session:
            assert (await session.get(Adhesion, claire.id)).renews_on == date(2031, 12, 31)
        bad = await submit(
            admin,
            "/admin/adhesions",
            "/admin/adhesions/paiement",
            member_id=str(claire.id),
            paid_on="31/02/2026",
        )
        assert bad.status_code == 400 and "date de paiement valide" in text_of(bad)
        before = await submit(
            admin,
            "/admin/adhesions",
            "/admin/adhesions/paiement",
            member_id=str(claire.id),
            paid_on="2026-06-01",
            renews_on="2026-01-01",
        )
        assert before.status_code == 400 and "après celle du paiement" in text_of(before)
        nobody = await submit(
            admin, "/admin/adhesions", "/admin/adhesions/paiement", member_id="999999999999", paid_on=""
        )
        assert nobody.status_code == 400 and "Ce membre n'existe pas" in text_of(nobody)
    await login(client, "claire@exemple.fr")
    assert "Adhérente à jour" in text_of(await client.get("/compte/adhesion"))


async def test_filters_and_search(app, db):
    await _member(db, "amina@exemple.fr", renews_in=20, name="Amina Benali")
    await _member(db, "claire@exemple.fr", renews_in=-3, name="Claire Martin")
    await _member(db, "sophie@exemple.fr", renews_in=120, name="Sophie Durand")
    await _member(db, "julie@exemple.fr", name="Julie Morel")
    async with _admin_client(app, db) as admin:

        async def names(query: str) -> set[str]:
            page = text_of(await admin.get(f"/admin/adhesions?{query}"))
            return {n for n in ("Amina", "Claire", "Sophie", "Julie") if f"{n} " in page}

        assert await names("filtre=30-jours") == {"Amina"}
        assert await names("filtre=echues") == {"Claire"}
        assert await names("filtre=a-jour") == {"Sophie"}
        assert await names("filtre=non-adherentes") == {"Julie"}
        assert await names("q=durand") == {"Sophie"}
        assert await names("q=JULIE%40exemple") == {"Julie"}
        assert await names("q=%25") == set()  # a wildcard typed is a character, not « everyone »
        assert await names("filtre=nimporte") == {"Amina", "Claire", "Sophie", "Julie"}


async def test_csv_export(app, db):
    await _member(db, "amina@exemple.fr", renews_in=20, name="Amina Benali")
    await _member(db, "formule@exemple.fr", renews_in=100, name="=HYPERLINK(1)")
    async with _admin_client(app, db) as admin:
        response = await admin.get("/admin/adhesions.csv?filtre=30-jours")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
        assert rows[0] == ["Nom", "E-mail", "Statut", "Dernier paiement", "Renouvellement"]
        assert rows[1:] == [
            [
                "Amina Benali",
                "amina@exemple.fr",
                "À renouveler",
                (today() - timedelta(days=345)).isoformat(),
                (today() + timedelta(days=20)).isoformat(),
            ]
        ]
        everyone = list(
            csv.reader(io.StringIO((await admin.get("/admin/adhesions.csv")).text), delimiter=";")
        )
        assert ["'=HYPERLINK(1)", "formule@exemple.fr"] in [r[:2] for r in everyone]


async def test_members_get_403_on_the_admin_pages(client, db):
    await _member(db, "amina@exemple.fr")
    await create_member(db, "nadia@exemple.fr", roles={"coordinatrice"})
    for who in ("amina@exemple.fr", "nadia@exemple.fr"):
        await login(client, who)
        for path in ("/admin/adhesions", "/admin/adhesions.csv", "/admin/contact"):
            assert (await client.get(path)).status_code == 403, (who, path)
        refused = await submit(client, "/compte", "/admin/adhesions/paiement", member_id="1", paid_on="")
        assert refused.status_code == 403


async def _reminders(db) -> dict[str, int]:
    async with db.session() as session:
        rows = await session.execute(
            select(OutboxEmail.to_address, func.count())
            .where(OutboxEmail.subject == "Votre adhésion arrive à échéance")
            .group_by(OutboxEmail.to_address)
        )
        return dict(rows.all())


async def test_the_renewal_reminder_goes_once_and_only_to_those_due(app, db):
    settings = app_state(app).settings
    await _member(db, "amina@exemple.fr", renews_in=20)  # due
    await _member(db, "fatou@exemple.fr", renews_in=30)  # due, last day of the window
    await _member(db, "sophie@exemple.fr", renews_in=31)  # not yet
    await _member(db, "claire@exemple.fr", renews_in=-1)  # lapsed: the reminder was for before
    await _member(db, "julie@exemple.fr")  # never paid
    # Two processes at once: each reminder is claimed by one of them.
    counts = await asyncio.gather(send_renewal_reminders(db, settings), send_renewal_reminders(db, settings))
    assert sum(counts) == 2
    assert await _reminders(db) == {"amina@exemple.fr": 1, "fatou@exemple.fr": 1}
    assert await send_renewal_reminders(db, settings) == 0
    async with db.session() as session:
        email = await session.scalar(select(OutboxEmail).where(OutboxEmail.to_address == "amina@exemple.fr"))
        assert email is not None and PAY_URL in email.body and "arrive à échéance le" in email.body
    # A day later Sophie enters the window: her reminder, and nobody else's again.
    assert await send_renewal_reminders(db, settings, today() + timedelta(days=1)) == 1
    assert await _reminders(db) == {"amina@exemple.fr": 1, "fatou@exemple.fr": 1, "sophie@exemple.fr": 1}


async def test_a_new_period_gets_its_own_reminder(app, client, db):
    settings = app_state(app).settings
    amina = await _member(db, "amina@exemple.fr", renews_in=10)
    assert await send_renewal_reminders(db, settings) == 1
    async with _admin_client(app, db) as admin:
        await submit(
            admin, "/admin/adhesions", "/admin/adhesions/paiement", member_id=str(amina.id), paid_on=""
        )
    async with db.session() as session:
        renews_on = (await session.get(Adhesion, amina.id)).renews_on
    assert renews_on == one_year_after(today())
    assert await send_renewal_reminders(db, settings) == 0
    assert await send_renewal_reminders(db, settings, renews_on - timedelta(days=30)) == 1
    assert (await _reminders(db))["amina@exemple.fr"] == 2

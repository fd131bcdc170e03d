"""The coordinatrice's desk: only that coordination's coordinatrices and admins; new members first, confirmed
with a welcome e-mail or refused with a message; one e-mail per confirmed member through the outbox."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator

import httpx
from sqlalchemy import func, select

from learning.coordinations import membership, notices
from learning.coordinations.models import Membership
from learning.models import OutboxEmail
from tests.coordinations.helpers import brittany
from tests.helpers import create_member, last_email_to, login, submit, text_of, words_of


@contextlib.asynccontextmanager
async def _client_for(app, email: str, port: int) -> AsyncIterator[httpx.AsyncClient]:
    """Her own browser (its own cookies and address), logged in."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", port))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await login(client, email)
        yield client


async def test_only_its_coordinatrices_and_admins_open_the_desk(app, client, db):
    lead = await create_member(db, "lead@exemple.fr", name="Léa Lead", roles={"coordinatrice"})
    await brittany(db, leads=(lead.id,))
    await create_member(db, "autre@exemple.fr", roles={"coordinatrice"})  # the role, not this coordination
    await create_member(db, "admin@exemple.fr", roles={"admin"})
    await create_member(db, "membre@exemple.fr", coordination="Coordination de Rennes")
    visitor = await client.get("/coordinations/rennes/espace")
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/connexion?suite=")
    for port, (email, status) in enumerate(
        [
            ("lead@exemple.fr", 200),
            ("admin@exemple.fr", 200),
            ("autre@exemple.fr", 403),
            ("membre@exemple.fr", 403),
        ],
        start=52100,
    ):
        async with _client_for(app, email, port) as browser:
            assert (await browser.get("/coordinations/rennes/espace")).status_code == status, email
    async with _client_for(app, "lead@exemple.fr", 52200) as browser:
        assert (await browser.get("/coordinations/vitre/espace")).status_code == 403
        assert (await browser.get("/coordinations/nulle-part/espace")).status_code == 404


async def test_welcome_refuse_and_write_to_all(client, db):
    lead = await create_member(db, "lead@exemple.fr", name="Léa Lead", roles={"coordinatrice"})
    places = await brittany(db, leads=(lead.id,))
    for name in ("Anne", "Bea"):
        await create_member(
            db, f"{name.lower()}@exemple.fr", name=name, coordination="Coordination de Rennes"
        )
    new = await create_member(
        db,
        "nouvelle@exemple.fr",
        name="Zoé Nouvelle",
        coordination="Coordination de Rennes",
        status="pending",
    )
    other = await create_member(
        db, "autre@exemple.fr", name="Yasmine", coordination="Coordination de Rennes", status="pending"
    )
    elsewhere = await create_member(
        db, "vitre@exemple.fr", coordination="Coordination de Vitré", status="pending"
    )

    # Her notifications and her badge say who waits.
    async with db.session() as session:
        told = await notices.notifications(session, lead)
        assert [n.text for n in told] == ["2 nouvelles membres à accueillir dans la Coordination de Rennes"]
        assert told[0].url == "/coordinations/rennes/espace"
        assert await notices.badges(session, lead) == {"/coordinations": 2}

    await login(client, "lead@exemple.fr")
    home = (await client.get("/")).text
    assert re.search(r'href="/coordinations"[^>]*>Coordinations <span class="badge"[^>]*>2</span>', home)
    page = text_of(await client.get("/coordinations/rennes/espace"))
    # New ones first, with the welcome button; confirmed members after, with their date.
    assert page.index("Zoé Nouvelle") < page.index("Anne") and page.index("Yasmine") < page.index("Bea")
    assert "Confirmer et souhaiter la bienvenue" in page and "Membres confirmées (2)" in page
    assert "/coordinations/rennes/modifier" in page and "/coordinations/rennes/bilan" in page

    welcomed = await submit(
        client,
        "/coordinations/rennes/espace",
        "/coordinations/rennes/espace/bienvenue",
        member_id=str(new.id),
    )
    assert welcomed.status_code == 303 and "bienvenue=1" in welcomed.headers["location"]
    async with db.session() as session:
        row = await session.get(Membership, new.id)
        assert row is not None and row.status == "confirmed" and row.confirmed_by_id == lead.id
    mail = await last_email_to(db, "nouvelle@exemple.fr")
    assert mail is not None and mail.subject == "Bienvenue dans la Coordination de Rennes"
    assert "Léa Lead" in mail.body and "/coordinations/rennes" in mail.body
    # Twice, or someone of another coordination: refused, nothing changes.
    again = await submit(
        client,
        "/coordinations/rennes/espace",
        "/coordinations/rennes/espace/bienvenue",
        member_id=str(new.id),
    )
    assert again.status_code == 400 and "plus en attente" in text_of(again)
    foreign = await submit(
        client,
        "/coordinations/rennes/espace",
        "/coordinations/rennes/espace/bienvenue",
        member_id=str(elsewhere.id),
    )
    assert foreign.status_code == 400
    nonsense = await submit(
        client, "/coordinations/rennes/espace", "/coordinations/rennes/espace/bienvenue", member_id="abc"
    )
    assert nonsense.status_code == 400

    refused = await submit(
        client,
        "/coordinations/rennes/espace",
        "/coordinations/rennes/espace/refuser",
        member_id=str(other.id),
        message="Vitré est plus près de chez vous.",
    )
    assert refused.status_code == 303
    async with db.session() as session:
        assert await session.get(Membership, other.id) is None
    mail = await last_email_to(db, "autre@exemple.fr")
    assert mail is not None and "Vitré est plus près de chez vous." in mail.body

    # An e-mail to all: one per confirmed member (Anne, Bea, Zoé), and she is told how many.
    async with db.session() as session:
        before = await session.scalar(select(func.count()).select_from(OutboxEmail))
    empty = await submit(
        client, "/coordinations/rennes/espace", "/coordinations/rennes/espace/ecrire", subject="", body=""
    )
    assert empty.status_code == 400 and "Donnez un objet" in text_of(empty)
    sent = await submit(
        client,
        "/coordinations/rennes/espace",
        "/coordinations/rennes/espace/ecrire",
        subject="Rencontre de juin",
        body="Mardi à 18 h.",
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("envoyes=3")
    assert "3 e-mails mis en file d'envoi" in text_of(await client.get(sent.headers["location"]))
    async with db.session() as session:
        queued = list(
            await session.scalars(select(OutboxEmail).where(OutboxEmail.subject == "Rencontre de juin"))
        )
        assert await session.scalar(select(func.count()).select_from(OutboxEmail)) == before + 3
    assert sorted(m.to_address for m in queued) == [
        "anne@exemple.fr",
        "bea@exemple.fr",
        "nouvelle@exemple.fr",
    ]
    assert all("Mardi à 18 h." in m.body and "Coordination de Rennes" in m.body for m in queued)
    # Rate-limited: three a day per coordination.
    for _ in range(2):
        await submit(
            client,
            "/coordinations/rennes/espace",
            "/coordinations/rennes/espace/ecrire",
            subject="Encore",
            body="Texte gardé",
        )
    over = await submit(
        client,
        "/coordinations/rennes/espace",
        "/coordinations/rennes/espace/ecrire",
        subject="Encore",
        body="Texte gardé",
    )
    assert over.status_code == 429 and "réessayez demain" in text_of(over) and "Texte gardé" in text_of(over)
    assert places["rennes"].id


async def test_two_coordinatrices_answering_at_once_welcome_her_once(client, db):
    first = await create_member(db, "lea@exemple.fr", name="Léa", roles={"coordinatrice"})
    second = await create_member(db, "zoe@exemple.fr", name="Zoé", roles={"coordinatrice"})
    places = await brittany(db, leads=(first.id, second.id))
    new = await create_member(db, "new@exemple.fr", coordination="Coordination de Rennes", status="pending")
    rennes = places["rennes"].id
    # Both pages showed her as waiting; the first answer wins, the second changes nothing (the update is
    # conditional on « still pending », so that the check of the page and the write cannot drift apart).
    async with db.session() as one:
        assert await membership.confirm(one, new.id, rennes, first) is True
        await one.commit()
    async with db.session() as other:
        assert await membership.confirm(other, new.id, rennes, second) is False
        assert await membership.refuse(other, new.id, rennes) is False
        await other.commit()
    async with db.session() as session:
        row = await session.get(Membership, new.id)
        assert row is not None and row.status == "confirmed" and row.confirmed_by_id == first.id


async def test_the_desk_shows_her_local_figures_and_the_attendance_of_her_events(client, db):
    from datetime import timedelta

    from learning.db import utcnow
    from live.models import Registration
    from tests.live.helpers import add_workshop

    lead = await create_member(db, "lead@exemple.fr", name="Léa Lead", roles={"coordinatrice"})
    places = await brittany(db, leads=(lead.id,))
    came = await create_member(db, "anne@exemple.fr", name="Anne", coordination="Coordination de Rennes")
    missed = await create_member(db, "bea@exemple.fr", name="Bea", coordination="Coordination de Rennes")
    meeting = await add_workshop(
        db,
        lead,
        title="Rencontre de novembre",
        theme="rencontre",
        starts_in=-timedelta(days=10),
        capacity=40,
        in_person_at=("Mairie, place de la Mairie, Rennes", "Salle 2"),
        coordination=places["rennes"],
    )
    await add_workshop(
        db, lead, title="Atelier de Vitré", starts_in=-timedelta(days=5), coordination=places["vitre"]
    )
    async with db.session() as session:
        now = utcnow()
        for member, attended in ((came, True), (missed, False)):
            session.add(
                Registration(
                    workshop_id=meeting.id,
                    member_id=member.id,
                    status="confirmed",
                    confirmed_at=now,
                    attended_at=now if attended else None,
                )
            )
        await session.commit()
    await login(client, "lead@exemple.fr")
    page = words_of(await client.get("/coordinations/rennes/espace"))
    figures = page.split("En chiffres, sur douze mois")[1].split("Écrire à toutes les membres")[0]
    assert "1 rencontres et ateliers tenus" in figures
    assert "1 présences pour 2 inscriptions (50 %)" in figures
    assert "Rencontre de novembre" in figures and "Atelier de Vitré" not in figures  # another coordination's

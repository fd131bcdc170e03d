"""A coordination's page: its local life for everyone, its listed members for signed-in members only."""

from __future__ import annotations

from datetime import timedelta

from learning.coordinations.models import Membership
from learning.db import utcnow
from tests.helpers import text_of
from tests.live.helpers import add_coordination, add_members, add_workshop, browser_for


async def test_the_page_shows_local_life_and_listed_members_only_to_members(app, client, db):
    lead, listed, unlisted, pending, outsider, elsewhere = await add_members(db, 6)
    figeac = await add_coordination(
        db,
        "figeac",
        "Coordination de Figeac",
        leads=(lead,),
        meeting_place="Salle des fêtes, mairie de Figeac",
    )
    cluny = await add_coordination(db, "cluny", "Coordination de Cluny")
    async with db.session() as session:
        now = utcnow()
        for person, status, is_listed, where in (
            (listed, "confirmed", True, figeac),
            (unlisted, "confirmed", False, figeac),
            (pending, "pending", True, figeac),
            (elsewhere, "confirmed", True, cluny),
        ):
            session.add(
                Membership(
                    member_id=person.id,
                    coordination_id=where.id,
                    status=status,
                    listed=is_listed,
                    confirmed_at=now if status == "confirmed" else None,
                )
            )
        await session.commit()
    meeting = await add_workshop(
        db,
        lead,
        title="Rencontre mensuelle de Figeac",
        theme="rencontre",
        capacity=40,
        starts_in=timedelta(days=6),
        in_person_at=("Mairie\n46100 Figeac", "Salle des fêtes"),
        coordination=figeac,
    )
    await add_workshop(db, lead, title="Atelier de Cluny", coordination=cluny)
    await add_workshop(db, lead, title="Proposition de Figeac", coordination=figeac, status="proposed")

    public = await client.get("/coordinations/figeac")
    assert public.status_code == 200
    page = text_of(public)
    assert "Coordination de Figeac" in page and "Salle des fêtes, mairie de Figeac" in page
    assert "figeac@exemple.fr" in page and lead.name in page
    # live's block: its next meetings and workshops, in Paris time, with the places left.
    assert "Rencontre mensuelle de Figeac" in page and f'href="/ateliers/{meeting.id}"' in page
    assert "40 places restantes" in page and "En présentiel" in page
    assert "Atelier de Cluny" not in page and "Proposition de Figeac" not in page
    assert listed.name not in page and "réservée aux membres" in page
    assert "Adhérer" in page and "Rejoindre cette coordination" not in page

    async with await browser_for(app, db, outsider) as browser:
        page = text_of(await browser.get("/coordinations/figeac"))
        assert listed.name in page and unlisted.name not in page and pending.name not in page
        assert "Rejoindre cette coordination" in page and 'action="/coordinations/figeac/rejoindre"' in page
        assert "/coordinations/figeac/espace" not in page
    async with await browser_for(app, db, listed) as browser:
        page = text_of(await browser.get("/coordinations/figeac"))
        assert "Vous êtes membre de cette coordination" in page and "Rejoindre cette coordination" not in page
    async with await browser_for(app, db, pending) as browser:
        assert "une coordinatrice va vous accueillir" in text_of(await browser.get("/coordinations/figeac"))
    async with await browser_for(app, db, elsewhere) as browser:
        page = text_of(await browser.get("/coordinations/figeac"))
        assert "Rejoindre cette coordination" in page and "une autre coordination" in page
    async with await browser_for(app, db, lead) as browser:
        page = text_of(await browser.get("/coordinations/figeac"))
        assert "/coordinations/figeac/espace" in page and "/coordinations/figeac/modifier" in page

    missing = await client.get("/coordinations/nulle-part")
    assert missing.status_code == 404 and "Cette coordination n'existe pas" in text_of(missing)

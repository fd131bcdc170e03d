"""« Devenir bénévole »: the form, and the admins' review that gives roles or explains a refusal."""

from __future__ import annotations

from sqlalchemy import select

from learning.coordinations.geography import load_geography
from learning.coordinations.models import CoordinationLead, VolunteerApplication
from learning.db import Database
from learning.models import Member
from tests.coordinations.network_support import add_coordination
from tests.helpers import create_member, csrf_token, last_email_to, login, submit, text_of


async def _applications(db: Database) -> list[VolunteerApplication]:
    async with db.session() as session:
        return list(await session.scalars(select(VolunteerApplication).order_by(VolunteerApplication.id)))


async def test_a_visitor_learns_what_it_is_and_is_asked_to_log_in(client) -> None:
    page = await client.get("/benevolat")
    assert page.status_code == 200
    assert "Animer une coordination" in text_of(page) and 'href="/connexion?suite=/benevolat"' in page.text
    assert 'name="offers"' not in page.text
    sent = await client.post("/benevolat", data={})
    assert sent.status_code in (303, 403)  # no CSRF cookie yet, or the login page


async def test_a_member_applies_then_sees_her_application(client, db: Database) -> None:
    await load_geography(db)
    rennes = await add_coordination(db, "Rennes", "35238")
    await create_member(db, "vera@exemple.fr", name="Véra Benoît")
    await login(client, "vera@exemple.fr")

    page = await client.get("/benevolat")
    assert 'name="offers"' in page.text and "Aucune / nouvelle coordination" in text_of(page)
    sent = await submit(
        client,
        "/benevolat",
        commune="35000",
        availability="Un soir par mois",
        offers=["coordination", "atelier"],
        coordination_id=str(rennes.id),
        message="J'ai animé une association.",
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/benevolat?envoye=1"
    [application] = await _applications(db)
    assert application.status == "pending" and application.insee == "35238"
    assert application.offers == ("coordination", "atelier") and application.coordination_id == rennes.id

    mine = text_of(await client.get("/benevolat?envoye=1"))
    assert "Merci ! Votre proposition est envoyée" in mine
    assert "en cours d'examen" in mine and "Coordination de Rennes" in mine
    assert 'name="offers"' not in mine  # one application at a time
    token = await csrf_token(client, "/connexion")
    again = await client.post(
        "/benevolat",
        data={"csrf_token": token, "commune": "35000", "availability": "Le soir", "offers": "atelier"},
    )
    assert again.status_code == 400 and "encore en cours d'examen" in text_of(again)
    assert len(await _applications(db)) == 1


async def test_bad_input_gets_french_errors_and_keeps_what_she_typed(client, db: Database) -> None:
    await load_geography(db)
    await create_member(db, "vera@exemple.fr")
    await login(client, "vera@exemple.fr")

    empty = await submit(client, "/benevolat", commune="", availability="", message="Bonjour")
    assert empty.status_code == 400
    text = text_of(empty)
    assert "Indiquez votre commune" in text and "Dites-nous quand vous êtes disponible" in text
    assert "Cochez au moins une façon" in text and "Bonjour" in text

    unknown = await submit(client, "/benevolat", commune="Zzzyzx", availability="Le samedi", offers="atelier")
    assert unknown.status_code == 400 and "Nous ne trouvons pas cette commune" in text_of(unknown)
    assert "Le samedi" in text_of(unknown)

    forged = await submit(
        client,
        "/benevolat",
        commune="35000",
        availability="Le samedi",
        offers=["pirate"],
        coordination_id="abc",
    )
    assert forged.status_code == 400
    assert "Choisissez parmi les propositions" in text_of(
        forged
    ) and "Cette coordination n'existe pas" in text_of(forged)

    # « Saint-Martin » is many communes: she picks hers, and the form goes through.
    many = await submit(
        client, "/benevolat", commune="st martin", availability="Le samedi", offers="coup_de_pouce"
    )
    assert many.status_code == 400 and "Plusieurs communes correspondent" in text_of(many)
    assert 'type="radio" name="insee"' in many.text
    assert await _applications(db) == []
    chosen = await submit(
        client, "/benevolat", commune="st martin", insee="", availability="Le samedi", offers="coup_de_pouce"
    )
    assert chosen.status_code == 400
    first = many.text.split('name="insee" value="')[1].split('"')[0]
    picked = await submit(
        client,
        "/benevolat",
        commune="st martin",
        insee=first,
        availability="Le samedi",
        offers="coup_de_pouce",
    )
    assert picked.status_code == 303
    [application] = await _applications(db)
    assert application.insee == first and application.coordination_id is None


async def _apply(client, db: Database, email: str, **fields: str | list[str]) -> VolunteerApplication:
    await create_member(db, email, name="Véra Benoît")
    await login(client, email)
    token = await csrf_token(client, "/benevolat")
    data = {"csrf_token": token, "commune": "35238", "availability": "Le soir", **fields}
    sent = await client.post("/benevolat", data=data)
    assert sent.status_code == 303, text_of(sent)[:2000]
    client.cookies.clear()
    return (await _applications(db))[-1]


async def test_accepting_gives_the_roles_the_lead_and_an_email(client, db: Database) -> None:
    await load_geography(db)
    rennes = await add_coordination(db, "Rennes", "35238")
    application = await _apply(
        client, db, "vera@exemple.fr", offers=["coordination", "atelier"], coordination_id=str(rennes.id)
    )
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    review = text_of(await client.get("/admin/benevoles"))
    assert "Véra Benoît" in review and "Rennes (35)" in review
    assert "Coordination de Rennes — environ 0 min" in review and "Un soir" not in review
    assert "Le soir" in review and "distance à vol d'oiseau" in review

    done = await submit(client, "/admin/benevoles", f"/admin/benevoles/{application.id}/accepter")
    assert done.status_code == 303 and done.headers["location"] == "/admin/benevoles?fait=accepte"
    async with db.session() as session:
        vera = await session.scalar(select(Member).where(Member.email == "vera@exemple.fr"))
        assert vera is not None and vera.roles == {"membre", "coordinatrice", "intervenante"}
        assert await session.get(CoordinationLead, (rennes.id, vera.id)) is not None
        decided = await session.get(VolunteerApplication, application.id)
        assert decided is not None and decided.status == "accepted" and decided.decided_at is not None
    email = await last_email_to(db, "vera@exemple.fr")
    assert email is not None and email.subject == "Votre proposition de bénévolat est acceptée"
    assert "coordinatrice de « Coordination de Rennes »" in email.body
    assert "/coordinations/rennes/espace" in email.body and "/ateliers/proposer" in email.body

    # Decided once: a second click does not decide again.
    twice = await submit(client, "/admin/benevoles", f"/admin/benevoles/{application.id}/accepter")
    assert twice.status_code == 409


async def test_coup_de_pouce_alone_gives_no_role(client, db: Database) -> None:
    await load_geography(db)
    application = await _apply(client, db, "vera@exemple.fr", offers=["coup_de_pouce"])
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    assert (
        await submit(client, "/admin/benevoles", f"/admin/benevoles/{application.id}/accepter")
    ).status_code == 303
    async with db.session() as session:
        vera = await session.scalar(select(Member).where(Member.email == "vera@exemple.fr"))
        assert vera is not None and vera.roles == {"membre"}
        assert list(await session.scalars(select(CoordinationLead))) == []


async def test_declining_needs_a_message_and_mails_it(client, db: Database) -> None:
    await load_geography(db)
    application = await _apply(client, db, "vera@exemple.fr", offers=["atelier"])
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    action = f"/admin/benevoles/{application.id}/refuser"

    silent = await submit(client, "/admin/benevoles", action, decision_message="  ")
    assert silent.status_code == 400 and "Écrivez-lui un message" in text_of(silent)
    assert (await _applications(db))[0].status == "pending"
    assert await last_email_to(db, "vera@exemple.fr") is None

    said = await submit(
        client, "/admin/benevoles", action, decision_message="Nous avons assez d'intervenantes ce trimestre."
    )
    assert said.status_code == 303
    [decided] = await _applications(db)
    assert decided.status == "declined" and decided.decision_message.startswith("Nous avons assez")
    email = await last_email_to(db, "vera@exemple.fr")
    assert email is not None and "Nous avons assez d'intervenantes ce trimestre." in email.body
    async with db.session() as session:
        vera = await session.scalar(select(Member).where(Member.email == "vera@exemple.fr"))
        assert vera is not None and vera.roles == {"membre"}

    # She sees the answer on her page, and may offer again.
    client.cookies.clear()
    await login(client, "vera@exemple.fr")
    page = text_of(await client.get("/benevolat"))
    assert "non retenue" in page and "Nous avons assez d'intervenantes" in page and 'name="offers"' in page


async def test_only_admins_review(client, db: Database) -> None:
    await load_geography(db)
    application = await _apply(client, db, "vera@exemple.fr", offers=["atelier"])
    await create_member(db, "nadia@exemple.fr", roles={"coordinatrice"})
    await login(client, "nadia@exemple.fr")
    assert (await client.get("/admin/benevoles")).status_code == 403
    token_page = await client.get("/benevolat")
    assert token_page.status_code == 200
    refused = await submit(client, "/benevolat", f"/admin/benevoles/{application.id}/accepter")
    assert refused.status_code == 403
    assert (await _applications(db))[0].status == "pending"


async def test_admins_are_told_about_pending_applications(client, db: Database) -> None:
    await load_geography(db)
    await _apply(client, db, "vera@exemple.fr", offers=["atelier"])
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    home = await client.get("/")
    assert '<span class="badge" aria-label="1 en attente">1</span>' in home.text
    from learning.coordinations import admin_notices

    async with db.session() as session:
        chef = await session.scalar(select(Member).where(Member.email == "chef@exemple.fr"))
        vera = await session.scalar(select(Member).where(Member.email == "vera@exemple.fr"))
        assert chef is not None and vera is not None
        [notice] = await admin_notices.notifications(session, chef)
        assert notice.url == "/admin/benevoles" and "attend votre réponse" in notice.text
        assert await admin_notices.notifications(session, vera) == []
        assert await admin_notices.badges(session, vera) == {}

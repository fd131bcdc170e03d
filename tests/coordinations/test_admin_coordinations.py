"""Admins create, edit and delete coordinations; a coordinatrice edits her own coordination's details and
territory, not another's, and not its name, seat or coordinatrices; a plain member edits none."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from learning.coordinations import demo
from learning.coordinations.models import Coordination, CoordinationCommune, CoordinationLead, Membership
from learning.db import Database
from learning.models import Member
from learning.settings import Settings
from tests.helpers import create_member, csrf_token, login, submit, text_of

ADMIN, LEAD, MEMBER = "helene@exemple.fr", "coordinatrice@entraide.test", "amina@exemple.fr"


async def _people_and_demo(db: Database, settings: Settings) -> None:
    await create_member(db, ADMIN, name="Hélène Admin", roles={"admin"})
    await create_member(db, LEAD, name="Nadia Coordinatrice", roles={"coordinatrice"})  # Toulouse's (demo)
    await create_member(db, MEMBER, name="Amina Membre")
    await demo.load(db, settings)


async def _coordination(db: Database, slug: str) -> Coordination | None:
    async with db.session() as session:
        return await session.scalar(select(Coordination).where(Coordination.slug == slug))


async def _territory(db: Database, coordination_id: int) -> set[str]:
    async with db.session() as session:
        return set(
            await session.scalars(
                select(CoordinationCommune.insee).where(
                    CoordinationCommune.coordination_id == coordination_id
                )
            )
        )


NEW = {
    "name": "Coordination de Brest",
    "seat": "29200",
    "communes": "29190\n29075 Guipavas",
    "radius_km": "",
    "leads": MEMBER,
    "contact_email": "brest@exemple.fr",
    "description": "Les entrepreneuses du pays de Brest.",
    "meeting_place": "Maison des associations, Brest",
}


async def test_an_admin_lists_creates_edits_and_deletes_coordinations(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await _people_and_demo(db, settings)
    await login(client, ADMIN)
    assert 'href="/admin/coordinations"' in (await client.get("/admin")).text
    listing = text_of(await client.get("/admin/coordinations"))
    assert "40 coordinations" in listing
    toulouse_row = listing.split("Coordination de Toulouse</a>")[1].split("</tr>")[0]
    assert "Toulouse" in toulouse_row and "Nadia Coordinatrice" in toulouse_row

    created = await submit(client, "/admin/coordinations/nouvelle", **NEW)
    assert created.status_code == 303 and created.headers["location"] == "/admin/coordinations?creee=1"
    brest = await _coordination(db, "brest")
    assert brest is not None and brest.name == "Coordination de Brest" and brest.departement == "29"
    assert brest.seat_insee == "29019" and brest.contact_email == "brest@exemple.fr"
    territory = await _territory(db, brest.id)
    assert {"29019", "29075"} <= territory  # the seat, Guipavas, and Le Relecq-Kerhuon (29190)…
    async with db.session() as session:
        amina = await session.scalar(select(Member).where(Member.email == MEMBER))
        assert amina is not None and "coordinatrice" in amina.roles
        assert await session.get(CoordinationLead, (brest.id, amina.id)) is not None
    assert "La coordination est créée." in text_of(await client.get("/admin/coordinations?creee=1"))

    # The same name again: another address.
    again = await submit(client, "/admin/coordinations/nouvelle", **{**NEW, "leads": ""})
    assert again.status_code == 303
    assert await _coordination(db, "brest-2") is not None

    # « Toutes les communes à moins de 10 km du siège », and a renamed coordination keeps its address.
    form = text_of(await client.get("/admin/coordinations/brest"))
    assert "29075 Guipavas" in form and MEMBER in form
    edited = await submit(
        client,
        "/admin/coordinations/brest",
        **{**NEW, "name": "Coordination du pays de Brest", "radius_km": "10", "leads": f"{MEMBER}\n{ADMIN}"},
    )
    assert edited.status_code == 303
    brest = await _coordination(db, "brest")
    assert brest is not None and brest.name == "Coordination du pays de Brest"
    wider = await _territory(db, brest.id)
    assert len(wider) > len(territory) + 3 and territory <= wider
    async with db.session() as session:
        leads = set(
            await session.scalars(
                select(CoordinationLead.member_id).where(CoordinationLead.coordination_id == brest.id)
            )
        )
        assert len(leads) == 2

    # A new seat typed over the one chosen before: the new one counts.
    edit_page = await client.get("/admin/coordinations/brest")
    assert 'name="seat" type="text" value="29200 Brest"' in edit_page.text
    assert 'name="seat_insee" value="29019"' in edit_page.text
    moved = await submit(client, "/admin/coordinations/brest", **{**NEW, "seat": "29800 Landerneau"})
    assert moved.status_code == 303
    brest = await _coordination(db, "brest")
    assert brest is not None and brest.seat_insee == "29103"

    # Deleting asks first, then the coordination and its territory are gone, its members without one.
    toulouse = await _coordination(db, "toulouse")
    assert toulouse is not None
    confirm = text_of(await client.get("/admin/coordinations/toulouse/supprimer"))
    assert "Supprimer Coordination de Toulouse ?" in confirm and "membres en font partie" in confirm
    deleted = await submit(client, "/admin/coordinations/toulouse/supprimer")
    assert deleted.status_code == 303 and deleted.headers["location"] == "/admin/coordinations?supprimee=1"
    assert await _coordination(db, "toulouse") is None
    assert await _territory(db, toulouse.id) == set()
    async with db.session() as session:
        assert (
            await session.scalar(select(Membership).where(Membership.coordination_id == toulouse.id)) is None
        )
    assert (await client.get("/admin/coordinations/toulouse")).status_code == 404


async def test_bad_input_is_refused_in_french_and_nothing_typed_is_lost(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await _people_and_demo(db, settings)
    await login(client, ADMIN)
    cases = [
        ({"name": ""}, "Indiquez le nom de la coordination."),
        ({"seat": ""}, "Indiquez la commune siège"),
        ({"seat": "99999"}, "Aucune commune ne correspond à « 99999 »."),
        ({"communes": "29190\nabc"}, "« abc » n'est ni un code postal ni un code INSEE."),
        ({"communes": "99999"}, "Aucune commune ne correspond à « 99999 »."),
        ({"communes": "29075 Paris"}, "Aucune commune ne correspond à « 29075 Paris »."),
        ({"radius_km": "500"}, "Indiquez une distance entre 1 et 60 km."),
        ({"radius_km": "dix"}, "Indiquez une distance entre 1 et 60 km."),
        ({"contact_email": "brest@"}, "Cette adresse e-mail ne semble pas valide"),
        ({"leads": "personne@nulle-part.fr"}, "Aucune membre n'a cette adresse : personne@nulle-part.fr."),
    ]
    for change, message in cases:
        answer = await submit(client, "/admin/coordinations/nouvelle", **{**NEW, **change})
        assert answer.status_code == 400, change
        body = text_of(answer)
        assert message in body, (change, body[body.find("corriger") :][:400])
        assert "Les entrepreneuses du pays de Brest." in body  # what she typed is still there
    assert await _coordination(db, "brest") is None

    # A seat shared by several communes: she picks one, then it saves.
    ambiguous = await submit(client, "/admin/coordinations/nouvelle", **{**NEW, "seat": "01400"})
    assert ambiguous.status_code == 400
    assert "choisissez la commune siège" in text_of(ambiguous)
    assert 'name="seat_insee" value="01001"' in ambiguous.text  # L'Abergement-Clémenciat
    token = await csrf_token(client, "/admin/coordinations/nouvelle")
    chosen = await client.post(
        "/admin/coordinations/nouvelle",
        data={**NEW, "seat": "01400", "seat_insee": "01001", "communes": "", "csrf_token": token},
    )
    assert chosen.status_code == 303
    brest = await _coordination(db, "brest")
    assert brest is not None and brest.seat_insee == "01001"
    assert await _territory(db, brest.id) == {"01001"}  # the seat is always part of it

    # Without the form's token, nothing happens.
    forged = await client.post("/admin/coordinations/brest/supprimer")
    assert forged.status_code == 403
    assert await _coordination(db, "brest") is not None
    assert (await client.get("/admin/coordinations/inconnue")).status_code == 404


async def test_a_coordinatrice_edits_her_own_coordination_only(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await _people_and_demo(db, settings)
    await login(client, LEAD)
    assert (await client.get("/admin/coordinations")).status_code == 403
    form = await client.get("/coordinations/toulouse/modifier")
    assert form.status_code == 200
    assert 'name="description"' in form.text and 'name="communes"' in form.text
    assert (
        'name="name"' not in form.text and 'name="seat"' not in form.text and 'name="leads"' not in form.text
    )
    before = await _coordination(db, "toulouse")
    assert before is not None
    saved = await submit(
        client,
        "/coordinations/toulouse/modifier",
        name="Autre nom",
        seat="75001",
        description="Rendez-vous chaque premier mardi du mois.",
        contact_email="toulouse@exemple.fr",
        meeting_place="Café associatif, 12 rue des Lois",
        communes="31555 Toulouse\n31400",
        radius_km="",
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/coordinations/toulouse?modifiee=1"
    after = await _coordination(db, "toulouse")
    assert after is not None
    assert after.description == "Rendez-vous chaque premier mardi du mois."
    assert after.meeting_place == "Café associatif, 12 rue des Lois"
    assert (after.name, after.seat_insee) == (before.name, before.seat_insee)  # not hers to change
    assert await _territory(db, after.id) == {"31555"}  # 31400 is one of Toulouse's postal codes

    bad = await submit(client, "/coordinations/toulouse/modifier", contact_email="non", communes="xyz")
    assert bad.status_code == 400
    assert "ne semble pas valide" in text_of(bad) and "« xyz »" in text_of(bad)

    assert (await client.get("/coordinations/figeac/modifier")).status_code == 403
    token = await csrf_token(client, "/coordinations/toulouse/modifier")
    refused = await client.post(
        "/coordinations/figeac/modifier", data={"csrf_token": token, "description": "Piratée"}
    )
    assert refused.status_code == 403
    figeac = await _coordination(db, "figeac")
    assert figeac is not None and figeac.description != "Piratée"


async def test_a_plain_member_edits_no_coordination_and_an_admin_edits_any(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await _people_and_demo(db, settings)
    assert (await client.get("/coordinations/toulouse/modifier")).status_code == 303  # to the login page
    await login(client, MEMBER)
    assert (await client.get("/coordinations/toulouse/modifier")).status_code == 403
    assert (await client.get("/admin/coordinations")).status_code == 403
    await client.post("/deconnexion", data={"csrf_token": await csrf_token(client, "/compte")})
    await login(client, ADMIN)
    assert (await client.get("/coordinations/figeac/modifier")).status_code == 200
    saved = await submit(
        client, "/coordinations/figeac/modifier", description="Par l'admin.", communes="46102"
    )
    assert saved.status_code == 303

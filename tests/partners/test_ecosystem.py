"""« Mon écosystème »: a member sees the structures of her département and the national networks, nearest
first, filtered by type and offer or for another place; a coordinatrice keeps her départements' entries
only, an admin all of them; a member keeps none; archived structures disappear from the list."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from learning.coordinations.models import MemberPlace
from learning.db import Database
from learning.partners import demo
from learning.partners.models import Structure, StructureDepartement
from learning.settings import Settings
from tests.coordinations.helpers import seat
from tests.helpers import create_member, login, submit, words_of

MEMBER, LEAD, ADMIN = "amina@exemple.fr", "nadia@exemple.fr", "helene@exemple.fr"
MURET = ("31395", "31600", 43.4407, 1.29872)  # as in geo_communes


async def _structure(db: Database, name: str) -> Structure:
    async with db.session() as session:
        found = await session.scalar(select(Structure).where(Structure.name == name))
        assert found is not None, name
        return found


async def _people(db: Database, settings: Settings) -> None:
    await demo.load(db, settings)
    await demo.load(db, settings)  # idempotent
    member = await create_member(db, MEMBER, name="Amina Membre")
    lead = await create_member(db, LEAD, name="Nadia Coordinatrice", roles={"coordinatrice"})
    await create_member(db, ADMIN, name="Hélène Admin", roles={"admin"})
    await seat(db, "toulouse", "Coordination de Toulouse", "31555", leads=(lead.id,))
    insee, postal_code, lat, lon = MURET
    async with db.session() as session:
        session.add(MemberPlace(member_id=member.id, insee=insee, postal_code=postal_code, lat=lat, lon=lon))
        await session.commit()


async def _results(client: httpx.AsyncClient, url: str) -> str:
    """The structures listed, as words: what follows the place and filters form."""
    return words_of(await client.get(url)).split(" Afficher ", 1)[1]


def _sections(page: str) -> tuple[str, str]:
    """(her département's structures, the national ones) as words."""
    local, national = page.split("Les réseaux nationaux", 1)
    return local.split("Dans le département", 1)[1], national


async def test_a_member_sees_her_departement_and_the_national_networks_nearest_first(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await _people(db, settings)
    async with db.session() as session:
        assert len(list(await session.scalars(select(Structure)))) == 15  # loaded once, not twice

    # A visitor picks a département; until then she sees the national networks only.
    visitor = (await client.get("/ecosysteme")).text
    assert "Choisissez votre département" in visitor and 'name="departement"' in visitor
    assert "Initiative France" in visitor and "CCI Toulouse Haute-Garonne" not in visitor

    await login(client, MEMBER)
    page = await client.get("/ecosysteme")
    assert page.status_code == 200
    text = words_of(page)
    assert "Haute-Garonne (31) — les plus proches de Muret d'abord" in text
    local, national = _sections(text)
    # She lives in Muret: its pépinière first, then Toulouse's chambers (about 20 km away).
    assert local.index("Pépinière d'entreprises") < local.index("CCI Toulouse Haute-Garonne")
    assert "Muret — à moins de 1 km" in local and "Toulouse — à 21 km" in local
    assert "CCI Ille-et-Vilaine" not in text
    for name in ("Adie", "Initiative France", "France Active", "Réseau Entreprendre"):
        assert name in national
    assert 'href="https://www.initiative-france.fr/"' in page.text

    # Filters: what a structure offers, and its type.
    hosting = await _results(client, "/ecosysteme?offre=hebergement")
    assert "Pépinière d'entreprises" in hosting and "CCI Toulouse" not in hosting
    assert "BGE" in hosting and "Adie" not in hosting
    chambers = await _results(client, "/ecosysteme?type=cci")
    assert "CCI Toulouse Haute-Garonne" in chambers and "CCI France" in chambers
    assert "Chambre de métiers" not in chambers and "Adie" not in chambers
    # Another place, typed: a commune, or a département from the list.
    rennes = words_of(await client.get("/ecosysteme?commune=35000"))
    assert "CCI Ille-et-Vilaine" in rennes and "Couveuse d'activités" in rennes
    assert (
        "CCI Toulouse" not in rennes and "Ille-et-Vilaine (35) — les plus proches de Rennes d'abord" in rennes
    )
    haute_marne = await _results(client, "/ecosysteme?departement=52")
    assert "Chambre de métiers et de l'artisanat de la Haute-Marne" in haute_marne
    # What no place matches is said in French, never a 500.
    unknown = await client.get("/ecosysteme?commune=Zzyzx-sur-Mer&departement=99&type=rien&offre=%00")
    assert unknown.status_code == 200
    assert "Aucune commune ne correspond à « Zzyzx-sur-Mer »" in words_of(unknown)
    assert "Ce département n'existe pas" in words_of(await client.get("/ecosysteme?departement=99"))

    # Her home page says how many structures are near her.
    home = words_of(await client.get("/"))
    assert "Mon écosystème" in home and "3 structures près de chez vous" in home


async def test_a_coordinatrice_keeps_her_departements_structures_only(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await _people(db, settings)
    cci_toulouse = await _structure(db, "CCI Toulouse Haute-Garonne")
    cci_rennes = await _structure(db, "CCI Ille-et-Vilaine")
    adie = await _structure(db, "Adie")

    await login(client, LEAD)
    listing = words_of(await client.get("/ecosysteme/gerer"))
    assert "CCI Toulouse Haute-Garonne" in listing and "CCI Ille-et-Vilaine" not in listing
    assert "Adie" not in listing
    assert 'href="/ecosysteme/gerer"' in (await client.get("/ecosysteme")).text

    edited = await submit(
        client,
        f"/ecosysteme/{cci_toulouse.id}/modifier",
        name="CCI Toulouse Haute-Garonne",
        kind="cci",
        offers=["accompagnement", "formation"],
        departements="31",
        commune="31000 Toulouse",
        website="www.toulouse.cci.fr",
        description="Formalités et formations à la création.",
    )
    assert edited.status_code == 303 and edited.headers["location"] == "/ecosysteme/gerer?modifiee=1"
    again = await _structure(db, "CCI Toulouse Haute-Garonne")
    assert again.website == "https://www.toulouse.cci.fr" and again.offers == ("accompagnement", "formation")
    assert again.insee == "31555" and again.commune_name == "Toulouse"

    # Another département's, or a national network: refused.
    for other in (cci_rennes, adie):
        assert (await client.get(f"/ecosysteme/{other.id}/modifier")).status_code == 403
    token_page = f"/ecosysteme/{cci_toulouse.id}/modifier"
    refused = await submit(client, token_page, f"/ecosysteme/{cci_rennes.id}/archiver")
    assert refused.status_code == 403
    assert (await _structure(db, "CCI Ille-et-Vilaine")).archived_at is None

    # A new one in her département; not in another, nor national.
    created = await submit(
        client,
        "/ecosysteme/nouvelle",
        name="Couveuse toulousaine",
        kind="couveuse",
        offers=["accompagnement"],
        commune="Toulouse",
    )
    assert created.status_code == 303 and created.headers["location"] == "/ecosysteme/gerer?ajoutee=1"
    new = await _structure(db, "Couveuse toulousaine")
    async with db.session() as session:
        covered = set(
            await session.scalars(
                select(StructureDepartement.departement).where(StructureDepartement.structure_id == new.id)
            )
        )
    assert covered == {"31"} and not new.national
    elsewhere = await submit(
        client,
        "/ecosysteme/nouvelle",
        name="Couveuse rennaise",
        kind="couveuse",
        offers=["accompagnement"],
        departements="31, 35",
        national="1",
    )
    assert elsewhere.status_code == 400
    text = words_of(elsewhere)
    assert "Vous tenez l'annuaire de vos départements seulement (31) : pas du 35." in text
    assert "Seule l'équipe nationale peut ajouter une structure nationale." in text
    async with db.session() as session:
        assert await session.scalar(select(Structure).where(Structure.name == "Couveuse rennaise")) is None


async def test_a_member_keeps_nothing_and_bad_input_is_explained_in_french(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await _people(db, settings)
    cci_toulouse = await _structure(db, "CCI Toulouse Haute-Garonne")
    await login(client, MEMBER)
    assert (await client.get("/ecosysteme/gerer")).status_code == 403
    assert (await client.get("/ecosysteme/nouvelle")).status_code == 403
    assert (await client.get(f"/ecosysteme/{cci_toulouse.id}/modifier")).status_code == 403
    posted = await submit(client, "/ecosysteme", f"/ecosysteme/{cci_toulouse.id}/modifier", name="Piratée")
    assert posted.status_code == 403
    assert 'href="/ecosysteme/gerer"' not in (await client.get("/ecosysteme")).text
    await client.post("/deconnexion", data={"csrf_token": ""})

    client.cookies.clear()
    await login(client, ADMIN)
    bad = await submit(
        client,
        "/ecosysteme/nouvelle",
        name="   ",
        kind="inconnu",
        departements="31, 99",
        commune="Zzyzx",
        website="pas un site",
        phone="appelez-moi",
        email="pas-une-adresse",
        description="x" * 5000,
    )
    assert bad.status_code == 400
    text = words_of(bad)
    for message in (
        "Indiquez le nom de la structure.",
        "Choisissez le type de structure.",
        "Cochez au moins ce que la structure propose.",
        "« 99 » n'est pas un numéro de département",
        "Aucune commune ne correspond à « Zzyzx »",
        "Cette adresse de site ne semble pas valide",
        "Ce numéro de téléphone ne semble pas valide",
        "Cette adresse e-mail ne semble pas valide",
        "La présentation fait 5 000 caractères : 1 000 au plus",
    ):
        assert message in text, message
    assert 'value="pas un site"' in bad.text  # what she typed is kept
    assert (await client.get("/ecosysteme/2147483648/modifier")).status_code == 404
    assert (await client.get("/ecosysteme/999999/modifier")).status_code == 404

    national = await submit(
        client,
        "/ecosysteme/nouvelle",
        name="Les Premières",
        kind="incubateur",
        offers=["accompagnement", "hebergement"],
        national="1",
        website="https://www.exemple.fr",
    )
    assert national.status_code == 303
    assert (await _structure(db, "Les Premières")).national


async def test_an_archived_structure_is_hidden_until_restored(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await _people(db, settings)
    cci_toulouse = await _structure(db, "CCI Toulouse Haute-Garonne")
    await login(client, ADMIN)
    archived = await submit(client, "/ecosysteme/gerer", f"/ecosysteme/{cci_toulouse.id}/archiver")
    assert archived.headers["location"] == "/ecosysteme/gerer?archivee=1"
    assert "CCI Toulouse" not in words_of(await client.get("/ecosysteme?departement=31"))
    listing = words_of(await client.get("/ecosysteme/gerer?archivee=1"))
    assert "La structure est archivée" in listing and "archivée" in listing.split("CCI Toulouse")[1][:200]
    restored = await submit(
        client, "/ecosysteme/gerer", f"/ecosysteme/{cci_toulouse.id}/archiver", op="restaurer"
    )
    assert restored.headers["location"] == "/ecosysteme/gerer?restauree=1"
    assert "CCI Toulouse" in words_of(await client.get("/ecosysteme?departement=31"))

"""« Qui peut m'aider ? »: who appears, what a search finds, the filters, and bad input."""

from __future__ import annotations

import json
import re

import httpx

from tests.helpers import PASSWORD, create_member, login, submit, text_of

from .helpers import RENNES, SAINT_MALO, TOULOUSE, VITRE, fill_profile, my_id, names_in, place, skill_ids


async def test_nobody_is_listed_until_she_says_yes(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    claire = await member_client("claire@exemple.fr", name="Claire Martin")
    empty = text_of(await claire.get("/membres"))
    assert "L'annuaire est encore vide" in empty
    # Skills and a project alone do not list her: the box is unticked by default.
    form = text_of(await amina.get("/membres/mon-profil"))
    assert "Apparaître dans l'annuaire" in form and "jamais votre commune ni votre adresse" in form
    await fill_profile(amina, listed=False, project="Comptable pour artisanes", skills=("Comptabilité",))
    assert "Amina Benali" not in text_of(await claire.get("/membres"))
    assert "Amina Benali" not in text_of(await claire.get("/membres?q=compta"))
    assert "Vous n'apparaissez pas dans l'annuaire" in text_of(await amina.get("/compte/adhesion"))
    # Her profile is still there for a member who clicks her name (under a post, say).
    profile = text_of(await claire.get(f"/membres/{await my_id(amina)}"))
    assert "Comptable pour artisanes" in profile and "Comptabilité" in profile

    await fill_profile(amina, project="Comptable pour artisanes", skills=("Comptabilité",))
    assert names_in((await claire.get("/membres")).text) == ["Amina Benali"]
    assert "Vous apparaissez dans l'annuaire" in text_of(await amina.get("/compte/adhesion"))
    # And out again as soon as she unticks the box.
    await fill_profile(amina, listed=False, skills=("Comptabilité",))
    assert "Amina Benali" not in text_of(await claire.get("/membres"))


async def test_synonyms_accents_and_case_find_the_skill(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    claire = await member_client("claire@exemple.fr", name="Claire Martin")
    await fill_profile(amina, skills=("Comptabilité", "Prêt d'honneur"))
    # Claire did not tick « Comptabilité »: she wrote « compta » as a free addition, which is the same skill.
    await fill_profile(claire, free="compta")
    assert "Comptabilité" in text_of(await claire.get(f"/membres/{await my_id(claire)}"))
    for query in ("compta", "comptabilite", "COMPTABILITÉ", "Comptabilité", "comptable", "pret d'honneur"):
        found = names_in((await claire.get("/membres", params={"q": query})).text)
        assert "Amina Benali" in found, query
    assert names_in((await amina.get("/membres", params={"q": "comptabilite"})).text) == [
        "Claire Martin",
        "Amina Benali",
    ] or set(names_in((await amina.get("/membres", params={"q": "comptabilite"})).text)) == {
        "Claire Martin",
        "Amina Benali",
    }
    nothing = text_of(await claire.get("/membres", params={"q": "juridique"}))
    assert "Aucun résultat" in nothing and "Amina Benali" not in nothing


async def test_search_reads_name_project_and_sector(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    claire = await member_client("claire@exemple.fr", name="Claire Martin")
    await fill_profile(amina, project="Un food truck de cuisine syrienne", sector="restauration")
    await fill_profile(claire, project="Une boutique de créatrices", sector="commerce")
    assert names_in((await claire.get("/membres?q=syrienne")).text) == ["Amina Benali"]
    assert names_in((await claire.get("/membres?q=benali")).text) == ["Amina Benali"]
    assert names_in((await amina.get("/membres?q=creatrice")).text) == ["Claire Martin"]
    assert names_in((await amina.get("/membres?q=distribution")).text) == ["Claire Martin"]  # its sector


async def test_filters_skill_sector_coordination_and_distance(member_client, db):
    amina = await member_client("amina@exemple.fr", name="Amina Benali", coordination="Bretagne")
    claire = await member_client("claire@exemple.fr", name="Claire Martin", coordination="Bretagne")
    sophie = await member_client("sophie@exemple.fr", name="Sophie Durand", coordination="Occitanie")
    julie = await member_client(
        "julie@exemple.fr", name="Julie Morel", coordination="Bretagne", status="pending"
    )
    await fill_profile(amina, sector="restauration", skills=("Comptabilité",))
    await fill_profile(claire, sector="commerce", skills=("Comptabilité", "Site web"))
    await fill_profile(sophie, sector="commerce", skills=("Site web",))
    await fill_profile(julie, sector="communication", skills=("Graphisme",))
    for client, where in ((amina, RENNES), (claire, VITRE), (sophie, TOULOUSE), (julie, SAINT_MALO)):
        await place(db, await my_id(client), where)

    site_web, compta = await skill_ids(amina, "Site web", "Comptabilité")
    assert set(names_in((await amina.get(f"/membres?competence={site_web}")).text)) == {
        "Claire Martin",
        "Sophie Durand",
    }
    assert names_in((await amina.get(f"/membres?competence={compta}&secteur=commerce")).text) == [
        "Claire Martin"
    ]
    # The coordination filter keeps its confirmed members: Julie's request is still pending.
    assert set(names_in((await amina.get("/membres?coordination=bretagne")).text)) == {
        "Amina Benali",
        "Claire Martin",
    }
    assert names_in((await amina.get("/membres?coordination=occitanie")).text) == ["Sophie Durand"]
    # Distance from her own commune (Rennes): Vitré ≈ 35 km, Saint-Malo ≈ 65 km, Toulouse far away.
    assert set(names_in((await amina.get("/membres?distance=30")).text)) == {"Amina Benali"}
    near = await amina.get("/membres?distance=50")
    assert set(names_in(near.text)) == {"Amina Benali", "Claire Martin"}
    assert "à 35 km" in text_of(near)
    assert set(names_in((await amina.get("/membres?distance=100")).text)) == {
        "Amina Benali",
        "Claire Martin",
        "Julie Morel",
    }
    # Text and filters together.
    assert names_in((await amina.get("/membres?q=compta&distance=50&secteur=commerce")).text) == [
        "Claire Martin"
    ]


async def test_unlisted_members_never_appear(member_client, db):
    amina = await member_client("amina@exemple.fr", name="Amina Benali", coordination="Bretagne")
    hidden = await member_client("cachee@exemple.fr", name="Discrète Martin", coordination="Bretagne")
    await fill_profile(amina, sector="commerce", skills=("Comptabilité",))
    await fill_profile(
        hidden, listed=False, project="Comptabilité", sector="commerce", skills=("Comptabilité",)
    )
    await place(db, await my_id(amina), RENNES)
    await place(db, await my_id(hidden), RENNES)
    (compta,) = await skill_ids(amina, "Comptabilité")
    for query in (
        "",
        "q=Discrète",
        "q=compta",
        f"competence={compta}",
        "secteur=commerce",
        "coordination=bretagne",
        "distance=30",
        "page=2",
    ):
        names = names_in((await amina.get(f"/membres?{query}")).text)
        assert "Discrète Martin" not in names, query


async def test_admins_merge_a_free_skill_into_the_list(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    admin = await member_client("admin@exemple.fr", roles={"admin"})
    await fill_profile(amina, free="Tenue de caisse")
    assert (await amina.get("/admin/competences")).status_code == 403
    page = text_of(await admin.get("/admin/competences"))
    assert "Tenue de caisse" in page and "Ajouts des membres à traiter" in page
    free_id = re.search(r"/admin/competences/(\d+)/fusionner", (await admin.get("/admin/competences")).text)
    assert free_id is not None
    (compta,) = await skill_ids(admin, "Comptabilité")
    refused = await submit(
        admin, "/admin/competences", f"/admin/competences/{free_id.group(1)}/fusionner", into="abc"
    )
    assert refused.status_code == 400 and "Choisissez dans la liste" in text_of(refused)
    merged = await submit(
        admin, "/admin/competences", f"/admin/competences/{free_id.group(1)}/fusionner", into=compta
    )
    assert merged.status_code == 303
    done = text_of(await admin.get(merged.headers["location"]))
    assert "La compétence est fusionnée" in done and "Aucun ajout en attente" in done
    assert "tenue de caisse" in done  # now an alias of Comptabilité
    profile = text_of(await admin.get(f"/membres/{await my_id(amina)}"))
    assert "Comptabilité" in profile and "Tenue de caisse" not in profile
    # Searching for the old words still finds her, and so does the skill of the list.
    assert names_in((await admin.get("/membres?q=tenue+de+caisse")).text) == ["Amina Benali"]
    assert names_in((await admin.get(f"/membres?competence={compta}")).text) == ["Amina Benali"]
    # Merging it again: it is gone.
    again = await submit(
        admin, "/admin/competences", f"/admin/competences/{free_id.group(1)}/fusionner", into=compta
    )
    assert again.status_code == 404


async def test_admins_promote_a_free_skill(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    admin = await member_client("admin@exemple.fr", roles={"admin"})
    await fill_profile(amina, free="Apiculture")
    free_id = re.search(r"/admin/competences/(\d+)/ajouter", (await admin.get("/admin/competences")).text)
    assert free_id is not None
    promoted = await submit(admin, "/admin/competences", f"/admin/competences/{free_id.group(1)}/ajouter")
    assert promoted.status_code == 303
    (apiculture,) = await skill_ids(amina, "Apiculture")  # now a box of the list, ticked for her
    assert names_in((await admin.get(f"/membres?competence={apiculture}")).text) == ["Amina Benali"]


async def test_bad_input_is_ignored_or_refused_in_french(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    await fill_profile(amina, skills=("Comptabilité",))
    for query, notice in (
        ("competence=abc", "Cette compétence ne fait pas partie de la liste"),
        ("competence=999999999999", "Cette compétence ne fait pas partie de la liste"),
        ("competence=2147483647", "Cette compétence ne fait pas partie de la liste"),
        ("secteur=%3Cscript%3E", "Ce secteur n'existe pas"),
        ("coordination=nulle-part", "Cette coordination n'existe pas"),
        ("distance=abc", "Distance inconnue"),
        ("distance=-30", "Distance inconnue"),
        ("distance=31", "Distance inconnue"),
        ("distance=30", "indiquez d'abord votre commune"),  # she has no commune yet
    ):
        response = await amina.get(f"/membres?{query}")
        assert response.status_code == 200, query
        page = text_of(response)
        assert notice in page and "Amina Benali" in page, query
    for query in (
        'q="compta" OR -x*',
        "q=%00%01",
        "q=" + "a" * 5000,
        "q=l'",
        "page=-1",
        "page=abc",
        "page=999999",
    ):
        response = await amina.get(f"/membres?{query}")
        assert response.status_code == 200, query
    assert (await amina.get("/membres/99999999999")).status_code == 404
    assert (await amina.get("/membres/424242")).status_code == 404

    wrong = await submit(
        amina, "/membres/mon-profil", skill=["abc", "999999"], sector="lune", project="x" * 400
    )
    assert wrong.status_code == 400
    page = text_of(wrong)
    assert "ne fait plus partie de la liste" in page
    assert "Choisissez un secteur dans la liste" in page
    assert "doit tenir en 300 caractères (vous en avez écrit 400)" in page
    assert "x" * 400 in wrong.text  # what she wrote is kept
    too_many = await submit(amina, "/membres/mon-profil", free="un\ndeux\ntrois\nquatre")
    assert too_many.status_code == 400 and "3 autres compétences au plus" in text_of(too_many)


async def test_pages_of_results(member_client, db):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    for n in range(23):
        email = f"membre{n}@exemple.fr"
        await create_member(db, email, name=f"Membre {n:02d}")
    for n in range(23):
        async with httpx.AsyncClient(transport=amina._transport, base_url="http://testserver") as other:
            await login(other, f"membre{n}@exemple.fr", PASSWORD)
            await fill_profile(other, skills=("Vente",))
    first = await amina.get("/membres?q=vente")
    assert len(names_in(first.text)) == 20 and "23 membres correspondent" in text_of(first)
    assert "Page 1 sur 2" in text_of(first) and 'href="/membres?q=vente&amp;page=2"' in first.text
    second = await amina.get("/membres?q=vente&page=2")
    assert len(names_in(second.text)) == 3
    assert set(names_in(first.text)).isdisjoint(names_in(second.text))
    # Past the end: the last page.
    assert names_in((await amina.get("/membres?q=vente&page=40")).text) == names_in(second.text)


async def test_export_and_deletion(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    claire = await member_client("claire@exemple.fr")
    await fill_profile(
        amina, project="Mon projet", sector="commerce", skills=("Vente",), free="Tenue de caisse"
    )
    data = json.loads((await amina.get("/compte/donnees.json")).text)["profil"]
    assert data == {
        "dans_l_annuaire": True,
        "projet": "Mon projet",
        "secteur": "Commerce et distribution",
        "competences_partagees": ["Tenue de caisse", "Vente"],
    }
    deleted = await submit(amina, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="delete")
    assert deleted.status_code == 200
    page = text_of(await claire.get("/membres?q=vente"))
    assert "Amina" not in page

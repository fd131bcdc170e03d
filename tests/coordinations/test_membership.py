"""Members belong to a coordination: chosen among those near her commune at sign-up (without JavaScript)
or later on « Mon compte », or from a coordination's page; her data export and deletion hold it."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from learning.coordinations.models import MemberPlace, Membership
from tests.coordinations.helpers import brittany
from tests.helpers import PASSWORD, create_member, link_in_last_email, login, submit, text_of


def _hidden(name: str, page: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name}"
    return match.group(1)


async def _rows(db, member_email: str) -> tuple[MemberPlace | None, Membership | None]:
    from learning.models import Member

    async with db.session() as session:
        member = await session.scalar(select(Member).where(Member.email == member_email))
        assert member is not None
        return await session.get(MemberPlace, member.id), await session.get(Membership, member.id)


async def test_sign_up_with_a_postal_code_and_a_coordination_without_javascript(client, db):
    places = await brittany(db)
    form = {"name": "Claire Martin", "email": "claire@exemple.fr", "project": "Boutique"}
    page = text_of(await client.get("/adhesion"))
    assert "Votre commune ou code postal" in page

    # First submit: her postal code. The form comes back with the coordinations near Rennes and their times.
    first = await submit(client, "/adhesion", charte="oui", **form, password=PASSWORD, commune="35000")
    assert first.status_code == 200
    shown = text_of(first)
    assert "Encore une étape" in shown and "Claire Martin" in shown and 'value="35000"' in shown
    assert "Coordination de Rennes" in shown and "Coordination de Vitré" in shown
    assert "à moins de 30 min" in shown and "Je choisirai plus tard" in shown
    assert "vol d'oiseau" in shown  # the travel model is stated
    assert shown.index("Coordination de Rennes") < shown.index("Coordination de Vitré")  # nearest first
    async with db.session() as session:  # nothing created yet
        from learning.models import Member

        assert await session.scalar(select(Member).where(Member.email == "claire@exemple.fr")) is None

    # Second submit: her choice (and her password again).
    second = await submit(
        client,
        "/adhesion",
        charte="oui",
        **form,
        password=PASSWORD,
        commune="35000",
        commune_shown=_hidden("commune_shown", shown),
        insee=_hidden("insee", shown),
        coordination="rennes",
    )
    assert second.status_code == 200 and "Vérifiez vos e-mails" in text_of(second)
    place, membership = await _rows(db, "claire@exemple.fr")
    assert place is not None and place.insee == "35238" and place.postal_code == "35000"
    assert membership is not None and membership.status == "pending"
    assert membership.coordination_id == places["rennes"].id


async def test_sign_up_choices_later_none_unknown_or_changed(client, db):
    await brittany(db)
    # « Vitré » starts several names (Vitrey…): she picks hers, then « Je choisirai plus tard ». Her commune is kept.
    who = {"name": "A B", "email": "a@exemple.fr", "password": PASSWORD, "commune": "Vitré"}
    first = text_of(await submit(client, "/adhesion", charte="oui", **who))
    assert "laquelle est la vôtre" in first and 'value="35360"' in first
    second = text_of(await submit(client, "/adhesion", charte="oui", **who, insee="35360"))
    assert "Les coordinations proches de Vitré" in second and "Coordination de Vitré" in second
    done = await submit(
        client,
        "/adhesion",
        charte="oui",
        **who,
        commune_shown=_hidden("commune_shown", second),
        insee="35360",
        coordination="plus-tard",
    )
    assert "Vérifiez vos e-mails" in text_of(done)
    place, membership = await _rows(db, "a@exemple.fr")
    assert place is not None and place.insee == "35360" and membership is None

    # No commune: created at once, nothing else.
    done = await submit(
        client, "/adhesion", charte="oui", name="C D", email="c@exemple.fr", password=PASSWORD, commune=""
    )
    assert "Vérifiez vos e-mails" in text_of(done)
    assert await _rows(db, "c@exemple.fr") == (None, None)

    # A code that is nowhere: a French error, what she typed kept.
    wrong = await submit(
        client,
        "/adhesion",
        charte="oui",
        name="E F",
        email="e@exemple.fr",
        password=PASSWORD,
        commune="99999",
    )
    assert wrong.status_code == 400
    assert "Nous ne trouvons pas cette commune" in text_of(wrong) and "E F" in text_of(wrong)

    # A coordination she was not offered (a forged form): asked again, nothing created.
    first = text_of(
        await submit(
            client,
            "/adhesion",
            charte="oui",
            name="G H",
            email="g@exemple.fr",
            password=PASSWORD,
            commune="35000",
        )
    )
    forged = await submit(
        client,
        "/adhesion",
        charte="oui",
        name="G H",
        email="g@exemple.fr",
        password=PASSWORD,
        commune="35000",
        commune_shown=_hidden("commune_shown", first),
        insee=_hidden("insee", first),
        coordination="nulle-part",
    )
    assert forged.status_code == 400 and "Choisissez une coordination dans la liste" in text_of(forged)

    # She changed her commune between the two steps: the choices are shown again for the new one.
    changed = await submit(
        client,
        "/adhesion",
        charte="oui",
        name="G H",
        email="g@exemple.fr",
        password=PASSWORD,
        commune="31000",
        commune_shown=_hidden("commune_shown", first),
        coordination="rennes",
    )
    assert changed.status_code == 200 and "Coordination de Toulouse" in text_of(changed)
    assert "Encore une étape" in text_of(changed)


async def test_my_coordination_on_my_account(client, db):
    places = await brittany(db)
    await create_member(db, "julie@exemple.fr", name="Julie")
    await login(client, "julie@exemple.fr")
    page = text_of(await client.get("/compte/coordination"))
    assert "Ma coordination" in page and "Vous n'avez pas encore de coordination" in page

    # Her commune, then the coordinations near it.
    saved = await submit(client, "/compte", "/compte/coordination", op="commune", commune="35000")
    assert saved.status_code == 303 and saved.headers["location"].startswith(
        "/compte/coordination?coordination=commune"
    )
    page = text_of(await client.get(saved.headers["location"]))
    assert "Votre commune est enregistrée" in page and "Rennes (35000)" in page
    assert "Coordination de Vitré" in page

    joined = await submit(client, "/compte", "/compte/coordination", op="choisir", coordination="rennes")
    assert joined.headers["location"].startswith("/compte/coordination?coordination=demande")
    page = text_of(await client.get("/compte/coordination"))
    assert "en attente de confirmation" in page
    again = await submit(client, "/compte", "/compte/coordination", op="choisir", coordination="rennes")
    assert again.headers["location"].startswith("/compte/coordination?coordination=deja")

    listed = await submit(client, "/compte", "/compte/coordination", op="liste", listed="1")
    assert listed.status_code == 303
    _, membership = await _rows(db, "julie@exemple.fr")
    assert membership is not None and membership.listed and membership.coordination_id == places["rennes"].id

    # One she was not offered (a forged form): refused, in French, nothing changed.
    far = await submit(client, "/compte", "/compte/coordination", op="choisir", coordination="nulle-part")
    assert far.status_code == 400 and "Choisissez une coordination dans la liste" in text_of(far)
    unknown = await submit(client, "/compte", "/compte/coordination", op="commune", commune="00000")
    assert unknown.status_code == 400 and "Nous ne trouvons pas cette commune" in text_of(unknown)

    # Moving to another coordination makes her pending there; leaving removes it.
    moved = await submit(client, "/compte", "/compte/coordination", op="choisir", coordination="vitre")
    assert moved.status_code == 303
    _, membership = await _rows(db, "julie@exemple.fr")
    assert membership is not None and membership.coordination_id == places["vitre"].id
    assert membership.status == "pending"
    left = await submit(client, "/compte", "/compte/coordination", op="quitter")
    assert left.headers["location"].startswith("/compte/coordination?coordination=quitte")
    assert (await _rows(db, "julie@exemple.fr"))[1] is None


async def test_join_from_a_coordination_page(client, db):
    places = await brittany(db)
    # A visitor is sent to log in first.
    visitor = await submit(client, "/connexion", "/coordinations/rennes/rejoindre")
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/connexion?suite=")
    await create_member(db, "sophie@exemple.fr", name="Sophie")
    await login(client, "sophie@exemple.fr")
    joined = await submit(client, "/compte", "/coordinations/toulouse/rejoindre")
    assert joined.status_code == 303
    assert joined.headers["location"] == "/coordinations/toulouse?demande=envoyee"
    _, membership = await _rows(db, "sophie@exemple.fr")
    assert membership is not None and membership.coordination_id == places["toulouse"].id
    assert membership.status == "pending"
    again = await submit(client, "/compte", "/coordinations/toulouse/rejoindre")
    assert again.headers["location"] == "/coordinations/toulouse?demande=deja"
    assert (await submit(client, "/compte", "/coordinations/nulle-part/rejoindre")).status_code == 404


async def test_her_data_holds_her_coordination_and_goes_with_her_account(client, db):
    await brittany(db)
    await create_member(db, "nadia@exemple.fr", name="Nadia")
    await login(client, "nadia@exemple.fr")
    await submit(client, "/compte", "/compte/coordination", op="commune", commune="35000")
    await submit(client, "/compte", "/compte/coordination", op="choisir", coordination="rennes")
    data = json.loads((await client.get("/compte/donnees.json")).text)["coordinations"]
    assert data["commune"]["insee"] == "35238" and data["commune"]["code_postal"] == "35000"
    assert data["ma_coordination"]["coordination"] == "Coordination de Rennes"
    assert data["ma_coordination"]["statut"] == "en attente de confirmation"
    deleted = await submit(client, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="delete")
    assert deleted.status_code == 200
    async with db.session() as session:
        assert list(await session.scalars(select(MemberPlace))) == []
        assert list(await session.scalars(select(Membership))) == []


async def test_sign_up_confirmation_link_still_works_with_a_coordination(client, db):
    await brittany(db)
    first = text_of(
        await submit(
            client,
            "/adhesion",
            charte="oui",
            name="K L",
            email="k@exemple.fr",
            password=PASSWORD,
            commune="35000",
        )
    )
    await submit(
        client,
        "/adhesion",
        charte="oui",
        name="K L",
        email="k@exemple.fr",
        password=PASSWORD,
        commune="35000",
        commune_shown=_hidden("commune_shown", first),
        insee=_hidden("insee", first),
        coordination="rennes",
    )
    link = await link_in_last_email(db, "k@exemple.fr", "/adhesion/confirmer/")
    assert (await submit(client, link)).status_code == 303
    page = text_of(await client.get("/compte/coordination"))
    assert "Coordination de Rennes" in page and "en attente de confirmation" in page

"""The visitors' home page (issue 19, « A face for the network »): the figures come from the database, the
postal-code search finds the coordinations near her or says in French what is wrong, what members say is
curated by the admins with consent, and every page has its icon."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import httpx
from sqlalchemy import func, select

from learning.coordinations import demo as coordinations_demo
from learning.coordinations.models import Commune
from learning.db import utcnow
from learning.i18n import PARIS, to_paris
from tests.board.conftest import answer, publish
from tests.coordinations.helpers import brittany, seat
from tests.helpers import create_member, login, submit, words_of
from tests.live.helpers import add_workshop


def _utc(day: date, hour: int) -> datetime:
    """`hour` o'clock in Paris on `day`, as the naive UTC the database holds."""
    moment = datetime.combine(day, time(hour)).replace(tzinfo=PARIS)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _figure(home: str, label: str) -> int:
    found = re.search(r"(\d[\d\u202f\u00a0 ]*) " + re.escape(label), home)
    assert found, f"no figure « {label} » in: {home[:1500]}"
    return int(re.sub(r"\D", "", found.group(1)))


async def _client(app, email: str, port: int) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", port))
    client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    await login(client, email)
    return client


async def test_the_figures_count_coordinations_workshops_this_month_and_needs_answered(app, client, db):
    coordinations = await brittany(db)
    home = words_of(await client.get("/"))
    assert _figure(home, "coordinations locales") == 3
    # French puts zero in the singular.
    assert _figure(home, "atelier ou rencontre ce mois-ci") == 0
    assert _figure(home, "besoin a trouvé réponse sur Coup de pouce") == 0

    await seat(db, "figeac", "Coordination de Figeac", "46102")
    host = await create_member(db, "louise@exemple.fr", name="Louise", roles={"intervenante"})
    first = to_paris(utcnow()).date().replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    # This month in Paris, held or to come: a national workshop and a coordination's meeting count; a
    # cancelled one and next month's do not.
    await add_workshop(db, host, title="Atelier du début du mois", starts_at=_utc(first, 10))
    await add_workshop(
        db, host, title="Rencontre de Rennes", starts_at=_utc(first, 19), coordination=coordinations["rennes"]
    )
    await add_workshop(db, host, title="Atelier annulé", starts_at=_utc(first, 14), status="cancelled")
    await add_workshop(
        db, host, title="Atelier du mois prochain", starts_at=_utc(following + timedelta(days=2), 18)
    )

    amina = await create_member(db, "amina@exemple.fr", name="Amina")
    claire = await create_member(db, "claire@exemple.fr", name="Claire")
    people = {who.email: await _client(app, who.email, 54000 + i) for i, who in enumerate((amina, claire))}
    try:
        needs = [await publish(people["amina@exemple.fr"], title=f"Besoin numéro {n}") for n in (1, 2)]
        offer = await publish(people["amina@exemple.fr"], title="Je propose une relecture", kind="offre")
        await answer(people["claire@exemple.fr"], needs[0])
        await answer(people["claire@exemple.fr"], offer)
        response = await client.get("/")
        home = words_of(response)
        assert _figure(home, "coordinations locales") == 4
        assert _figure(home, "ateliers et rencontres ce mois-ci") == 2
        assert _figure(home, "besoin a trouvé réponse sur Coup de pouce") == 1
        # The next workshops: national ones still to come, not a coordination's meeting nor a cancelled one.
        assert "Atelier du mois prochain" in home
        assert "Rencontre de Rennes" not in home and "Atelier annulé" not in home
        await answer(people["claire@exemple.fr"], needs[1])
        home = words_of(await client.get("/"))
        assert _figure(home, "besoins ont trouvé réponse sur Coup de pouce") == 2
    finally:
        for browser in people.values():
            await browser.aclose()


async def test_with_no_workshop_to_come_the_block_says_the_programme_is_being_prepared(client):
    home = words_of(await client.get("/"))
    assert "Le prochain programme se prépare" in home and 'href="/ateliers"' in (await client.get("/")).text


async def test_her_postal_code_finds_the_coordinations_near_her_without_javascript(client, db, settings):
    await coordinations_demo.load(db, settings)
    page = await client.get("/", params={"cp": "31000"})
    assert page.status_code == 200
    home = words_of(page)
    assert "Les coordinations près de Toulouse (31000)" in home
    assert '<a href="/coordinations/toulouse">Coordination de Toulouse</a>' in page.text
    assert "à moins de 30 min" in home
    assert 'value="31000"' in page.text  # what she typed stays in the field
    # « 31 000 » as on an envelope.
    assert "Les coordinations près de Toulouse" in words_of(await client.get("/", params={"cp": "31 000"}))

    # A postal code shared by several communes: she picks hers, and stays on the home page.
    async with db.read_session() as session:
        shared = await session.scalar(
            select(Commune.postal_code)
            .where(Commune.lat.is_not(None))
            .group_by(Commune.postal_code)
            .having(func.count(func.distinct(Commune.insee)) > 1)
            .limit(1)
        )
    assert shared is not None
    page = await client.get("/", params={"cp": shared})
    assert "Plusieurs communes correspondent : laquelle est la vôtre ?" in words_of(page)
    choice = re.search(r'href="(/\?cp=' + shared + r'&amp;insee=\w+#coordinations-proches)"', page.text)
    assert choice, page.text
    chosen = words_of(await client.get(choice.group(1).replace("&amp;", "&")))
    assert "Les coordinations près de" in chosen and "Coordination de" in chosen


async def test_a_bad_postal_code_gets_a_clear_french_message(client, db, settings):
    await coordinations_demo.load(db, settings)
    for typed, message in (
        (
            "99999",
            "Aucune commune ne porte le code postal 99999. Vérifiez-le, ou indiquez le nom de votre commune.",
        ),
        ("750", "« 750 » n'est pas un code postal : un code postal a cinq chiffres, par exemple 31000."),
        (
            "310000",
            "« 310000 » n'est pas un code postal : un code postal a cinq chiffres, par exemple 31000.",
        ),
        ("zzzz", "Aucune commune ne correspond à « zzzz »."),
    ):
        page = await client.get("/", params={"cp": typed})
        assert page.status_code == 200, typed
        assert message in words_of(page), typed
        assert 'aria-invalid="true"' in page.text and 'role="alert"' in page.text
        assert "Les coordinations près de" not in words_of(page)
    # The finder says the same.
    assert "« 750 » n'est pas un code postal" in words_of(
        await client.get("/coordinations", params={"q": "750"})
    )


async def test_what_members_say_is_published_by_an_admin_with_her_consent_and_withdrawn_on_request(
    app, client, db
):
    assert "Elles en parlent" not in words_of(await client.get("/"))
    await create_member(db, "admin@exemple.fr", name="Hélène", roles={"admin"})
    admin = await _client(app, "admin@exemple.fr", 54100)
    try:
        quote = "Grâce à ma coordination, j'ai trouvé ma première cliente."
        refused = await submit(admin, "/admin/temoignages", quote=quote, author="Nadia, Brest", consent="")
        assert refused.status_code == 400
        page = words_of(refused)
        assert "Publiez un témoignage seulement avec l'accord de la membre : cochez la case." in page
        assert "Notez comment et quand elle a donné son accord" in page
        assert quote in page  # what she typed is kept
        assert "Elles en parlent" not in words_of(await client.get("/"))

        too_long = await submit(
            admin, "/admin/temoignages", quote="x" * 401, author="Nadia", consent="e-mail", consented="oui"
        )
        assert too_long.status_code == 400
        assert "Le témoignage fait 401 caractères : 400 au plus." in words_of(too_long)

        added = await submit(
            admin,
            "/admin/temoignages",
            quote=quote,
            author="Nadia, Brest",
            activity="Céramiste",
            consent="e-mail du 3 décembre 2026",
            consented="oui",
        )
        assert added.status_code == 303 and added.headers["location"] == "/admin/temoignages?msg=ajoute"
        home = words_of(await client.get("/"))
        assert "Elles en parlent" in home and quote in home and "Nadia, Brest Céramiste" in home
        assert "e-mail du 3 décembre" not in home  # the consent record is the admins'

        listing = (await admin.get("/admin/temoignages")).text
        action = re.search(r'action="(/admin/temoignages/\d+/retirer)"', listing)
        assert action and "e-mail du 3 décembre 2026" in listing
        removed = await submit(admin, "/admin/temoignages", action.group(1))
        assert removed.status_code == 303
        assert quote not in words_of(await client.get("/"))
        assert (await submit(admin, "/admin/temoignages", action.group(1))).status_code == 404
    finally:
        await admin.aclose()


async def test_every_page_has_the_network_s_icon(client):
    icon = await client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = (await client.get("/connexion")).text
    svg = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert svg and '<link rel="icon" href="/favicon.ico"' in page
    logo = await client.get(svg.group(1))
    assert logo.status_code == 200 and logo.headers["content-type"].startswith("image/svg+xml")
    assert svg.group(1) in re.search(r'<a class="brand" href="/">.*?</a>', page, re.S).group(0)

"""« Mon compte »: a table of contents to every section, and her own time zone."""

from __future__ import annotations

import re

from learning.models import Member
from tests.helpers import create_member, login, submit, text_of


async def test_every_section_of_my_account_is_in_its_table_of_contents(client, db):
    await create_member(db, "ines@exemple.fr", coordination="Bretagne")
    await login(client, "ines@exemple.fr")
    page = (await client.get("/compte")).text
    contents = page.split('aria-labelledby="sommaire-titre"')[1].split("</nav>")[0]
    links = re.findall(r'href="#([\w-]+)"', contents)
    for expected in (
        "profil-titre",
        "fuseau-titre",
        "emails-titre",
        "mdp-titre",
        "donnees-titre",
        "agenda-titre",
    ):
        assert expected in links
    # Every package's panel is listed, and every link lands on a heading of the page.
    assert len(links) >= 9
    for anchor in links:
        assert re.search(rf'<h2 id="{anchor}"', page), anchor
    # The rarely used forms are folded: the page is a list of sections, not a wall of fields.
    assert page.count("<details") >= 2


async def test_my_time_zone_is_kept_checked_and_offered(client, db):
    await create_member(db, "ines@exemple.fr")
    await login(client, "ines@exemple.fr")
    page = text_of(await client.get("/compte"))
    assert "Mon fuseau horaire" in page and '<option value="America/Martinique"' in page
    assert "js/timezone-suggest.js" in page  # the browser's zone is proposed, the list works without it

    wrong = await submit(client, "/compte", "/compte/fuseau-horaire", timezone="Mars/Olympus_Mons")
    assert wrong.status_code == 400 and "Ce fuseau horaire n'existe pas" in text_of(wrong)

    saved = await submit(client, "/compte", "/compte/fuseau-horaire", timezone="America/Martinique")
    assert saved.headers["location"].startswith("/compte?fuseau=1")
    page = text_of(await client.get("/compte?fuseau=1"))
    assert "Votre fuseau horaire est enregistré." in page
    assert '<option value="America/Martinique" selected>' in page

    # Any zone the browser names is accepted, and offered back even if not in the usual list.
    await submit(client, "/compte", "/compte/fuseau-horaire", timezone="Asia/Tokyo")
    assert '<option value="Asia/Tokyo" selected>Tokyo</option>' in text_of(await client.get("/compte"))

    await submit(client, "/compte", "/compte/fuseau-horaire", timezone="Europe/Paris")
    async with db.session() as session:
        member = (await session.execute(Member.__table__.select())).first()
    assert member is not None and member.timezone == ""

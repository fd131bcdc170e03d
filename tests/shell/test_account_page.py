"""« Mon compte »: a menu of short pages, old links to its panels still landing, her own time zone, and
closing her other sessions."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import func, select

from learning.models import AuthSession, Member
from tests.helpers import create_member, login, submit, text_of

# Where each panel of the old single page went: the ids it had (/compte#id in old e-mails and bookmarks).
OLD_ANCHORS = {
    "profil-titre": "/compte/profil",
    "mdp-titre": "/compte/securite",
    "fuseau-titre": "/compte/fuseau-horaire",
    "emails-titre": "/compte/e-mails",
    "donnees-titre": "/compte/donnees",
    "agenda-titre": "/compte/agenda",
    "agenda": "/compte/agenda",
    "mooc-compte": "/compte/mooc",
    "coup-de-pouce": "/compte/coup-de-pouce",
    "coordination-titre": "/compte/coordination",
    "ma-coordination": "/compte/coordination",
    "adhesion": "/compte/adhesion",
    "entraide-profil": "/compte/adhesion",
}


async def test_my_account_is_a_menu_of_short_pages_and_old_links_still_land(client, db):
    await create_member(db, "ines@exemple.fr", coordination="Bretagne")
    await login(client, "ines@exemple.fr")
    page = (await client.get("/compte")).text
    menu = page.split('class="account-menu"')[1].split("</ul>")[0]
    entries = re.findall(r"<li(?: id=\"([\w-]+)\")?>(.*?)</li>", menu, re.S)
    links = [re.search(r'<a href="(/compte/[\w/-]+)"', body).group(1) for _, body in entries]
    assert set(OLD_ANCHORS.values()) <= set(links) and len(links) == len(set(links))
    # The menu is a menu: her settings' forms are on their pages, not here.
    main = page.split("<main")[1].split("</main>")[0]
    assert "<form" not in main and "<textarea" not in main and 'type="password"' not in main
    # Each old id is on the entry of the page its panel moved to; the script follows it there.
    for anchor, path in OLD_ANCHORS.items():
        [body] = [f"{i}{b}" for i, b in entries if i == anchor or f'<span id="{anchor}">' in b]
        assert f'<a href="{path}"' in body, anchor
    assert "js/account-anchors.js" in page
    # Every page of the menu opens, under a way back to the menu, with its own heading.
    for path in links:
        sub = await client.get(path)
        assert sub.status_code == 200, path
        assert '<a href="/compte">← Mon compte</a>' in sub.text and "<h1" in sub.text, path


async def test_each_form_of_my_account_answers_on_its_own_page(client, db):
    await create_member(db, "ines@exemple.fr")
    await login(client, "ines@exemple.fr")
    empty = await submit(client, "/compte/profil", name="")
    assert empty.status_code == 400 and "Indiquez votre prénom et votre nom." in text_of(empty)
    assert 'action="/compte/profil"' in empty.text and 'action="/compte/supprimer"' not in empty.text
    saved = await submit(client, "/compte/profil", name="Inès Le Goff", project="Une crêperie")
    assert saved.headers["location"] == "/compte/profil?profil=1"
    assert "Votre profil est enregistré." in text_of(await client.get(saved.headers["location"]))
    wrong = await submit(
        client,
        "/compte/securite",
        "/compte/mot-de-passe",
        current_password="pas le bon",
        new_password="x" * 12,
    )
    assert wrong.status_code == 400 and "Le mot de passe actuel est incorrect." in text_of(wrong)
    assert 'action="/compte/mot-de-passe"' in wrong.text and 'action="/compte/profil"' not in wrong.text
    refused = await submit(client, "/compte/donnees", "/compte/supprimer", confirm_password="pas le bon")
    assert refused.status_code == 400 and "le compte n'a pas été supprimé" in text_of(refused)
    assert "<details open>" in refused.text  # the folded form opens on its error


async def test_my_time_zone_is_kept_checked_and_offered(client, db):
    await create_member(db, "ines@exemple.fr")
    await login(client, "ines@exemple.fr")
    page = text_of(await client.get("/compte/fuseau-horaire"))
    assert "Mon fuseau horaire" in page and '<option value="America/Martinique"' in page
    assert "js/timezone-suggest.js" in page  # the browser's zone is proposed, the list works without it

    wrong = await submit(client, "/compte/fuseau-horaire", timezone="Mars/Olympus_Mons")
    assert wrong.status_code == 400 and "Ce fuseau horaire n'existe pas" in text_of(wrong)

    saved = await submit(client, "/compte/fuseau-horaire", timezone="America/Martinique")
    assert saved.headers["location"] == "/compte/fuseau-horaire?fuseau=1"
    page = text_of(await client.get(saved.headers["location"]))
    assert "Votre fuseau horaire est enregistré." in page
    assert '<option value="America/Martinique" selected>' in page

    # Any zone the browser names is accepted, and offered back even if not in the usual list.
    await submit(client, "/compte/fuseau-horaire", timezone="Asia/Tokyo")
    assert '<option value="Asia/Tokyo" selected>Tokyo</option>' in text_of(
        await client.get("/compte/fuseau-horaire")
    )

    await submit(client, "/compte/fuseau-horaire", timezone="Europe/Paris")
    async with db.session() as session:
        member = (await session.execute(Member.__table__.select())).first()
    assert member is not None and member.timezone == ""


async def test_she_closes_her_sessions_elsewhere_and_stays_signed_in_here(app, client, db):
    await create_member(db, "louise@exemple.fr")
    await login(client, "louise@exemple.fr")
    alone = text_of(await client.get("/compte/securite"))
    assert "Vous êtes connectée sur 1 appareil ou navigateur." in alone
    assert "Me déconnecter partout ailleurs" not in alone
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50002))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as phone:
        await login(phone, "louise@exemple.fr")
        page = text_of(await client.get("/compte/securite"))
        assert "Vous êtes connectée sur 2 appareils ou navigateurs." in page
        closed = await submit(client, "/compte/securite", "/compte/sessions")
        assert closed.headers["location"] == "/compte/securite?sessions=1"
        assert (await phone.get("/compte")).status_code == 303  # the phone is signed out
        after = text_of(await client.get(closed.headers["location"]))
        assert "Vos autres sessions sont fermées" in after  # this browser got a fresh session
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(AuthSession)) == 1

"""The layout, health checks, French formatting and the message catalog."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from babel.dates import format_date, format_datetime, format_time
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from learning import i18n
from learning.cli import build_parser
from tests.helpers import create_member, login, submit, text_of

ROOT = Path(__file__).resolve().parents[2]


async def test_pages_are_french_with_skip_link_landmarks_and_navigation(client):
    page = (await client.get("/")).text
    assert '<html lang="fr">' in page
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in page
    assert '<main id="contenu"' in page and 'role="banner"' in page and 'role="contentinfo"' in page
    nav = re.search(
        r'<nav class="main-nav" aria-label="Navigation principale">(.*?)</nav>', page, re.S
    ).group(1)
    for href, label in [("/ateliers", "Ateliers"), ("/mooc", "MOOC"), ("/coup-de-pouce", "Coup de pouce")]:
        assert f'href="{href}"' in nav and label in nav
    # Her own messages mean nothing to a visitor (the link only led to the login page).
    assert 'href="/messages"' not in nav and "Messages" not in nav
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page


async def test_navigation_shows_mon_compte_once_logged_in(client, db):
    await create_member(db, "amina@exemple.fr")
    await login(client, "amina@exemple.fr")
    page = (await client.get("/")).text
    assert 'href="/compte"' in page and "Mon compte" in page and "Se déconnecter" in page
    assert '<a href="/messages">Messages</a>' in page
    assert 'href="/admin"' not in page


async def test_security_headers_and_csp_nonce(client):
    response = await client.get("/connexion")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert re.search(r"script-src 'self' 'nonce-[\w-]+'", csp)
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_health_and_readiness(client):
    assert (await client.get("/healthz")).status_code == 200
    assert (await client.get("/readyz")).text == "ok"


async def test_readiness_fails_when_the_database_is_gone(app, client):
    from learning.db import Database

    # The app's own database goes back in place: its pool already holds the connection the start-up used, and
    # the app fixture closes whatever app.state.db is at the end.
    original = app.state.db
    app.state.db = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        assert (await client.get("/readyz")).status_code == 503
    finally:
        await app.state.db.dispose()
        app.state.db = original


async def test_unknown_page_is_a_french_404(client):
    response = await client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in text_of(response)


async def test_static_files_are_versioned_and_cached(client):
    page = (await client.get("/")).text
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', page).group(1)
    response = await client.get(css)
    assert response.status_code == 200 and "immutable" in response.headers["cache-control"]
    assert (await client.get("/static/../learning/settings.py")).status_code == 404


async def test_admin_grants_roles(client, db):
    await create_member(db, "admin@exemple.fr", roles={"admin"})
    louise = await create_member(db, "louise@exemple.fr", name="Louise")
    await login(client, "admin@exemple.fr")
    done = await submit(client, "/admin", f"/admin/membres/{louise.id}/roles", roles="intervenante")
    assert done.status_code == 303
    page = text_of(await client.get("/admin?q=louise"))
    assert re.search(r'value="intervenante" checked', page)


async def test_outbox_page_shows_emails_to_admins_in_development(client, db):
    await create_member(db, "admin@exemple.fr", roles={"admin"})
    await create_member(db, "claire@exemple.fr")
    await submit(client, "/mot-de-passe-oublie", email="claire@exemple.fr")
    await login(client, "admin@exemple.fr")
    page = text_of(await client.get("/admin/outbox"))
    assert "Choisir un nouveau mot de passe" in page and "claire@exemple.fr" in page


def test_dates_are_french_in_paris_time():
    # 13:30 UTC on 2 March 2026 is 14:30 in Paris (winter time).
    assert i18n.datetime_fr(datetime(2026, 3, 2, 13, 30)) == "lundi 2 mars 2026 à 14h30"
    # 12:05 UTC in July is 14:05 in Paris (summer time).
    assert i18n.datetime_fr(datetime(2026, 7, 14, 12, 5)) == "mardi 14 juillet 2026 à 14h05"
    # The first of the month is an ordinal, as French writes it; 23:30 UTC on 31 May is already 1 June in Paris.
    assert i18n.datetime_fr(datetime(2026, 5, 31, 23, 30)) == "lundi 1er juin 2026 à 1h30"
    assert i18n.short_date_fr(datetime(2026, 5, 31, 23, 30)) == "1er juin 2026"
    assert i18n.euros(1234.5) == "1\u202f235\u00a0€"


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)))
def test_dates_read_as_babels_french_patterns_would_write_them(moment: datetime) -> None:
    """The day and month names come from the CLDR once, not through Babel's pattern engine per date."""
    local = i18n.to_paris(moment)
    day = "1'er'" if local.day == 1 else "d"
    assert i18n.datetime_fr(moment) == format_datetime(local, f"EEEE {day} MMMM y 'à' H'h'mm", locale="fr_FR")
    assert i18n.date_fr(moment) == format_date(local.date(), f"EEEE {day} MMMM y", locale="fr_FR")
    assert i18n.date_fr(local.date()) == i18n.date_fr(moment)
    assert i18n.short_date_fr(moment) == format_date(local.date(), f"{day} MMMM y", locale="fr_FR")
    assert i18n.time_fr(moment) == format_time(local, "H'h'mm", locale="fr_FR")


def test_french_catalog_holds_every_marked_message():
    with (ROOT / "learning/locale/fr/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f, locale="fr")
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("templates/**.html", "jinja2")]
    options = {
        "**/templates/**.html": {"extensions": "jinja2.ext.i18n"},
        "templates/**.html": {"extensions": "jinja2.ext.i18n"},
    }
    missing = []
    for package in ("learning", "live", "courses"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map, options_map=options
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            entry = catalog.get(msgid)
            if entry is None or not entry.string:
                missing.append(f"{package}/{filename}:{lineno}: {msgid}")
    assert not missing, "run `make i18n`; untranslated:\n" + "\n".join(missing)


def test_cli_lists_the_commands():
    help_text = build_parser().format_help()
    for command in ("serve", "migrate", "demo", "create-admin"):
        assert command in help_text
    serve_help = build_parser()._subparsers._group_actions[0].choices["serve"].format_help()
    assert "--host" in serve_help and "--port" in serve_help

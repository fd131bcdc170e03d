"""Reports for funders: workshops from the packages' activity hooks, attendance, members and volunteers by
coordination, région and month, as a printable page and as CSV, for admins and a coordination's own
coordinatrices."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime, timedelta

import pytest
from starlette.applications import Starlette

from learning.app import create_app
from learning.coordinations.geography import load_geography
from learning.coordinations.reports import PeriodError, parse_period
from learning.db import Database, utcnow
from learning.packages import Activity, Package, installed_packages
from learning.settings import Settings
from tests.coordinations.network_support import add_coordination, add_member
from tests.helpers import create_member, login, text_of

HELD: list[Activity] = []


async def fake_activity(
    session, *, start: datetime, end: datetime, coordination_ids: Sequence[int] | None = None
) -> list[Activity]:
    """A package holding the events of HELD, answering like the contract says."""
    return [
        a
        for a in HELD
        if start <= a.at < end and (coordination_ids is None or a.coordination_id in coordination_ids)
    ]


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    packages = [*installed_packages(), Package(name="zz-ateliers-factices", activity=fake_activity)]
    application = create_app(settings, packages=packages, run_background_jobs=False)
    async with application.router.lifespan_context(application):
        yield application


def held(
    at: str, title: str, coordination_id: int | None, registered: int, attended: int, fmt: str
) -> Activity:
    return Activity(
        datetime.fromisoformat(at), title, fmt, coordination_id, registered, attended, "/ateliers/1"
    )


async def network(db: Database) -> dict[str, int]:
    """Rennes (led by Léa) and Toulouse (led by Tess), their members, and five events, one before the period."""
    await load_geography(db)
    await create_member(db, "lea@exemple.fr", roles={"coordinatrice"})
    await create_member(db, "tess@exemple.fr", roles={"coordinatrice"})
    rennes = await add_coordination(db, "Rennes", "35238", lead="lea@exemple.fr")
    toulouse = await add_coordination(db, "Toulouse", "31555", lead="tess@exemple.fr")
    await add_member(db, "ancienne@exemple.fr", coordination=rennes, confirmed_at=datetime(2024, 5, 1))
    await add_member(db, "nouvelle@exemple.fr", coordination=rennes, confirmed_at=datetime(2026, 3, 12, 9))
    await add_member(
        db,
        "oratrice@exemple.fr",
        coordination=toulouse,
        confirmed_at=datetime(2026, 2, 2),
        roles={"intervenante"},
    )
    HELD[:] = [
        held("2026-03-10T17:00", "Rencontre mensuelle de Rennes", rennes.id, 10, 8, "in_person"),
        held("2026-05-02T08:00", "Compter ses heures", rennes.id, 5, 0, "online"),
        held("2026-04-01T16:00", "Rencontre mensuelle de Toulouse", toulouse.id, 4, 3, "in_person"),
        held("2026-04-15T12:00", "Le prêt d'honneur expliqué", None, 20, 10, "online"),
        held("2024-01-09T12:00", "Un atelier d'avant", rennes.id, 9, 9, "online"),
    ]
    return {"rennes": rennes.id, "toulouse": toulouse.id}


def rows_of(body: str) -> list[list[str]]:
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


async def test_the_national_report_as_csv_for_excel(client, db: Database) -> None:
    await network(db)
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    response = await client.get("/admin/bilan.csv?du=01/01/2026&au=2026-06-30")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="bilan-reseau-2026-01-01-2026-06-30.csv"'
    )
    rows = rows_of(response.content.decode("utf-8"))
    assert rows[0] == ["Bilan", "Tout le réseau", "du 01/01/2026 au 30/06/2026"]
    assert rows[1][:3] == ["Vue", "Territoire ou mois", "Date"] and "Taux de présence (%)" in rows[1]
    by_key = {(r[0], r[1]): r[5:] for r in rows[2:] if r[0] != "Atelier"}
    # Ateliers, inscrites, présentes, taux, membres confirmées, nouvelles, bénévoles.
    assert by_key[("Total", "Total")] == ["4", "39", "21", "53,8", "3", "2", "3"]
    assert by_key[("Coordination", "Coordination de Rennes")] == ["2", "15", "8", "53,3", "2", "1", "1"]
    assert by_key[("Coordination", "Coordination de Toulouse")] == ["1", "4", "3", "75,0", "1", "1", "2"]
    assert by_key[("Coordination", "Réseau national (sans coordination)")][:4] == ["1", "20", "10", "50,0"]
    assert by_key[("Région", "Bretagne")] == ["2", "15", "8", "53,3", "2", "1", "1"]
    assert by_key[("Région", "Occitanie")][:3] == ["1", "4", "3"]
    assert by_key[("Mois", "mars 2026")] == ["1", "10", "8", "80,0", "", "1", ""]
    assert by_key[("Mois", "janvier 2026")] == ["0", "0", "0", "", "", "0", ""]
    assert [r[1] for r in rows if r[0] == "Mois"] == [
        "janvier 2026",
        "février 2026",
        "mars 2026",
        "avril 2026",
        "mai 2026",
        "juin 2026",
    ]
    workshops = [r for r in rows if r[0] == "Atelier"]
    assert [r[3] for r in workshops] == [
        "Rencontre mensuelle de Rennes",
        "Rencontre mensuelle de Toulouse",
        "Le prêt d'honneur expliqué",
        "Compter ses heures",
    ]
    assert workshops[0][1:5] == [
        "Coordination de Rennes",
        "10/03/2026 18:00",
        "Rencontre mensuelle de Rennes",
        "En présentiel",
    ]


async def test_the_printable_page(client, db: Database) -> None:
    await network(db)
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    page = await client.get("/admin/bilan?du=2026-01-01&au=2026-06-30")
    assert page.status_code == 200
    text = text_of(page)
    assert (
        "Bilan d'activité — tout le réseau" in text
        and "du jeudi 1er janvier 2026 au mardi 30 juin 2026" in text
    )
    assert "data-print" in text and ">Imprimer<" in text and "css/bilan.css" in text
    assert 'href="/admin/bilan.csv?du=2026-01-01&au=2026-06-30"' in text
    assert "Par région" in text and "Bretagne" in text and "Rencontre mensuelle de Toulouse" in text
    assert "Un atelier d'avant" not in text
    css = (await client.get("/static/css/bilan.css")).text
    assert "@media print" in css and ".site-header" in css and "size: A4" in css

    # By default, the last twelve months.
    default = text_of(await client.get("/admin/bilan"))
    assert "Période : du" in default


async def test_a_coordinatrice_reports_on_her_own_coordination_only(client, db: Database) -> None:
    await network(db)
    await login(client, "lea@exemple.fr")
    page = await client.get("/coordinations/rennes/bilan?du=2026-01-01&au=2026-06-30")
    assert page.status_code == 200
    text = text_of(page)
    assert "Coordination de Rennes" in text and "Rencontre mensuelle de Rennes" in text
    assert "Toulouse" not in text and "Le prêt d'honneur" not in text and "Par région" not in text
    rows = rows_of((await client.get("/coordinations/rennes/bilan.csv?du=2026-01-01&au=2026-06-30")).text)
    assert rows[2][:2] == ["Total", "Total"] and rows[2][5:] == ["2", "15", "8", "53,3", "2", "1", "1"]
    assert not [r for r in rows if "Toulouse" in ";".join(r)]

    assert (await client.get("/coordinations/toulouse/bilan")).status_code == 403
    assert (await client.get("/coordinations/toulouse/bilan.csv")).status_code == 403
    assert (await client.get("/coordinations/inconnue/bilan")).status_code == 404
    assert (await client.get("/admin/bilan")).status_code == 403
    assert (await client.get("/admin/bilan.csv")).status_code == 403


async def test_members_and_visitors_are_kept_out(client, db: Database) -> None:
    await network(db)
    assert (await client.get("/coordinations/rennes/bilan")).headers["location"].startswith("/connexion")
    await create_member(db, "membre@exemple.fr")
    await login(client, "membre@exemple.fr")
    assert (await client.get("/coordinations/rennes/bilan")).status_code == 403
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    client.cookies.clear()
    await login(client, "chef@exemple.fr")
    assert (await client.get("/coordinations/rennes/bilan")).status_code == 200


async def test_bad_dates_get_a_french_error(client, db: Database) -> None:
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    await login(client, "chef@exemple.fr")
    wrong = await client.get("/admin/bilan?du=31/02/2026&au=2026-06-30")
    assert wrong.status_code == 400 and "La date « du » n'est pas valide" in text_of(wrong)
    backwards = await client.get("/admin/bilan.csv?du=2026-06-30&au=2026-01-01")
    assert backwards.status_code == 400 and "doit précéder" in backwards.text


def test_periods() -> None:
    today = date(2026, 12, 6)
    assert parse_period(None, None, today).first == date(2025, 12, 7)
    assert parse_period("", "2024-02-29", today).first == date(2023, 3, 1)
    assert parse_period("1/3/2026", "31/03/2026", today).months() == [(2026, 3)]
    for du, au in (("demain", None), ("2026-13-01", None), ("2000-01-01", "2026-01-01")):
        with pytest.raises(PeriodError):
            parse_period(du, au, today)


async def test_only_workshops_already_held_count(client, db: Database) -> None:
    ids = await network(db)
    now = utcnow()
    HELD[:] = [
        held((now - timedelta(hours=2)).isoformat(), "Ce matin", ids["rennes"], 6, 5, "in_person"),
        held((now + timedelta(hours=2)).isoformat(), "Tout à l'heure", ids["rennes"], 6, 0, "in_person"),
    ]
    await login(client, "lea@exemple.fr")
    upcoming = (now + timedelta(days=30)).date().isoformat()
    text = text_of(await client.get(f"/coordinations/rennes/bilan?du=2026-01-01&au={upcoming}"))
    assert "Ce matin" in text and "Tout à l'heure" not in text

"""Reports for funders: `/admin/bilan` (the whole network, admins) and `/coordinations/{slug}/bilan` (one
coordination: its coordinatrices and admins), as a printable page and as CSV for Excel."""

from __future__ import annotations

from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from learning.auth import login_required, roles_required, signed_in
from learning.db import utcnow
from learning.i18n import to_paris
from learning.state import app_state
from learning.templating import render

from . import reports
from .directory import by_slug, leads
from .models import Coordination


def today_in_paris() -> date:
    return to_paris(utcnow()).date()


async def _respond(request: Request, coordination: Coordination | None, *, as_csv: bool) -> Response:
    du, au = request.query_params.get("du", ""), request.query_params.get("au", "")
    try:
        period = reports.parse_period(du[:20], au[:20], today_in_paris())
    except reports.PeriodError as error:
        if as_csv:
            return Response(str(error), status_code=400, media_type="text/plain; charset=utf-8")
        return render(
            request,
            "coordinations/bilan.html",
            {"report": None, "error": str(error), "du": du[:20], "au": au[:20], "coordination": coordination},
            status_code=400,
        )
    async with app_state(request).db.session() as session:
        report = await reports.build(session, app_state(request).packages, period, coordination)
    if as_csv:
        stem = f"bilan-{coordination.slug if coordination else 'reseau'}-{period.first:%Y-%m-%d}-{period.last:%Y-%m-%d}"
        return Response(
            "\ufeff" + reports.to_csv(report),  # the BOM tells Excel the file is UTF-8
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'},
        )
    return render(
        request,
        "coordinations/bilan.html",
        {
            "report": report,
            "error": None,
            "du": period.first.isoformat(),
            "au": period.last.isoformat(),
            "coordination": coordination,
            "formats": reports.FORMATS,
            "today": today_in_paris(),
            "csv_url": request.url.path + ".csv" + (f"?{request.url.query}" if request.url.query else ""),
        },
    )


@roles_required("admin")
async def national(request: Request) -> Response:
    return await _respond(request, None, as_csv=False)


@roles_required("admin")
async def national_csv(request: Request) -> Response:
    return await _respond(request, None, as_csv=True)


async def _coordination_for(request: Request) -> Coordination:
    """The coordination of the URL, for an admin or one of its coordinatrices."""
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        coordination = await by_slug(session, request.path_params["slug"])
        if coordination is None:
            raise HTTPException(404, "Cette coordination n'existe pas.")
        if not member.is_admin and not await leads(session, coordination.id, member.id):
            raise HTTPException(403, "Seules les coordinatrices de cette coordination voient son bilan.")
    return coordination


@login_required
async def local(request: Request) -> Response:
    return await _respond(request, await _coordination_for(request), as_csv=False)


@login_required
async def local_csv(request: Request) -> Response:
    return await _respond(request, await _coordination_for(request), as_csv=True)


routes = [
    Route("/admin/bilan", national, name="report_national"),
    Route("/admin/bilan.csv", national_csv, name="report_national_csv"),
    Route("/coordinations/{slug}/bilan", local, name="report_coordination"),
    Route("/coordinations/{slug}/bilan.csv", local_csv, name="report_coordination_csv"),
]

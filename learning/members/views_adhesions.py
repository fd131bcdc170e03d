"""« Adhésions » for admins: who is a member of the association, filters, a payment received, CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import forms
from learning.auth import roles_required
from learning.models import Member
from learning.state import app_state
from learning.templating import render

from .adhesion import RENEW_WINDOW, Status, record_payment, status_of, today
from .models import Adhesion

FILTERS = {
    "": "Toutes",
    "a-jour": "À jour",
    "30-jours": "À renouveler dans 30 jours",
    "echues": "Échues",
    "non-adherentes": "Non adhérentes",
}
SHOWN = 300  # rows on the page; the CSV has them all
PAYMENT_DATE = "Indiquez une date de paiement valide (jj/mm/aaaa)."
RENEWAL_DATE = "La date de renouvellement doit être une date valide, après celle du paiement."


@dataclass(frozen=True)
class Row:
    member: Member
    status: Status


def _query(choice: str, search: str, on: date) -> Select[Member, Adhesion]:
    stmt = select(Member, Adhesion).outerjoin(Adhesion, Adhesion.member_id == Member.id)
    if choice == "a-jour":
        stmt = stmt.where(Adhesion.renews_on > on + RENEW_WINDOW)
    elif choice == "30-jours":
        stmt = stmt.where(Adhesion.renews_on >= on, Adhesion.renews_on <= on + RENEW_WINDOW)
    elif choice == "echues":
        stmt = stmt.where(Adhesion.renews_on < on)
    elif choice == "non-adherentes":
        stmt = stmt.where(Adhesion.renews_on.is_(None))
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(Member.name.ilike(pattern, escape="\\"), Member.email.ilike(pattern, escape="\\"))
        )
    return stmt.order_by(Adhesion.renews_on.is_(None), Adhesion.renews_on, Member.name, Member.id)


async def _rows(session: AsyncSession, request: Request, limit: int | None) -> tuple[list[Row], str, str]:
    choice = request.query_params.get("filtre", "")
    choice = choice if choice in FILTERS else ""
    search = request.query_params.get("q", "").strip()[:100]
    stmt = _query(choice, search, today())
    if limit is not None:
        stmt = stmt.limit(limit)
    on = today()
    found = [Row(m, status_of(a, on)) for m, a in (await session.execute(stmt)).all()]
    return found, choice, search


@roles_required("admin")
async def adhesions(request: Request) -> Response:
    async with app_state(request).db.read_session() as session:
        rows, choice, search = await _rows(session, request, SHOWN + 1)
    return render(request, "members/admin_adhesions.html", _page(rows, choice, search, request))


def _page(rows: list[Row], choice: str, search: str, request: Request, **extra: Any) -> dict[str, Any]:
    return {
        "rows": rows[:SHOWN],
        "more": len(rows) > SHOWN,
        "filters": FILTERS,
        "choice": choice,
        "search": search,
        "today": today(),
        "saved": request.query_params.get("enregistre", ""),
        **extra,
    }


def _date(form: FormData, name: str) -> date | None:
    raw = forms.text(form, name, max_length=10)
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@roles_required("admin")
async def record(request: Request) -> Response:
    """« Paiement reçu »: the payment date (default today) and the renewal date (default a year later)."""
    form = await request.form()
    member_id = forms.row_id(form, "member_id")
    paid_raw = forms.text(form, "paid_on", max_length=10)
    paid_on = _date(form, "paid_on") if paid_raw else today()
    renews_raw = forms.text(form, "renews_on", max_length=10)
    renews_on = _date(form, "renews_on")
    back = forms.safe_next(forms.text(form, "retour", max_length=500), "/admin/adhesions")
    if not back.startswith("/admin/adhesions"):
        back = "/admin/adhesions"
    errors = {}
    if paid_on is None:
        errors["paid_on"] = PAYMENT_DATE
    if renews_raw and (renews_on is None or (paid_on is not None and renews_on <= paid_on)):
        errors["renews_on"] = RENEWAL_DATE
    async with app_state(request).db.session() as session:
        member = await session.get(Member, member_id) if member_id is not None else None
        if member is None:
            errors = {"_": "Ce membre n'existe pas, ou plus."}
        if errors or member is None:
            rows, choice, search = await _rows(session, request, SHOWN + 1)
            return render(
                request,
                "members/admin_adhesions.html",
                _page(rows, choice, search, request, errors=errors, errors_for=member_id),
                status_code=400,
            )
        assert paid_on is not None
        await record_payment(session, member.id, paid_on, renews_on)
        await session.commit()
    separator = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{separator}enregistre={member.id}", status_code=303)


def _cell(value: str) -> str:
    # A spreadsheet would run a cell starting with = + - @ as a formula: quoted as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@roles_required("admin")
async def export_csv(request: Request) -> Response:
    async with app_state(request).db.read_session() as session:
        rows, choice, _ = await _rows(session, request, None)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Nom", "E-mail", "Statut", "Dernier paiement", "Renouvellement"])
    for row in rows:
        writer.writerow(
            [
                _cell(row.member.name),
                _cell(row.member.email),
                row.status.label,
                row.status.last_paid_on.isoformat() if row.status.last_paid_on else "",
                row.status.renews_on.isoformat() if row.status.renews_on else "",
            ]
        )
    name = f"adhesions-{choice or 'toutes'}-{today().isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),  # the BOM makes Excel read the accents as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


routes = [
    Route("/admin/adhesions", adhesions, name="admin_adhesions"),
    Route("/admin/adhesions.csv", export_csv, name="admin_adhesions_csv"),
    Route("/admin/adhesions/paiement", record, methods=["POST"], name="admin_adhesions_payment"),
]

"""Certificates (issue, PDF, public verification) and « Mon dossier de financement » (page and PDF)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from learning.auth import login_required, signed_in
from learning.state import app_state
from learning.templating import render

from . import progress
from .calculators import KINDS
from .calculators.base import BOOL, CHOICE, PERCENT, SERIES, format_plain
from .course_tree import Course
from .models import Certificate
from .pdf import DossierItem, certificate_pdf, dossier_pdf
from .presenters import calculator_view
from .store import BASE_URL, course_or_404


def verify_url(request: Request, code: str) -> str:
    return f"{app_state(request).settings.base_origin}{BASE_URL}/certificat/{code}"


@login_required
async def claim_certificate(request: Request) -> Response:
    course = course_or_404(request)
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        state = await progress.load_state(session, member.id, course.slug)
        if not progress.certificate_ready(course, state):
            raise HTTPException(
                403,
                "L'attestation de réussite s'obtient quand toutes les leçons sont lues et tous les contrôles "
                "de module réussis.",
            )
        await progress.issue_certificate(session, member.id, member.name, course)
        await session.commit()
    return RedirectResponse(f"{course.url}/certificat.pdf", status_code=303)


@login_required
async def certificate_download(request: Request) -> Response:
    course = course_or_404(request)
    member = signed_in(request)
    async with app_state(request).db.read_session() as session:
        cert = await session.scalar(
            select(Certificate).where(Certificate.member_id == member.id, Certificate.course == course.slug)
        )
    if cert is None:
        raise HTTPException(404, "Vous n'avez pas encore d'attestation de réussite pour ce cours.")
    pdf = certificate_pdf(
        cert.learner_name, cert.course_title, cert.issued_at.date(), verify_url(request, cert.code)
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="attestation-{course.slug}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


async def verify_certificate(request: Request) -> Response:
    code = request.path_params["code"]
    async with app_state(request).db.read_session() as session:
        cert = (
            await session.scalar(select(Certificate).where(Certificate.code == code))
            if len(code) < 40
            else None
        )
    # Only what is printed on the certificate; a wrong code says so without revealing anything else.
    return render(
        request, "courses/verify.html", {"certificate": cert}, status_code=200 if cert is not None else 404
    )


def shown_inputs(kind_name: str, inputs: dict) -> list[tuple[str, str]]:
    kind = KINDS[kind_name]
    out = []
    for field in kind.inputs:
        value = inputs.get(field.name, field.default)
        if field.type == BOOL:
            text = "oui" if value else "non"
        elif field.type == CHOICE:
            text = dict(field.choices).get(str(value), str(value))
        elif field.type == SERIES:
            text = " ; ".join(format_plain(float(v), 0) for v in value)
        elif field.type == PERCENT:
            text = format_plain(float(value), 2) + "\u00a0%"
        else:
            text = format_plain(float(value), 2) + (f"\u00a0{field.unit}" if field.unit else "")
        out.append((field.label, text))
    return out


async def _saved_items(request: Request, course: Course, member_id: int) -> list[tuple]:
    async with app_state(request).db.read_session() as session:
        state = await progress.load_state(session, member_id, course.slug)
    items = []
    # In course order, so the dossier reads like the course: pay, break-even, BFR, financing, cash.
    for lesson in course.lessons():
        for calc_id, calc in lesson.calculators.items():
            saved = state.calculators.get(calc_id)
            if saved is None:
                continue
            view = calculator_view(calc, saved, saved=True)
            if view.result is not None:
                items.append((lesson, view))
    return items


@login_required
async def dossier(request: Request) -> Response:
    course = course_or_404(request)
    member = signed_in(request)
    items = await _saved_items(request, course, member.id)
    return render(request, "courses/dossier.html", {"course": course, "items": items})


@login_required
async def dossier_download(request: Request) -> Response:
    course = course_or_404(request)
    member = signed_in(request)
    items = [
        DossierItem(
            view.title,
            shown_inputs(view.calculator.kind, {f.name: f.value for f in view.fields}),
            view.result,
            view.calculator.kind,
        )
        for _lesson, view in await _saved_items(request, course, member.id)
    ]
    pdf = dossier_pdf(member.name, course.title, date.today(), items)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="dossier-de-financement-{course.slug}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )

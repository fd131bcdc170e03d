"""« Devenir bénévole » (`/benevolat`) and the admins' review of the applications (`/admin/benevoles`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import forms
from learning.auth import current_member, login_required, roles_required, signed_in
from learning.models import Member
from learning.state import app_state
from learning.templating import render

from . import volunteers
from .directory import Nearby, all_coordinations
from .models import VOLUNTEER_OFFERS, Commune, Coordination, VolunteerApplication
from .travel import Point, crow_flies_km
from .views_common import estimate_model

DECLINE_NEEDS_MESSAGE = "Écrivez-lui un message : il lui est envoyé par e-mail avec votre réponse."


async def _her_applications(
    session: AsyncSession, member_id: int
) -> list[tuple[VolunteerApplication, str | None]]:
    rows = await session.execute(
        select(VolunteerApplication, Coordination.name)
        .outerjoin(Coordination, Coordination.id == VolunteerApplication.coordination_id)
        .where(VolunteerApplication.member_id == member_id)
        .order_by(VolunteerApplication.created_at.desc(), VolunteerApplication.id.desc())
    )
    return [(a, name) for a, name in rows.all()]


async def _page(
    request: Request,
    session: AsyncSession,
    member: Member | None,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    choices: list[Any] | None = None,
    status_code: int = 200,
) -> Response:
    applications = await _her_applications(session, member.id) if member is not None else []
    pending = any(a.status == "pending" for a, _ in applications)
    return render(
        request,
        "coordinations/benevolat.html",
        {
            "applications": applications,
            "pending": pending,
            "offers": VOLUNTEER_OFFERS,
            "coordinations": await all_coordinations(session) if member is not None else [],
            "form": form or {"offers": []},
            "errors": errors or {},
            "choices": choices or [],
            "sent": request.query_params.get("envoye") == "1",
        },
        status_code=status_code,
    )


async def volunteer_page(request: Request) -> Response:
    member = current_member(request)
    async with app_state(request).db.session() as session:
        return await _page(request, session, member)


@login_required
async def apply(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    raw_coordination = forms.text(form, "coordination_id", max_length=12)
    coordination_id = forms.row_id(form, "coordination_id")
    errors: dict[str, str] = {}
    if raw_coordination and coordination_id is None:
        errors["coordination_id"] = "Cette coordination n'existe pas : choisissez-en une dans la liste."
    data = volunteers.ApplicationInput(
        commune=forms.text(form, "commune", max_length=120),
        insee=forms.text(form, "insee", max_length=5),
        availability=forms.text(form, "availability", max_length=volunteers.MAX_TEXT),
        offers=[o for o in form.getlist("offers") if isinstance(o, str)][:10],
        coordination_id=coordination_id,
        message=forms.text(form, "message", max_length=volunteers.MAX_TEXT),
    )
    async with app_state(request).db.session() as session:
        checked = await volunteers.check(session, data)
        errors = {**checked.errors, **errors}
        if not errors and any(a.status == "pending" for a, _ in await _her_applications(session, member.id)):
            errors["_"] = (
                "Votre proposition précédente est encore en cours d'examen : attendez notre réponse."
            )
        if errors or checked.place is None:
            kept = {**data.__dict__, "coordination_id": raw_coordination}
            return await _page(
                request, session, member, form=kept, errors=errors, choices=checked.choices, status_code=400
            )
        volunteers.create(session, member, data, checked.place)
        await session.commit()
    return RedirectResponse("/benevolat?envoye=1", status_code=303)


async def _review_rows(session: AsyncSession) -> list[dict[str, Any]]:
    """Every application, pending first (oldest first among them: the longest waiting), then the decided
    ones, most recent first, with her commune and the coordination nearest to it."""
    rows = (
        await session.execute(
            select(VolunteerApplication, Member, Coordination.name)
            .join(Member, Member.id == VolunteerApplication.member_id)
            .outerjoin(Coordination, Coordination.id == VolunteerApplication.coordination_id)
            .order_by(
                case((VolunteerApplication.status == "pending", 0), else_=1),
                case(
                    (VolunteerApplication.status == "pending", VolunteerApplication.id),
                    else_=-VolunteerApplication.id,
                ),
            )
            .limit(300)
        )
    ).all()
    model = estimate_model()
    # One query for the communes and one for the coordinations, whatever the number of applications: the
    # nearest one is found by the estimate (crow-flies distance), as the national view measures.
    codes = {a.insee for a, _, _ in rows if a.insee}
    communes: dict[str, Commune] = {}
    if codes:
        for commune in await session.scalars(
            select(Commune)
            .where(Commune.insee.in_(codes), Commune.lat.is_not(None))
            .order_by(Commune.population.desc(), Commune.postal_code)
        ):
            communes.setdefault(commune.insee, commune)
    coordinations = await all_coordinations(session)
    found = []
    for application, member, wanted in rows:
        place = communes.get(application.insee or "")
        closest = None
        if place is not None and place.lat is not None and place.lon is not None and coordinations:
            origin = Point(place.lat, place.lon)
            best = min(coordinations, key=lambda c: crow_flies_km(origin, Point(c.lat, c.lon)))
            [minutes] = await model.minutes(origin, [Point(best.lat, best.lon)])
            closest = Nearby(best, minutes)
        found.append(
            {
                "application": application,
                "member": member,
                "wanted": wanted,
                "commune": place,
                "nearest": closest,
            }
        )
    return found


async def _review_page(
    request: Request, session: AsyncSession, *, errors: dict[int, str] | None = None, status_code: int = 200
) -> Response:
    rows = await _review_rows(session)
    return render(
        request,
        "coordinations/admin_benevoles.html",
        {
            "rows": rows,
            "pending": sum(1 for r in rows if r["application"].status == "pending"),
            "offers": VOLUNTEER_OFFERS,
            "errors": errors or {},
            "model": estimate_model(),
            "done": request.query_params.get("fait", ""),
        },
        status_code=status_code,
    )


@roles_required("admin")
async def review(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        return await _review_page(request, session)


async def _pending_application(session: AsyncSession, request: Request) -> VolunteerApplication:
    application_id = int(request.path_params["application_id"])
    application = (
        await session.scalar(
            select(VolunteerApplication).where(VolunteerApplication.id == application_id).with_for_update()
        )
        if application_id < 2**31  # the route takes any digits; PostgreSQL refuses a larger integer
        else None
    )
    if application is None:
        raise HTTPException(404, "Cette proposition de bénévolat n'existe pas.")
    if application.status != "pending":
        raise HTTPException(409, "Une décision a déjà été prise sur cette proposition.")
    return application


@roles_required("admin")
async def accept(request: Request) -> Response:
    admin = signed_in(request)
    async with app_state(request).db.session() as session:
        application = await _pending_application(session, request)
        await volunteers.accept(session, application, admin, base_url=app_state(request).settings.base_origin)
        await session.commit()
    return RedirectResponse("/admin/benevoles?fait=accepte", status_code=303)


@roles_required("admin")
async def decline(request: Request) -> Response:
    admin = signed_in(request)
    form = await request.form()
    message = forms.text(form, "decision_message", max_length=volunteers.MAX_TEXT)
    async with app_state(request).db.session() as session:
        application = await _pending_application(session, request)
        if not message:
            return await _review_page(
                request, session, errors={application.id: DECLINE_NEEDS_MESSAGE}, status_code=400
            )
        await volunteers.decline(session, application, admin, message)
        await session.commit()
    return RedirectResponse("/admin/benevoles?fait=refuse", status_code=303)


routes = [
    Route("/benevolat", volunteer_page, name="volunteer_page"),
    Route("/benevolat", apply, methods=["POST"], name="volunteer_apply"),
    Route("/admin/benevoles", review, name="volunteer_review"),
    Route(
        "/admin/benevoles/{application_id:int}/accepter", accept, methods=["POST"], name="volunteer_accept"
    ),
    Route(
        "/admin/benevoles/{application_id:int}/refuser", decline, methods=["POST"], name="volunteer_decline"
    ),
]

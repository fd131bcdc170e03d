"""A member's profile (/membres/{id}) and « Mon profil » (/membres/mon-profil), where she chooses to be listed
in the directory and says what she offers.

Any signed-in member may open a profile (she arrives from a post, an answer, the directory); being listed
only decides whether the directory shows her. Other packages add their blocks (slot "profile": the page
sets `request.state.shown` first): the board her posts and useful answers, live the workshops she hosts."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import forms
from learning.auth import login_required, signed_in
from learning.coordinations.directory import confirmed_coordination_id
from learning.coordinations.models import Coordination
from learning.models import Member
from learning.page_blocks import blocks_for
from learning.state import app_state
from learning.templating import render

from . import search_text, services, skills
from .models import MemberProfile
from .sectors import SECTORS

NOT_FOUND = "Cette membre n'existe pas, ou plus."


def _member_id(request: Request) -> int:
    value = request.path_params.get("member_id")
    if not isinstance(value, int) or not 0 < value < 2**31:
        raise HTTPException(404, NOT_FOUND)
    return value


@login_required
async def profile(request: Request) -> Response:
    viewer = signed_in(request)
    async with app_state(request).db.read_session() as session:
        shown = await session.get(Member, _member_id(request))
        if shown is None:
            raise HTTPException(404, NOT_FOUND)
        row = await session.get(MemberProfile, shown.id)
        offered = await skills.skills_of(session, shown.id)
        # Her coordination once confirmed (a pending request is between her and its coordinatrices).
        local = await confirmed_coordination_id(session, shown.id)
        coordination = await session.get(Coordination, local) if local is not None else None
    request.state.shown = shown
    blocks = await blocks_for(request, "profile")
    # What members share with each other: no e-mail address, ever.
    return render(
        request,
        "members/profile.html",
        {
            "shown": shown,
            "profile": row,
            "project": search_text.project_of(row, shown),
            "sector": SECTORS.get(row.sector, "") if row else "",
            "skills": offered,
            "coordination": coordination,
            "is_me": shown.id == viewer.id,
            "blocks": blocks,
            "saved": "enregistre" in request.query_params,
        },
    )


async def _edit_context(request: Request, member: Member, values: services.ProfileInput | None) -> dict:
    async with app_state(request).db.read_session() as session:
        row = await session.get(MemberProfile, member.id)
        mine = await skills.skills_of(session, member.id)
        listed_skills = await skills.canonical_skills(session)
    if values is None:
        values = services.ProfileInput(
            listed=bool(row and row.listed),
            project=search_text.project_of(row, member),
            sector=row.sector if row else "",
            skill_ids=[s.id for s in mine if s.canonical],
            free="\n".join(s.label for s in mine if not s.canonical),
        )
    return {
        "values": values,
        "skill_list": listed_skills,
        "sectors": SECTORS,
        "max_skills": skills.MAX_SKILLS,
        "max_free": skills.MAX_FREE,
        "project_max": services.PROJECT_MAX,
    }


@login_required
async def edit_profile(request: Request) -> Response:
    member = signed_in(request)
    if request.method == "GET":
        return render(request, "members/edit.html", await _edit_context(request, member, None))
    form = await request.form()
    raw_ids = [v for v in form.getlist("skill") if isinstance(v, str)][: skills.MAX_SKILLS * 4]
    ids = [int(v) for v in raw_ids if v.isdigit() and len(v) <= 9]
    values = services.ProfileInput(
        listed=form.get("listed") == "1",
        project=forms.text(form, "project", max_length=services.PROJECT_MAX * 4),
        sector=forms.text(form, "sector", max_length=60),
        skill_ids=list(dict.fromkeys(ids)),
        free=forms.text(form, "free", max_length=2000),
    )
    async with app_state(request).db.session() as session:
        known = {s.id for s in await skills.canonical_skills(session)}
        errors = values.problems(known, bad_ids=len(ids) != len(raw_ids))
        if not errors:
            await services.save_profile(session, member.id, values)
            await session.commit()
    if errors:
        context = await _edit_context(request, member, values)
        return render(request, "members/edit.html", {**context, "errors": errors}, status_code=400)
    return RedirectResponse(f"/membres/{member.id}?enregistre=1", status_code=303)


routes = [
    Route("/membres/{member_id:int}", profile, name="member_profile"),
    Route("/membres/mon-profil", edit_profile, methods=["GET", "POST"], name="member_profile_edit"),
]

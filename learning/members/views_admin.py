"""« Compétences » for admins (/admin/competences): members' free additions, merged into a skill of the shared
list (the added words become its aliases, so searches still find those members) or promoted into the list."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import forms
from learning.auth import roles_required
from learning.state import app_state
from learning.templating import render

from . import search_text, skills
from .models import MemberSkill, Skill

FLASHES = {
    "fusionnee": "La compétence est fusionnée : ses membres proposent désormais celle de la liste.",
    "ajoutee": "La compétence fait désormais partie de la liste.",
}
GONE = "Cette compétence n'existe pas, ou plus (déjà fusionnée ?)."


async def _page(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    async with app_state(request).db.read_session() as session:
        counts = dict(
            (
                await session.execute(
                    select(MemberSkill.skill_id, func.count()).group_by(MemberSkill.skill_id)
                )
            ).all()
        )
        free = await skills.free_skills(session)
        listed = await skills.canonical_skills(session)
    return render(
        request,
        "members/admin_skills.html",
        {
            "free": free,
            "listed": listed,
            "counts": counts,
            "error": error,
            "flash": FLASHES.get(request.query_params.get("fait", "")),
        },
        status_code=status_code,
    )


@roles_required("admin")
async def skills_page(request: Request) -> Response:
    return await _page(request)


def _skill_id(request: Request) -> int:
    value = request.path_params.get("skill_id")
    if not isinstance(value, int) or not 0 < value < 2**31:
        raise HTTPException(404, GONE)
    return value


async def _free_skill(session: AsyncSession, request: Request) -> Skill:
    skill = await session.get(Skill, _skill_id(request))
    if skill is None or skill.canonical:
        raise HTTPException(404, GONE)
    return skill


@roles_required("admin")
async def merge(request: Request) -> Response:
    form = await request.form()
    into_id = forms.row_id(form, "into")
    async with app_state(request).db.session() as session:
        free = await _free_skill(session, request)
        into = await session.get(Skill, into_id) if into_id is not None else None
        if into is None or not into.canonical:
            error = "Choisissez dans la liste la compétence où fusionner celle-ci."
        else:
            moved = await skills.merge(session, free, into)
            await search_text.refresh(session, moved)
            await session.commit()
            return RedirectResponse("/admin/competences?fait=fusionnee", status_code=303)
    return await _page(request, error=error, status_code=400)


@roles_required("admin")
async def promote(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        free = await _free_skill(session, request)
        await skills.promote(session, free)
        await session.commit()
    return RedirectResponse("/admin/competences?fait=ajoutee", status_code=303)


routes = [
    Route("/admin/competences", skills_page, name="admin_skills"),
    Route("/admin/competences/{skill_id:int}/fusionner", merge, methods=["POST"], name="admin_skill_merge"),
    Route("/admin/competences/{skill_id:int}/ajouter", promote, methods=["POST"], name="admin_skill_promote"),
]

"""« Témoignages » (admin): the quotes shown on the visitors' home page, each with the consent of the member
quoted (learning.testimonials)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import testimonials
from learning.auth import roles_required, signed_in
from learning.models import Testimonial
from learning.state import app_state
from learning.templating import render

FLASHES = {
    "ajoute": "Le témoignage est publié sur la page d'accueil.",
    "retire": "Le témoignage est retiré de la page d'accueil.",
}


async def _page(request: Request, typed: testimonials.TestimonialForm, status_code: int = 200) -> Response:
    async with app_state(request).db.read_session() as session:
        shown = await testimonials.all_testimonials(session)
    flash = FLASHES.get(request.query_params.get("msg", ""))
    return render(
        request,
        "admin/testimonials.html",
        {
            "testimonials": shown,
            "typed": typed,
            "errors": typed.errors,
            "flash": flash,
            "shown": testimonials.SHOWN,
        },
        status_code=status_code,
    )


@roles_required("admin")
async def testimonial_list(request: Request) -> Response:
    return await _page(request, testimonials.TestimonialForm())


@roles_required("admin")
async def testimonial_add(request: Request) -> Response:
    typed = testimonials.read_form(await request.form())
    if typed.errors:
        return await _page(request, typed, status_code=400)
    async with app_state(request).db.session() as session:
        testimonials.add(session, typed, signed_in(request).id)
        await session.commit()
    return RedirectResponse("/admin/temoignages?msg=ajoute", status_code=303)


@roles_required("admin")
async def testimonial_delete(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        testimonial = await session.get(Testimonial, request.path_params["testimonial_id"])
        if testimonial is None:
            raise HTTPException(404, "Ce témoignage n'existe pas, ou a déjà été retiré.")
        await session.delete(testimonial)
        await session.commit()
    return RedirectResponse("/admin/temoignages?msg=retire", status_code=303)


routes = [
    Route("/admin/temoignages", testimonial_list, name="admin_testimonials"),
    Route("/admin/temoignages", testimonial_add, methods=["POST"], name="admin_testimonial_add"),
    Route(
        "/admin/temoignages/{testimonial_id:int}/retirer",
        testimonial_delete,
        methods=["POST"],
        name="admin_testimonial_delete",
    ),
]

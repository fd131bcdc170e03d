"""« Contacter l'équipe »: a message to the national team, kept for the admins and e-mailed when
ENTRAIDE_CONTACT_EMAIL is set.

Always kept, so that nothing is lost when no address is configured or the mail server is down; the daily job
deletes messages after a year (renewal.CONTACT_RETENTION). A hidden field that only robots fill makes the
form answer « envoyé » without keeping anything.
"""

from __future__ import annotations

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import forms
from learning.auth import current_member, roles_required
from learning.outbox import queue_email
from learning.ratelimit import client_ip
from learning.state import app_state
from learning.templating import render

from .models import ContactMessage

SUBJECTS = {
    "adhesion": "Adhésion et cotisation",
    "compte": "Mon compte",
    "ateliers": "Ateliers en direct",
    "mooc": "MOOC",
    "coordinations": "Coordinations locales",
    "donnees": "Mes données personnelles",
    "partenariat": "Partenariat",
    "autre": "Autre question",
}
NAME_MAX = 120
BODY_MAX = 5000
CONTACT_LIMIT = "5/hour"
HONEYPOT = "site_web"


async def contact(request: Request) -> Response:
    member = current_member(request)
    values = {
        "name": member.name if member else "",
        "email": member.email if member else "",
        "subject": request.query_params.get("objet", ""),
        "body": "",
    }
    if values["subject"] not in SUBJECTS:
        values["subject"] = ""
    if request.method == "GET":
        return render(request, "members/contact.html", {"form": values, "subjects": SUBJECTS})

    form = await request.form()
    state = app_state(request)
    if forms.text(form, HONEYPOT, max_length=200):
        return RedirectResponse("/contact/envoye", status_code=303)
    values = {
        "name": forms.display_name(form, "name", max_length=NAME_MAX + 1),
        "email": forms.normalise_email(forms.text(form, "email", max_length=300)),
        "subject": forms.text(form, "subject", max_length=40),
        # Read beyond the limit, to tell her it is too long instead of cutting her words off.
        "body": forms.text(form, "body", max_length=4 * BODY_MAX),
    }
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = "Indiquez votre nom."
    elif len(values["name"]) > NAME_MAX:
        errors["name"] = f"Votre nom ne peut dépasser {NAME_MAX} caractères."
    if problem := forms.email_problem(values["email"]):
        errors["email"] = problem
    if values["subject"] not in SUBJECTS:
        errors["subject"] = "Choisissez l'objet de votre message dans la liste."
    if not values["body"]:
        errors["body"] = "Écrivez votre message."
    elif len(values["body"]) > BODY_MAX:
        errors["body"] = (
            f"Votre message fait {len(values['body'])} caractères : raccourcissez-le à {BODY_MAX} au plus."
        )
    if not errors and not await state.rate_limits.hit(CONTACT_LIMIT, f"contact:{client_ip(request)}"):
        errors["_"] = "Trop de messages envoyés depuis votre connexion. Réessayez dans une heure."
    if errors:
        return render(
            request,
            "members/contact.html",
            {"form": values, "subjects": SUBJECTS, "errors": errors},
            status_code=429 if "_" in errors else 400,
        )
    label = SUBJECTS[values["subject"]]
    async with state.db.session() as session:
        session.add(
            ContactMessage(
                member_id=member.id if member else None,
                name=values["name"],
                email=values["email"],
                subject=values["subject"],
                body=values["body"],
            )
        )
        if to := state.settings.contact_email:
            queue_email(
                session,
                to=to,
                subject=f"[Contact] {label} — {values['name']}",
                body=f"De : {values['name']} <{values['email']}>"
                + (" (membre connectée)" if member else "")
                + f"\nObjet : {label}\n\n{values['body']}\n\n"
                f"Pour répondre, écrivez à {values['email']}.\n"
                f"Tous les messages : {state.settings.base_origin}/admin/contact\n",
            )
        await session.commit()
    return RedirectResponse("/contact/envoye", status_code=303)


async def sent(request: Request) -> Response:
    return render(request, "members/contact_sent.html", {})


@roles_required("admin")
async def messages(request: Request) -> Response:
    async with app_state(request).db.read_session() as session:
        rows = list(
            await session.scalars(select(ContactMessage).order_by(ContactMessage.id.desc()).limit(200))
        )
    return render(request, "members/admin_contact.html", {"messages": rows, "subjects": SUBJECTS})


routes = [
    Route("/contact", contact, methods=["GET", "POST"], name="contact"),
    Route("/contact/envoye", sent, name="contact_sent"),
    Route("/admin/contact", messages, name="admin_contact"),
]

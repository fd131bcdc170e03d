"""« Mes e-mails »: every kind of e-mail, on or off, the themes she follows, and the one-click unsubscribe."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import bounces, email_kinds, themes
from learning.auth import login_required, signed_in
from learning.models import Member
from learning.outbox import queue_email
from learning.state import app_state
from learning.templating import render

FLASHES = {
    "enregistre": "Vos choix d'e-mails sont enregistrés.",
    "themes": "Vos thèmes sont enregistrés.",
    "retablie": "C'est noté : nous vous écrivons de nouveau. Un e-mail de vérification vient de partir.",
}
BAD_LINK = (
    "Ce lien de désabonnement n'est pas valable : il a peut-être été copié incomplètement. "
    "Connectez-vous et choisissez vos e-mails dans « Mes e-mails »."
)


@login_required
async def emails_page(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.read_session() as session:
        chosen = await email_kinds.preferences(session, member.id)
    # The essential kinds are not choices: listed apart, folded (the page is read on a phone).
    essential = [kind for kind in email_kinds.KINDS.values() if kind.essential]
    rows = []
    for kind in email_kinds.KINDS.values():
        if kind.essential:
            continue
        row = chosen.get(kind.key)
        rows.append(
            {
                "kind": kind,
                "enabled": row is None or row.enabled,
                "frequency": (row.frequency if row else None) or email_kinds.DAILY,
            }
        )
    return render(
        request,
        "accounts/emails.html",
        {"essential": essential, "rows": rows, "flash": _flash(request)},
    )


def _flash(request: Request) -> str | None:
    return next((text for key, text in FLASHES.items() if key in request.query_params), None)


@login_required
async def themes_page(request: Request) -> Response:
    """Her themes, a page of their own: « Mes e-mails » alone is long enough on a phone."""
    async with app_state(request).db.read_session() as session:
        followed = await themes.followed(session, signed_in(request).id)
    return render(
        request,
        "accounts/themes.html",
        {"themes": themes.THEMES, "followed": followed, "flash": _flash(request)},
    )


@login_required
async def save_emails(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    async with app_state(request).db.session() as session:
        for kind in email_kinds.KINDS.values():
            if kind.essential:
                continue
            frequency = form.get(f"frequency_{kind.key}")
            await email_kinds.set_preference(
                session,
                member.id,
                kind.key,
                enabled=form.get(kind.key) == "1",
                frequency=frequency if isinstance(frequency, str) else None,
            )
        await session.commit()
    return RedirectResponse("/compte/e-mails?enregistre=1", status_code=303)


@login_required
async def address_works_again(request: Request) -> Response:
    """She says her mailbox works again (learning/bounces.py): write to it, starting with a check."""
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        stored = await session.get(Member, member.id)
        if stored is not None and stored.email_bounced_at is not None:
            bounces.clear(stored)
            queue_email(
                session,
                kind=email_kinds.ACCOUNT,
                to=stored.email,
                member_id=stored.id,
                subject="Votre adresse reçoit de nouveau nos e-mails",
                body=(
                    f"Bonjour {stored.name},\n\nVous nous avez dit que votre boîte fonctionne de nouveau : "
                    "cet e-mail le vérifie. Vous n'avez rien à faire.\n\nL'équipe Entraide\n"
                ),
            )
            await session.commit()
    return RedirectResponse("/compte/e-mails?retablie=1", status_code=303)


@login_required
async def save_themes(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    picked = [value for value in form.getlist("theme") if isinstance(value, str)]
    async with app_state(request).db.session() as session:
        await themes.set_followed(session, member.id, picked)
        await session.commit()
    return RedirectResponse("/compte/e-mails/themes?themes=1", status_code=303)


async def unsubscribe(request: Request) -> Response:
    """GET: a page with one button (a link preview or a scanner must not unsubscribe her). POST: from that
    button, or straight from her mail client (RFC 8058, body « List-Unsubscribe=One-Click »)."""
    settings = app_state(request).settings
    token = request.query_params.get("t", "")
    found = email_kinds.read_unsubscribe_token(settings.secret_key, token)
    if request.method == "POST":
        await request.form()  # the one-click body; nothing in it is needed beyond the signed link
    async with app_state(request).db.session() as session:
        member = await session.get(Member, found[0]) if found else None
        if found is None or member is None:
            return render(request, "accounts/unsubscribe.html", {"error": BAD_LINK}, status_code=400)
        kind = email_kinds.KINDS[found[1]]
        done = False
        if request.method == "POST":
            await email_kinds.set_preference(session, member.id, kind.key, enabled=False)
            await session.commit()
            done = True
    return render(request, "accounts/unsubscribe.html", {"kind": kind, "token": token, "done": done})


routes = [
    Route("/compte/e-mails", emails_page, name="account_emails"),
    Route("/compte/e-mails", save_emails, methods=["POST"], name="account_emails_save"),
    Route(
        "/compte/e-mails/adresse-retablie",
        address_works_again,
        methods=["POST"],
        name="account_email_works",
    ),
    Route("/compte/e-mails/themes", themes_page, name="account_themes"),
    Route("/compte/e-mails/themes", save_themes, methods=["POST"], name="account_themes_save"),
    Route(email_kinds.UNSUBSCRIBE_PATH, unsubscribe, methods=["GET", "POST"], name="unsubscribe"),
]

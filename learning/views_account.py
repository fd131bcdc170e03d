"""« Mon compte »: profile, password change, data export and account deletion (RGPD)."""

from __future__ import annotations

import json

from sqlalchemy import delete, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import email_kinds, forms, themes, timezones
from learning.auth import close_all_sessions, login_required, open_session, signed_in
from learning.models import AuthSession, Member, OneTimeToken, OutboxEmail
from learning.passwords import hash_password, password_problem, verify_password
from learning.state import app_state
from learning.templating import render
from learning.tokens import revoke_one_time_tokens
from learning.views_auth import set_session_cookie

# Checks of the current password from inside the account (change it, delete the account), per member:
# a stolen session must not become a way to guess the password, and through it the e-mail account.
PASSWORD_CHECK_LIMIT = "5/15 minutes"
PASSWORD_CHECKS_THROTTLED = "Trop d'essais de mot de passe. Patientez un quart d'heure avant de réessayer."

FLASHES = {
    "bienvenue": "Bienvenue ! Votre compte est créé.",
    "profil": "Votre profil est enregistré.",
    "mot-de-passe": "Votre mot de passe est changé.",
    "fuseau": "Votre fuseau horaire est enregistré.",
}


async def _page(
    request: Request, member: Member, extra: dict | None = None, status_code: int = 200
) -> Response:
    sections = []
    contents = []
    async with app_state(request).db.session() as session:
        context: dict = {}
        for package in app_state(request).packages:
            if package.account_section is not None:
                context.update(await package.account_section.context(session, member))
                sections.append(package.account_section.template)
                if package.account_section.title:
                    contents.append((package.account_section.anchor, package.account_section.title))
    flash = next((text for key, text in FLASHES.items() if key in request.query_params), None)
    context.update({"account_sections": sections, "package_contents": contents, "flash": flash})
    context.setdefault("member_timezone", member.timezone)
    context["timezone_choices"] = timezones.choices(context["member_timezone"])
    context.update(extra or {})
    return render(request, "accounts/account.html", context, status_code=status_code)


async def _may_check_password(request: Request, member: Member) -> bool:
    """Counts this password check (before it is made, in one step); False past PASSWORD_CHECK_LIMIT."""
    return await app_state(request).rate_limits.hit(PASSWORD_CHECK_LIMIT, f"account-password:{member.id}")


@login_required
async def account_page(request: Request) -> Response:
    return await _page(request, request.state.member)


@login_required
async def update_profile(request: Request) -> Response:
    form = await request.form()
    name = forms.display_name(form, "name", max_length=120)
    errors = {}
    if not name:
        errors["name"] = "Indiquez votre prénom et votre nom."
    if errors:
        return await _page(request, request.state.member, {"errors": errors}, status_code=400)
    async with app_state(request).db.session() as session:
        member = await session.get(Member, request.state.member.id)
        assert member is not None
        member.name = name
        member.project = forms.text(form, "project", max_length=2000)
        await session.commit()
    return RedirectResponse("/compte?profil=1", status_code=303)


@login_required
async def update_timezone(request: Request) -> Response:
    form = await request.form()
    typed = forms.text(form, "timezone", max_length=200)
    zone = timezones.clean(typed)
    if zone is None:
        return await _page(
            request,
            request.state.member,
            {
                "timezone_errors": {
                    "timezone": "Ce fuseau horaire n'existe pas : choisissez-le dans la liste, ou gardez l'heure de Paris."
                },
                "member_timezone": request.state.member.timezone,
            },
            status_code=400,
        )
    async with app_state(request).db.session() as session:
        member = await session.get(Member, request.state.member.id)
        assert member is not None
        member.timezone = zone
        await session.commit()
    return RedirectResponse("/compte?fuseau=1#fuseau-titre", status_code=303)


@login_required
async def change_password(request: Request) -> Response:
    form = await request.form()
    current = forms.password(form, "current_password")
    new = forms.password(form, "new_password")
    member = signed_in(request)
    if not await _may_check_password(request, member):
        return await _page(
            request, member, {"password_errors": {"_": PASSWORD_CHECKS_THROTTLED}}, status_code=429
        )
    errors = {}
    if not verify_password(member.password_hash, current[:1024]):
        errors["current_password"] = "Le mot de passe actuel est incorrect."
    elif problem := password_problem(new):
        errors["new_password"] = problem
    if errors:
        return await _page(request, member, {"password_errors": errors}, status_code=400)
    async with app_state(request).db.session() as session:
        fresh = await session.get(Member, member.id)
        assert fresh is not None
        fresh.password_hash = hash_password(new)
        # A password change revokes every session, this one included (the member gets a new one),
        # and every reset or login link still waiting in her mailbox.
        await close_all_sessions(session, member.id)
        await revoke_one_time_tokens(session, member.id)
        token = await open_session(session, fresh, app_state(request).settings.session_ttl_days)
        await session.commit()
    response = RedirectResponse("/compte?mot-de-passe=1", status_code=303)
    set_session_cookie(request, response, token)
    return response


@login_required
async def export_data(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        sessions = (
            await session.execute(
                select(AuthSession.created_at, AuthSession.expires_at).where(
                    AuthSession.member_id == member.id
                )
            )
        ).all()
        emails = (
            await session.execute(
                select(OutboxEmail.subject, OutboxEmail.created_at).where(OutboxEmail.member_id == member.id)
            )
        ).all()
        data = {
            "compte": {
                "nom": member.name,
                "email": member.email,
                "projet": member.project,
                "fuseau_horaire": member.timezone or "Europe/Paris",
                "roles": sorted(member.roles),
                "inscrite_le": member.created_at.isoformat(),
                "adresse_confirmee_le": member.email_confirmed_at.isoformat()
                if member.email_confirmed_at
                else None,
                "derniere_connexion": member.last_login_at.isoformat() if member.last_login_at else None,
            },
            "sessions": [{"ouverte_le": c.isoformat(), "expire_le": e.isoformat()} for c, e in sessions],
            "emails_envoyes": [{"objet": s, "le": c.isoformat()} for s, c in emails],
            "themes_suivis": [themes.label(key) for key in await themes.followed(session, member.id)],
            "choix_e_mails": {
                email_kinds.KINDS[key].label: {"recu": row.enabled, "frequence": row.frequency}
                for key, row in (await email_kinds.preferences(session, member.id)).items()
                if key in email_kinds.KINDS
            },
        }
        for package in app_state(request).packages:
            if package.member_data is not None:
                data.update(await package.member_data.export(session, member.id))
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="mes-donnees-entraide.json"',
            "Cache-Control": "no-store",
        },
    )


@login_required
async def delete_account(request: Request) -> Response:
    form = await request.form()
    member = signed_in(request)
    password = forms.password(form, "confirm_password")
    if not await _may_check_password(request, member):
        return await _page(
            request, member, {"delete_errors": {"_": PASSWORD_CHECKS_THROTTLED}}, status_code=429
        )
    if not verify_password(member.password_hash, password[:1024]):
        return await _page(
            request,
            member,
            {
                "delete_errors": {
                    "confirm_password": "Mot de passe incorrect : le compte n'a pas été supprimé."
                }
            },
            status_code=400,
        )
    # Each package reads the choices it offered on this form (the board: keep or delete her posts).
    choices = {
        key: value for key, value in form.items() if isinstance(value, str) and key != "confirm_password"
    }
    state = app_state(request)
    async with state.db.session() as session:
        for package in state.packages:
            if package.member_data is not None:
                await package.member_data.delete(session, member.id, settings=state.settings, choices=choices)
        await session.execute(delete(AuthSession).where(AuthSession.member_id == member.id))
        await session.execute(delete(OneTimeToken).where(OneTimeToken.member_id == member.id))
        await session.execute(delete(OutboxEmail).where(OutboxEmail.member_id == member.id))
        await session.execute(delete(Member).where(Member.id == member.id))
        await session.commit()
    response = render(
        request,
        "error.html",
        {
            "title": "Compte supprimé",
            "member": None,
            "message": "Votre compte et vos données ont été supprimés. Merci d'avoir fait partie du réseau.",
        },
    )
    response.delete_cookie(app_state(request).settings.session_cookie, path="/")
    return response


routes = [
    Route("/compte", account_page, name="account"),
    Route("/compte/profil", update_profile, methods=["POST"], name="update_profile"),
    Route("/compte/mot-de-passe", change_password, methods=["POST"], name="change_password"),
    Route("/compte/fuseau-horaire", update_timezone, methods=["POST"], name="update_timezone"),
    Route("/compte/donnees.json", export_data, name="export_data"),
    Route("/compte/supprimer", delete_account, methods=["POST"], name="delete_account"),
]

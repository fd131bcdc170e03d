"""« Mon compte »: a menu of short pages (profile, security, time zone, data export and account deletion
(RGPD), and one page per package's section)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import email_kinds, forms, themes, timezones
from learning.auth import close_all_sessions, login_required, open_session, signed_in
from learning.db import utcnow
from learning.models import AuthSession, Member, OneTimeToken, OutboxEmail
from learning.packages import AccountSection, Package
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
    "sessions": "Vos autres sessions sont fermées : seul cet appareil reste connecté.",
}

# « Mon compte » is a menu of short pages (a single page was 5,900 px tall on a phone). The shell's own pages:
# path, title, what she finds there, and the ids their panels had on the long page (old links still land).
CORE_PAGES = {
    "profile": (
        "/compte/profil",
        "Mon profil",
        "Mon nom et la présentation de mon projet.",
        ("profil-titre",),
    ),
    "security": (
        "/compte/securite",
        "Sécurité",
        "Changer mon mot de passe, fermer mes sessions ouvertes ailleurs.",
        ("mdp-titre",),
    ),
    "timezone": (
        "/compte/fuseau-horaire",
        "Mon fuseau horaire",
        "L'heure de chez moi à côté de l'heure de Paris, si je vis ailleurs.",
        ("fuseau-titre",),
    ),
    "emails": (
        "/compte/e-mails",
        "Mes e-mails",
        "Les e-mails que je reçois et les thèmes que je suis.",
        ("emails-titre",),
    ),
    "themes": (
        "/compte/e-mails/themes",
        "Mes thèmes",
        "Les thèmes que je suis : nouveaux ateliers et messages de Coup de pouce.",
        (),
    ),
    "data": (
        "/compte/donnees",
        "Mes données",
        "Télécharger mes données, supprimer mon compte.",
        ("donnees-titre",),
    ),
}


def _flash(request: Request) -> str | None:
    return next((text for key, text in FLASHES.items() if key in request.query_params), None)


def _menu(request: Request) -> list[dict]:
    """The entries of the account's menu: her profile first, the packages' pages, then the shell's settings,
    her data last (the rarest and the most final)."""
    entry = dict(zip(("path", "title", "summary", "anchors"), CORE_PAGES["profile"], strict=True))
    entries = [entry]
    for package in app_state(request).packages:
        section = package.account_section
        if section is not None and section.title:
            anchors = (section.anchor, *section.old_anchors) if section.anchor else section.old_anchors
            entries.append(
                {"path": section.path, "title": section.title, "summary": section.summary, "anchors": anchors}
            )
    for key in ("security", "timezone", "emails", "themes", "data"):
        entries.append(dict(zip(("path", "title", "summary", "anchors"), CORE_PAGES[key], strict=True)))
    return entries


async def _core_page(
    request: Request, template: str, extra: dict | None = None, status_code: int = 200
) -> Response:
    context = {"flash": _flash(request), **(extra or {})}
    return render(request, f"accounts/{template}", context, status_code=status_code)


async def _timezone_page(request: Request, extra: dict | None = None, status_code: int = 200) -> Response:
    context: dict = {"member_timezone": request.state.member.timezone, **(extra or {})}
    context["timezone_choices"] = timezones.choices(context["member_timezone"])
    return await _core_page(request, "timezone.html", context, status_code)


def section_routes(packages: Sequence[Package]) -> list[Route]:
    """One page under /compte for each package's section of « Mon compte »."""
    routes = []
    for package in packages:
        section = package.account_section
        if section is None:
            continue

        @login_required
        async def section_page(request: Request, section: AccountSection = section) -> Response:
            member = signed_in(request)
            async with app_state(request).db.session() as session:
                context = await section.context(session, member)
            context.update({"section": section, "flash": _flash(request)})
            return render(request, "accounts/section.html", context)

        routes.append(Route(section.path, section_page, name=f"account_{package.name}"))
    return routes


async def _may_check_password(request: Request, member: Member) -> bool:
    """Counts this password check (before it is made, in one step); False past PASSWORD_CHECK_LIMIT."""
    return await app_state(request).rate_limits.hit(PASSWORD_CHECK_LIMIT, f"account-password:{member.id}")


@login_required
async def account_page(request: Request) -> Response:
    return render(request, "accounts/account.html", {"flash": _flash(request), "menu": _menu(request)})


@login_required
async def profile_page(request: Request) -> Response:
    return await _core_page(request, "profile.html")


async def _security_page(request: Request, extra: dict | None = None, status_code: int = 200) -> Response:
    async with app_state(request).db.session() as session:
        open_sessions = await session.scalar(
            select(func.count())
            .select_from(AuthSession)
            .where(AuthSession.member_id == signed_in(request).id, AuthSession.expires_at > utcnow())
        )
    return await _core_page(
        request, "security.html", {"open_sessions": open_sessions or 0, **(extra or {})}, status_code
    )


@login_required
async def security_page(request: Request) -> Response:
    return await _security_page(request)


@login_required
async def close_other_sessions(request: Request) -> Response:
    """A phone lost, a shared computer left signed in: every session ends but this one (which gets a new
    token, the old one being among those closed)."""
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        return await _only_this_browser_signed_in(
            request, session, member, then="/compte/securite?sessions=1"
        )


async def _only_this_browser_signed_in(
    request: Request, session: AsyncSession, member: Member, *, then: str
) -> Response:
    """Ends every session of hers and opens a fresh one for this browser, then commits."""
    await close_all_sessions(session, member.id)
    token = await open_session(session, member, app_state(request).settings.session_ttl_days)
    await session.commit()
    response = RedirectResponse(then, status_code=303)
    set_session_cookie(request, response, token)
    return response


@login_required
async def timezone_page(request: Request) -> Response:
    return await _timezone_page(request)


@login_required
async def data_page(request: Request) -> Response:
    return await _core_page(request, "data.html")


@login_required
async def update_profile(request: Request) -> Response:
    form = await request.form()
    name = forms.display_name(form, "name", max_length=120)
    errors = {}
    if not name:
        errors["name"] = "Indiquez votre prénom et votre nom."
    if errors:
        return await _core_page(request, "profile.html", {"errors": errors}, status_code=400)
    async with app_state(request).db.session() as session:
        member = await session.get(Member, request.state.member.id)
        assert member is not None
        member.name = name
        member.project = forms.text(form, "project", max_length=2000)
        await session.commit()
    return RedirectResponse("/compte/profil?profil=1", status_code=303)


@login_required
async def update_timezone(request: Request) -> Response:
    form = await request.form()
    typed = forms.text(form, "timezone", max_length=200)
    zone = timezones.clean(typed)
    if zone is None:
        return await _timezone_page(
            request,
            {
                "timezone_errors": {
                    "timezone": "Ce fuseau horaire n'existe pas : choisissez-le dans la liste, ou gardez l'heure de Paris."
                }
            },
            status_code=400,
        )
    async with app_state(request).db.session() as session:
        member = await session.get(Member, request.state.member.id)
        assert member is not None
        member.timezone = zone
        await session.commit()
    return RedirectResponse("/compte/fuseau-horaire?fuseau=1", status_code=303)


@login_required
async def change_password(request: Request) -> Response:
    form = await request.form()
    current = forms.password(form, "current_password")
    new = forms.password(form, "new_password")
    member = signed_in(request)
    if not await _may_check_password(request, member):
        return await _security_page(
            request, {"password_errors": {"_": PASSWORD_CHECKS_THROTTLED}}, status_code=429
        )
    errors = {}
    if not verify_password(member.password_hash, current[:1024]):
        errors["current_password"] = "Le mot de passe actuel est incorrect."
    elif problem := password_problem(new):
        errors["new_password"] = problem
    if errors:
        return await _security_page(request, {"password_errors": errors}, status_code=400)
    async with app_state(request).db.session() as session:
        fresh = await session.get(Member, member.id)
        assert fresh is not None
        fresh.password_hash = hash_password(new)
        # A password change revokes every session, this one included (the member gets a new one),
        # and every reset or login link still waiting in her mailbox.
        await revoke_one_time_tokens(session, member.id)
        return await _only_this_browser_signed_in(
            request, session, fresh, then="/compte/securite?mot-de-passe=1"
        )


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
        return await _core_page(
            request, "data.html", {"delete_errors": {"_": PASSWORD_CHECKS_THROTTLED}}, status_code=429
        )
    if not verify_password(member.password_hash, password[:1024]):
        return await _core_page(
            request,
            "data.html",
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
    Route("/compte/profil", profile_page, name="account_profile"),
    Route("/compte/profil", update_profile, methods=["POST"], name="update_profile"),
    Route("/compte/securite", security_page, name="account_security"),
    Route("/compte/mot-de-passe", change_password, methods=["POST"], name="change_password"),
    Route("/compte/sessions", close_other_sessions, methods=["POST"], name="close_other_sessions"),
    Route("/compte/fuseau-horaire", timezone_page, name="account_timezone"),
    Route("/compte/fuseau-horaire", update_timezone, methods=["POST"], name="update_timezone"),
    Route("/compte/donnees", data_page, name="account_data"),
    Route("/compte/donnees.json", export_data, name="export_data"),
    Route("/compte/supprimer", delete_account, methods=["POST"], name="delete_account"),
]

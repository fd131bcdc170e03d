"""Sign-up (« adhésion ») confirmed by e-mail, login (password or e-mailed link), logout, password reset.

What a visitor sees never tells whether an address has an account: sign-up, reset and login-link
requests answer the same page either way, and only the owner of the address learns more, by e-mail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import email_kinds, forms
from learning.auth import close_all_sessions, close_session, open_session
from learning.db import utcnow
from learning.models import Member
from learning.outbox import queue_email
from learning.passwords import hash_password, needs_rehash, password_problem, verify_password
from learning.ratelimit import client_ip
from learning.settings import Settings
from learning.state import app_state
from learning.templating import render
from learning.tokens import (
    CONFIRM,
    LOGIN,
    RESET,
    issue_one_time_token,
    revoke_one_time_tokens,
    use_one_time_token,
    valid_one_time_token,
)

GENERIC_LOGIN_ERROR = "Adresse e-mail ou mot de passe incorrect."
THROTTLED = "Trop de tentatives. Patientez une minute avant de réessayer."
ACCOUNT_THROTTLED = (
    "Ce compte reçoit trop de tentatives de connexion : la connexion par mot de passe est "
    "suspendue quelques minutes. Recevez plutôt un lien de connexion par e-mail."
)
UNCONFIRMED = (
    "Votre adresse e-mail n'est pas encore confirmée. Ouvrez le lien reçu par e-mail à votre adhésion, "
    "ou recevez-en un nouveau."
)
TOO_MANY_REQUESTS = "Trop de demandes depuis votre connexion. Réessayez dans une heure."

# Guesses at one account from all connections together. settings.login_limit, per IP and per (IP,
# account), stops one machine; guesses spread over many machines meet only this higher threshold, so that
# a stranger cannot lock a member out with five wrong passwords. Past it, password logins to the account
# pause (a moving window: they resume as old attempts age) and the member gets in with a login link.
LOGIN_ACCOUNT_LIMIT = "20/15 minutes"
# At most one e-mail of a kind to one address in this window, whoever asks: nobody can flood a mailbox.
MAIL_PER_ADDRESS_LIMIT = "1/5 minutes"
LOGIN_LINK_TTL_S = 15 * 60
CONFIRM_TTL_S = 48 * 3600


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = app_state(request).settings
    response.set_cookie(
        settings.session_cookie,
        token,
        max_age=settings.session_ttl_days * 86400,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


@dataclass(frozen=True)
class _ShownStep:
    """A package's sign-up step as the form shows it."""

    template: str
    values: dict[str, Any]
    errors: dict[str, str]


def _signup_page(
    request: Request,
    form_values: dict[str, str],
    steps: list[_ShownStep],
    *,
    errors: dict[str, str] | None = None,
    again: bool = False,
    status_code: int = 200,
) -> Response:
    # One summary at the top for the shell's fields and the steps' (each field shows its own message too).
    summary = {**(errors or {}), **{k: v for step in steps for k, v in step.errors.items()}}
    context = {"form": form_values, "errors": summary, "signup_steps": steps, "again": again}
    return render(request, "accounts/signup.html", context, status_code=status_code)


async def signup(request: Request) -> Response:
    if request.state.member is not None:
        return RedirectResponse("/compte", status_code=303)
    state = app_state(request)
    with_steps = [p.signup for p in state.packages if p.signup is not None]
    form_values = {"name": "", "email": "", "project": ""}
    if request.method == "GET":
        return _signup_page(request, form_values, [_ShownStep(s.template, {}, {}) for s in with_steps])

    settings = state.settings
    form = await request.form()
    form_values = {
        "name": forms.display_name(form, "name", max_length=120),
        "email": forms.normalise_email(forms.text(form, "email", max_length=300)),
        "project": forms.text(form, "project", max_length=2000),
    }
    password = forms.password(form)
    errors: dict[str, str] = {}
    if not form_values["name"]:
        errors["name"] = "Indiquez votre prénom et votre nom."
    if problem := forms.email_problem(form_values["email"]):
        errors["email"] = problem
    if problem := password_problem(password):
        errors["password"] = problem
    # The packages' steps (her commune and coordination) read their own fields; a step may ask one more
    # question (`again`) before the account is created, which shows the form once more, without JavaScript.
    answers = []
    async with state.db.read_session() as session:
        for step in with_steps:
            answers.append((step, await step.check(session, form)))
    shown = [_ShownStep(step.template, answer.values, answer.errors) for step, answer in answers]
    step_errors = any(answer.errors for _, answer in answers)
    again = any(answer.again for _, answer in answers)
    if errors or step_errors:
        return _signup_page(request, form_values, shown, errors=errors, status_code=400)
    if again:
        return _signup_page(request, form_values, shown, again=True)
    if not await state.rate_limits.hit(settings.signup_limit, f"signup:{client_ip(request)}"):
        errors["_"] = "Trop d'inscriptions depuis votre connexion. Réessayez dans une heure."
        return _signup_page(request, form_values, shown, errors=errors, status_code=400)

    # Hashed for a new address and a known one alike, so that both answers take the same time.
    password_hash = hash_password(password)
    may_mail = await app_state(request).rate_limits.hit(
        MAIL_PER_ADDRESS_LIMIT, f"confirm-mail:{form_values['email']}"
    )
    async with app_state(request).db.session() as session:
        existing = await session.scalar(select(Member).where(Member.email == form_values["email"]))
        if existing is None:
            member = Member(
                name=form_values["name"],
                email=form_values["email"],
                password_hash=password_hash,
                project=form_values["project"],
                email_confirmed_at=None,
            )
            session.add(member)
            try:
                await session.flush()
            except IntegrityError:
                # The same address signed up a moment ago in another request, which sent the e-mail.
                await session.rollback()
            else:
                for step, answer in answers:
                    await step.save(session, member, answer.values)
                _queue_confirmation(session, settings, member, again=False)
        elif may_mail:
            # Tell the owner by e-mail rather than the visitor on screen: no account enumeration.
            if existing.email_confirmed:
                queue_email(
                    session,
                    kind=email_kinds.ACCOUNT,
                    to=existing.email,
                    subject="Votre compte Entraide existe déjà",
                    body="Quelqu'un (vous, sans doute) a essayé de créer un compte Entraide avec cette "
                    "adresse.\nVous avez déjà un compte : connectez-vous, ou choisissez un nouveau "
                    f"mot de passe ici :\n{settings.base_origin}/mot-de-passe-oublie\n",
                    member_id=existing.id,
                )
            else:
                _queue_confirmation(session, settings, existing, again=True)
        await session.commit()
    # One page and one status for a new address and a known one.
    return render(request, "accounts/signup_sent.html", {"email": form_values["email"]})


def _queue_confirmation(session: AsyncSession, settings: Settings, member: Member, *, again: bool) -> None:
    token = issue_one_time_token(session, member.id, CONFIRM, CONFIRM_TTL_S)
    opening = (
        "Votre demande d'adhésion au réseau Entraide est bien arrivée."
        if not again
        else "Quelqu'un (vous, sans doute) a demandé à adhérer au réseau Entraide avec cette adresse, "
        "dont le compte attend encore sa confirmation. Si vous ne retrouvez pas le mot de passe "
        f"choisi alors, choisissez-en un nouveau : {settings.base_origin}/mot-de-passe-oublie"
    )
    queue_email(
        session,
        kind=email_kinds.ACCOUNT,
        to=member.email,
        subject="Confirmez votre adresse e-mail",
        body=f"Bonjour {member.name},\n\n{opening}\n\n"
        "Pour confirmer votre adresse et activer votre compte, ouvrez ce lien "
        "(valable 48 heures, utilisable une seule fois) :\n"
        f"{settings.base_origin}/adhesion/confirmer/{token}\n\n"
        "Si vous n'avez rien demandé, ignorez ce message : le compte ne sera pas activé.\n",
        member_id=member.id,
    )


async def login(request: Request) -> Response:
    next_url = forms.safe_next(request.query_params.get("suite"))
    if request.method == "GET":
        return render(request, "accounts/login.html", {"email": "", "next_url": next_url})

    settings = app_state(request).settings
    limits = app_state(request).rate_limits
    form = await request.form()
    email = forms.normalise_email(forms.text(form, "email", max_length=300))
    password = forms.password(form)
    next_url = forms.safe_next(forms.text(form, "suite"))
    context = {"email": email, "next_url": next_url}
    ip = client_ip(request)
    pair_key = f"login-ip-account:{ip}:{email}"
    # Every attempt is counted BEFORE the password is checked, and counting answers in the same step:
    # thirty simultaneous guesses cannot all pass a check made before any of them was counted.
    per_address = await limits.hit(settings.login_ip_limit, f"login-ip:{ip}")
    per_pair = await limits.hit(settings.login_limit, pair_key)
    if not (per_address and per_pair):
        return render(
            request, "accounts/login.html", {**context, "errors": {"_": THROTTLED}}, status_code=429
        )
    # Only attempts that got past the per-connection limits count against the account.
    if not await limits.hit(LOGIN_ACCOUNT_LIMIT, f"login-account:{email}"):
        return render(
            request, "accounts/login.html", {**context, "errors": {"_": ACCOUNT_THROTTLED}}, status_code=429
        )
    async with app_state(request).db.session() as session:
        member = await session.scalar(select(Member).where(Member.email == email)) if email else None
        if not verify_password(member.password_hash if member else None, password[:1024]) or member is None:
            return render(
                request,
                "accounts/login.html",
                {**context, "errors": {"_": GENERIC_LOGIN_ERROR}},
                status_code=400,
            )
        if not member.email_confirmed:
            # Said only to whoever typed the right password: it tells nothing the password check does not.
            return render(
                request,
                "accounts/login.html",
                {**context, "errors": {"_": UNCONFIRMED}, "unconfirmed": True},
                status_code=403,
            )
        if needs_rehash(member.password_hash):
            member.password_hash = hash_password(password)
        member.last_login_at = utcnow()
        token = await open_session(session, member, settings.session_ttl_days)
        await session.commit()
    await limits.clear(settings.login_limit, pair_key)
    response = RedirectResponse(next_url, status_code=303)
    set_session_cookie(request, response, token)
    return response


async def logout(request: Request) -> Response:
    token = request.state.session_token
    if token:
        async with app_state(request).db.session() as session:
            await close_session(session, token)
            await session.commit()
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(app_state(request).settings.session_cookie, path="/")
    return response


async def _email_request(
    request: Request,
    template: str,
    kind: str,
    ip_limit: str,
    compose: Callable[[AsyncSession, Settings, Member], bool],
) -> Response:
    """« Type your address, we e-mail you a link »: one answer whether or not the address has an account.

    `compose` queues the e-mail for a member (or declines, returning False). The per-connection limit
    answers 429, which says nothing about the address; the per-address one is silent.
    """
    if request.method == "GET":
        return render(
            request, template, {"email": forms.normalise_email(request.query_params.get("email", ""))[:300]}
        )
    settings = app_state(request).settings
    limits = app_state(request).rate_limits
    form = await request.form()
    email = forms.normalise_email(forms.text(form, "email", max_length=300))
    if problem := forms.email_problem(email):
        return render(request, template, {"email": email, "errors": {"email": problem}}, status_code=400)
    if not await limits.hit(ip_limit, f"{kind}-ip:{client_ip(request)}"):
        return render(
            request, template, {"email": email, "errors": {"_": TOO_MANY_REQUESTS}}, status_code=429
        )
    if await limits.hit(MAIL_PER_ADDRESS_LIMIT, f"{kind}-mail:{email}"):
        async with app_state(request).db.session() as session:
            member = await session.scalar(select(Member).where(Member.email == email))
            if member is not None and compose(session, settings, member):
                await session.commit()
    return render(request, template, {"sent": True})


def _compose_reset(session: AsyncSession, settings: Settings, member: Member) -> bool:
    token = issue_one_time_token(session, member.id, RESET, settings.password_reset_ttl_s)
    queue_email(
        session,
        kind=email_kinds.ACCOUNT,
        to=member.email,
        subject="Choisir un nouveau mot de passe",
        body=f"Bonjour {member.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien "
        f"(valable une heure, utilisable une seule fois) :\n"
        f"{settings.base_origin}/reinitialiser/{token}\n\n"
        "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n",
        member_id=member.id,
    )
    return True


def _compose_login_link(session: AsyncSession, settings: Settings, member: Member) -> bool:
    if not member.email_confirmed:
        # Anyone may have opened an unconfirmed account with her address and a password of their own:
        # logging her into it would leave them a way in. The confirmation or reset e-mail is her way.
        return False
    token = issue_one_time_token(session, member.id, LOGIN, LOGIN_LINK_TTL_S)
    queue_email(
        session,
        kind=email_kinds.ACCOUNT,
        to=member.email,
        subject="Votre lien de connexion à Entraide",
        body=f"Bonjour {member.name},\n\nPour vous connecter sans mot de passe, ouvrez ce lien "
        "(valable 15 minutes, utilisable une seule fois) :\n"
        f"{settings.base_origin}/connexion/lien/{token}\n\n"
        "Si vous n'avez rien demandé, ignorez ce message : personne ne peut se connecter avec ce lien "
        "sans lire vos e-mails.\n",
        member_id=member.id,
    )
    return True


def _compose_confirmation_again(session: AsyncSession, settings: Settings, member: Member) -> bool:
    if member.email_confirmed:
        return False
    _queue_confirmation(session, settings, member, again=True)
    return True


async def forgot_password(request: Request) -> Response:
    return await _email_request(
        request, "accounts/forgot.html", "reset", app_state(request).settings.reset_limit, _compose_reset
    )


async def login_link_request(request: Request) -> Response:
    return await _email_request(
        request,
        "accounts/login_link.html",
        "login-link",
        app_state(request).settings.reset_limit,
        _compose_login_link,
    )


async def resend_confirmation(request: Request) -> Response:
    return await _email_request(
        request,
        "accounts/confirm.html",
        "confirm",
        app_state(request).settings.signup_limit,
        _compose_confirmation_again,
    )


async def _open_member_session(
    request: Request, session: AsyncSession, member: Member, target: str
) -> Response:
    """Logs the member in, commits the caller's transaction, and redirects to `target`."""
    member.last_login_at = utcnow()
    token = await open_session(session, member, app_state(request).settings.session_ttl_days)
    await session.commit()
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, token)
    return response


async def _follow_link(
    request: Request, session: AsyncSession, purpose: str, template: str
) -> Member | Response:
    """An e-mailed one-time link: GET shows the page with its button (a mail scanner opening links must not
    spend it); POST spends it and every other link of that purpose, and gives its member."""
    token = request.path_params["token"]
    if request.method == "GET":
        valid = await valid_one_time_token(session, token, purpose) is not None
        return render(
            request, template, {"use": valid, "invalid": not valid}, status_code=200 if valid else 400
        )
    member_id = await use_one_time_token(session, token, purpose)
    member = await session.get(Member, member_id) if member_id is not None else None
    if member is None:
        return render(request, template, {"invalid": True}, status_code=400)
    await revoke_one_time_tokens(session, member.id, purpose)
    return member


async def login_with_link(request: Request) -> Response:
    """The link sent by login_link_request. GET shows a button and POST spends the link, so that a mail
    scanner opening links does not use it up before the member does."""
    async with app_state(request).db.session() as session:
        member = await _follow_link(request, session, LOGIN, "accounts/login_link.html")
        if isinstance(member, Response):
            return member
        return await _open_member_session(request, session, member, "/")


async def confirm_email(request: Request) -> Response:
    """The link e-mailed at sign-up: GET shows a button, POST confirms the address and logs her in."""
    settings = app_state(request).settings
    async with app_state(request).db.session() as session:
        member = await _follow_link(request, session, CONFIRM, "accounts/confirm.html")
        if isinstance(member, Response):
            return member
        if member.email_confirmed:
            return await _open_member_session(request, session, member, "/compte")
        member.email_confirmed_at = utcnow()
        queue_email(
            session,
            kind=email_kinds.ACCOUNT,
            to=member.email,
            subject="Bienvenue dans le réseau Entraide",
            body=f"Bonjour {member.name},\n\nVotre adhésion est confirmée. Bienvenue !\n"
            f"Ateliers : {settings.base_origin}/ateliers\nMOOC : {settings.base_origin}/mooc\n"
            f"Coup de pouce : {settings.base_origin}/coup-de-pouce\n",
            member_id=member.id,
        )
        return await _open_member_session(request, session, member, "/compte?bienvenue=1")


async def reset_password(request: Request) -> Response:
    token = request.path_params["token"]
    async with app_state(request).db.session() as session:
        if await valid_one_time_token(session, token, RESET) is None:
            return render(request, "accounts/reset.html", {"invalid": True}, status_code=400)
        if request.method == "GET":
            return render(request, "accounts/reset.html", {})
        form = await request.form()
        password = forms.password(form)
        if problem := password_problem(password):
            return render(request, "accounts/reset.html", {"errors": {"password": problem}}, status_code=400)
        member_id = await use_one_time_token(session, token, RESET)
        member = await session.get(Member, member_id) if member_id is not None else None
        if member is None:
            return render(request, "accounts/reset.html", {"invalid": True}, status_code=400)
        member.password_hash = hash_password(password)
        # Her other reset and login links (older e-mails, maybe in a mailbox someone else reads) stop working.
        await revoke_one_time_tokens(session, member.id)
        if not member.email_confirmed:
            member.email_confirmed_at = utcnow()  # the link reached her mailbox: the address is hers
        await close_all_sessions(session, member.id)
        return await _open_member_session(request, session, member, "/compte?mot-de-passe=1")


routes = [
    Route("/adhesion", signup, methods=["GET", "POST"], name="signup"),
    Route("/adhesion/confirmer", resend_confirmation, methods=["GET", "POST"], name="resend_confirmation"),
    Route("/adhesion/confirmer/{token}", confirm_email, methods=["GET", "POST"], name="confirm_email"),
    Route("/connexion", login, methods=["GET", "POST"], name="login"),
    Route("/connexion/lien", login_link_request, methods=["GET", "POST"], name="login_link_request"),
    Route("/connexion/lien/{token}", login_with_link, methods=["GET", "POST"], name="login_with_link"),
    Route("/deconnexion", logout, methods=["POST"], name="logout"),
    Route("/mot-de-passe-oublie", forgot_password, methods=["GET", "POST"], name="forgot_password"),
    Route("/reinitialiser/{token}", reset_password, methods=["GET", "POST"], name="reset_password"),
]

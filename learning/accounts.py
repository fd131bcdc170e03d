"""Sign-up (« adhésion »), login, logout and password reset."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning import forms
from learning.auth import close_all_sessions, close_session, open_session
from learning.db import utcnow
from learning.models import Member, OneTimeToken
from learning.outbox import queue_email
from learning.passwords import hash_password, needs_rehash, password_problem, verify_password
from learning.ratelimit import client_ip
from learning.templating import render
from learning.territories import TERRITORIES
from learning.tokens import new_token, token_hash

GENERIC_LOGIN_ERROR = "Adresse e-mail ou mot de passe incorrect."
THROTTLED = "Trop de tentatives. Patientez une minute avant de réessayer."


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.settings
    response.set_cookie(
        settings.session_cookie, token, max_age=settings.session_ttl_days * 86400,
        httponly=True, samesite="lax", secure=settings.secure_cookies, path="/",
    )


async def signup(request: Request) -> Response:
    if request.state.member is not None:
        return RedirectResponse("/compte", status_code=303)
    form_values = {"name": "", "email": "", "territory": "", "project": ""}
    if request.method == "GET":
        return render(request, "accounts/signup.html", {"form": form_values, "territories": TERRITORIES})

    settings = request.app.state.settings
    form = await request.form()
    form_values = {
        "name": forms.text(form, "name", max_length=120),
        "email": forms.normalise_email(forms.text(form, "email", max_length=300)),
        "territory": forms.text(form, "territory", max_length=80),
        "project": forms.text(form, "project", max_length=2000),
    }
    password = form.get("password") if isinstance(form.get("password"), str) else ""
    errors: dict[str, str] = {}
    if not form_values["name"]:
        errors["name"] = "Indiquez votre prénom et votre nom."
    if problem := forms.email_problem(form_values["email"]):
        errors["email"] = problem
    if problem := password_problem(password):
        errors["password"] = problem
    if form_values["territory"] and form_values["territory"] not in TERRITORIES:
        errors["territory"] = "Choisissez une coordination dans la liste."
    if not errors and not await request.app.state.rate_limits.hit(settings.signup_limit, f"signup:{client_ip(request)}"):
        errors["_"] = "Trop d'inscriptions depuis votre connexion. Réessayez dans une heure."
    if errors:
        return render(request, "accounts/signup.html",
                      {"form": form_values, "errors": errors, "territories": TERRITORIES}, status_code=400)

    async with request.app.state.db.session() as session:
        existing = await session.scalar(select(Member.id).where(Member.email == form_values["email"]))
        if existing is not None:
            # Tell the owner by e-mail rather than the visitor on screen: no account enumeration.
            queue_email(session, to=form_values["email"], subject="Votre compte Entraide existe déjà",
                        body="Quelqu'un (vous, sans doute) a essayé de créer un compte Entraide avec cette adresse.\n"
                             "Vous avez déjà un compte : connectez-vous, ou choisissez un nouveau mot de passe ici :\n"
                             f"{settings.base_origin}/mot-de-passe-oublie\n", member_id=existing)
            await session.commit()
            return render(request, "accounts/login.html", {
                "email": form_values["email"], "next_url": "/",
                "flash": "Si cette adresse n'avait pas encore de compte, il est créé ; sinon, un e-mail vous explique comment vous connecter.",
            })
        member = Member(name=form_values["name"], email=form_values["email"], password_hash=hash_password(password),
                        territory=form_values["territory"] or None, project=form_values["project"])
        session.add(member)
        try:
            await session.flush()
        except IntegrityError:
            await session.rollback()
            return render(request, "accounts/signup.html", {
                "form": form_values, "territories": TERRITORIES,
                "errors": {"_": "Une erreur est survenue. Réessayez."}}, status_code=409)
        token = await open_session(session, member, settings.session_ttl_days)
        queue_email(session, to=member.email, subject="Bienvenue dans le réseau Entraide",
                    body=f"Bonjour {member.name},\n\nVotre adhésion est enregistrée. Bienvenue !\n"
                         f"Ateliers : {settings.base_origin}/ateliers\nMOOC : {settings.base_origin}/mooc\n"
                         f"Coup de pouce : {settings.base_origin}/coup-de-pouce\n", member_id=member.id)
        await session.commit()
    response = RedirectResponse("/compte?bienvenue=1", status_code=303)
    set_session_cookie(request, response, token)
    return response


async def login(request: Request) -> Response:
    next_url = forms.safe_next(request.query_params.get("suite"))
    if request.method == "GET":
        return render(request, "accounts/login.html", {"email": "", "next_url": next_url})

    settings = request.app.state.settings
    limits = request.app.state.rate_limits
    form = await request.form()
    email = forms.normalise_email(forms.text(form, "email", max_length=300))
    password = form.get("password") if isinstance(form.get("password"), str) else ""
    next_url = forms.safe_next(forms.text(form, "suite"))
    keys = (f"login-ip:{client_ip(request)}", f"login-email:{email}")
    if await limits.exceeded(settings.login_limit, *keys):
        return render(request, "accounts/login.html",
                      {"email": email, "next_url": next_url, "errors": {"_": THROTTLED}}, status_code=429)
    async with request.app.state.db.session() as session:
        member = await session.scalar(select(Member).where(Member.email == email)) if email else None
        if not verify_password(member.password_hash if member else None, password[:1024]) or member is None:
            await limits.hit(settings.login_limit, *keys)
            return render(request, "accounts/login.html",
                          {"email": email, "next_url": next_url, "errors": {"_": GENERIC_LOGIN_ERROR}}, status_code=400)
        if needs_rehash(member.password_hash):
            member.password_hash = hash_password(password)
        member.last_login_at = utcnow()
        token = await open_session(session, member, settings.session_ttl_days)
        await session.commit()
    response = RedirectResponse(next_url, status_code=303)
    set_session_cookie(request, response, token)
    return response


async def logout(request: Request) -> Response:
    token = request.state.session_token
    if token:
        async with request.app.state.db.session() as session:
            await close_session(session, token)
            await session.commit()
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(request.app.state.settings.session_cookie, path="/")
    return response


async def forgot_password(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "accounts/forgot.html", {})
    settings = request.app.state.settings
    form = await request.form()
    email = forms.normalise_email(forms.text(form, "email", max_length=300))
    if problem := forms.email_problem(email):
        return render(request, "accounts/forgot.html", {"errors": {"email": problem}}, status_code=400)
    allowed = await request.app.state.rate_limits.hit(
        settings.reset_limit, f"reset-ip:{client_ip(request)}", f"reset-email:{email}")
    if not allowed:
        return render(request, "accounts/forgot.html", {"errors": {"_": THROTTLED}}, status_code=429)
    async with request.app.state.db.session() as session:
        member = await session.scalar(select(Member).where(Member.email == email))
        if member is not None:
            token = new_token()
            session.add(OneTimeToken(token_hash=token_hash(token), purpose="reset", member_id=member.id,
                                     expires_at=utcnow() + timedelta(seconds=settings.password_reset_ttl_s)))
            queue_email(session, to=member.email, subject="Choisir un nouveau mot de passe",
                        body=f"Bonjour {member.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien "
                             f"(valable une heure, utilisable une seule fois) :\n"
                             f"{settings.base_origin}/reinitialiser/{token}\n\n"
                             "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n",
                        member_id=member.id)
            await session.commit()
    # Same answer whether or not the address has an account.
    return render(request, "accounts/forgot.html", {"sent": True})


async def reset_password(request: Request) -> Response:
    token = request.path_params["token"]
    settings = request.app.state.settings
    async with request.app.state.db.session() as session:
        row = await session.scalar(select(OneTimeToken).where(
            OneTimeToken.token_hash == token_hash(token), OneTimeToken.purpose == "reset",
            OneTimeToken.used_at.is_(None), OneTimeToken.expires_at > utcnow()))
        if row is None:
            return render(request, "accounts/reset.html", {"invalid": True}, status_code=400)
        if request.method == "GET":
            return render(request, "accounts/reset.html", {})
        form = await request.form()
        password = form.get("password") if isinstance(form.get("password"), str) else ""
        if problem := password_problem(password):
            return render(request, "accounts/reset.html", {"errors": {"password": problem}}, status_code=400)
        # Conditional update: two tabs submitting the same link cannot both use it.
        used = await session.execute(update(OneTimeToken).where(
            OneTimeToken.id == row.id, OneTimeToken.used_at.is_(None)).values(used_at=utcnow()))
        if used.rowcount != 1:
            return render(request, "accounts/reset.html", {"invalid": True}, status_code=400)
        member = await session.get(Member, row.member_id)
        assert member is not None
        member.password_hash = hash_password(password)
        await close_all_sessions(session, member.id)
        new_session = await open_session(session, member, settings.session_ttl_days)
        await session.commit()
    response = RedirectResponse("/compte?mot-de-passe=1", status_code=303)
    set_session_cookie(request, response, new_session)
    return response


routes = [
    Route("/adhesion", signup, methods=["GET", "POST"], name="signup"),
    Route("/connexion", login, methods=["GET", "POST"], name="login"),
    Route("/deconnexion", logout, methods=["POST"], name="logout"),
    Route("/mot-de-passe-oublie", forgot_password, methods=["GET", "POST"], name="forgot_password"),
    Route("/reinitialiser/{token}", reset_password, methods=["GET", "POST"], name="reset_password"),
]

"""Issue 11, logging in: password guesses are counted before they are checked (in memory and on Redis),
a stranger cannot lock a member out, and the member gets in with a one-time link sent to her mailbox.
Password checks inside « Mon compte » are limited too."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from learning import views_auth
from learning.models import Member, OneTimeToken, OutboxEmail
from learning.ratelimit import RateLimits
from learning.state import app_state
from learning.views_auth import MAIL_PER_ADDRESS_LIMIT
from tests.helpers import PASSWORD, create_member, csrf_token, link_in_last_email, login, submit, text_of

# A database of the local Redis for these tests only (one per parallel worker: one worker's clean-up must not
# reset the other's counters); its rate-limit keys are removed before and after.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = f"redis://127.0.0.1:6379/{11 + _WORKER % 2}"
WRONG = "pas le bon mot de passe"


def _clear_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        for key in client.scan_iter("LIMITS*"):
            client.delete(key)
    finally:
        client.close()


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest, app: Starlette) -> AsyncIterator[RateLimits]:
    """The app's rate limiter, in process or on Redis (several workers sharing counts)."""
    state = app_state(app)
    if request.param == "memory":
        yield state.rate_limits
        return
    # limits reaches Redis through the `redis` client package (pyproject: redis>=5.2); CI runs Redis.
    _clear_redis()
    state.rate_limits = RateLimits(REDIS_URL)
    try:
        yield state.rate_limits
    finally:
        await state.rate_limits.close()
        _clear_redis()


@asynccontextmanager
async def browser_at(app: Starlette, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    """A visitor on another machine (another client address in the ASGI scope; nothing leaves the process)."""
    transport = httpx.ASGITransport(app=app, client=(ip, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as visitor:
        yield visitor


def without_csrf(response: httpx.Response) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", response.text)


def count_password_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = views_auth.verify_password

    def counting(password_hash: str | None, password: str) -> bool:
        calls.append(1)
        return real(password_hash, password)

    monkeypatch.setattr(views_auth, "verify_password", counting)
    return calls


async def test_thirty_simultaneous_guesses_reach_the_password_check_at_most_five_times(
    client, db, limiter, monkeypatch
):
    await create_member(db, "fatou@exemple.fr")
    token = await csrf_token(client, "/connexion")
    checks = count_password_checks(monkeypatch)
    answers = await asyncio.gather(
        *(
            client.post(
                "/connexion",
                data={"csrf_token": token, "email": "fatou@exemple.fr", "password": f"{WRONG} {i}"},
            )
            for i in range(30)
        )
    )
    statuses = sorted(a.status_code for a in answers)
    assert len(checks) <= 5, f"{len(checks)} guesses reached the password check"
    assert statuses.count(429) >= 25 and set(statuses) <= {400, 429}, statuses
    assert all("Trop de tentatives" in text_of(a) for a in answers if a.status_code == 429)


async def test_guesses_from_one_machine_at_many_accounts_stop_at_the_machine_limit(
    app, client, db, limiter, monkeypatch
):
    checks = count_password_checks(monkeypatch)
    token = await csrf_token(client, "/connexion")
    machine_limit = int(app.state.settings.login_ip_limit.split("/")[0])
    answers = await asyncio.gather(
        *(
            client.post(
                "/connexion", data={"csrf_token": token, "email": f"membre{i}@exemple.fr", "password": WRONG}
            )
            for i in range(machine_limit + 12)
        )
    )
    assert len(checks) <= machine_limit
    assert sum(a.status_code == 429 for a in answers) >= 12


async def test_colleagues_behind_one_address_all_log_in(client, db, limiter):
    """An office or a café: one public address, a dozen members logging in for the same workshop."""
    for n in range(12):
        await create_member(db, f"collegue{n}@exemple.fr")
    for n in range(12):
        await login(client, f"collegue{n}@exemple.fr")
        await client.post("/deconnexion", data={"csrf_token": await csrf_token(client, "/compte")})


async def test_wrong_passwords_from_elsewhere_do_not_lock_the_member_out(app, client, db, limiter):
    await create_member(db, "amina@exemple.fr")
    for n in range(5):
        async with browser_at(app, f"127.0.1.{n}") as stranger:
            refused = await submit(stranger, "/connexion", email="amina@exemple.fr", password=WRONG)
            assert refused.status_code == 400
    # Five wrong passwords, each from another machine: she still logs in from hers.
    await login(client, "amina@exemple.fr")
    assert (await client.get("/compte")).status_code == 200


async def test_past_many_guesses_at_one_account_she_logs_in_with_an_emailed_link(app, client, db, limiter):
    await create_member(db, "claire@exemple.fr")
    # Twenty guesses spread over five machines, four each: under every machine's own limit.
    for n in range(5):
        async with browser_at(app, f"127.0.2.{n}") as stranger:
            for _ in range(4):
                assert (
                    await submit(stranger, "/connexion", email="claire@exemple.fr", password=WRONG)
                ).status_code == 400
    paused = await submit(client, "/connexion", email="claire@exemple.fr", password=PASSWORD)
    assert paused.status_code == 429
    assert "lien de connexion par e-mail" in text_of(paused)
    assert 'href="/connexion/lien?email=claire%40exemple.fr"' in paused.text
    # The way in that needs her mailbox rather than her password.
    sent = await submit(
        client, "/connexion/lien?email=claire%40exemple.fr", "/connexion/lien", email="claire@exemple.fr"
    )
    assert sent.status_code == 200 and "un e-mail vient de partir" in text_of(sent)
    link = await link_in_last_email(db, "claire@exemple.fr", "/connexion/lien/")
    assert "Me connecter" in text_of(
        await client.get(link)
    )  # opening the link (a mail scanner too) spends nothing
    done = await submit(client, link)
    assert done.status_code == 303
    assert (await client.get("/compte")).status_code == 200


async def test_a_login_link_works_once_and_briefly_and_the_answer_tells_nothing(app, client, db):
    await create_member(db, "julie@exemple.fr")
    known = await submit(client, "/connexion/lien", email="julie@exemple.fr")
    unknown = await submit(client, "/connexion/lien", email="personne@exemple.fr")
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known) == without_csrf(unknown)
    assert await link_in_last_email(db, "julie@exemple.fr", "/connexion/lien/")
    async with db.session() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(OutboxEmail)
                .where(OutboxEmail.to_address == "personne@exemple.fr")
            )
            == 0
        )
    link = await link_in_last_email(db, "julie@exemple.fr", "/connexion/lien/")
    token = await csrf_token(client, link)
    assert (await client.post(link, data={"csrf_token": token})).status_code == 303
    await submit(client, "/compte", "/deconnexion")
    again = await client.post(link, data={"csrf_token": token})
    assert again.status_code == 400 and "plus valable" in text_of(again)

    # A second link, left to expire (15 minutes).
    await app.state.rate_limits.clear(MAIL_PER_ADDRESS_LIMIT, "login-link-mail:julie@exemple.fr")
    await submit(client, "/connexion/lien", email="julie@exemple.fr")
    late = await link_in_last_email(db, "julie@exemple.fr", "/connexion/lien/")
    async with db.session() as session:
        row = (
            await session.execute(
                select(OneTimeToken).where(OneTimeToken.purpose == "login", OneTimeToken.used_at.is_(None))
            )
        ).scalar_one()
        assert (row.expires_at - row.created_at).total_seconds() <= 15 * 60
        row.expires_at = row.created_at
        await session.commit()
    assert (await client.get(late)).status_code == 400
    assert (await client.post(late, data={"csrf_token": token})).status_code == 400
    assert (await client.get("/compte")).status_code == 303


@pytest.mark.parametrize(
    "page, path", [("/mot-de-passe-oublie", "/reinitialiser/"), ("/connexion/lien", "/connexion/lien/")]
)
async def test_one_email_of_a_kind_per_address_every_five_minutes_and_the_same_answer(client, db, page, path):
    await create_member(db, "sophie@exemple.fr")
    first = await submit(client, page, email="sophie@exemple.fr")
    second = await submit(client, page, email="Sophie@Exemple.fr")
    assert first.status_code == second.status_code == 200
    assert without_csrf(first) == without_csrf(second)
    async with db.session() as session:
        sent = await session.scalar(
            select(func.count()).select_from(OutboxEmail).where(OutboxEmail.to_address == "sophie@exemple.fr")
        )
    assert sent == 1
    assert await link_in_last_email(db, "sophie@exemple.fr", path)


async def test_password_checks_inside_the_account_are_limited_per_member(client, db):
    await create_member(db, "louise@exemple.fr")
    await login(client, "louise@exemple.fr")
    for _ in range(3):
        wrong = await submit(
            client,
            "/compte",
            "/compte/mot-de-passe",
            current_password=WRONG,
            new_password="une nouvelle phrase de passe",
        )
        assert wrong.status_code == 400
    for _ in range(2):
        wrong = await submit(client, "/compte", "/compte/supprimer", confirm_password=WRONG, posts="delete")
        assert wrong.status_code == 400
    # The sixth check in a quarter of an hour is not made, even with the right password.
    throttled = await submit(
        client,
        "/compte",
        "/compte/mot-de-passe",
        current_password=PASSWORD,
        new_password="une nouvelle phrase de passe",
    )
    assert throttled.status_code == 429 and "Trop d'essais de mot de passe" in text_of(throttled)
    throttled = await submit(
        client, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="delete"
    )
    assert throttled.status_code == 429 and "Trop d'essais de mot de passe" in text_of(throttled)
    async with db.session() as session:
        assert await session.scalar(select(Member).where(Member.email == "louise@exemple.fr")) is not None
    await submit(client, "/compte", "/deconnexion")
    await login(client, "louise@exemple.fr")  # her password did not change

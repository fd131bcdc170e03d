"""What a browser does with our forms: fetch the page, read the CSRF token, post the form."""

from __future__ import annotations

import html
import re
import sqlite3

import asyncpg
import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from learning.coordinations.directory import slugify
from learning.coordinations.models import Coordination, Membership
from learning.db import Database, utcnow
from learning.models import Member, OutboxEmail
from learning.passwords import hash_password
from learning.settings import Settings

PASSWORD = "un mot de passe solide"
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


async def csrf_token(client: httpx.AsyncClient, page: str) -> str:
    response = await client.get(page)
    match = TOKEN_RE.search(response.text)
    assert match, f"no CSRF token on {page} ({response.status_code})"
    return match.group(1)


async def submit(
    client: httpx.AsyncClient, page: str, action: str | None = None, **fields: str | list[str]
) -> httpx.Response:
    """Open `page`, then post its form to `action` (default: the page itself) like a browser would."""
    token = await csrf_token(client, page)
    data = {"csrf_token": token, **fields}
    return await client.post(action or page, data=data)


async def create_member(
    db: Database,
    email: str,
    *,
    name: str = "Test Membre",
    roles: set[str] | None = None,
    password: str = PASSWORD,
    coordination: str | None = None,
    status: str = "confirmed",
) -> Member:
    """A member whose address is confirmed: she can log in at once. `coordination`: the name of the
    coordination she belongs to (made when missing), `status` her membership there."""
    async with db.session() as session:
        member = Member(
            email=email,
            name=name,
            password_hash=hash_password(password),
            project="",
            email_confirmed_at=utcnow(),
        )
        member.set_roles(roles or set())
        session.add(member)
        await session.flush()
        if coordination is not None:
            found = await coordination_named(session, coordination)
            session.add(
                Membership(member_id=member.id, coordination_id=found.id, status=status, listed=False)
            )
        await session.commit()
        return member


# Where test coordinations sit when a test does not care: (lat, lon) by name, Paris otherwise.
TEST_SEATS = {"Bretagne": (48.1113, -1.68), "Occitanie": (43.6047, 1.4442)}


async def coordination_named(session: AsyncSession, name: str) -> Coordination:
    """The coordination called `name`, made (seated in its région's prefecture, or Paris) when missing."""
    found = await session.scalar(select(Coordination).where(Coordination.name == name))
    if found is None:
        lat, lon = TEST_SEATS.get(name, (48.8566, 2.3522))
        found = Coordination(
            slug=slugify(name), name=name, seat_insee="75056", lat=lat, lon=lon, departement="75"
        )
        session.add(found)
        await session.flush()
    return found


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    response = await submit(client, "/connexion", email=email, password=password)
    assert response.status_code == 303, response.text[:500]
    return response


async def last_email_to(db: Database, address: str) -> OutboxEmail | None:
    async with db.session() as session:
        return await session.scalar(
            select(OutboxEmail)
            .where(OutboxEmail.to_address == address)
            .order_by(OutboxEmail.id.desc())
            .limit(1)
        )


async def link_in_last_email(db: Database, address: str, path: str) -> str:
    """The site path of the link starting with `path` (e.g. "/reinitialiser/") in the last e-mail to `address`."""
    email = await last_email_to(db, address)
    assert email is not None, f"no e-mail to {address}"
    match = re.search(rf"http://testserver({re.escape(path)}\S+)", email.body)
    assert match, f"no {path} link in « {email.subject} »: {email.body}"
    return match.group(1)


async def sign_up(
    client: httpx.AsyncClient,
    db: Database,
    *,
    email: str,
    name: str = "Test Membre",
    password: str = PASSWORD,
    **fields: str,
) -> httpx.Response:
    """Sign up through the form, then follow the confirmation link e-mailed to her, as she would.

    Returns the answer to the confirmation: a redirect to « Mon compte », logged in.
    """
    fields.setdefault("charte", "oui")  # « J'ai lu et j'accepte la charte »
    sent = await submit(client, "/adhesion", name=name, email=email, password=password, **fields)
    assert sent.status_code == 200 and "Vérifiez vos e-mails" in text_of(sent), sent.text[:500]
    link = await link_in_last_email(db, email.strip().lower(), "/adhesion/confirmer/")
    confirmed = await submit(client, link)
    assert confirmed.status_code == 303, confirmed.text[:500]
    return confirmed


def text_of(response: httpx.Response) -> str:
    return html.unescape(response.text)


def words_of(response: httpx.Response) -> str:
    """The page's text as words: tags and runs of spaces (French thousands separators too) as one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split())


def first_group(pattern: str, text: str) -> str:
    """The first group of `pattern`'s first match in `text`; the test fails when there is none."""
    match = re.search(pattern, text)
    assert match is not None, f"no {pattern!r} in {text[:500]!r}"
    return match.group(1)


async def deliver_outbox(db: Database, settings: Settings) -> int:
    """Runs the outbox once, as the worker does: non-essential e-mails get their unsubscribe link, or go
    when she turned their kind off."""
    from learning.outbox import deliver_pending

    return await deliver_pending(
        db,
        smtp_url=None,
        sender="Entraide <test@entraide.local>",
        secret_key=settings.secret_key,
        base_origin=settings.base_origin,
    )


def another_browser(app: Starlette) -> httpx.AsyncClient:
    """A second browser (her phone, another member) on the same in-process app."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def write_as_another_process(database_url: str, sql: str) -> None:
    """Runs ``sql`` with the bare driver, outside SQLAlchemy: this process sees nothing of it, as with a
    write made by another worker (its caches are not told)."""
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.split(":///", 1)[1]) as conn:
            conn.execute(sql)
        return
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()

"""Board fixtures: several members, each with her own HTTP client (its own cookies, as her own browser)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from starlette.applications import Starlette

from learning.db import Database
from tests.helpers import create_member, first_group, login, submit


@pytest.fixture
async def member_client(
    app: Starlette, db: Database
) -> AsyncIterator[Callable[..., Awaitable[httpx.AsyncClient]]]:
    """`await member_client("amina@exemple.fr", roles={...}, coordination=...)` → a logged-in client for a new member."""
    async with contextlib.AsyncExitStack() as stack:
        port = iter(range(51000, 52000))

        async def open_as(
            email: str,
            *,
            roles: set[str] | None = None,
            coordination: str | None = "Bretagne",
            status: str = "confirmed",
            name: str | None = None,
        ) -> httpx.AsyncClient:
            await create_member(
                db,
                email,
                roles=roles,
                coordination=coordination,
                status=status,
                name=name or email.split("@")[0].capitalize(),
            )
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", next(port)))
            client = await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://testserver")
            )
            await login(client, email)
            return client

        yield open_as


async def publish(
    client: httpx.AsyncClient,
    *,
    title: str = "Quelle banque pour un prêt d'honneur ?",
    body: str = "Je cherche une banque qui suit les prêts d'honneur en Bretagne.",
    kind: str = "besoin",
    scope: str = "reseau",
    themes: tuple[str, ...] = ("financement",),
) -> int:
    response = await submit(
        client,
        "/coup-de-pouce/nouveau",
        kind=kind,
        title=title,
        body=body,
        scope=scope,
        themes=list(themes),
        op="publier",
    )
    assert response.status_code == 303, response.text[:2000]
    return int(first_group(r"/coup-de-pouce/(\d+)", response.headers["location"]))


async def answer(
    client: httpx.AsyncClient, post_id: int, body: str = "Essayez Initiative France, ils sont super."
) -> int:
    response = await submit(
        client, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/{post_id}/repondre", body=body, op="publier"
    )
    assert response.status_code == 303, response.text[:2000]
    return int(first_group(r"#reponse-(\d+)", response.headers["location"]))

"""The cache of session lookups (learning.session_cache) never keeps a revoked session alive: logout, a
password change, an admin's change of roles and account deletion take effect at the next request; a
revocation written by another process takes effect within ENTRAIDE_SESSION_CACHE_S."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from learning.app import create_app
from learning.settings import Settings
from learning.state import app_state
from tests.helpers import (
    PASSWORD,
    another_browser,
    create_member,
    deliver_outbox,
    login,
    submit,
    text_of,
    write_as_another_process,
)


async def _signed_in(client: httpx.AsyncClient) -> bool:
    return (await client.get("/compte")).status_code == 200


async def test_repeated_requests_are_served_from_the_cache(app, client, db):
    await create_member(db, "lea@exemple.fr", name="Léa Martin")
    await login(client, "lea@exemple.fr")
    cache = app_state(app).session_cache
    cache.ttl_s = 60  # a loaded machine may take more than the 3 s of the default over these requests
    assert await _signed_in(client)
    hits = cache.hits
    for _ in range(3):
        page = await client.get("/compte")
        assert page.status_code == 200 and "Léa Martin" in text_of(page)
    assert cache.hits == hits + 3


async def test_an_outbox_run_with_nothing_to_send_leaves_the_cache_alone(app, client, db, settings):
    """Every worker looks for e-mails to send every 2 s: a run that finds none commits nothing, else no
    cached session (nor page, learning.page_cache) would live more than 2 s in production."""
    await create_member(db, "lea@exemple.fr")
    await login(client, "lea@exemple.fr")
    cache = app_state(app).session_cache
    cache.ttl_s = 60
    await deliver_outbox(db, settings)
    assert await _signed_in(client)
    hits = cache.hits
    assert await deliver_outbox(db, settings) == 0
    assert await _signed_in(client)
    assert cache.hits == hits + 1


async def test_logout_and_password_change_end_cached_sessions(app, client, db):
    await create_member(db, "lea@exemple.fr")
    await login(client, "lea@exemple.fr")
    async with another_browser(app) as other:  # her phone
        await login(other, "lea@exemple.fr")
        assert await _signed_in(client) and await _signed_in(other)
        assert await _signed_in(client) and await _signed_in(other)  # now cached

        changed = await submit(
            client,
            "/compte",
            "/compte/mot-de-passe",
            current_password=PASSWORD,
            new_password="une toute nouvelle phrase",
        )
        assert changed.status_code == 303
        assert not await _signed_in(other)  # the phone's session ended with the change
        assert await _signed_in(client)  # this browser got a new one

        await submit(client, "/compte", "/deconnexion")
        assert not await _signed_in(client)


async def test_an_admin_removing_a_role_takes_effect_at_the_next_request(app, client, db):
    await create_member(db, "chef@exemple.fr", roles={"admin"})
    lea = await create_member(db, "lea@exemple.fr", roles={"admin"})
    await login(client, "lea@exemple.fr")
    assert (await client.get("/admin")).status_code == 200
    assert (await client.get("/admin")).status_code == 200  # cached
    async with another_browser(app) as chef:
        await login(chef, "chef@exemple.fr")
        done = await submit(chef, "/admin", f"/admin/membres/{lea.id}/roles", roles=[])
        assert done.status_code == 303
    assert (await client.get("/admin")).status_code == 403


async def test_a_deleted_account_is_signed_out_everywhere(app, client, db):
    await create_member(db, "lea@exemple.fr")
    await login(client, "lea@exemple.fr")
    async with another_browser(app) as other:
        await login(other, "lea@exemple.fr")
        assert await _signed_in(other) and await _signed_in(other)
        gone = await submit(client, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="delete")
        assert gone.status_code == 200 and "supprimés" in text_of(gone)
        assert not await _signed_in(other)


@pytest.fixture
async def slow_cache_app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings.with_(session_cache_s=2.0), run_background_jobs=False)
    async with application.router.lifespan_context(application):
        yield application


async def test_a_revocation_by_another_worker_takes_effect_within_the_cache_delay(slow_cache_app, settings):
    db = app_state(slow_cache_app).db
    await create_member(db, "lea@exemple.fr")
    async with another_browser(slow_cache_app) as client:
        await login(client, "lea@exemple.fr")
        assert await _signed_in(client)
        await write_as_another_process(settings.database_url, "DELETE FROM auth_sessions")
        # Until the entry is 2 s old this worker may still serve it; after that, never.
        await asyncio.sleep(2.1)
        assert not await _signed_in(client)

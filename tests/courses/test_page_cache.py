"""The lesson page served again from the worker's page cache (learning.page_cache): her second view within a
few seconds reads nothing from the database, carries its own CSP nonce, and is never staler than what she
did: a quiz answer, a lesson completed, a question posted show on her next view; another member never gets
her page; a change written by another process shows within ENTRAIDE_PAGE_CACHE_S; 0 turns the cache off.
Over HTTP, on SQLite and PostgreSQL, with the sample course."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.responses import HTMLResponse

from learning.app import create_app
from learning.board.models import Post
from learning.page_cache import WRITE_COOKIE, PageCache
from learning.session_cache import current_generation
from learning.settings import Settings
from learning.state import app_state
from tests.helpers import another_browser, create_member, login, submit, text_of, write_as_another_process

from .helpers import wrong_answer
from .test_journey import COURSE, LESSON_1, course_of, enrolled
from .test_lesson_questions import lesson_form

NONCE = re.compile(r'nonce="([^"]+)"')


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements sent to any database meanwhile."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def _patient(app: Starlette) -> None:
    # A loaded machine may take more than the default 3 s over a few requests: the tests that count hits
    # give both caches a minute; the one about the delay sets its own.
    app_state(app).page_cache.ttl_s = 60
    app_state(app).session_cache.ttl_s = 60


async def _seen_twice(client: httpx.AsyncClient, url: str = LESSON_1) -> httpx.Response:
    """Her page after a view that is kept: the first view of a lesson writes her visit (never kept)."""
    await client.get(url)
    await client.get(url)
    return await client.get(url)


async def test_a_second_view_reads_nothing_and_carries_its_own_nonce(app, client, db):
    _patient(app)
    await enrolled(client, db)
    cache = app_state(app).page_cache
    first = await _seen_twice(client)
    hits = cache.hits
    with statements() as sent:
        again = await client.get(LESSON_1)
    assert cache.hits == hits + 1 and sent == []
    assert again.status_code == 200 and again.headers["cache-control"] == "no-store"
    assert NONCE.sub("", again.text) == NONCE.sub("", first.text)  # the same page, but for its nonce

    nonces = set()
    for page in (first, again):
        in_page = set(NONCE.findall(page.text))
        assert len(in_page) == 1, in_page  # the sample lesson has a quiz: quiz.js carries the nonce
        (nonce,) = in_page
        assert f"'nonce-{nonce}'" in page.headers["content-security-policy"]
        assert int(page.headers["content-length"]) == len(page.content)
        nonces.add(nonce)
    assert len(nonces) == 2

    # A reload asks for a fresh page; the figures are exported per worker.
    with statements() as sent:
        await client.get(LESSON_1, headers={"Cache-Control": "max-age=0"})
    assert sent and cache.hits == hits + 1
    metrics = (await client.get("/metrics")).text
    assert re.search(r'entraide_page_cache_hits_total\{worker="\d+"\} [1-9]', metrics)


async def test_her_answer_her_completed_lesson_and_her_question_show_at_once(app, client, db):
    _patient(app)
    await enrolled(client, db)
    cache = app_state(app).page_cache
    quiz = course_of(app).quizzes["ex-l1-q1"]
    page = await _seen_twice(client)
    assert "Ce n'est pas la bonne réponse" not in text_of(page)

    # Without JavaScript: the answer posts and she is sent back to the lesson.
    hits = cache.hits
    answered = await submit(client, LESSON_1, f"{COURSE}/quiz/ex-l1-q1", **wrong_answer(quiz))
    assert cache.hits == hits + 1  # the form came from the cache
    assert answered.status_code == 303
    assert "Ce n'est pas la bonne réponse" in text_of(await client.get(LESSON_1))

    await _seen_twice(client)
    done = await submit(client, LESSON_1, f"{LESSON_1}/termine")
    assert done.status_code == 303
    assert "Leçon terminée." in text_of(await client.get(LESSON_1))

    hidden = lesson_form((await _seen_twice(client)).text)
    asked = await submit(
        client,
        LESSON_1,
        "/coup-de-pouce/lecon",
        **hidden,
        question_title="Puis-je cumuler l'ARCE et un emploi ?",
        question_body="Je garde un mi-temps salarié la première année.",
    )
    assert asked.status_code == 303
    assert "Puis-je cumuler l'ARCE et un emploi ?" in text_of(await client.get(LESSON_1))
    assert "Puis-je cumuler l'ARCE et un emploi ?" in text_of(await client.get(LESSON_1))


async def test_an_answer_from_another_member_shows_at_once(app, client, db):
    """Any commit of this process voids every page kept: Nadia's answer, made through her own browser, is
    under Amina's question at Amina's next view."""
    _patient(app)
    await enrolled(client, db)
    await create_member(db, "nadia@exemple.fr", name="Nadia Benali")
    hidden = lesson_form((await client.get(LESSON_1)).text)
    await submit(
        client,
        LESSON_1,
        "/coup-de-pouce/lecon",
        **hidden,
        question_title="Puis-je apporter mon ARCE au capital ?",
        question_body="Ma banque parle d'apport : que mettre dans mon plan ?",
    )
    assert "0 réponse" in text_of(await _seen_twice(client))
    async with db.session() as session:
        post = await session.scalar(select(Post).where(Post.lesson.is_not(None)))
    assert post is not None
    async with another_browser(app) as nadia:
        await login(nadia, "nadia@exemple.fr")
        answered = await submit(
            nadia,
            f"/coup-de-pouce/{post.id}",
            f"/coup-de-pouce/{post.id}/repondre",
            body="Oui : versée à titre personnel, vous l'apportez à l'entreprise.",
        )
        assert answered.status_code == 303
    shown = text_of(await client.get(LESSON_1))
    assert "1 réponse" in shown and "versée à titre personnel" in shown


async def test_a_page_made_while_something_was_committed_is_not_kept(app, db):
    cache = app_state(app).page_cache
    generation = current_generation()
    async with db.session() as session:
        await session.commit()  # another request's commit, while the page was being made
    cache.put("key", generation, HTMLResponse('<script nonce="n0nce"></script>'), "n0nce")
    assert len(cache) == 0
    cache.put("key", current_generation(), HTMLResponse('<script nonce="n0nce"></script>'), "n0nce")
    assert len(cache) == 1
    served = cache.get("key", "fresh")
    assert served is not None and served.body == b'<script nonce="fresh"></script>'


async def test_another_member_never_gets_her_page(app, client, db):
    _patient(app)
    await enrolled(client, db)
    quiz = course_of(app).quizzes["ex-l1-q1"]
    await submit(client, LESSON_1, f"{COURSE}/quiz/ex-l1-q1", **wrong_answer(quiz))
    assert "Ce n'est pas la bonne réponse" in text_of(await _seen_twice(client))
    async with another_browser(app) as ines:
        await enrolled(ines, db, "ines@exemple.fr", "Inès Morel")
        for _ in range(3):
            hers = await ines.get(LESSON_1)
            assert hers.status_code == 200 and "Ce n'est pas la bonne réponse" not in text_of(hers)
        # Her own form token, which the site accepts from her.
        answered = await submit(ines, LESSON_1, f"{COURSE}/quiz/ex-l1-q1", **wrong_answer(quiz))
        assert answered.status_code == 303
    # Amina on a second browser (another session, another CSRF cookie) is not sent the first one's page.
    async with another_browser(app) as phone:
        await login(phone, "amina@exemple.fr")
        hits = app_state(app).page_cache.hits
        assert (await phone.get(LESSON_1)).status_code == 200
        assert app_state(app).page_cache.hits == hits


async def test_her_write_through_another_worker_is_not_hidden_by_this_one(app, client, db):
    """Every write of hers renews a cookie that is part of the key: a worker that kept her page does not
    serve it to the request that follows her answer, even when the answer went through another worker (whose
    commit this worker does not see)."""
    _patient(app)
    await enrolled(client, db)
    cache = app_state(app).page_cache
    await _seen_twice(client)
    quiz = course_of(app).quizzes["ex-l1-q1"]
    answered = await submit(client, LESSON_1, f"{COURSE}/quiz/ex-l1-q1", **wrong_answer(quiz))
    stamp = answered.cookies.get(WRITE_COOKIE)
    assert stamp and "HttpOnly" in answered.headers["set-cookie"]
    await _seen_twice(client)
    hits = cache.hits
    client.cookies.set(WRITE_COOKIE, "after-a-write-elsewhere")
    assert (await client.get(LESSON_1)).status_code == 200
    assert cache.hits == hits


@pytest.fixture
async def short_cache_app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings.with_(page_cache_s=1.5), run_background_jobs=False)
    async with application.router.lifespan_context(application):
        yield application


async def test_a_change_by_another_worker_shows_within_the_cache_delay(short_cache_app, settings):
    db = app_state(short_cache_app).db
    async with another_browser(short_cache_app) as client:
        await enrolled(client, db)
        await submit(client, LESSON_1, f"{LESSON_1}/termine")
        assert "Leçon terminée." in text_of(await _seen_twice(client))
        await write_as_another_process(settings.database_url, "DELETE FROM course_lesson_progress")
        # Until the page is 1.5 s old this worker may still serve it; after that, never.
        await asyncio.sleep(1.6)
        assert "Leçon terminée." not in text_of(await client.get(LESSON_1))


@pytest.fixture
async def uncached_app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings.with_(page_cache_s=0), run_background_jobs=False)
    async with application.router.lifespan_context(application):
        yield application


async def test_zero_turns_the_cache_off(uncached_app):
    cache = app_state(uncached_app).page_cache
    async with another_browser(uncached_app) as client:
        await enrolled(client, app_state(uncached_app).db)
        await _seen_twice(client)
        with statements() as sent:
            assert (await client.get(LESSON_1)).status_code == 200
        assert sent and cache.hits == 0 and len(cache) == 0
        quiz = course_of(uncached_app).quizzes["ex-l1-q1"]
        answered = await submit(client, LESSON_1, f"{COURSE}/quiz/ex-l1-q1", **wrong_answer(quiz))
        assert WRITE_COOKIE not in answered.headers.get("set-cookie", "")


async def test_a_member_is_never_given_a_page_when_signed_out(app, client, db):
    _patient(app)
    await enrolled(client, db)
    await _seen_twice(client)
    await submit(client, LESSON_1, "/deconnexion")
    gone = await client.get(LESSON_1)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/connexion")


def test_the_cache_is_bounded_in_pages_and_bytes():
    cache = PageCache(60, max_entries=2, max_bytes=100)
    generation = current_generation()
    for key in ("a", "b", "c"):
        cache.put(key, generation, HTMLResponse("x" * 40), "n0nce")
    assert len(cache) == 2 and cache.get("a", "n") is None and cache.get("c", "n") is not None
    cache.put("d", generation, HTMLResponse("y" * 90), "n0nce")
    assert len(cache) == 1 and cache.bytes == 90 and cache.get("d", "n") is not None
    cache.put("e", generation, HTMLResponse("z" * 40, headers={"Set-Cookie": "a=b"}), "n0nce")
    cache.put("f", generation, HTMLResponse("z" * 40, status_code=404), "n0nce")
    assert cache.get("e", "n") is None and cache.get("f", "n") is None

"""« Questions sur cette leçon »: a question asked under a lesson is a Coup de pouce question tagged with the
lesson; the lesson lists its questions and their answers; members who follow the module's theme are told.
Over HTTP, on SQLite and PostgreSQL, with the sample course (its module 01 maps to the theme « commercial »)."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from learning import themes
from learning.board.models import Notification, Post
from tests.helpers import create_member, login, submit, text_of

from .test_journey import LESSON_1, LESSON_2, enrolled

LESSON_KEY = "cours-exemple/bienvenue/premiers-pas"


def lesson_form(page: str) -> dict[str, str]:
    """The hidden fields of the lesson's question form, as a browser would send them."""
    form = page[page.index('action="/coup-de-pouce/lecon"') :]
    form = form[: form.index("</form>")]
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
        if name != "csrf_token"
    }


async def test_a_question_under_a_lesson_is_answered_on_the_board_and_shown_under_the_lesson(client, db):
    amina = await enrolled(client, db)
    nadia = await create_member(db, "nadia@exemple.fr", name="Nadia Benali")
    other = await create_member(db, "ines@exemple.fr", name="Inès Morel")
    async with db.session() as session:
        await themes.set_followed(session, nadia.id, ["commercial"])
        await themes.set_followed(session, other.id, ["juridique"])
        await session.commit()
    page = await client.get(LESSON_1)
    assert "Questions sur cette leçon" in text_of(page) and "Pas encore de question" in text_of(page)
    hidden = lesson_form(page.text)
    assert hidden["key"] == LESSON_KEY and hidden["theme"] == "commercial" and hidden["url"] == LESSON_1

    asked = await submit(
        client,
        LESSON_1,
        "/coup-de-pouce/lecon",
        **hidden,
        question_title="Puis-je apporter mon ARCE au capital ?",
        question_body="Je touche l'ARE et ma banque parle d'apport : que mettre dans mon plan ?",
    )
    assert asked.status_code == 303 and asked.headers["location"] == f"{LESSON_1}?question=1#questions"
    shown = text_of(await client.get(f"{LESSON_1}?question=1"))
    assert "Votre question est publiée sur le Coup de pouce" in shown
    assert (
        "Puis-je apporter mon ARCE au capital ?" in shown and "Amina Diallo" in shown and "0 réponse" in shown
    )
    # The other lesson does not list it.
    assert "Puis-je apporter mon ARCE" not in text_of(await client.get(LESSON_2))

    async with db.session() as session:
        post = await session.scalar(select(Post).where(Post.lesson == LESSON_KEY))
        assert post is not None and post.kind == "question" and post.scope == "reseau"
        assert post.themes == ["commercial"] and post.author_id == amina.id
        told = set(
            await session.scalars(select(Notification.member_id).where(Notification.post_id == post.id))
        )
    assert told == {nadia.id}  # she follows the module's theme; Inès follows another one

    # Nadia answers on the board, as for any question.
    await login(client, "nadia@exemple.fr")
    board_page = text_of(await client.get(f"/coup-de-pouce/{post.id}"))
    assert "Puis-je apporter mon ARCE au capital ?" in board_page
    answered = await submit(
        client,
        f"/coup-de-pouce/{post.id}",
        f"/coup-de-pouce/{post.id}/repondre",
        body="Oui : versée à titre personnel, vous l'apportez à l'entreprise.",
    )
    assert answered.status_code == 303

    await login(client, "amina@exemple.fr")
    shown = text_of(await client.get(LESSON_1))
    assert "1 réponse" in shown and "versée à titre personnel" in shown and "Nadia Benali" in shown


async def test_a_question_without_its_text_comes_back_with_what_was_typed(client, db):
    await enrolled(client, db)
    hidden = lesson_form((await client.get(LESSON_1)).text)
    again = await submit(
        client, LESSON_1, "/coup-de-pouce/lecon", **hidden, question_title="Apport", question_body=""
    )
    assert again.status_code == 400
    text = text_of(again)
    assert "Résumez votre question en une phrase d'au moins 8 caractères" in text
    assert "Précisez votre situation : c'est ce qui permet aux membres de vous répondre" in text
    assert 'value="Apport"' in again.text and f'href="{LESSON_1}#questions"' in again.text
    async with db.session() as session:
        assert await session.scalar(select(Post).where(Post.lesson == LESSON_KEY)) is None


async def test_a_question_cannot_be_tagged_with_a_lesson_the_site_did_not_offer(client, db):
    await enrolled(client, db)
    hidden = lesson_form((await client.get(LESSON_1)).text)
    forged = {**hidden, "key": "cours-exemple/bienvenue/inventee"}
    refused = await submit(
        client,
        LESSON_1,
        "/coup-de-pouce/lecon",
        **forged,
        question_title="Une question détournée ?",
        question_body="Un texte.",
    )
    assert refused.status_code == 400
    assert "Ce formulaire ne vient pas d'une leçon du parcours" in text_of(refused)
    async with db.session() as session:
        assert await session.scalar(select(Post).where(Post.lesson.is_not(None))) is None

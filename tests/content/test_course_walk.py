"""The whole course « Financer et créer son entreprise » walked over HTTP, on SQLite and PostgreSQL: enrol,
open every lesson, answer every formative question, run and save every calculator with the author's defaults,
finish every lesson, pass every module check (the last one is the final check), see the financing file built
from the saved calculators, claim the certificate and verify it publicly."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from courses.course_tree import Module
from courses.models import CheckAttempt
from learning.db import Database
from tests.courses.helpers import anonymous_client, claim_certificate, right_answer, verify_certificate
from tests.helpers import create_member, csrf_token, login, submit, text_of

from .conftest import COURSE_SLUG

COURSE = f"/mooc/{COURSE_SLUG}"


def norm(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def form_values(defaults: dict[str, Any]) -> dict[str, str]:
    """The author's defaults as a browser would send them."""
    values = {}
    for name, value in defaults.items():
        if isinstance(value, list):
            values[name] = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            values[name] = "on" if value else ""
        else:
            values[name] = str(value)
    return {k: v for k, v in values.items() if v != ""}


async def pass_check(client: httpx.AsyncClient, db: Database, module: Module, member_id: int) -> str:
    check = module.check
    assert check is not None, module.slug
    url = check.url
    started = await submit(client, url, f"{url}/commencer")
    assert started.status_code == 303, (url, started.status_code)
    async with db.session() as session:
        attempt = await session.scalar(
            select(CheckAttempt).where(
                CheckAttempt.member_id == member_id,
                CheckAttempt.module == module.slug,
                CheckAttempt.submitted_at.is_(None),
            )
        )
    assert attempt is not None
    fields: dict = {}
    for quiz in check.quizzes:
        if quiz.id in attempt.questions:
            fields.update(right_answer(quiz, f"{quiz.id}:"))
    sent = await submit(client, url, f"{url}/reponses", **fields)
    assert sent.status_code == 303, (url, sent.status_code)
    return text_of(await client.get(url))


async def test_walk_the_whole_course_to_the_certificate(app, client, db):
    course = app.state.courses.library.courses[COURSE_SLUG]
    member = await create_member(db, "sophie@exemple.fr", name="Sophie Martin")
    await login(client, "sophie@exemple.fr")

    page = await client.get(COURSE)
    assert page.status_code == 200 and "Financer et créer son entreprise" in text_of(page)
    glossary = await client.get(f"{COURSE}/glossaire")
    assert (
        glossary.status_code == 200
        and 'id="bfr"' in glossary.text
        and 'id="seuil-rentabilite"' in glossary.text
    )

    enrolled = await submit(client, COURSE, f"{COURSE}/inscription")
    first = course.modules[0].lessons[0]
    assert enrolled.status_code == 303 and enrolled.headers["location"] == first.url

    token = await csrf_token(client, first.url)
    headers = {"Accept": "application/json", "X-CSRF-Token": token}

    for module in course.modules:
        for lesson in module.lessons:
            response = await client.get(lesson.url)
            assert response.status_code == 200, lesson.url
            body = text_of(response)
            assert lesson.title in body and "À retenir" in body, lesson.url
            assert "{{" not in body, f"{lesson.url}: a fact was not substituted"

            for quiz_id, quiz in lesson.quizzes.items():
                answer = await client.post(
                    f"{COURSE}/quiz/{quiz_id}", data=right_answer(quiz), headers=headers
                )
                assert answer.status_code == 200, quiz_id
                assert answer.json()["correct"] is True, quiz_id

            for calc_id, calc in lesson.calculators.items():
                values = form_values(calc.defaults)
                live = await client.get(f"{COURSE}/calculateur/{calc_id}/resultat", params=values)
                assert live.status_code == 200, calc_id
                assert live.json()["result"]["outputs"], calc_id
                saved = await client.post(
                    f"{COURSE}/calculateur/{calc_id}", data={**values, "_submitted": "1"}, headers=headers
                )
                assert saved.status_code == 200 and saved.json()["saved"] is True, calc_id

            done = await submit(client, lesson.url, f"{lesson.url}/termine")
            assert done.status_code == 303, lesson.url

        result = await pass_check(client, db, module, member.id)
        assert "contrôle réussi" in result, module.slug

    # The financing file gathers the saved calculators: Claire's figures, since the defaults were saved.
    dossier = await client.get(f"{COURSE}/dossier")
    assert dossier.status_code == 200
    text = norm(text_of(dossier))
    for figure in ("377,42", "101 176", "4 000", "29 000", "32 142,86"):
        assert figure in text, figure
    pdf = await client.get(f"{COURSE}/dossier.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # Every check passed: the course is complete, the certificate can be claimed and verified.
    cert = await claim_certificate(client, db, COURSE, member.id)
    assert cert.course == COURSE_SLUG
    async with anonymous_client(app) as anonymous:
        await verify_certificate(anonymous, cert, "Sophie Martin")


async def test_modules_stay_locked_until_the_previous_check(app, client, db):
    course = app.state.courses.library.courses[COURSE_SLUG]
    await create_member(db, "amina@exemple.fr", name="Amina Diallo")
    await login(client, "amina@exemple.fr")
    await submit(client, COURSE, f"{COURSE}/inscription")
    assert (await client.get(course.modules[0].lessons[0].url)).status_code == 200
    locked = await client.get(course.modules[1].lessons[0].url)
    assert locked.status_code == 403
    assert (await submit(client, COURSE, f"{COURSE}/certificat")).status_code == 403

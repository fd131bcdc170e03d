"""The learner journey over HTTP, on SQLite and PostgreSQL: enrol, answer, fail, retry, pass a check,
unlock, finish, get the certificate, verify it; plus the pages around it."""

from __future__ import annotations

import asyncio
from html.parser import HTMLParser

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from courses import member_data, progress
from courses.course_tree import Course
from courses.models import CalculatorInput, CheckAttempt, Enrolment, LessonProgress, QuizAttempt
from courses.stats import course_stats
from learning.db import Database
from learning.models import Member
from tests.helpers import create_member, csrf_token, login, submit, text_of

from .helpers import anonymous_client, claim_certificate, right_answer, verify_certificate, wrong_answer

COURSE = "/mooc/cours-exemple"
LESSON_1 = f"{COURSE}/bienvenue/premiers-pas"
LESSON_2 = f"{COURSE}/bienvenue/exercices"
CHECK_1 = f"{COURSE}/bienvenue/controle"
CALC_LESSON = f"{COURSE}/chiffres/calculateurs"
CHECK_2 = f"{COURSE}/chiffres/controle"


def course_of(app: Starlette) -> Course:
    return app.state.courses.library.courses["cours-exemple"]


async def enrolled(
    client: httpx.AsyncClient, db: Database, email: str = "amina@exemple.fr", name: str = "Amina Diallo"
) -> Member:
    member = await create_member(db, email, name=name)
    await login(client, email)
    response = await submit(client, COURSE, f"{COURSE}/inscription")
    assert response.status_code == 303 and response.headers["location"] == LESSON_1
    return member


async def take_check(
    client: httpx.AsyncClient,
    db: Database,
    app: Starlette,
    url: str,
    module: str,
    member_id: int,
    *,
    right: bool,
) -> httpx.Response:
    response = await submit(client, url, f"{url}/commencer")
    assert response.status_code == 303
    page = await client.get(url)
    assert page.status_code == 200 and "Envoyer mes réponses" in page.text
    async with db.session() as session:
        attempt = await session.scalar(
            select(CheckAttempt).where(
                CheckAttempt.member_id == member_id,
                CheckAttempt.module == module,
                CheckAttempt.submitted_at.is_(None),
            )
        )
    assert attempt is not None
    found = course_of(app).module(module)
    assert found is not None and found.check is not None, module
    fields: dict[str, str | list[str]] = {}
    for quiz in found.check.quizzes:
        if quiz.id in attempt.questions:
            fields.update((right_answer if right else wrong_answer)(quiz, f"{quiz.id}:"))
    response = await submit(client, url, f"{url}/reponses", **fields)
    assert response.status_code == 303
    return await client.get(url)


async def test_catalogue_and_course_page_are_public(client):
    catalogue = await client.get("/mooc")
    assert catalogue.status_code == 200
    assert "Cours d'exemple" in text_of(catalogue)
    page = await client.get(COURSE)
    assert page.status_code == 200 and "Se connecter pour commencer" in text_of(page)
    assert "Premiers pas" in text_of(page) and "8 min" in page.text
    glossary = await client.get(f"{COURSE}/glossaire")
    assert glossary.status_code == 200 and 'id="bfr"' in glossary.text
    image = await client.get(f"{COURSE}/fichiers/media/schema.svg")
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/svg")
    captions = await client.get(f"{COURSE}/fichiers/media/bienvenue.fr.vtt")
    assert captions.status_code == 200 and captions.headers["content-type"].startswith("text/vtt")
    for bad in ("course.md", "../facts.toml", "01-bienvenue/01-premiers-pas.md"):
        assert (await client.get(f"{COURSE}/fichiers/{bad}")).status_code == 404
    assert (await client.get("/mooc/inconnu")).status_code == 404


async def test_lessons_need_login_and_enrolment(client, db):
    response = await client.get(LESSON_1)
    assert response.status_code == 303 and response.headers["location"].startswith("/connexion")
    await create_member(db, "claire@exemple.fr")
    await login(client, "claire@exemple.fr")
    response = await client.get(LESSON_1)
    assert response.status_code == 303 and response.headers["location"] == COURSE


async def test_learner_journey(app, client, db):
    member = await enrolled(client, db)
    course = course_of(app)

    # The lesson: rendered once at start-up, facts substituted, accessible quiz forms.
    lesson = await client.get(LESSON_1)
    assert lesson.status_code == 200
    body = text_of(lesson)
    assert "77 700 €" in body and "À retenir" in body and 'aria-live="polite"' in body
    quiz = course.quizzes["ex-l1-q1"]
    right_key = next(o.key for o in quiz.options if o.correct)
    assert f'<label for="quiz-ex-l1-q1-{right_key}">' in lesson.text

    # Answer in place (JSON, as quiz.js does): wrong, then right; feedback per answer, explanation.
    token = await csrf_token(client, LESSON_1)
    headers = {"Accept": "application/json", "X-CSRF-Token": token}
    wrong = await client.post(f"{COURSE}/quiz/ex-l1-q1", data=wrong_answer(quiz), headers=headers)
    assert wrong.status_code == 200 and wrong.json()["correct"] is False
    assert "plafond des ventes" in wrong.json()["html"]
    right = await client.post(f"{COURSE}/quiz/ex-l1-q1", data=right_answer(quiz), headers=headers)
    assert right.json()["correct"] is True and "Explication" in right.json()["html"]
    # Without JavaScript: the form posts, the page comes back with the verdict.
    response = await submit(client, LESSON_1, f"{COURSE}/quiz/ex-l1-q1", **wrong_answer(quiz))
    assert response.status_code == 303 and response.headers["location"].endswith("#quiz-ex-l1-q1")
    again = text_of(await client.get(LESSON_1))
    assert "Ce n'est pas la bonne réponse" in again and "meilleur résultat : 100 %" in again

    # Every question type answered right through HTTP.
    for quiz_id in ("ex-l2-num", "ex-l2-abs", "ex-l2-text", "ex-l2-match", "ex-l2-order"):
        answer = await client.post(
            f"{COURSE}/quiz/{quiz_id}", data=right_answer(course.quizzes[quiz_id]), headers=headers
        )
        assert answer.json()["correct"] is True, quiz_id

    # Module 2 is locked until the module 1 check is passed.
    locked = await client.get(CALC_LESSON)
    assert locked.status_code == 403 and "s'ouvrira" in text_of(locked)

    # « J'ai terminé cette leçon » moves on.
    done = await submit(client, LESSON_1, f"{LESSON_1}/termine")
    assert done.status_code == 303 and done.headers["location"] == LESSON_2
    done = await submit(client, LESSON_2, f"{LESSON_2}/termine")
    assert done.headers["location"] == CHECK_1

    # Fail the check, retry, pass.
    failed = await take_check(client, db, app, CHECK_1, "bienvenue", member.id, right=False)
    assert "ce n'est pas encore suffisant" in text_of(failed)
    assert "il vous reste 1 tentative" in text_of(failed)
    # The failed attempt is shown read-only, without the right answers (attempts remain).
    assert " disabled" in failed.text and "Réponse enregistrée" in text_of(failed)
    assert "Bonne réponse" not in text_of(failed) and "Explication" not in text_of(failed)
    assert (await client.get(CALC_LESSON)).status_code == 403
    passed = await take_check(client, db, app, CHECK_1, "bienvenue", member.id, right=True)
    assert "contrôle réussi" in text_of(passed) and "Votre score : 100 %" in text_of(passed)
    async with db.session() as session:
        drawn = await session.scalars(
            select(CheckAttempt.questions).where(CheckAttempt.member_id == member.id)
        )
        assert all(len(q) == 3 for q in drawn)  # draw: 3 of a pool of 4

    # Unlocked: the calculators lesson, a calculator saved to the dossier.
    calc_page = await client.get(CALC_LESSON)
    assert calc_page.status_code == 200 and "Seuil de rentabilité" in text_of(calc_page)
    live = await client.get(
        f"{COURSE}/calculateur/ex-seuil/resultat",
        params={
            "chiffre_affaires": "60 000",
            "charges_variables": "12000",
            "charges_fixes": "24000",
            "base_jours": "365",
        },
    )
    outputs = {o["name"]: o["value"] for o in live.json()["result"]["outputs"]}
    assert outputs["seuil"] == 30000 and outputs["point_mort"] == 182.5
    saved = await submit(
        client,
        CALC_LESSON,
        f"{COURSE}/calculateur/ex-pret",
        capital="20 000",
        taux_annuel="5",
        duree_mois="60",
        differe_mois="0",
        type_differe="partiel",
        _submitted="1",
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("#calc-ex-pret")
    dossier = await client.get(f"{COURSE}/dossier")
    assert dossier.status_code == 200 and "377,42" in dossier.text
    pdf = await client.get(f"{COURSE}/dossier.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # No attestation before the last check, nor while a lesson is unread: every check passed, the course page
    # names the lesson left, and claiming is refused until she has read it.
    assert (await submit(client, COURSE, f"{COURSE}/certificat")).status_code == 403
    await take_check(client, db, app, CHECK_2, "chiffres", member.id, right=True)
    page = text_of(await client.get(COURSE))
    assert "il vous reste 1 leçon à lire pour obtenir votre attestation de réussite" in page
    assert "Obtenir mon attestation de réussite" not in page
    refused = await submit(client, COURSE, f"{COURSE}/certificat")
    assert refused.status_code == 403 and "toutes les leçons sont lues" in text_of(refused)
    await submit(client, CALC_LESSON, f"{CALC_LESSON}/termine")

    # Finish: progress bar full, certificate issued, PDF, public verification.
    cert = await claim_certificate(client, db, COURSE, member.id)
    async with anonymous_client(app) as anonymous:
        verified = await verify_certificate(anonymous, cert, "Amina Diallo")
        assert "amina@exemple.fr" not in verified.text
        assert (await anonymous.get("/mooc/certificat/faux-code")).status_code == 404
    account = await client.get("/compte/mooc")
    assert account.status_code == 200 and f"/mooc/certificat/{cert.code}" in account.text


async def test_check_attempts_are_limited(app, client, db):
    member = await enrolled(client, db)
    for _ in range(2):
        await take_check(client, db, app, CHECK_1, "bienvenue", member.id, right=False)
    page = text_of(await client.get(CHECK_1))
    assert "utilisé toutes vos tentatives" in page
    refused = await submit(client, CHECK_1, f"{CHECK_1}/commencer")
    assert refused.status_code == 403
    assert (await client.get(CALC_LESSON)).status_code == 403


async def test_double_submission_counts_once(app, client, db):
    member = await enrolled(client, db)
    await submit(client, CHECK_1, f"{CHECK_1}/commencer")
    token = await csrf_token(client, CHECK_1)
    first = await client.post(f"{CHECK_1}/reponses", data={"csrf_token": token})
    second = await client.post(f"{CHECK_1}/reponses", data={"csrf_token": token})
    assert first.status_code == second.status_code == 303
    async with db.session() as session:
        rows = list(await session.scalars(select(CheckAttempt).where(CheckAttempt.member_id == member.id)))
    assert len(rows) == 1 and rows[0].submitted_at is not None


async def test_calculator_errors_without_javascript(client, db):
    await enrolled(client, db)
    # Module 2 is locked: saving a calculator there is refused.
    assert (
        await submit(client, LESSON_1, f"{COURSE}/calculateur/ex-bfr", jours_stock="3")
    ).status_code == 403


async def test_removed_lessons_and_quizzes_do_not_break_progress(app, client, db):
    member = await enrolled(client, db)
    async with db.session() as session:
        session.add(LessonProgress(member_id=member.id, course="cours-exemple", lesson="bienvenue/supprimee"))
        session.add(
            QuizAttempt(
                member_id=member.id,
                course="cours-exemple",
                quiz_id="question-supprimee",
                answer={"choice": ["x"]},
                correct=True,
                score=1.0,
            )
        )
        enrolment = await session.scalar(select(Enrolment).where(Enrolment.member_id == member.id))
        enrolment.last_lesson = "bienvenue/supprimee"
        await session.commit()
    page = await client.get(COURSE)
    assert page.status_code == 200
    assert f'href="{LESSON_1}">Reprendre' in page.text
    assert (await client.get(f"{COURSE}/bienvenue/supprimee")).status_code == 404


async def test_statistics_are_for_coordinatrices(app, client, db):
    member = await enrolled(client, db)
    course = course_of(app)
    token = await csrf_token(client, LESSON_1)
    quiz = course.quizzes["ex-l1-q1"]
    for data in (right_answer(quiz), wrong_answer(quiz)):
        await client.post(
            f"{COURSE}/quiz/ex-l1-q1",
            data=data,
            headers={"Accept": "application/json", "X-CSRF-Token": token},
        )
    assert (await client.get(f"{COURSE}/statistiques")).status_code == 403
    await create_member(db, "coord@exemple.fr", roles={"coordinatrice"})
    await login(client, "coord@exemple.fr")
    stats = await client.get(f"{COURSE}/statistiques")
    assert stats.status_code == 200
    assert "1 apprenante inscrite." in text_of(stats) and "ex-l1-q1" in stats.text
    async with db.session() as session:
        enrolled_count, funnel, questions = await course_stats(session, course)
    assert enrolled_count == 1
    rows = {row.title: (row.started, row.completed) for row in funnel}
    assert rows["Premiers pas"] == (1, 0) and rows["Exercices"] == (0, 0)
    q = next(q for q in questions if q.quiz.id == "ex-l1-q1")
    assert (q.attempts, q.right, q.share_right) == (2, 1, 0.5)
    assert sorted(count for _text, count, _right in q.choices) == [0, 1, 1]
    assert member.id


async def test_statistics_count_numeric_values(app, client, db):
    await enrolled(client, db)
    token = await csrf_token(client, LESSON_2)
    for value in ("40 000", "40000", "14 400"):
        await client.post(
            f"{COURSE}/quiz/ex-l2-num",
            data={"value": value},
            headers={"Accept": "application/json", "X-CSRF-Token": token},
        )
    async with db.session() as session:
        _n, _funnel, questions = await course_stats(session, course_of(app))
    q = next(q for q in questions if q.quiz.id == "ex-l2-num")
    assert q.choices == [("40000", 2, True), ("14400", 1, False)]


async def test_statistics_show_which_pairs_and_orders_learners_give(app, client, db):
    await enrolled(client, db)
    course = course_of(app)
    token = await csrf_token(client, LESSON_2)
    headers = {"Accept": "application/json", "X-CSRF-Token": token}
    match = course.quizzes["ex-l2-match"]
    swapped = {
        f"pair-{match.pairs[0].key}": match.pairs[1].right,
        f"pair-{match.pairs[1].key}": match.pairs[0].right,
        f"pair-{match.pairs[2].key}": match.pairs[2].right,
    }
    for data in (right_answer(match), swapped):
        await client.post(f"{COURSE}/quiz/ex-l2-match", data=data, headers=headers)
    order = course.quizzes["ex-l2-order"]
    backwards = {f"pos-{item.key}": str(len(order.items) - i) for i, item in enumerate(order.items)}
    for data in (right_answer(order), backwards, backwards):
        await client.post(f"{COURSE}/quiz/ex-l2-order", data=data, headers=headers)
    async with db.session() as session:
        _n, _funnel, questions = await course_stats(session, course)
    by_id = {q.quiz.id: q for q in questions}
    assert by_id["ex-l2-match"].choices == [
        ("ARCE → France Travail", 1, True),
        ("ACRE → Urssaf", 1, True),
        ("Garantie Égalité Femmes → France Active", 2, True),
    ]
    assert by_id["ex-l2-order"].choices == [
        ("Immatriculation → Plan de financement → Prévisionnel financier → Étude de marché", 2, False),
        ("Étude de marché → Prévisionnel financier → Plan de financement → Immatriculation", 1, True),
    ]


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[str] = []
        self.labels: set[str] = set()
        self.live: int = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a.get("id") or f"<{tag} name={a.get('name')} without id>")
        if tag == "label" and (target := a.get("for")):
            self.labels.add(target)
        if a.get("aria-live"):
            self.live += 1


async def test_every_control_has_a_label_and_results_are_announced(app, client, db):
    await enrolled(client, db)
    page = await client.get(LESSON_2)
    parser = _Controls()
    parser.feed(page.text)
    assert parser.controls
    assert [c for c in parser.controls if c not in parser.labels] == []
    # One live region per quiz and per calculator on the page.
    lesson = course_of(app).lesson("bienvenue", "exercices")
    assert parser.live == len(lesson.quizzes) + len(lesson.calculators)


async def test_formative_attempt_limit(app, client, db):
    await enrolled(client, db)
    quiz = course_of(app).quizzes["ex-l2-once"]
    token = await csrf_token(client, LESSON_2)
    headers = {"Accept": "application/json", "X-CSRF-Token": token}
    first = await client.post(f"{COURSE}/quiz/ex-l2-once", data=wrong_answer(quiz), headers=headers)
    assert first.status_code == 200 and first.json()["correct"] is False
    second = await client.post(f"{COURSE}/quiz/ex-l2-once", data=right_answer(quiz), headers=headers)
    assert second.status_code == 403
    # An unreadable answer is not an attempt.
    numeric = course_of(app).quizzes["ex-l2-num"]
    empty = await client.post(f"{COURSE}/quiz/{numeric.id}", data={"value": "beaucoup"}, headers=headers)
    assert empty.json()["error"] and empty.json()["correct"] is False


async def test_a_burst_of_clicks_on_a_one_attempt_question_counts_one_attempt(app, client, db):
    member = await enrolled(client, db)
    quiz = course_of(app).quizzes["ex-l2-once"]
    token = await csrf_token(client, LESSON_2)
    headers = {"Accept": "application/json", "X-CSRF-Token": token}
    responses = await asyncio.gather(
        *[
            client.post(f"{COURSE}/quiz/ex-l2-once", data=right_answer(quiz), headers=headers)
            for _ in range(6)
        ]
    )
    assert sorted(r.status_code for r in responses) == [200] + [403] * 5
    async with db.session() as session:
        assert await progress.count_formative_attempts(session, member.id, "cours-exemple", "ex-l2-once") == 1


async def test_calculator_save_live_and_errors(app, client, db):
    member = await enrolled(client, db)
    url = f"{COURSE}/calculateur/ex-l2-pret"
    # Author's default (capital: 10000) fills the form.
    page = await client.get(LESSON_2)
    assert 'value="10 000"' in page.text or 'value="10000"' in page.text
    # Without JavaScript, a wrong value comes back next to its field, with a 400.
    bad = await submit(client, LESSON_2, url, capital="beaucoup", duree_mois="60", _submitted="1")
    assert bad.status_code == 400 and "Nombre attendu" in text_of(bad)
    # With JavaScript: live result (nothing saved), then save.
    live = await client.get(
        f"{url}/resultat", params={"capital": "20000", "taux_annuel": "5", "duree_mois": "60"}
    )
    assert live.status_code == 200 and "377,42" in live.json()["html"]
    async with db.session() as session:
        assert (
            await session.scalar(select(CalculatorInput).where(CalculatorInput.member_id == member.id))
            is None
        )
    token = await csrf_token(client, LESSON_2)
    saved = await client.post(
        url,
        data={"capital": "20000", "taux_annuel": "5", "duree_mois": "60", "_submitted": "1"},
        headers={"Accept": "application/json", "X-CSRF-Token": token},
    )
    assert saved.json()["saved"] is True
    async with db.session() as session:
        row = await session.scalar(select(CalculatorInput).where(CalculatorInput.member_id == member.id))
    assert row.inputs["capital"] == 20000 and row.kind == "mensualite_pret"
    refilled = await client.get(LESSON_2)
    assert 'value="20 000"' in refilled.text
    assert (await client.get(f"{COURSE}/calculateur/inconnu/resultat")).status_code == 404


async def test_concurrent_check_starts_take_one_attempt(app, client, db):
    member = await enrolled(client, db)
    token = await csrf_token(client, CHECK_1)
    responses = await asyncio.gather(
        *(client.post(f"{CHECK_1}/commencer", data={"csrf_token": token}) for _ in range(4))
    )
    assert all(r.status_code == 303 for r in responses)
    async with db.session() as session:
        rows = list(await session.scalars(select(CheckAttempt).where(CheckAttempt.member_id == member.id)))
    assert len(rows) == 1


async def test_member_data_export_and_delete(app, client, db):
    member = await enrolled(client, db)
    quiz = course_of(app).quizzes["ex-l1-q1"]
    await submit(client, LESSON_1, f"{COURSE}/quiz/ex-l1-q1", **right_answer(quiz))
    async with db.session() as session:
        data = await member_data.export(session, member.id)
    assert data["mooc"]["inscriptions"][0]["cours"] == "cours-exemple"
    assert data["mooc"]["reponses"][0]["question"] == "ex-l1-q1"
    async with db.session() as session:
        await member_data.delete(session, member.id, settings=app.state.settings, choices={})
        await session.commit()
    async with db.session() as session:
        for model in member_data.MODELS:
            assert await session.scalar(select(model).where(model.member_id == member.id)) is None

"""Editing the content keeps learners' records: answers follow the quiz id, not its place or option order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from learning.settings import Settings
from tests.helpers import create_member, login, submit, text_of

from .conftest import SAMPLE
from .helpers import right_answer

COURSE = "/mooc/cours-exemple"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    return settings.with_(content_dir=root)


async def test_answers_follow_the_quiz_id_when_a_lesson_is_edited(app, client, db, settings):
    await create_member(db, "ines@exemple.fr")
    await login(client, "ines@exemple.fr")
    await submit(client, COURSE, f"{COURSE}/inscription")
    course = app.state.courses.library.courses["cours-exemple"]
    lesson_1 = course.lessons()[0]
    await submit(client, lesson_1.url, f"{COURSE}/quiz/ex-l1-q1", **right_answer(course.quizzes["ex-l1-q1"]))

    # The author moves the quiz to the next lesson, reorders its answers and deletes the first lesson's file.
    folder = settings.content_dir / "cours-exemple" / "01-bienvenue"
    first = (folder / "01-premiers-pas.md").read_text(encoding="utf-8")
    start = first.index("::: quiz {#ex-l1-q1}")
    end = first.index(":::\n", first.index("---\nLe plafond des services")) + 4
    quiz = first[start:end]
    reordered = quiz.replace("- [ ] 188 700 €\n  > C'est le plafond des ventes de marchandises.\n", "")
    reordered = reordered.replace("- [ ] 37 500 €\n", "- [ ] 37 500 €\n- [ ] 188 700 €\n")
    (folder / "01-premiers-pas.md").unlink()
    second = (folder / "02-exercices.md").read_text(encoding="utf-8")
    (folder / "02-exercices.md").write_text(
        second.replace("Retour à la [leçon précédente](01-premiers-pas.md#le-regime-en-bref).", reordered),
        encoding="utf-8",
    )
    app.state.courses.reload()
    assert app.state.courses.library.problems == []

    page = await client.get(f"{COURSE}/bienvenue/exercices")
    assert page.status_code == 200
    assert "Bonne réponse" in text_of(page)  # her earlier answer, found by the quiz id
    assert (await client.get(lesson_1.url)).status_code == 404
    overview = await client.get(COURSE)
    assert overview.status_code == 200 and "Reprendre" in text_of(overview)

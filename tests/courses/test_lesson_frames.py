"""What a lesson page keeps between views (courses/lesson_frames.py): the parts that are the same for every
learner; each learner still sees her own progress and answers, and a reloaded library its own text."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

import courses
from courses.lesson_frames import LessonFrames
from courses.store import ContentStore
from learning.templating import make_templates
from tests.helpers import submit, text_of

from .conftest import SAMPLE
from .helpers import anonymous_client, wrong_answer
from .test_journey import COURSE, LESSON_1, course_of, enrolled


async def test_two_learners_on_one_lesson_each_see_their_own_state(app, client, db):
    quiz = course_of(app).quizzes["ex-l1-q1"]
    wrong_key = next(o.key for o in quiz.options if not o.correct)
    await enrolled(client, db)  # Amina: answers wrong, then marks the lesson done
    assert (
        await submit(client, LESSON_1, f"{COURSE}/quiz/ex-l1-q1", **wrong_answer(quiz))
    ).status_code == 303
    assert (await submit(client, LESSON_1, f"{LESSON_1}/termine")).status_code == 303
    async with anonymous_client(app) as other:
        await enrolled(other, db, "claire@exemple.fr", "Claire Martin")  # Claire: nothing yet
        # Interleaved, so that each page is made after the other's: the shared parts are in the cache.
        for _ in range(2):
            amina, claire = await client.get(LESSON_1), await other.get(LESSON_1)
            assert amina.status_code == claire.status_code == 200
            assert "Leçon terminée." in text_of(amina) and "J'ai terminé cette leçon" not in text_of(amina)
            assert "J'ai terminé cette leçon" in text_of(claire) and "Leçon terminée." not in text_of(claire)
            chosen = f'id="quiz-ex-l1-q1-{wrong_key}" name="choice" value="{wrong_key}" checked'
            assert chosen in amina.text and chosen not in claire.text
            assert "Tentatives : 1" in text_of(amina) and "Tentatives" not in text_of(claire)
            # The same breadcrumb and pager for both: the parts that do not depend on her.
            for page in (amina, claire):
                assert 'rel="next" href="/mooc/cours-exemple/bienvenue/exercices"' in page.text
    assert len(app.state.courses.frames) == 1


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    """The lesson templates as the app loads them, without an app (these tests need no database)."""
    return make_templates([Path(courses.__file__).parent / "templates"], auto_reload=False).env


def test_a_reloaded_library_shows_its_own_text(env, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    store = ContentStore(root)
    course = store.library.courses["cours-exemple"]
    lesson = course.lessons()[0]
    module = course.module(lesson.module)
    assert module is not None
    first = store.frames.get(env, course, module, lesson)
    assert "Premiers pas" in first.header and store.frames.get(env, course, module, lesson) is first

    source = root / "cours-exemple" / "01-bienvenue" / "01-premiers-pas.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("title: Premiers pas", "title: Tout début"),
        encoding="utf-8",
    )
    old_course, old_module = course, module
    store.reload()
    course = store.library.courses["cours-exemple"]
    lesson = course.lessons()[0]
    module = course.module(lesson.module)
    assert module is not None and len(store.frames) == 0
    again = store.frames.get(env, course, module, lesson)
    assert "Tout début" in again.header and "Premiers pas" not in again.header
    # A request that still holds the previous library gets its own parts, not the new ones, and no stale
    # part is left behind for the next request.
    stale = store.frames.get(env, old_course, old_module, first.lesson)
    assert "Premiers pas" in stale.header
    assert "Tout début" in store.frames.get(env, course, module, lesson).header


def test_the_cache_is_bounded(env, sample_course):
    frames = LessonFrames(max_entries=2)
    course = sample_course
    for lesson in course.lessons():
        module = course.module(lesson.module)
        assert module is not None
        frames.get(env, course, module, lesson)
    assert len(course.lessons()) > 2 and len(frames) == 2

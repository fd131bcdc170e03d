"""The course « Financer et créer son entreprise » as content: the lint is clean and the structure follows the
issue (8 modules + the capstone, lessons of 6 to 12 minutes, a « À retenir » box, 1 to 3 formative questions
with feedback on every answer, graded checks of 8 to 10 questions, a final check of 20)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from courses.course_tree import Course

from .conftest import CONTENT
from .helpers import MODULE_DIRS

# Lint ------------------------------------------------------------------------------------------------


def test_loader_reports_no_problem(library):
    assert [str(p) for p in library.problems] == []


def test_content_check_command_is_clean():
    done = subprocess.run(
        [sys.executable, "-m", "courses.cli", "content", "check", str(CONTENT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout + done.stderr


def test_platform_cli_content_check_is_clean():
    entraide = Path(sys.executable).parent / "entraide"
    assert entraide.exists(), (
        f"no `entraide` console script next to {sys.executable}: the project is not installed in this "
        "environment (pip install -e .), so the command the authors run cannot be checked"
    )
    done = subprocess.run(
        [str(entraide), "content", "check", str(CONTENT)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout + done.stderr


# Structure -------------------------------------------------------------------------------------------


def test_modules_and_capstone(course):
    assert [m.path.name for m in course.modules] == MODULE_DIRS
    assert all(m.check is not None for m in course.modules)
    assert 600 <= course.duration <= 720  # 10 to 12 hours, lessons + checks + work on one's own project
    lessons = course.lessons()
    assert 34 <= len(lessons) <= 45  # 43 since the second edition
    minutes = sum(lesson.duration for lesson in lessons)
    assert 330 <= minutes <= course.duration
    assert course.pass_mark == pytest.approx(0.7)


def test_every_lesson_follows_the_pattern(course):
    for lesson in course.lessons():
        text = lesson.path.read_text(encoding="utf-8")
        assert 6 <= lesson.duration <= 12, lesson.path
        assert lesson.objectives and all(len(o) > 10 for o in lesson.objectives), lesson.path
        assert "::: retenir" in text, f"{lesson.path}: no « À retenir » box"
        assert 1 <= len(lesson.quizzes) <= 3, f"{lesson.path}: {len(lesson.quizzes)} questions"
        words = len(re.findall(r"\w+", text))
        assert 450 <= words <= 1500, f"{lesson.path}: {words} words"


def test_no_accidental_nested_list(course):
    """A wrapped line that starts with « + » or « - » silently becomes a nested list: only the decision
    tree of module 2 has one on purpose."""
    for lesson in course.lessons():
        html = "".join(s.html or "" for s in lesson.segments if s.kind == "html")
        nested = re.search(r"<li>((?!</li>).)*<(ul|ol)>", html, re.S)
        assert (nested is not None) == (lesson.path.name == "05-formalites-choix.md"), lesson.path


def test_every_answer_has_feedback(course):
    for quiz in course.quizzes.values():
        if quiz.type in ("single", "multiple"):
            missing = [o.text for o in quiz.options if not o.feedback_html.strip()]
            assert not missing, f"{quiz.id}: no feedback for {missing}"
        if quiz.type == "numeric":
            assert quiz.explanation_html.strip(), f"{quiz.id}: a numeric question explains its calculation"


def test_checks(course):
    for module in course.modules:
        check = module.check
        assert check.pass_mark == pytest.approx(0.7) and check.attempts == 3
        expected = (20, 20) if module.path.name == "08-dossier-final" else (8, 10)
        # What a learner answers: the questions drawn from the pool, or all of them.
        asked = check.draw or len(check.quizzes)
        assert expected[0] <= asked <= expected[1] and asked <= len(check.quizzes), module.slug


def test_quiz_ids_say_where_they_live(course):
    for module in course.modules:
        number = int(module.path.name[:2])
        for lesson in module.lessons:
            for quiz_id in lesson.quizzes:
                assert re.fullmatch(rf"m{number}-l{lesson.number}-q\d+", quiz_id), quiz_id
        for quiz in module.check.quizzes:
            assert re.fullmatch(rf"m{number}-check-q\d+", quiz.id), quiz.id


def test_every_module_has_sources(course):
    for module in course.modules:
        text = (module.path / "module.md").read_text(encoding="utf-8")
        assert "## Sources" in text, module.path


def test_calculators_where_the_issue_wants_them(course):
    by_module = {
        m.path.name: [c.kind for lesson in m.lessons for c in lesson.calculators.values()]
        for m in course.modules
    }
    for lesson in course.module("previsionnel-financier").lessons:
        assert lesson.calculators, f"{lesson.path}: module 4 has a calculator in every lesson"
    assert {
        "seuil_rentabilite",
        "bfr",
        "plan_financement",
        "plan_tresorerie",
        "compte_resultat",
        "mensualite_pret",
    } <= set(by_module["04-previsionnel-financier"])
    assert {"prix_marge", "ca_cible_micro"} <= set(by_module["01-projet-modele-economique"])
    assert "are_arce" in by_module["03-aides-creation"]


def test_personas_run_through_the_course(course):
    for name in ("Amina", "Claire", "Sophie"):
        modules = [
            m.slug
            for m in course.modules
            if any(name in p.read_text(encoding="utf-8") for p in m.path.glob("*.md"))
        ]
        assert len(modules) >= 7, (name, modules)
        in_quizzes = [q.id for q in course.quizzes.values() if name in q.stem_html]
        assert len(in_quizzes) >= 3, (name, in_quizzes)


GLOSSARY_TERMS = (
    "ca-ht-ttc",
    "charges-fixes",
    "charges-variables",
    "marge",
    "mcv",
    "seuil-rentabilite",
    "bfr",
    "tresorerie",
    "apport",
    "fonds-propres",
    "pret-honneur",
    "caf",
    "point-mort",
    "acre",
    "arce",
)


def test_glossary_terms_and_links(course: Course) -> None:
    slugs = {term.slug for term in course.glossary}
    assert set(GLOSSARY_TERMS) <= slugs
    linked: set[str] = set()
    for lesson in course.lessons():
        linked |= set(
            re.findall(r"\]\(\.\./glossaire\.md#([a-z0-9-]+)\)", lesson.path.read_text(encoding="utf-8"))
        )
    assert set(GLOSSARY_TERMS) <= linked, set(GLOSSARY_TERMS) - linked


def test_quizzes_are_fully_rendered(course):
    """Facts are substituted in stems, answers, feedback and explanations too."""
    for quiz in course.quizzes.values():
        parts = [quiz.stem_html, quiz.hint_html, quiz.explanation_html]
        parts += [o.html + o.feedback_html for o in quiz.options]
        parts += [p.left_html + p.right_html for p in quiz.pairs] + [i.html for i in quiz.items]
        for part in parts:
            assert "{{" not in part and ":::" not in part, quiz.id

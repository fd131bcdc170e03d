"""The MOOC in real Chromium (make test-browser): a quiz answered in place by keyboard, a calculator that
updates live, and no serious axe violation on the course and lesson pages. Uses the real content/ tree and
the demo data (Amina has passed the first module's check)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from courses.course_tree import Course, Lesson
from courses.loader import load_library
from tests.browser_support import axe_violations, login_as, screenshot

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[3] / "content"


def open_lessons() -> tuple[Course, list[Lesson]]:
    course = next(iter(load_library(CONTENT).courses.values()))
    return course, [lesson for module in course.modules[:2] for lesson in module.lessons]


def test_quiz_answered_in_place_with_the_keyboard(page: Page):
    _course, lessons = open_lessons()
    lesson, quiz = next(
        (lesson, q) for lesson in lessons for q in lesson.quizzes.values() if q.type == "single"
    )
    right = next(o for o in quiz.options if o.correct)
    login_as(page, "amina@entraide.test")
    page.goto(lesson.url)
    radio = page.locator(f"#quiz-{quiz.id}-{right.key}")
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    page.locator(f"#quiz-{quiz.id} button[type=submit]").focus()
    page.keyboard.press("Enter")
    result = page.locator(f"#quiz-{quiz.id}-result")
    expect(result).to_contain_text("Bonne réponse")
    assert page.url.endswith(lesson.url)  # answered in place, no navigation
    assert result.get_attribute("aria-live") == "polite"


def test_calculator_updates_live(page: Page):
    _course, lessons = open_lessons()
    lesson, calc = next((lesson, c) for lesson in lessons for c in lesson.calculators.values())
    login_as(page, "amina@entraide.test")
    page.goto(lesson.url)
    result = page.locator(f"#calc-{calc.id}-result")
    before = result.inner_text()
    first_input = page.locator(f"#calc-{calc.id} input[inputmode=decimal]").first
    first_input.fill("123456")
    expect(result).not_to_have_text(before)
    screenshot(page, "mooc-calculateur")


def test_no_serious_accessibility_violation_on_mooc_pages(page: Page):
    course, lessons = open_lessons()
    login_as(page, "amina@entraide.test")
    with_calc = next(lesson for lesson in lessons if lesson.calculators)
    checks = [m.check.url for m in course.modules[:2] if m.check]
    for url in (
        "/mooc",
        course.url,
        lessons[0].url,
        with_calc.url,
        f"{course.url}/dossier",
        f"{course.url}/glossaire",
        *checks,
    ):
        page.goto(url)
        assert axe_violations(page) == [], url


def test_mooc_pages_reflow_at_320_px(page: Page):
    course, lessons = open_lessons()
    login_as(page, "amina@entraide.test")
    page.set_viewport_size({"width": 320, "height": 640})
    with_calc = next(lesson for lesson in lessons if lesson.calculators)
    for url in ("/mooc", course.url, lessons[0].url, with_calc.url):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} is {width}px wide at a 320px viewport"

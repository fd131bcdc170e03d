"""« Questions sur cette leçon » in real Chromium at 360 px: Amina asks a question under a lesson without
leaving it, finds it listed there, and the page passes axe and fits the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from courses.loader import load_library
from tests.browser_support import axe_violations, login_as, screenshot

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[3] / "content"


def test_a_question_asked_under_a_lesson_at_360_px(page: Page):
    course = next(iter(load_library(CONTENT).courses.values()))
    lesson = course.modules[0].lessons[0]
    login_as(page, "amina@entraide.test")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(lesson.url)
    section = page.locator("#questions")
    expect(section.get_by_role("heading", name="Questions sur cette leçon")).to_be_visible()
    section.get_by_label("Votre question en une phrase").fill("Les ateliers sont-ils enregistrés ?")
    section.get_by_label("Précisez votre situation").fill("Je ne pourrai pas être là jeudi soir.")
    section.get_by_role("button", name="Poser ma question").click()
    expect(page.get_by_role("status")).to_contain_text("Votre question est publiée sur le Coup de pouce")
    expect(section.get_by_role("link", name="Les ateliers sont-ils enregistrés ?")).to_be_visible()
    assert page.url.split("#")[0].endswith(f"{lesson.url}?question=1")
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{lesson.url} is {width}px wide at a 360px viewport"
    section.scroll_into_view_if_needed()
    screenshot(page, "mooc-questions-lecon")

"""Reuse the shell's live server, Chromium and page fixtures for the MOOC's browser tests."""

from tests.browser.conftest import browser, live_server, page  # noqa: F401

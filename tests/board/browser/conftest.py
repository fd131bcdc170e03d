"""The shell's browser fixtures (live server with demo data, Chromium, page) for the board's browser tests.

`browser` here is Chromium, as in tests/browser; it overrides the board's httpx `browser` fixture below this folder.
"""

from tests.browser.conftest import browser, live_server, page  # noqa: F401

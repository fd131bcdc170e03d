"""Members fixtures: the board's `member_client` (a logged-in HTTP client per new member)."""

from tests.board.conftest import member_client  # noqa: F401

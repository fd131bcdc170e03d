"""What the app holds for every request (`app.state`), typed in one place.

Starlette's `app.state` takes any attribute; `AppState` names the shell's, so that `app_state(request).db`
is checked by mypy where `request.app.state.db` is not. A package keeps its own state under its own
name (courses: its content store) behind an accessor of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from starlette.applications import Starlette
from starlette.datastructures import State
from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from starlette.templating import Jinja2Templates

    from learning.db import Database
    from learning.metrics import SharedCounters
    from learning.packages import Package
    from learning.page_cache import PageCache
    from learning.ratelimit import RateLimits
    from learning.session_cache import SessionCache
    from learning.settings import Settings


class AppState(State):
    settings: Settings
    packages: tuple[Package, ...]
    templates: Jinja2Templates
    rate_limits: RateLimits
    session_cache: SessionCache
    page_cache: PageCache
    shared_counters: SharedCounters
    # Package lifespans start their periodic jobs only when this is true (tests call jobs directly).
    run_background_jobs: bool
    db: Database  # opened by the lifespan


def app_state(holder: HTTPConnection | Starlette) -> AppState:
    """The state of the app serving a request or websocket, or of the app itself (in a lifespan)."""
    app = holder.app if isinstance(holder, HTTPConnection) else holder
    return cast("AppState", app.state)

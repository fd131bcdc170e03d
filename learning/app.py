"""The application factory: composes the packages' routes, middleware and resources."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount

from learning import views_account, views_admin, views_auth, views_pages
from learning.auth import AuthMiddleware
from learning.csrf import CSRFMiddleware
from learning.db import Database
from learning.headers import SecurityHeadersMiddleware
from learning.outbox import outbox_worker
from learning.packages import PACKAGES, hooks, optional_module
from learning.ratelimit import RateLimits
from learning.settings import Settings
from learning.static_files import HashedStaticFiles
from learning.templating import STATIC_DIR, make_templates

log = logging.getLogger("entraide")


def _template_dirs() -> list[Path]:
    dirs = []
    for package in PACKAGES:
        module = optional_module(package)
        if module is not None:
            folder = Path(module.__file__).parent / "templates"  # type: ignore[arg-type]
            if folder.is_dir():
                dirs.append(folder)
    return dirs


def _package_routes() -> tuple[list, list[str]]:
    routes: list = []
    exempt: list[str] = []
    for module in hooks("routes"):
        if module.__name__ == "learning.routes":
            continue
        routes.extend(module.routes)
        # Endpoints called by machines with their own signed credentials (e.g. the media node).
        exempt.extend(getattr(module, "csrf_exempt", ()))
    return routes, exempt


def create_app(settings: Settings | None = None, *, run_background_jobs: bool = True) -> Starlette:
    settings = settings or Settings.from_env()
    package_routes, csrf_exempt = _package_routes()
    package_lifespans = [m.lifespan for m in hooks("lifespan")]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        db = Database(settings.database_url)
        app.state.db = db
        jobs: list[asyncio.Task] = []
        if run_background_jobs:
            jobs.append(
                asyncio.create_task(
                    outbox_worker(db, smtp_url=settings.smtp_url, sender=settings.mail_from), name="outbox"
                )
            )
        try:
            async with contextlib.AsyncExitStack() as stack:
                for package_lifespan in package_lifespans:
                    await stack.enter_async_context(package_lifespan(app))
                yield
        finally:
            for job in jobs:
                job.cancel()
            await asyncio.gather(*jobs, return_exceptions=True)
            await app.state.rate_limits.close()
            await db.dispose()

    routes = [
        *views_pages.routes,
        *views_auth.routes,
        *views_account.routes,
        *views_admin.routes,
        *package_routes,
        Mount("/static", app=HashedStaticFiles(directory=STATIC_DIR), name="static"),
    ]
    media_origin = settings.media_url.rstrip("/")
    middleware = [
        Middleware(SecurityHeadersMiddleware, connect_src=media_origin, hsts=settings.secure_cookies),
        Middleware(AuthMiddleware),
        Middleware(CSRFMiddleware, exempt_paths=tuple(csrf_exempt)),
    ]
    app = Starlette(
        debug=False,
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={HTTPException: views_pages.http_error, 500: views_pages.server_error},
    )
    app.state.settings = settings
    # Package lifespans start their periodic jobs only when this is true (tests call jobs directly).
    app.state.run_background_jobs = run_background_jobs
    app.state.templates = make_templates(_template_dirs(), auto_reload=settings.development)
    app.state.rate_limits = RateLimits(settings.redis_url)
    app.state.badge_providers = [m.provide for m in hooks("badges")]
    app.state.account_hooks = [m for m in hooks("account_section")]
    app.state.member_data_hooks = hooks("member_data")
    return app

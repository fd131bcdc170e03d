"""The application factory: composes the packages' routes, middleware and resources."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount

from learning import (
    email_kinds,
    metrics,
    views_account,
    views_admin,
    views_auth,
    views_emails,
    views_legal,
    views_pages,
    views_testimonials,
)
from learning.auth import AuthMiddleware
from learning.background import background_job
from learning.csrf import CSRFMiddleware
from learning.db import Database
from learning.headers import SecurityHeadersMiddleware
from learning.outbox import outbox_worker
from learning.packages import Package, installed_packages
from learning.page_cache import PageCache
from learning.ratelimit import RateLimits
from learning.session_cache import SessionCache
from learning.settings import Settings
from learning.state import AppState, app_state
from learning.static_files import HashedStaticFiles
from learning.templating import SHELL_TEMPLATES, STATIC_DIR, make_templates

log = logging.getLogger("entraide")


def create_app(
    settings: Settings | None = None,
    *,
    packages: Sequence[Package] | None = None,
    run_background_jobs: bool = True,
) -> Starlette:
    """The site: the shell and the given feature packages (default: those installed, learning.packages)."""
    settings = settings or Settings.from_env()
    chosen = tuple(installed_packages() if packages is None else packages)
    package_routes = [route for package in chosen for route in package.routes]
    # The one-click unsubscribe is POSTed by mail clients, with only its signed link as credential.
    csrf_exempt = (
        email_kinds.UNSUBSCRIBE_PATH,
        *(path for package in chosen for path in package.csrf_exempt),
    )
    package_lifespans = [package.lifespan for package in chosen if package.lifespan is not None]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state = app_state(app)
        state.db = Database(settings.database_url)
        outbox = functools.partial(
            outbox_worker,
            state.db,
            smtp_url=settings.smtp_url,
            sender=settings.mail_from,
            secret_key=settings.secret_key,
            base_origin=settings.base_origin,
            bounce_address=settings.bounce_address,
        )
        try:
            async with contextlib.AsyncExitStack() as stack:
                await stack.enter_async_context(metrics.flushing(state.shared_counters))
                await stack.enter_async_context(background_job(app, "outbox", outbox))
                for package_lifespan in package_lifespans:
                    await stack.enter_async_context(package_lifespan(app))
                yield
        finally:
            await state.rate_limits.close()
            await state.db.dispose()

    routes = [
        *views_pages.routes,
        *views_auth.routes,
        *views_account.routes,
        *views_account.section_routes(chosen),
        *views_emails.routes,
        *views_admin.routes,
        *views_testimonials.routes,
        *views_legal.routes,
        *metrics.routes,
        *package_routes,
        Mount("/static", app=HashedStaticFiles(directory=STATIC_DIR), name="static"),
    ]
    media_origin = settings.media_url.rstrip("/")
    middleware = [
        Middleware(metrics.MetricsMiddleware, access_log=settings.log_format == "json"),
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
    state = app.state = AppState()
    state.settings = settings
    state.packages = chosen
    state.run_background_jobs = run_background_jobs
    template_dirs = [SHELL_TEMPLATES, *(p.templates for p in chosen if p.templates is not None)]
    state.templates = make_templates(template_dirs, auto_reload=settings.development)
    state.rate_limits = RateLimits(settings.redis_url)
    state.session_cache = SessionCache(settings.session_cache_s)
    state.page_cache = PageCache(settings.page_cache_s)
    state.shared_counters = metrics.SharedCounters(settings.redis_url, settings.redis_prefix)
    return app

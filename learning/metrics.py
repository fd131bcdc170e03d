"""`GET /metrics` in Prometheus' text format: requests by route template and status, their latency, the
background jobs' runs, the e-mail outbox's depth.

Written here rather than with `prometheus-client`: that library shares counters between worker processes
through files in a directory every worker must be told about (its multiprocess mode), and it does not
aggregate them unless asked; the site already has Redis for what its workers share. So each worker counts
in memory and, when ENTRAIDE_REDIS_URL is set, adds what it counted to one Redis hash every few seconds
(and at every scrape): any worker answers `/metrics` with the totals of all. Without Redis (one process,
`make run`), the figures are the process's own.

Only from the addresses of ENTRAIDE_METRICS_ALLOW (loopback by default): anyone else gets a 404, as if
there were nothing there. Label values are route templates (`/coup-de-pouce/{post_id}`), never paths.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import ipaddress
import logging
import os
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from learning.models import OutboxEmail
from learning.state import app_state

log = logging.getLogger("entraide.access")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
FLUSH_EVERY_S = 5.0

# name: (type, help)
FAMILIES: dict[str, tuple[str, str]] = {
    "entraide_http_requests_total": ("counter", "HTTP requests by route template, method and status."),
    "entraide_http_request_duration_seconds": ("histogram", "Time to answer an HTTP request."),
    "entraide_job_runs_total": ("counter", "Runs of a background job, by outcome (ok or error)."),
    "entraide_job_duration_seconds": ("histogram", "Time a background job's run took."),
    "entraide_session_cache_hits_total": ("counter", "Signed-in requests whose session came from the cache."),
    "entraide_session_cache_misses_total": ("counter", "Signed-in requests whose session was looked up."),
    "entraide_page_cache_hits_total": ("counter", "Pages served again from the worker's page cache."),
    "entraide_page_cache_misses_total": ("counter", "Cacheable pages that had to be made."),
    "entraide_outbox_pending": ("gauge", "E-mails waiting to be sent."),
    "entraide_outbox_failed": ("gauge", "E-mails whose sending failed (see /admin/outbox)."),
}


def _labels(labels: Mapping[str, str]) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items())
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Registry:
    """Counters (histograms are counters too: their buckets, sum and count), by series text."""

    def __init__(self) -> None:
        self.pending: dict[str, float] = {}  # counted here, not yet added to Redis
        self.local: dict[str, float] = {}  # everything counted here (used without Redis)

    def inc(self, name: str, labels: Mapping[str, str], by: float = 1.0) -> None:
        series = name + _labels(labels)
        self.pending[series] = self.pending.get(series, 0.0) + by
        self.local[series] = self.local.get(series, 0.0) + by

    def observe(self, name: str, labels: Mapping[str, str], seconds: float) -> None:
        first = bisect.bisect_left(LATENCY_BUCKETS, seconds)
        for bound in LATENCY_BUCKETS[first:]:
            self.inc(f"{name}_bucket", {**labels, "le": _number(bound)})
        self.inc(f"{name}_bucket", {**labels, "le": "+Inf"})
        self.inc(f"{name}_sum", labels, seconds)
        self.inc(f"{name}_count", labels)

    def take_pending(self) -> dict[str, float]:
        taken, self.pending = self.pending, {}
        return taken


REGISTRY = Registry()


@contextlib.asynccontextmanager
async def job_run(name: str) -> AsyncIterator[None]:
    """Counts and times one run of a background job (its errors go on to the job's own handler)."""
    start = time.perf_counter()
    outcome = "error"
    try:
        yield
        outcome = "ok"
    finally:
        REGISTRY.inc("entraide_job_runs_total", {"job": name, "outcome": outcome})
        REGISTRY.observe("entraide_job_duration_seconds", {"job": name}, time.perf_counter() - start)


class SharedCounters:
    """Adds this worker's counts to Redis (when configured) and reads everyone's back."""

    def __init__(
        self, redis_url: str | None, prefix: str = "entraide:", registry: Registry = REGISTRY
    ) -> None:
        self.registry = registry
        self.key = f"{prefix}metrics"
        self._redis: Any = None
        if redis_url:
            import redis.asyncio

            self._redis = redis.asyncio.from_url(redis_url)

    async def flush(self) -> None:
        if self._redis is None:
            self.registry.take_pending()
            return
        pending = self.registry.take_pending()
        if not pending:
            return
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for series, value in pending.items():
                    pipe.hincrbyfloat(self.key, series, value)
                await pipe.execute()
        except Exception:
            # Redis away: keep the counts for the next flush rather than lose them.
            for series, value in pending.items():
                self.registry.pending[series] = self.registry.pending.get(series, 0.0) + value
            raise

    async def totals(self) -> dict[str, float]:
        if self._redis is None:
            return dict(self.registry.local)
        await self.flush()
        raw = await self._redis.hgetall(self.key)
        return {k.decode(): float(v) for k, v in raw.items()}

    async def run(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY_S)
            try:
                await self.flush()
            except asyncio.CancelledError:
                raise
            except Exception:
                logging.getLogger("entraide").warning("metrics: Redis unreachable, counts kept for later")

    async def close(self) -> None:
        if self._redis is not None:
            with contextlib.suppress(Exception):
                await self.flush()
            await self._redis.aclose()


def exposition(series: Mapping[str, float]) -> str:
    """Prometheus text format, one HELP and TYPE per family."""
    by_family: dict[str, list[str]] = {}
    for text, value in sorted(series.items()):
        name = text.split("{", 1)[0]
        family = next(
            (f for f in FAMILIES if name == f or name in (f"{f}_bucket", f"{f}_sum", f"{f}_count")), name
        )
        by_family.setdefault(family, []).append(f"{text} {_number(value)}")
    lines = []
    for family, rows in by_family.items():
        kind, help_text = FAMILIES.get(family, ("untyped", ""))
        lines += [f"# HELP {family} {help_text}", f"# TYPE {family} {kind}", *rows]
    return "\n".join(lines) + "\n"


def parse_networks(raw: str | Iterable[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    items = raw.split(",") if isinstance(raw, str) else raw
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip())


def allowed(address: str | None, networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def route_templates(routes: Iterable[BaseRoute], prefix: str = "") -> dict[int, str]:
    """Endpoint (by id) → its path template; Starlette puts the matched endpoint in the scope."""
    found: dict[int, str] = {}
    for route in routes:
        if isinstance(route, Route):
            found.setdefault(id(route.endpoint), prefix + route.path)
        elif isinstance(route, Mount) and route.routes:
            for key, template in route_templates(route.routes, prefix + route.path).items():
                found.setdefault(key, template)
        elif isinstance(route, Mount):
            found.setdefault(id(route.app), prefix + route.path + "/{path}")
    return found


class MetricsMiddleware:
    """Counts and times every HTTP request by route template; in JSON log mode, one access line each
    (method, template, status, duration: never the path's values, the query, a cookie or a body)."""

    def __init__(self, app: ASGIApp, *, access_log: bool = False) -> None:
        self.app = app
        self.access_log = access_log
        self._templates: dict[int, str] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            elapsed = time.perf_counter() - start
            if self._templates is None:
                self._templates = route_templates(scope["app"].routes)
            endpoint = scope.get("endpoint")
            route = self._templates.get(id(endpoint), "(aucune)") if endpoint is not None else "(aucune)"
            REGISTRY.inc(
                "entraide_http_requests_total",
                {"route": route, "method": scope["method"], "status": str(status)},
            )
            REGISTRY.observe("entraide_http_request_duration_seconds", {"route": route}, elapsed)
            if self.access_log:
                log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 1),
                    },
                )


async def _gauges(request: Request) -> dict[str, float]:
    state = app_state(request)
    cache = state.session_cache
    values = {
        "entraide_session_cache_hits_total": float(cache.hits),
        "entraide_session_cache_misses_total": float(cache.misses),
        "entraide_page_cache_hits_total": float(state.page_cache.hits),
        "entraide_page_cache_misses_total": float(state.page_cache.misses),
    }
    async with state.db.read_session() as session:
        pending, failed = (
            await session.execute(
                select(
                    func.count().filter(OutboxEmail.sent_at.is_(None), OutboxEmail.error.is_(None)),
                    func.count().filter(OutboxEmail.sent_at.is_(None), OutboxEmail.error.is_not(None)),
                )
            )
        ).one()
    values["entraide_outbox_pending"] = float(pending)
    values["entraide_outbox_failed"] = float(failed)
    return values


async def metrics(request: Request) -> Response:
    state = app_state(request)
    networks = parse_networks(state.settings.metrics_allow)
    if not allowed(request.client.host if request.client else None, networks):
        raise HTTPException(404)  # the site's own « page introuvable », as for any unknown address
    series = await state.shared_counters.totals()
    # The session and page caches are per worker: their figures are this worker's (a `worker` label tells
    # them apart).
    for name, value in (await _gauges(request)).items():
        if name.startswith(("entraide_session_cache", "entraide_page_cache")):
            series[f'{name}{{worker="{_worker_id()}"}}'] = value
        else:
            series[name] = value
    return PlainTextResponse(exposition(series), media_type="text/plain; version=0.0.4; charset=utf-8")


def _worker_id() -> str:
    return str(os.getpid())


@contextlib.asynccontextmanager
async def flushing(counters: SharedCounters) -> AsyncIterator[None]:
    task = asyncio.create_task(counters.run(), name="metrics-flush")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await counters.close()


routes = [Route("/metrics", metrics, name="metrics")]

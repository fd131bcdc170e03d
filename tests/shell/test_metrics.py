"""`/metrics` for Prometheus (from allowed addresses only) and JSON-lines logs that never hold a password, a
token, a cookie or what a member wrote."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from learning import logs
from learning.logs import JSONFormatter
from learning.metrics import job_run
from tests.board.conftest import publish
from tests.helpers import PASSWORD, create_member, link_in_last_email, login, submit, text_of


def _value(text: str, series: str) -> float:
    found = re.search(rf"^{re.escape(series)} (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


async def test_metrics_count_requests_by_route_template_and_show_the_outbox(client, db):
    before = (await client.get("/metrics")).text
    await create_member(db, "lea@exemple.fr")
    await submit(client, "/mot-de-passe-oublie", email="lea@exemple.fr")  # queues an e-mail
    link = await link_in_last_email(db, "lea@exemple.fr", "/reinitialiser/")
    await client.get(link)
    async with job_run("essai"):
        pass
    page = await client.get("/metrics")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = page.text
    token = link.rsplit("/", 1)[1]
    assert token not in text  # the template, never the path's values
    series = 'entraide_http_requests_total{route="/reinitialiser/{token}",method="GET",status="200"}'
    assert _value(text, series) == _value(before, series) + 1
    bucket = 'entraide_http_request_duration_seconds_bucket{route="/reinitialiser/{token}",le="+Inf"}'
    assert _value(text, bucket) == _value(before, bucket) + 1
    assert "# TYPE entraide_http_request_duration_seconds histogram" in text
    assert _value(text, "entraide_outbox_pending") == 1
    assert _value(text, 'entraide_job_runs_total{job="essai",outcome="ok"}') >= 1


async def test_metrics_are_not_found_from_other_addresses(app):
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as outsider:
        page = await outsider.get("/metrics")
    assert page.status_code == 404 and "entraide_" not in page.text


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JSONFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def json_logs() -> Iterator[_Lines]:
    """The logging `entraide serve` sets up with ENTRAIDE_LOG_FORMAT=json, its lines caught."""
    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    quiet = {name: logging.getLogger(name).level for name in logs.QUIET}
    logs.configure("json")
    handler = _Lines()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
def json_settings(settings):
    return settings.with_(log_format="json")


@pytest.fixture
async def json_client(json_settings) -> AsyncIterator[httpx.AsyncClient]:
    from learning.app import create_app

    application = create_app(json_settings, run_background_jobs=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            c.app = application  # type: ignore[attr-defined]
            yield c


async def test_json_logs_hold_routes_and_statuses_but_no_secret_or_text(json_client, json_logs):
    from learning.state import app_state

    client = json_client
    db = app_state(client.app).db
    await create_member(db, "lea@exemple.fr", name="Léa Martin", coordination="Bretagne")
    await create_member(db, "sarah@exemple.fr", name="Sarah Benali")
    await login(client, "lea@exemple.fr")
    secret_text = "Mon chiffre d'affaires confidentiel est de 41 873 euros"
    post_id = await publish(client, title="Une question de trésorerie", body=secret_text)
    assert secret_text in text_of(await client.get(f"/coup-de-pouce/{post_id}"))
    await submit(client, "/mot-de-passe-oublie", email="sarah@exemple.fr")
    link = await link_in_last_email(db, "sarah@exemple.fr", "/reinitialiser/")
    assert (await client.get(link)).status_code == 200
    cookie = client.cookies.get("entraide_session")
    logging.getLogger("entraide.test").warning("lien reçu : %s", f"http://testserver{link}?suite=/compte")

    assert json_logs.lines
    parsed = [json.loads(line) for line in json_logs.lines]  # every line is one JSON object
    access = [p for p in parsed if p["logger"] == "entraide.access"]
    assert {"route": "/reinitialiser/{token}", "method": "GET", "status": 200}.items() <= access[-1].items()
    everything = "\n".join(json_logs.lines)
    for secret in (PASSWORD, secret_text, link.rsplit("/", 1)[1], cookie):
        assert secret and secret not in everything

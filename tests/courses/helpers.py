"""What a learner does in the course tests over HTTP, shared by tests/courses (the sample course) and
tests/content (the real course): answer a question right or wrong, claim the certificate at the end, and
check it as a visitor who is not logged in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from courses.models import Certificate
from courses.quiz import Quiz
from learning.db import Database
from tests.helpers import submit, text_of


def right_answer(quiz: Quiz, prefix: str = "") -> dict[str, str | list[str]]:
    if quiz.type == "single":
        return {f"{prefix}choice": next(o.key for o in quiz.options if o.correct)}
    if quiz.type == "multiple":
        return {f"{prefix}choice": [o.key for o in quiz.options if o.correct]}
    if quiz.type == "numeric":
        return {f"{prefix}value": str(quiz.answer).replace(".", ",")}
    if quiz.type == "text":
        return {f"{prefix}value": next(o.text for o in quiz.options if o.correct)}
    if quiz.type == "match":
        return {f"{prefix}pair-{p.key}": p.right for p in quiz.pairs}
    return {f"{prefix}pos-{item.key}": str(i + 1) for i, item in enumerate(quiz.items)}


def wrong_answer(quiz: Quiz, prefix: str = "") -> dict[str, str | list[str]]:
    if quiz.type in ("single", "multiple"):
        return {f"{prefix}choice": next(o.key for o in quiz.options if not o.correct)}
    if quiz.type in ("numeric", "text"):
        return {f"{prefix}value": "-987654"}
    if quiz.type == "match":
        rights = [p.right for p in quiz.pairs]
        return {f"{prefix}pair-{p.key}": rights[(i + 1) % len(rights)] for i, p in enumerate(quiz.pairs)}
    n = len(quiz.items)
    return {f"{prefix}pos-{item.key}": str(n - i) for i, item in enumerate(quiz.items)}


async def claim_certificate(
    client: httpx.AsyncClient,
    db: Database,
    course_url: str,
    member_id: int,
) -> Certificate:
    """Every check passed: the course page says the course is complete, the certificate is claimed, its PDF
    is served, and it is stored for the member."""
    page = text_of(await client.get(course_url))
    assert "100 % du cours terminé" in page and "Obtenir mon attestation de réussite" in page
    claim = await submit(client, course_url, f"{course_url}/certificat")
    assert claim.status_code == 303 and claim.headers["location"] == f"{course_url}/certificat.pdf"
    certificate = await client.get(f"{course_url}/certificat.pdf")
    assert certificate.status_code == 200 and certificate.headers["content-type"] == "application/pdf"
    async with db.session() as session:
        cert = await session.scalar(select(Certificate).where(Certificate.member_id == member_id))
    assert cert is not None
    return cert


@asynccontextmanager
async def anonymous_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A visitor who is not logged in, from another address than the test client."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as anonymous:
        yield anonymous


async def verify_certificate(anonymous: httpx.AsyncClient, cert: Certificate, name: str) -> httpx.Response:
    """The public verification page vouches for the certificate and names its holder."""
    verified = await anonymous.get(f"/mooc/certificat/{cert.code}")
    assert verified.status_code == 200
    assert "Cette attestation de réussite est authentique" in text_of(verified) and name in verified.text
    return verified

"""An address that bounces: the delivery report marks it, nothing optional is written to it any more, she is told
on every page, and she can say it works again (learning/bounces.py, docs/deploy.md « E-mail »)."""

from __future__ import annotations

import asyncio
import smtplib
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from learning import bounces, email_kinds, outbox
from learning.db import Database, utcnow
from learning.migrate import upgrade
from learning.models import Member, OutboxEmail
from learning.outbox import queue_email
from tests.helpers import create_member, csrf_token, deliver_outbox, login

BOUNCES = "retours@entraide.test"
SECRET = "test-secret-key-0123456789abcdef"
ROOT = Path(__file__).resolve().parents[2]


def report(recipient: str, status: str, failed: str = "awa@exemple.test") -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464)."""
    return (
        f"From: MAILER-DAEMON@mx.exemple.test\r\nTo: {recipient}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"\r\n\r\n'
        "--B0UND\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message "
        "could not be delivered.\r\n"
        "--B0UND\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.exemple.test\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\nAction: failed\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        "--B0UND--\r\n"
    ).encode()


def test_the_return_address_names_one_email_and_cannot_be_forged() -> None:
    sender = bounces.envelope_sender(BOUNCES, SECRET, 42)
    assert sender.startswith("retours+42-") and sender.endswith("@entraide.test")
    assert bounces.outbox_id_of(sender, BOUNCES, SECRET) == 42
    assert bounces.outbox_id_of(f"<{sender.upper()}>", BOUNCES, SECRET) == 42  # servers change the case
    forged = sender.replace("retours+42-", "retours+43-")
    assert bounces.outbox_id_of(forged, BOUNCES, SECRET) is None
    assert bounces.outbox_id_of(sender, BOUNCES, "another-secret-0123456789") is None
    assert bounces.outbox_id_of("awa@exemple.test", BOUNCES, SECRET) is None


async def queued(db: Database, member: Member, kind: str, subject: str) -> int:
    async with db.session() as session:
        email = queue_email(
            session, kind=kind, to=member.email, member_id=member.id, subject=subject, body="…"
        )
        await session.commit()
        return email.id


async def record(db: Database, raw: bytes) -> str:
    async with db.session() as session:
        outcome = await bounces.record_report(
            session, raw, bounce_address=BOUNCES, secret=SECRET, recipient=None, now=utcnow()
        )
        await session.commit()
        return outcome


async def test_a_permanent_failure_stops_optional_emails_and_she_is_told(client, db, settings) -> None:
    awa = await create_member(db, "awa@exemple.test", name="Awa")
    first = await queued(db, awa, email_kinds.WORKSHOP_REMINDERS, "Demain : Atelier compta")
    await deliver_outbox(db, settings)

    # A temporary failure (mailbox full for now) is the remote server's business: nothing changes.
    assert "temporary" in await record(db, report(bounces.envelope_sender(BOUNCES, SECRET, first), "4.2.2"))
    # A forged report marks nobody.
    forged = bounces.envelope_sender(BOUNCES, SECRET, first).replace(f"+{first}-", f"+{first + 1}-")
    assert "ignored" in await record(db, report(forged, "5.1.1"))
    async with db.session() as session:
        assert (await session.get(Member, awa.id)).email_bounced_at is None

    assert "marked" in await record(db, report(bounces.envelope_sender(BOUNCES, SECRET, first), "5.1.1"))

    reminder = await queued(db, awa, email_kinds.WORKSHOP_REMINDERS, "Dans une heure : Atelier compta")
    link = await queued(db, awa, email_kinds.ACCOUNT, "Votre lien de connexion")
    await deliver_outbox(db, settings)
    async with db.session() as session:
        held = await session.get(OutboxEmail, reminder)
        sent = await session.get(OutboxEmail, link)
        assert held is not None and held.sent_at is None and held.error == "Adresse en échec : non envoyé"
        assert sent is not None and sent.sent_at is not None  # what she asks for herself still goes

    await login(client, "awa@exemple.test")
    home = (await client.get("/ateliers")).text
    assert "Nos e-mails ne vous parviennent plus" in home and 'href="/compte/e-mails"' in home
    page = (await client.get("/compte/e-mails")).text
    assert "awa@exemple.test a refusé nos e-mails" in page

    token = await csrf_token(client, "/compte/e-mails")
    response = await client.post("/compte/e-mails/adresse-retablie", data={"csrf_token": token})
    assert response.status_code == 303
    assert "nous vous écrivons de nouveau" in (await client.get(response.headers["location"])).text
    assert "Nos e-mails ne vous parviennent plus" not in (await client.get("/ateliers")).text
    async with db.session() as session:
        check = await session.scalar(select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(1))
        assert check is not None and check.subject == "Votre adresse reçoit de nouveau nos e-mails"
    assert (await deliver_outbox(db, settings)) == 1


async def test_a_refusal_while_handing_over_marks_the_address(db, settings, monkeypatch) -> None:
    awa = await create_member(db, "awa@exemple.test", name="Awa")
    await queued(db, awa, email_kinds.WORKSHOP_REMINDERS, "Demain : Atelier compta")
    envelopes = []

    def refuse(smtp_url: str, message: EmailMessage, envelope: str | None = None) -> None:
        envelopes.append(envelope)
        raise smtplib.SMTPRecipientsRefused({"awa@exemple.test": (550, b"5.1.1 User unknown")})

    monkeypatch.setattr(outbox, "_smtp_send", refuse)
    await outbox.deliver_pending(
        db,
        smtp_url="smtp://127.0.0.1:2525",
        sender="Entraide <test@entraide.local>",
        secret_key=settings.secret_key,
        base_origin=settings.base_origin,
        bounce_address=BOUNCES,
    )
    assert envelopes and bounces.outbox_id_of(envelopes[0] or "", BOUNCES, settings.secret_key) is not None
    async with db.session() as session:
        member = await session.get(Member, awa.id)
        assert (
            member is not None and member.email_bounced_at is not None and member.email_bounce_status == "550"
        )


async def test_the_mail_server_pipes_reports_to_the_command(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'entraide.db'}"
    upgrade(url)
    db = Database(url)
    try:
        awa = await create_member(db, "awa@exemple.test", name="Awa")
        first = await queued(db, awa, email_kinds.WORKSHOP_REMINDERS, "Demain : Atelier compta")
    finally:
        await db.dispose()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ENTRAIDE_ENV": "production",
        "ENTRAIDE_SECRET_KEY": SECRET,
        "ENTRAIDE_DATABASE_URL": url,
        "ENTRAIDE_BASE_URL": "https://entraide.test",
        "ENTRAIDE_BOUNCE_ADDRESS": BOUNCES,
    }
    recipient = bounces.envelope_sender(BOUNCES, SECRET, first)
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "learning.cli", "mail-bounce", "--recipient", recipient],
        input=report("MAILER-DAEMON-copy@entraide.test", "5.1.1"),
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    assert b"address marked as bouncing (5.1.1)" in done.stdout
    db = Database(url)
    try:
        async with db.session() as session:
            member = await session.get(Member, awa.id)
            assert member is not None and member.email_bounced_at is not None
    finally:
        await db.dispose()

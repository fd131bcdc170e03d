"""The e-mail outbox: every message is stored first, then delivered by SMTP or printed.

Storing first means a message survives a crash or an SMTP outage, and admins can see it in
development. With ENTRAIDE_SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS) messages go out
by SMTP; without it they are printed to the console.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import bounces, email_kinds, email_layout
from learning.db import Database, utcnow
from learning.metrics import job_run
from learning.models import OutboxEmail

log = logging.getLogger("entraide.outbox")

REDACTED_LINK = "[lien masqué après envoi]"
# Links whose path is itself a credential (learning.tokens): reset, e-mail login, address confirmation.
SECRET_PATHS = ("/reinitialiser/", "/connexion/lien/", "/adhesion/confirmer/")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
# Any other link carrying something token-like (a path segment or query value of 32+ URL-safe
# characters with a digit or a capital in it): random tokens and hex digests, never a French slug.
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-]{32,}")


def _is_secret_link(url: str) -> bool:
    if any(path in url for path in SECRET_PATHS):
        return True
    return any(re.search(r"[0-9A-Z]", run) for run in _TOKEN_LIKE.findall(url))


def redact_secret_links(body: str, placeholder: str = REDACTED_LINK) -> str:
    """The body with every link that grants access replaced by `placeholder`; other links stay."""
    return _URL.sub(lambda m: placeholder if _is_secret_link(m.group(0)) else m.group(0), body)


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    content: bytes


def queue_email(
    session: AsyncSession,
    *,
    to: str,
    subject: str,
    body: str,
    attachments: list[Attachment] | None = None,
    member_id: int | None = None,
    kind: str = email_kinds.ACCOUNT,
) -> OutboxEmail:
    """Adds the message to the caller's transaction: it is sent only if that transaction commits.

    `kind` is a key of learning.email_kinds. A non-essential one (sent to a member, `member_id`) is
    checked against her preference when it goes out, so that turning a kind off also stops what was
    already waiting, and gets its one-click unsubscribe link and headers then."""
    email_kinds.kind_of(kind)
    packed = None
    if attachments:
        packed = json.dumps(
            [
                {
                    "filename": a.filename,
                    "mimetype": a.mimetype,
                    "content": base64.b64encode(a.content).decode(),
                }
                for a in attachments
            ]
        ).encode()
    email = OutboxEmail(
        to_address=to, subject=subject, body=body, attachments=packed, member_id=member_id, kind=kind
    )
    session.add(email)
    return email


def attachments_of(email: OutboxEmail) -> list[Attachment]:
    if not email.attachments:
        return []
    return [
        Attachment(a["filename"], a["mimetype"], base64.b64decode(a["content"]))
        for a in json.loads(email.attachments)
    ]


def build_message(email: OutboxEmail, sender: str, site: str = "") -> EmailMessage:
    """The message as it goes out: text and HTML (learning.email_layout), then the attachments. `site` is the
    site's address, named in the signature."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    if email.unsubscribe_url:
        # RFC 8058: a mail client's « se désabonner » button POSTs « List-Unsubscribe=One-Click » there.
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email_layout.lay_out(message, email.body, email.subject, site)
    for a in attachments_of(email):
        maintype, _, subtype = a.mimetype.partition("/")
        message.add_attachment(a.content, maintype=maintype, subtype=subtype, filename=a.filename)
    return message


def _smtp_send(smtp_url: str, message: EmailMessage, envelope_sender: str | None = None) -> None:
    url = urlparse(smtp_url)
    port = url.port or (465 if url.scheme == "smtps" else 25)
    cls = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with cls(url.hostname or "localhost", port, timeout=20) as smtp:
        if url.scheme == "smtp+starttls":
            smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message, from_addr=envelope_sender)


def unsubscribe_footer(kind: email_kinds.EmailKind, url: str, base_origin: str) -> str:
    return (
        f"\n\n—\nVous recevez cet e-mail (« {kind.label} ») parce que vous ne l'avez pas désactivé.\n"
        f"Ne plus recevoir ces e-mails, en un clic : {url}\n"
        f"Tous vos choix d'e-mails : {base_origin}/compte/e-mails\n"
    )


async def _prepare_optional(
    session: AsyncSession, email: OutboxEmail, *, secret_key: str, base_origin: str
) -> bool:
    """For a non-essential kind: False when she turned it off (the row goes); else adds the unsubscribe
    link to the body and keeps its URL for the List-Unsubscribe headers."""
    if email.kind is None or email.member_id is None or email.unsubscribe_url:
        return True
    kind = email_kinds.KINDS.get(email.kind)
    if kind is None or kind.essential:
        return True
    if not await email_kinds.wants(session, email.member_id, kind.key):
        await session.delete(email)
        return False
    url = email_kinds.unsubscribe_url(base_origin, secret_key, email.member_id, kind.key)
    email.unsubscribe_url = url
    email.body = email.body.rstrip("\n") + unsubscribe_footer(kind, url, base_origin)
    return True


async def deliver_pending(
    db: Database,
    *,
    smtp_url: str | None,
    sender: str,
    secret_key: str,
    base_origin: str,
    bounce_address: str | None = None,
    limit: int = 50,
) -> int:
    """Sends what is waiting; returns how many went out (once each, whatever the number of processes)."""
    async with db.session() as session:
        pending = (
            (
                await session.execute(
                    select(OutboxEmail)
                    .where(OutboxEmail.sent_at.is_(None), OutboxEmail.error.is_(None))
                    .order_by(OutboxEmail.id)
                    .limit(limit)
                    # Several workers deliver: on PostgreSQL each takes rows no other holds, and keeps them
                    # locked until its commit marks them sent; SQLite's BEGIN IMMEDIATE runs them one after
                    # the other (SQLAlchemy writes no FOR UPDATE there).
                    .with_for_update(skip_locked=True)
                )
            )
            .scalars()
            .all()
        )
        if not pending:
            # Nothing to send: no commit (the session ends with a rollback). Every commit of this process
            # voids its caches of sessions and pages (learning.session_cache), and this runs every 2 s.
            return 0
        sent = 0
        for email in pending:
            if not await _prepare_optional(session, email, secret_key=secret_key, base_origin=base_origin):
                continue
            if email.kind != email_kinds.ACCOUNT and await bounces.bounced(session, email.to_address):
                # Her server refuses us for good: only what she asks for herself (a link, a reset) still goes.
                email.error = "Adresse en échec : non envoyé"
                continue
            message = build_message(email, sender, base_origin)
            if smtp_url:
                envelope = (
                    bounces.envelope_sender(bounce_address, secret_key, email.id) if bounce_address else None
                )
                try:
                    await asyncio.to_thread(_smtp_send, smtp_url, message, envelope)
                except smtplib.SMTPRecipientsRefused as exc:
                    codes = [code for code, _text in exc.recipients.values()]
                    email.error = f"Refusé par le serveur du destinataire ({', '.join(map(str, codes))})"
                    if any(500 <= code < 600 for code in codes):
                        await bounces.mark(session, email.to_address, str(codes[0]), utcnow())
                    continue
                except (OSError, smtplib.SMTPException) as exc:
                    email.error = f"{type(exc).__name__}: {exc}"[:500]
                    log.warning("mail %s to outbox id %s failed: %s", email.subject, email.id, exc)
                    continue
            else:
                print(
                    f"\n--- e-mail (outbox #{email.id}) ---\nÀ : {email.to_address}\nObjet : {email.subject}\n\n"
                    f"{email.body}\n--- fin ---\n",
                    flush=True,
                )
            email.sent_at = utcnow()
            # Delivered: the stored copy no longer needs working links (whoever reads the table, the
            # admin page or a backup must not be able to reset a password with them).
            email.body = redact_secret_links(email.body)
            sent += 1
        await session.commit()
        return sent


async def outbox_worker(
    db: Database,
    *,
    smtp_url: str | None,
    sender: str,
    secret_key: str,
    base_origin: str,
    bounce_address: str | None = None,
    every_s: float = 2.0,
) -> None:
    while True:
        try:
            async with job_run("outbox"):
                await deliver_pending(
                    db,
                    smtp_url=smtp_url,
                    sender=sender,
                    secret_key=secret_key,
                    base_origin=base_origin,
                    bounce_address=bounce_address,
                )
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("outbox delivery failed")
        await asyncio.sleep(every_s)

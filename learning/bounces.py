"""Addresses that bounce: found, marked, and no longer written to until she says they work again.

Each e-mail leaves with a VERP envelope sender, ``bounces+<outbox id>-<signature>@domain`` (ENTRAIDE_BOUNCE_ADDRESS
gives ``bounces@domain``), so a delivery report names the very e-mail that failed, whatever the remote server
wrote in it; the signature keeps anyone from marking an address by mailing a forged report. The mail server
pipes what arrives at that address to ``entraide mail-bounce`` (docs/deploy.md, « E-mail »). A permanent
failure (DSN status 5.x.x, or a 5xx refusal while we hand the message over) marks the member's address; a
temporary one (4.x.x) is left to the remote server's own retries.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import Message

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

_STATUS = re.compile(r"^\s*Status:\s*([245])\.(\d{1,3})\.(\d{1,3})", re.IGNORECASE | re.MULTILINE)
_SIGNATURE_LENGTH = 12


def _signature(secret: str, outbox_id: int) -> str:
    digest = hmac.new(secret.encode(), f"bounce:{outbox_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:_SIGNATURE_LENGTH]


def envelope_sender(bounce_address: str, secret: str, outbox_id: int) -> str:
    local, _, domain = bounce_address.partition("@")
    return f"{local}+{outbox_id}-{_signature(secret, outbox_id)}@{domain}"


def outbox_id_of(recipient: str, bounce_address: str, secret: str) -> int | None:
    """The outbox id a bounce was addressed to, or None if the address is not one of ours (or forged)."""
    local, _, domain = bounce_address.partition("@")
    match = re.fullmatch(
        rf"{re.escape(local)}\+(\d{{1,12}})-([0-9a-f]{{{_SIGNATURE_LENGTH}}})@{re.escape(domain)}",
        recipient.strip().strip("<>"),
        re.IGNORECASE,
    )
    if match is None:
        return None
    outbox_id = int(match.group(1))
    if not hmac.compare_digest(match.group(2).lower(), _signature(secret, outbox_id)):
        return None
    return outbox_id


def recipient_of(message: Message, bounce_address: str) -> str | None:
    """Where the report was delivered, from the headers mail servers add (when the pipe gives no recipient)."""
    local, _, domain = bounce_address.partition("@")
    pattern = re.compile(rf"{re.escape(local)}\+[^@\s<>]+@{re.escape(domain)}", re.IGNORECASE)
    for header in ("X-Original-To", "Delivered-To", "Envelope-To", "To"):
        for value in message.get_all(header, []):
            found = pattern.search(str(value))
            if found:
                return found.group(0)
    return None


@dataclass(frozen=True)
class Verdict:
    permanent: bool
    status: str  # "5.1.1", or "" when the report says nothing usable


def classify(message: Message) -> Verdict:
    """A delivery status notification (RFC 3464): permanent when its Status is 5.x.x."""
    statuses: list[str] = []
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            blocks = payload if isinstance(payload, list) else [part]
            for block in blocks:
                text = block.as_string() if isinstance(block, Message) else str(block)
                statuses += [".".join(m) for m in _STATUS.findall(text)]
    if not statuses:  # a report without the standard part: read its text
        body = message.as_string()
        statuses = [".".join(m) for m in _STATUS.findall(body)]
    permanent = [s for s in statuses if s.startswith("5.")]
    if permanent:
        return Verdict(True, permanent[0])
    return Verdict(False, statuses[0] if statuses else "")


async def mark(session: AsyncSession, address: str, status: str, now: datetime) -> bool:
    """Marks the member who has this address; False if nobody has it (any more)."""
    member = await session.scalar(select(Member).where(func.lower(Member.email) == address.lower()))
    if member is None:
        return False
    member.email_bounced_at = now
    member.email_bounce_status = status[:40]
    return True


async def bounced(session: AsyncSession, address: str) -> bool:
    found = await session.scalar(
        select(Member.email_bounced_at).where(func.lower(Member.email) == address.lower())
    )
    return found is not None


def clear(member: Member) -> None:
    """She says the address works again, or changed it: we write to it again."""
    member.email_bounced_at = None
    member.email_bounce_status = None


async def record_report(
    session: AsyncSession,
    raw: bytes,
    *,
    bounce_address: str,
    secret: str,
    recipient: str | None,
    now: datetime,
) -> str:
    """Reads one report that reached the bounce address; what it did, in a word, for the mail server's log."""
    from email import message_from_bytes

    from learning.models import OutboxEmail

    message = message_from_bytes(raw)
    target = recipient or recipient_of(message, bounce_address)
    outbox_id = outbox_id_of(target, bounce_address, secret) if target else None
    if outbox_id is None:
        return "ignored: not addressed to one of our e-mails"
    email = await session.get(OutboxEmail, outbox_id)
    if email is None:
        return "ignored: that e-mail is no longer in the outbox"
    verdict = classify(message)
    if not verdict.permanent:
        return f"temporary failure ({verdict.status or 'no status'}): left to the remote server's retries"
    email.error = f"Rejeté par le serveur du destinataire ({verdict.status})"
    if await mark(session, email.to_address, verdict.status, now):
        return f"address marked as bouncing ({verdict.status})"
    return "permanent failure for an address no member has"

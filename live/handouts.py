"""What stays after a workshop that is not recorded: the speaker's slides, handouts and links.

Files are checked by their extension AND their first bytes (a renamed executable is refused), capped at
MAX_SIZE, and written under the data folder (`settings.data_dir`/handouts/<workshop id>/<random name>),
never under static/: the only way to read one is `views_handouts.download`, which checks that the reader
is registered. They are erased with the workshop's feedback RETENTION after the workshop (stated in the
privacy notice), or as soon as their workshop row is gone.
"""

from __future__ import annotations

import io
import logging
import secrets
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import Database
from learning.models import Member
from learning.settings import Settings
from live.models import Registration, Workshop
from live.permissions import can_manage, is_host
from live.speaker_models import FeedbackAnswer, FeedbackReceipt, Handout, WorkshopFollowUp

log = logging.getLogger("entraide.live")

MAX_SIZE = 10 * 1024 * 1024  # 10 Mo
RETENTION = timedelta(days=365)
PER_WORKSHOP = 20


@dataclass(frozen=True)
class FileKind:
    label: str
    mimetype: str
    odf: str = ""  # the « mimetype » entry an OpenDocument archive starts with
    ooxml: str = ""  # the part an Office Open XML archive must hold


KINDS = {
    "pdf": FileKind("PDF", "application/pdf"),
    "odp": FileKind("ODP", "application/vnd.oasis.opendocument.presentation", odf="presentation"),
    "odt": FileKind("ODT", "application/vnd.oasis.opendocument.text", odf="text"),
    "pptx": FileKind(
        "PPTX",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ooxml="ppt/presentation.xml",
    ),
    "docx": FileKind(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ooxml="word/document.xml",
    ),
    "png": FileKind("PNG", "image/png"),
    "jpg": FileKind("JPEG", "image/jpeg"),
    "jpeg": FileKind("JPEG", "image/jpeg"),
}
ACCEPTED = "PDF, ODP, PPTX, ODT, DOCX, PNG ou JPEG"


def may_lead(workshop: Workshop, member: Member) -> bool:
    """Its speakers and the coordination: who reprograms it, reads its feedback, attaches its handouts."""
    return is_host(workshop, member) or can_manage(member)


async def may_read(session: AsyncSession, workshop: Workshop, member: Member | None) -> bool:
    """Its registrants (a seat, or present), its speakers and the coordination; not the waitlist."""
    if member is None:
        return False
    if may_lead(workshop, member):
        return True
    found = await session.scalar(
        select(Registration.id).where(
            Registration.workshop_id == workshop.id,
            Registration.member_id == member.id,
            or_(Registration.status == "confirmed", Registration.attended_at.is_not(None)),
        )
    )
    return found is not None


def _looks_like(extension: str, data: bytes) -> bool:
    kind = KINDS[extension]
    if extension == "pdf":
        return data.startswith(b"%PDF-")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if kind.odf:
                return (
                    "mimetype" in names
                    and archive.read("mimetype").decode("ascii", "replace") == kind.mimetype
                )
            return kind.ooxml in names
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return False


def file_problem(filename: str, data: bytes) -> str | None:
    """A French sentence saying why this file is refused, or None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in KINDS:
        return f"Ce type de fichier n'est pas accepté : envoyez un fichier {ACCEPTED}."
    if not data:
        return "Ce fichier est vide."
    if len(data) > MAX_SIZE:
        return "Ce fichier dépasse 10 Mo : allégez-le (export PDF, images compressées) ou partagez un lien."
    if not _looks_like(extension, data):
        return f"Ce fichier ne ressemble pas à un fichier {KINDS[extension].label} : il n'a pas été ajouté."
    return None


def url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or any(c.isspace() for c in url):
        return "Indiquez une adresse web complète, qui commence par https://"
    return None


def safe_filename(filename: str) -> str:
    """The name she gave, as a download name: no folders, no control characters, at most 200 characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '"<>|:*?')
    return name.strip()[-200:] or "support"


def folder(settings: Settings, workshop_id: int) -> Path:
    return Path(settings.data_dir) / "handouts" / str(workshop_id)


def path_of(settings: Settings, handout: Handout) -> Path:
    return folder(settings, handout.workshop_id) / handout.stored_name


def store(settings: Settings, workshop_id: int, data: bytes) -> str:
    """Writes the bytes under a random name (what she called the file is kept in the row only)."""
    stored_name = secrets.token_hex(16)
    target = folder(settings, workshop_id)
    target.mkdir(parents=True, exist_ok=True)
    draft = target / f".{stored_name}.part"
    draft.write_bytes(data)
    draft.replace(target / stored_name)
    return stored_name


def kind_of(handout: Handout) -> str:
    if not handout.is_file:
        return "lien"
    extension = handout.filename.rsplit(".", 1)[-1].lower()
    return KINDS[extension].label if extension in KINDS else "fichier"


async def for_workshop(session: AsyncSession, workshop_id: int) -> list[Handout]:
    return list(
        await session.scalars(
            select(Handout).where(Handout.workshop_id == workshop_id).order_by(Handout.created_at, Handout.id)
        )
    )


def remove_file(settings: Settings, handout: Handout) -> None:
    if handout.is_file:
        path_of(settings, handout).unlink(missing_ok=True)


async def purge_expired(db: Database, settings: Settings, now: datetime) -> int:
    """Erases the handouts (files and rows) and the feedback of workshops that ended more than RETENTION
    ago, and the files of workshops that no longer exist; returns how many workshops were purged."""
    cutoff = now - RETENTION
    async with db.session() as session:
        # Ends are starts + duration (≤ 8 h): starts before the cutoff minus 8 h have surely ended before it.
        expired = [
            w.id
            for w in await session.scalars(
                select(Workshop).where(
                    Workshop.starts_at < cutoff,
                    Workshop.id.in_(
                        select(Handout.workshop_id).union(
                            select(FeedbackReceipt.workshop_id), select(FeedbackAnswer.workshop_id)
                        )
                    ),
                )
            )
            if w.ends_at < cutoff
        ]
        for table in (Handout, FeedbackAnswer, FeedbackReceipt, WorkshopFollowUp):
            await session.execute(delete(table).where(table.workshop_id.in_(expired or [0])))
        existing = set(await session.scalars(select(Workshop.id)))
        await session.commit()
    root = Path(settings.data_dir) / "handouts"
    for workshop_id in expired:
        shutil.rmtree(folder(settings, workshop_id), ignore_errors=True)
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and child.name.isdigit() and int(child.name) not in existing:
                shutil.rmtree(child, ignore_errors=True)
    if expired:
        log.info("handouts and feedback of %d workshops erased after the retention period", len(expired))
    return len(expired)

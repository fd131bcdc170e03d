"""What a workshop leaves behind for its speakers (issue 20): copies and series, anonymous feedback,
handouts, the follow-up e-mails' claims, and the speaker's opt-in profile.

Feedback is anonymous by construction: `FeedbackAnswer` holds what was said and nothing about who said it
(no member id, no time); `FeedbackReceipt` holds who answered (one row per workshop and member, its primary
key is what refuses a second answer) and nothing about what. Both rows are written in one transaction, so
an answer never exists without its receipt, nor the other way round (docs/speakers.md, « Avis anonymes »).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow
from live import models as _live  # noqa: F401  (workshops' table)

USEFUL_LEVELS = {"tres": "Très utile", "assez": "Assez utile", "peu": "Peu utile"}


class WorkshopCopy(Base):
    """A workshop made by « Reprogrammer cet atelier » from `source_id`; `series` groups the occurrences of
    one series (« tous les premiers mardis »). `waitlist_told_at` is the claim of the job that tells the
    source's waitlist about the new date."""

    __tablename__ = "workshop_copies"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"), index=True)
    series: Mapped[str | None] = mapped_column(String(32), index=True)
    waitlist_told_at: Mapped[datetime | None]


class FeedbackAnswer(Base):
    __tablename__ = "workshop_feedback"
    __table_args__ = (CheckConstraint("useful IN ('tres', 'assez', 'peu')", name="useful_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    useful: Mapped[str] = mapped_column(String(8))
    deeper: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")


class FeedbackReceipt(Base):
    __tablename__ = "workshop_feedback_receipts"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class WorkshopFollowUp(Base):
    """Claims of the after-workshop e-mails, each set by one conditional UPDATE (the process that sets it sends)."""

    __tablename__ = "workshop_follow_ups"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    participants_told_at: Mapped[datetime | None]
    speakers_thanked_at: Mapped[datetime | None]


class Handout(Base):
    """A file (stored under the data folder, `stored_name`) or a link (`url`) a speaker attached."""

    __tablename__ = "workshop_handouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    url: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    mimetype: Mapped[str] = mapped_column(String(120), default="")
    size: Mapped[int] = mapped_column(default=0)
    stored_name: Mapped[str] = mapped_column(String(64), default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_file(self) -> bool:
        return bool(self.stored_name)


class SpeakerProfile(Base):
    """Her speaker profile; coordinatrices find it in « Trouver une intervenante » only once `listed`."""

    __tablename__ = "speaker_profiles"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    listed: Mapped[bool] = mapped_column(default=False, server_default=false())
    bio: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[str] = mapped_column(String(400), default="")  # theme keys, comma-separated
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def theme_keys(self) -> list[str]:
        return [key for key in self.themes.split(",") if key]

"""Outside speakers invited to one workshop (« intervenantes invitées »), and the workshop's history.

A guest has no account: her personal link carries a random token, of which only the hash is kept
(learning.tokens). The link opens that workshop's pre-join and room, and nothing else, from the day
before the workshop until its end (live.guests). The history records who invited, revoked or removed
whom; the lines about a guest go with her invitation when the retention job erases it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow

GUEST_ROLES = {"cohost": "Co-animatrice", "host": "Intervenante principale"}


class GuestInvitation(Base):
    __tablename__ = "workshop_guests"
    __table_args__ = (CheckConstraint("role IN ('host', 'cohost')", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    # Reported by the media node: a host removed her from the room (no more tickets), she was there.
    removed_at: Mapped[datetime | None]
    attended_at: Mapped[datetime | None]

    @property
    def role_label(self) -> str:
        return GUEST_ROLES.get(self.role, self.role)

    @property
    def media_id(self) -> str:
        """Her id in tickets and in the room: a guest of this invitation, never a member id."""
        return f"guest-{self.id}"


class WorkshopHistory(Base):
    """One line of a workshop's history, in French, as its hosts and coordinatrices read it."""

    __tablename__ = "workshop_history"
    __table_args__ = (Index("ix_workshop_history_workshop_at", "workshop_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    # The invitation a line is about: erased with it (its text names the guest).
    guest_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_guests.id", ondelete="CASCADE"), index=True
    )

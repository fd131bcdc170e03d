"""Members' tables: what a member shares with the network beyond her account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow


class MemberProfile(Base):
    """Her profile as the network sees it. No row means the defaults: not listed in the directory."""

    __tablename__ = "member_profiles"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    # « Apparaître dans l'annuaire »: off until she says yes (the directory shows only listed members).
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    project: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(60), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

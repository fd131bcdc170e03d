"""Members' tables: what a member shares with the network beyond her account."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow


class MemberProfile(Base):
    """Her profile as the network sees it. No row means the defaults: not listed in the directory.

    The full-text index over `search_text` is not mapped: it differs per database (members_0002). No index on
    (listed, updated_at): SQLite would walk it over every listed member instead of starting from the few
    rows a search matched (measured: 45 ms against 2 ms at 20,000 members)."""

    __tablename__ = "member_profiles"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    # « Apparaître dans l'annuaire »: off until she says yes (the directory shows only listed members).
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    project: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(60), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Her name, project, sector and skill labels, accents folded: what the directory's search reads (the
    # aliases expand the query instead). Rebuilt in code (search_text.py) whenever one of them changes.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")


class Skill(Base):
    """A skill of the shared list (`canonical`), or a member's free addition waiting for an admin to merge
    it into one of the list or to promote it."""

    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(80))
    # skills.key_of(label): lower case, accents and punctuation folded; one row per key.
    key: Mapped[str] = mapped_column(String(80), unique=True)
    # Other words for it, folded, one per line (« compta », « comptable »): found by the search.
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")
    canonical: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def alias_list(self) -> list[str]:
        return [a for a in self.aliases.splitlines() if a]


class MemberSkill(Base):
    """A skill she offers."""

    __tablename__ = "member_skills"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CharterAcceptance(Base):
    """She accepted this version of « la charte du réseau » at this time (one row per version she accepted)."""

    __tablename__ = "charter_acceptances"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[str] = mapped_column(String(20), primary_key=True)
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow)


class Adhesion(Base):
    """Her membership of the association, kept by admins. No row: never paid (« non adhérente »).

    The status is read from the dates (learning.members.adhesion.status_of), so that it cannot disagree
    with them."""

    __tablename__ = "member_adhesions"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    last_paid_on: Mapped[date | None] = mapped_column(Date, default=None)
    renews_on: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    # The renewal date her reminder was sent for: one reminder per renewal period, claimed by the job.
    reminded_for: Mapped[date | None] = mapped_column(Date, default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContactMessage(Base):
    """A message of the contact form, kept for the admins (and e-mailed when an address is configured)."""

    __tablename__ = "contact_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None, index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

"""Board tables. Full-text indexes are not mapped here: they differ per database (see the migration)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.coordinations.models import Coordination
from learning.db import Base, utcnow
from learning.themes import THEMES as SHARED_THEMES

KINDS = {
    "besoin": "Besoin",
    "question": "Question",
    "offre": "Offre de compétence",
}
SCOPES = {
    "reseau": "Tout le réseau",
    "locale": "Ma coordination locale",
}
# The one list of themes (learning.themes): members follow them across workshops, posts and the MOOC.
THEMES = SHARED_THEMES


class Post(Base):
    __tablename__ = "board_posts"
    __table_args__ = (
        CheckConstraint("kind IN ('besoin', 'question', 'offre')", name="kind"),
        CheckConstraint("scope IN ('reseau', 'locale')", name="scope"),
        CheckConstraint("answer_count >= 0", name="answer_count"),
        # The list pages read newest-first among visible posts; these keep them index-only walks.
        Index("ix_board_posts_listing", "hidden", "last_activity_at"),
        Index("ix_board_posts_territory", "territory", "last_activity_at"),
        Index("ix_board_posts_coordination", "coordination_id", "last_activity_at"),
        # Moderators see every post: their list walks this one.
        Index("ix_board_posts_activity", "last_activity_at"),
        # « Résolus » finds its rows here even when few posts are solved.
        Index("ix_board_posts_solved", "solved_answer_id"),
        # A lesson's questions, newest first.
        Index("ix_board_posts_lesson", "lesson", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the author deleted her account and chose to keep her posts (« membre supprimée »).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(160))
    body: Mapped[str] = mapped_column(Text)
    # Rendered and sanitised once when written, not on every page view.
    body_html: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(16), default="reseau")
    # The free-text région of before coordinations (kept, no longer read: coordinations_0003 moved it into
    # coordination_id).
    territory: Mapped[str | None] = mapped_column(String(80))
    # The author's confirmed coordination when she posted (learning.coordinations): who sees a « locale »
    # post, and the « par coordination » filter.
    coordination_id: Mapped[int | None] = mapped_column(ForeignKey("coordinations.id", ondelete="SET NULL"))
    # Its name on the post's tag; loaded with the posts in one more query (none when no post has one).
    coordination: Mapped[Coordination | None] = relationship(lazy="selectin")
    themes_csv: Mapped[str] = mapped_column("themes", String(200), default="")
    # « Questions sur cette leçon »: the MOOC lesson a question was asked under (« course/module/lesson »), as the
    # lesson page hands it to the board through its page block; None for every other post.
    lesson: Mapped[str | None] = mapped_column(String(200))
    answer_count: Mapped[int] = mapped_column(Integer, default=0)
    # No foreign key: posts and answers would reference each other; cleared in code when the answer goes.
    solved_answer_id: Mapped[int | None] = mapped_column(Integer)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    moderated_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    moderated_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def themes(self) -> list[str]:
        return [t for t in self.themes_csv.split(",") if t]


class PostTheme(Base):
    """One row per (theme, post): the « par thème » filter walks an index instead of scanning posts."""

    __tablename__ = "board_post_themes"
    __table_args__ = (Index("ix_board_post_themes_theme", "theme", "post_id"),)

    post_id: Mapped[int] = mapped_column(ForeignKey("board_posts.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(32), primary_key=True)


class Answer(Base):
    __tablename__ = "board_answers"
    __table_args__ = (Index("ix_board_answers_post", "post_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("board_posts.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    moderated_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    moderated_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]


class Thanks(Base):
    """« Merci » on an answer; the unique pair makes a double click count once."""

    __tablename__ = "board_thanks"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("board_answers.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Follow(Base):
    __tablename__ = "board_follows"

    post_id: Mapped[int] = mapped_column(ForeignKey("board_posts.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """In-app notice (new answer, marked solved, a mention, a « Merci »); `emailed_at` is the digest's claim
    on it. `actor_id`: who mentioned or thanked her (an answer's author is the answer's)."""

    __tablename__ = "board_notifications"
    __table_args__ = (
        CheckConstraint("kind IN ('answer', 'solved', 'theme', 'mention', 'thanks')", name="kind"),
        Index("ix_board_notifications_unread", "member_id", "read_at"),
        Index("ix_board_notifications_digest", "emailed_at", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("board_posts.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_answers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]


class Report(Base):
    __tablename__ = "board_reports"
    __table_args__ = (
        UniqueConstraint("reporter_id", "post_id", "answer_id", name="uq_board_reports_once"),
        Index("ix_board_reports_open", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("board_posts.id", ondelete="CASCADE"), index=True)
    # 0 (not NULL) for a report on the post itself, so that the unique constraint holds on both databases.
    answer_id: Mapped[int] = mapped_column(Integer, default=0)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))


class Preference(Base):
    """Per-member board settings; no row means the defaults (digest on)."""

    __tablename__ = "board_preferences"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[bool] = mapped_column(Boolean, default=True)

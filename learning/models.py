"""Accounts, sessions, single-use tokens and the e-mail outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow

ROLES = ("membre", "intervenante", "coordinatrice", "admin")
# Those who run the network: publish workshops, moderate the board, read the MOOC's statistics.
MANAGER_ROLES = ("coordinatrice", "admin")
# Those who may propose and host workshops.
SPEAKER_ROLES = ("intervenante", *MANAGER_ROLES)
ROLE_LABELS = {
    "membre": "Membre",
    "intervenante": "Intervenante",
    "coordinatrice": "Coordinatrice",
    "admin": "Administratrice",
}


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    # The free-text région of before coordinations: kept, no longer read (coordinations_0003 made each one a
    # coordination and her a confirmed member of it; learning.coordinations holds her coordination now).
    territory: Mapped[str | None] = mapped_column(String(80))
    project: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated subset of ROLES beyond "membre", which every member has.
    roles_csv: Mapped[str] = mapped_column("roles", String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # None until the member follows the link e-mailed at sign-up; she cannot log in with her password before.
    email_confirmed_at: Mapped[datetime | None]
    # Set when her mail server refused our e-mails for good (learning/bounces.py): nothing optional is sent
    # to the address until she says it works again or changes it; a banner tells her.
    email_bounced_at: Mapped[datetime | None]
    email_bounce_status: Mapped[str | None] = mapped_column(String(40))
    # Her IANA time zone (« America/Martinique »), chosen on « Mon compte »; "" means Paris time only.
    timezone: Mapped[str] = mapped_column(String(64), default="", server_default="")

    def __init__(self, **fields: object) -> None:
        # Confirmed unless said otherwise: only the public sign-up form (which passes None) takes an address
        # on trust; admins, the demo and the packages' fixtures create members whose address is known.
        # Here rather than as a column default, which would also replace an explicit None.
        fields.setdefault("email_confirmed_at", utcnow())
        super().__init__(**fields)

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def roles(self) -> frozenset[str]:
        extra = {r for r in (self.roles_csv or "").split(",") if r}
        return frozenset({"membre", *extra})

    def set_roles(self, roles: set[str] | frozenset[str]) -> None:
        unknown = set(roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {sorted(unknown)}")
        self.roles_csv = ",".join(r for r in ROLES if r in roles and r != "membre")

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles


class AuthSession(Base):
    """Server-side session: the cookie holds a random token, the database only its hash."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class OneTimeToken(Base):
    """Single-use, expiring tokens e-mailed to a member (purposes in learning.tokens); only the hash is stored."""

    __tablename__ = "one_time_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class OutboxEmail(Base):
    __tablename__ = "outbox_emails"
    __table_args__ = (Index("ix_outbox_emails_pending", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    # Kept as one JSON blob of {filename, mimetype, base64} so that the outbox row is self-contained.
    attachments: Mapped[bytes | None] = mapped_column(LargeBinary)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    # learning.email_kinds key (None: queued before kinds existed). A non-essential kind is checked against
    # her preference at delivery, and gets its one-click unsubscribe link and List-Unsubscribe headers.
    kind: Mapped[str | None] = mapped_column(String(40))
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))


class FollowedTheme(Base):
    """A theme she follows (learning.themes): new workshops and Coup de pouce posts on it reach her."""

    __tablename__ = "member_themes"
    __table_args__ = (Index("ix_member_themes_theme", "theme", "member_id"),)

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EmailPreference(Base):
    """Her choice for one non-essential kind of e-mail (learning.email_kinds); no row means « on »."""

    __tablename__ = "email_preferences"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # For a digest: learning.email_kinds.DIGEST_FREQUENCIES (None: the kind's default, daily).
    frequency: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Testimonial(Base):
    """What a member says of the network, on the visitors' home page. Curated by the admins, and only with
    her consent: `consent` records how and when she gave it (deleting the row is how she withdraws it)."""

    __tablename__ = "testimonials"

    id: Mapped[int] = mapped_column(primary_key=True)
    quote: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))  # as she wants to be named: « Amina, Montreuil »
    activity: Mapped[str] = mapped_column(String(160), default="")
    consent: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))

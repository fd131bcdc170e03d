"""Geography tables (one row per commune and postal code, as La Poste lists them; départements and régions),
and the coordinations with their territories, coordinatrices, members and volunteers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow


class Commune(Base):
    """A commune under one of its postal codes (a commune with three codes has three rows). Count people once
    per INSEE code of kind ``COM``; ``ARM`` rows are the arrondissements of Paris, Lyon and Marseille."""

    __tablename__ = "geo_communes"
    __table_args__ = (
        Index("ix_geo_communes_postal_code", "postal_code"),
        Index("ix_geo_communes_insee", "insee"),
        Index("ix_geo_communes_name_key", "name_key"),
        # Nearby searches narrow by a latitude / longitude box before computing distances.
        Index("ix_geo_communes_lat_lon", "lat", "lon"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    insee: Mapped[str] = mapped_column(String(5))
    postal_code: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))  # geography.name_key(name): what a search compares
    departement: Mapped[str] = mapped_column(String(3))
    region: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(4))  # COM, ARM or COMD (a former commune, merged)
    parent_insee: Mapped[str | None] = mapped_column(String(5))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int] = mapped_column(Integer, default=0)


class Departement(Base):
    __tablename__ = "geo_departements"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    region: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(80))


class Region(Base):
    __tablename__ = "geo_regions"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


MEMBERSHIP_STATUSES = ("pending", "confirmed")
VOLUNTEER_OFFERS = {
    "coordination": "Animer une coordination",
    "atelier": "Intervenir dans un atelier",
    "coup_de_pouce": "Répondre dans Coup de pouce",
}
VOLUNTEER_STATUSES = ("pending", "accepted", "declined")


class Coordination(Base):
    """A local group run by volunteers: a town and its economic area, seated in one commune."""

    __tablename__ = "coordinations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    seat_insee: Mapped[str] = mapped_column(String(5))
    # The seat's coordinates and département, copied from geo_communes when the seat is set: « the nearest
    # coordinations » and the map read one small table.
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    departement: Mapped[str] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    meeting_place: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CoordinationCommune(Base):
    """The communes of a coordination's territory (its seat among them)."""

    __tablename__ = "coordination_communes"

    coordination_id: Mapped[int] = mapped_column(
        ForeignKey("coordinations.id", ondelete="CASCADE"), primary_key=True
    )
    insee: Mapped[str] = mapped_column(String(5), primary_key=True, index=True)


class CoordinationLead(Base):
    """A coordinatrice of a coordination: the volunteers who run it, several possible."""

    __tablename__ = "coordination_leads"

    coordination_id: Mapped[int] = mapped_column(
        ForeignKey("coordinations.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    since: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(Base):
    """The one coordination a member belongs to. « Ma coordination locale » means a confirmed one: she asks
    (pending), a coordinatrice confirms and welcomes her."""

    __tablename__ = "coordination_memberships"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'confirmed')", name="status_known"),
        Index("ix_coordination_memberships_coordination", "coordination_id", "status"),
    )

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    coordination_id: Mapped[int] = mapped_column(ForeignKey("coordinations.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # She agreed to appear in the list of members on the coordination's page.
    listed: Mapped[bool] = mapped_column(default=False, server_default=false())
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))


class MemberPlace(Base):
    """Where a member lives, as a commune: what « near me » and « members within 30 minutes » measure from."""

    __tablename__ = "member_places"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    insee: Mapped[str] = mapped_column(String(5), index=True)
    postal_code: Mapped[str] = mapped_column(String(5))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class VolunteerApplication(Base):
    """« Devenir bénévole »: what she offers (VOLUNTEER_OFFERS, comma-separated), reviewed by an admin."""

    __tablename__ = "volunteer_applications"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status_known"),
        Index("ix_volunteer_applications_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    insee: Mapped[str | None] = mapped_column(String(5))
    availability: Mapped[str] = mapped_column(Text, default="")
    offers_csv: Mapped[str] = mapped_column("offers", String(120), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    # The coordination she would join or run, when she named one.
    coordination_id: Mapped[int | None] = mapped_column(ForeignKey("coordinations.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    decision_message: Mapped[str] = mapped_column(Text, default="")

    @property
    def offers(self) -> tuple[str, ...]:
        return tuple(o for o in (self.offers_csv or "").split(",") if o)

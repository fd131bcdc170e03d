"""Support structures of the entrepreneurs' ecosystem (« Mon écosystème »): a directory kept by the admins
and, for their départements, the coordinatrices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow

# The kinds of structure, by the key a URL carries (`?type=bge`), with the label members read.
KINDS = {
    "bge": "BGE",
    "initiative": "Initiative France (plateforme)",
    "france_active": "France Active",
    "adie": "Adie",
    "cci": "CCI",
    "cma": "Chambre de métiers et de l'artisanat",
    "reseau_entreprendre": "Réseau Entreprendre",
    "incubateur": "Incubateur",
    "couveuse": "Couveuse",
    "pepiniere": "Pépinière d'entreprises",
    "france_travail": "France Travail",
    "banque": "Réseau bancaire",
    "collectivite": "Collectivité, agence de développement",
    "autre": "Autre",
}
# What a structure offers (`?offre=financement`), several possible.
OFFERS = {
    "financement": "Financement",
    "accompagnement": "Accompagnement",
    "formation": "Formation",
    "hebergement": "Hébergement",
    "reseau": "Mise en réseau",
}


class Structure(Base):
    """One support structure. `national`: it serves all of France (its national website), whatever its
    départements; otherwise `PartnerDepartement` rows say where."""

    __tablename__ = "partner_structures"
    __table_args__ = (Index("ix_partner_structures_kind", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(30))
    offers_csv: Mapped[str] = mapped_column("offers", String(120), default="")
    national: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Its commune, when it has a place to go to: coordinates copied from geo_communes for « near her ».
    insee: Mapped[str | None] = mapped_column(String(5))
    commune_name: Mapped[str] = mapped_column(String(120), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(300), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    archived_at: Mapped[datetime | None]

    @property
    def offers(self) -> tuple[str, ...]:
        return tuple(o for o in (self.offers_csv or "").split(",") if o)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, KINDS["autre"])

    @property
    def website_label(self) -> str:
        """The site as a short text to show: « bge.asso.fr » for « https://www.bge.asso.fr/ »."""
        label = self.website.split("://", 1)[-1].rstrip("/")
        return label[4:] if label.startswith("www.") else label

    @property
    def offer_labels(self) -> list[str]:
        return [OFFERS[o] for o in self.offers if o in OFFERS]


class StructureDepartement(Base):
    """A département a structure covers."""

    __tablename__ = "partner_departements"

    structure_id: Mapped[int] = mapped_column(
        ForeignKey("partner_structures.id", ondelete="CASCADE"), primary_key=True
    )
    departement: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)

"""Geography tables: one row per (commune, postal code), as La Poste lists them; départements and régions."""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base


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

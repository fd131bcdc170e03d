"""The communes of France from the open data in `data/` (NOTICE.md): loading them, and finding one by postal
code, by INSEE code or by name as a member types it (accents and hyphens ignored, « st » for « saint »)."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import Database

from .models import Commune, Departement, Region

DATA = Path(__file__).parent / "data"
BATCH = 2000
POSTAL_OR_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def name_key(text: str) -> str:
    """What a name search compares: lower case, no accents, words split on hyphens, apostrophes and
    punctuation, « st » and « ste » spelt out. « Saint-Étienne », « st etienne » → « saint etienne »."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = re.split(r"[^0-9a-z]+", plain)
    return " ".join(ABBREVIATIONS.get(word, word) for word in words if word)


@dataclass(frozen=True)
class Place:
    insee: str
    postal_code: str
    name: str
    departement: str
    lat: float
    lon: float
    population: int


def read_rows(folder: Path = DATA) -> Iterator[dict[str, object]]:
    with (folder / "communes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {
                "insee": row["insee"],
                "postal_code": row["code_postal"],
                "name": row["nom"],
                "name_key": name_key(row["nom"]),
                "departement": row["dep"],
                "region": row["reg"],
                "kind": row["type"],
                "parent_insee": row["insee_parente"] or None,
                "lat": float(row["lat"]) if row["lat"] else None,
                "lon": float(row["lng"]) if row["lng"] else None,
                "population": int(row["population_2021"] or 0),
            }


async def load_geography(db: Database, folder: Path = DATA) -> int:
    """Loads the communes, départements and régions; does nothing when they are already there (same count
    of communes). Returns the number of commune rows written."""
    with (folder / "communes.csv").open(encoding="utf-8") as handle:
        expected = (
            sum(1 for _ in handle) - 1
        )  # `make run` asks every time: count the lines, parse only if needed
    async with db.session() as session:
        present = await session.scalar(select(func.count()).select_from(Commune))
        if present == expected:
            return 0
        rows = list(read_rows(folder))
        await session.execute(delete(Commune))
        await session.execute(delete(Departement))
        await session.execute(delete(Region))
        for start in range(0, len(rows), BATCH):
            await session.execute(insert(Commune), rows[start : start + BATCH])
        with (folder / "departements.csv").open(encoding="utf-8", newline="") as handle:
            departements = [
                {"code": r["dep"], "region": r["reg"], "name": r["nom"]} for r in csv.DictReader(handle)
            ]
        with (folder / "regions.csv").open(encoding="utf-8", newline="") as handle:
            regions = [{"code": r["reg"], "name": r["nom"]} for r in csv.DictReader(handle)]
        await session.execute(insert(Departement), departements)
        await session.execute(insert(Region), regions)
        await session.commit()
    return len(rows)


async def find_places(session: AsyncSession, query: str, *, limit: int = 10) -> list[Place]:
    """Communes matching what she typed: a postal code or an INSEE code (exactly), else the start of a name,
    most populous first. Rows without coordinates are left out: nothing can be measured from them."""
    text = query.strip()
    if not text:
        return []
    stmt = select(Commune).where(Commune.lat.is_not(None), Commune.lon.is_not(None))
    if POSTAL_OR_INSEE.match(text):
        code = text.upper()
        stmt = stmt.where(or_(Commune.postal_code == code, Commune.insee == code))
    else:
        key = name_key(text)
        if not key:
            return []
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Commune.name_key.like(f"{escaped}%", escape="\\"))
    stmt = stmt.order_by(Commune.population.desc(), Commune.name, Commune.postal_code).limit(limit)
    return [_place(c) for c in await session.scalars(stmt)]


def _place(commune: Commune) -> Place:
    assert commune.lat is not None and commune.lon is not None
    return Place(
        insee=commune.insee,
        postal_code=commune.postal_code,
        name=commune.name,
        departement=commune.departement,
        lat=commune.lat,
        lon=commune.lon,
        population=commune.population,
    )

"""Travel time between two places: what « une coordination à 30 minutes de chez soi » is measured with.

By default an estimate, stated wherever a time is shown: the crow-flies distance between commune centres ×
1.3 (roads are not straight), at 60 km/h — so 30 minutes ≈ 23 km. When ENTRAIDE_ROUTING_URL names an OSRM
server, its table service gives driving times instead, behind the same interface.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


def crow_flies_km(a: Point, b: Point) -> float:
    """Great-circle (haversine) distance: enough at the scale of a commune's centre."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


class TravelModel(Protocol):
    @property
    def description(self) -> str:
        """Said in the interface, in French, next to every time shown."""
        ...

    async def minutes(self, origin: Point, destinations: Sequence[Point]) -> list[float]: ...


@dataclass(frozen=True)
class Estimate:
    detour: float = 1.3
    speed_kmh: float = 60.0

    @property
    def description(self) -> str:
        detour = f"{self.detour:g}".replace(".", ",")
        return f"Temps estimé : distance à vol d'oiseau × {detour}, à {self.speed_kmh:g} km/h"

    def radius_km(self, minutes: float) -> float:
        """The crow-flies distance reached in `minutes` (30 min → about 23 km by default)."""
        return minutes / 60 * self.speed_kmh / self.detour

    async def minutes(self, origin: Point, destinations: Sequence[Point]) -> list[float]:
        return [crow_flies_km(origin, d) * self.detour / self.speed_kmh * 60 for d in destinations]


@dataclass(frozen=True)
class OsrmTable:
    """An OSRM server's table service (``/table/v1/driving/lon,lat;lon,lat…?sources=0``), in minutes."""

    url: str
    timeout_s: float = 5.0
    description: str = "Temps de trajet en voiture calculé par un service d'itinéraires"

    async def minutes(self, origin: Point, destinations: Sequence[Point]) -> list[float]:
        if not destinations:
            return []
        coordinates = ";".join(f"{p.lon:.5f},{p.lat:.5f}" for p in (origin, *destinations))
        async with httpx.AsyncClient(timeout=self.timeout_s) as client:
            response = await client.get(
                f"{self.url.rstrip('/')}/table/v1/driving/{coordinates}",
                params={"sources": "0", "annotations": "duration"},
            )
        response.raise_for_status()
        durations = response.json()["durations"][0][1:]
        # OSRM answers null for a place it cannot reach by road (an island): never « near ».
        return [math.inf if seconds is None else seconds / 60 for seconds in durations]


def travel_model(environ: Mapping[str, str] | None = None) -> TravelModel:
    """The routing engine of ENTRAIDE_ROUTING_URL when set, else the estimate (ENTRAIDE_TRAVEL_DETOUR,
    ENTRAIDE_TRAVEL_SPEED_KMH may change its two figures)."""
    env = os.environ if environ is None else environ
    if url := env.get("ENTRAIDE_ROUTING_URL", "").strip():
        return OsrmTable(url)
    try:
        detour = float(env.get("ENTRAIDE_TRAVEL_DETOUR", "") or 1.3)
        speed = float(env.get("ENTRAIDE_TRAVEL_SPEED_KMH", "") or 60)
    except ValueError:
        raise ValueError("ENTRAIDE_TRAVEL_DETOUR and ENTRAIDE_TRAVEL_SPEED_KMH must be numbers") from None
    if detour < 1 or speed <= 0:
        raise ValueError("ENTRAIDE_TRAVEL_DETOUR must be at least 1 and ENTRAIDE_TRAVEL_SPEED_KMH positive")
    return Estimate(detour=detour, speed_kmh=speed)

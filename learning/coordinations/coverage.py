"""Who lives within reach of a coordination, and where the next ones would reach the most people.

Each commune (one per INSEE code of kind COM, at its centre) gets, once, the list of communes within the
travel radius (30 minutes ≈ 23 km under the default estimate). Communes are put in grid cells a little
larger than the radius, and distances are computed only against the 9 cells around, with numpy; coverage is
then a union of lists, and the planner a greedy maximum coverage with lazy gains (a gain only shrinks as
sites are added, so a stale gain at the top of the heap is recomputed, never trusted).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088
# Grid cells are this much larger than the radius: the bucketing uses a flat projection, whose error
# stays well under 15 % of a radius at France's latitudes (overseas places sit in cells of their own).
CELL_MARGIN = 1.15
PEOPLE_KINDS = ("COM", "ARM")  # COMD rows are former communes, counted in their new one

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Gain:
    insee: str
    name: str
    gain: int  # people newly within reach


class Coverage:
    def __init__(self, communes: Sequence[Mapping[str, Any]], radius_km: float) -> None:
        """`communes`: one mapping per commune with insee, name, lat, lon, population (see from_rows)."""
        self.radius_km = radius_km
        self.insee = [str(c["insee"]) for c in communes]
        self.names = [str(c["name"]) for c in communes]
        self.index = {code: i for i, code in enumerate(self.insee)}
        self.lat = np.radians(np.array([float(c["lat"]) for c in communes]))
        self.lon = np.radians(np.array([float(c["lon"]) for c in communes]))
        self.population = np.array([int(c["population"]) for c in communes], dtype=np.int64)
        self.total = int(self.population.sum())
        self.neighbours = self._neighbour_lists()

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], radius_km: float) -> Coverage:
        """From geo rows (one per commune x postal code): each INSEE code once, with coordinates. Paris, Lyon
        and Marseille appear in the open data only as their arrondissements (ARM, 3.7 million people): they
        count as such, so that their inhabitants are within reach or not like everyone else's."""
        seen: dict[str, Mapping[str, Any]] = {}
        for row in rows:
            if row["kind"] in PEOPLE_KINDS and row["lat"] is not None and str(row["insee"]) not in seen:
                seen[str(row["insee"])] = row
        return cls(list(seen.values()), radius_km)

    def _neighbour_lists(self) -> list[IntArray]:
        cell_km = self.radius_km * CELL_MARGIN
        x = EARTH_RADIUS_KM * self.lon * np.cos(self.lat)
        y = EARTH_RADIUS_KM * self.lat
        cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, key in enumerate(
            zip((x // cell_km).astype(int).tolist(), (y // cell_km).astype(int).tolist(), strict=True)
        ):
            cells[key].append(i)
        members = {key: np.array(found, dtype=np.int64) for key, found in cells.items()}
        neighbours: list[IntArray] = [np.empty(0, dtype=np.int64)] * len(self.insee)
        for (cx, cy), here in members.items():
            around = [
                members[k]
                for k in ((cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
                if k in members
            ]
            candidates = np.concatenate(around)
            near = self._distances(here, candidates) <= self.radius_km
            for row, i in enumerate(here.tolist()):
                neighbours[i] = candidates[near[row]]
        return neighbours

    def _distances(self, a: IntArray, b: IntArray) -> FloatArray:
        """Haversine distances (km) between every commune of `a` and every commune of `b`."""
        lat1, lat2 = self.lat[a][:, None], self.lat[b][None, :]
        dlat, dlon = lat2 - lat1, self.lon[b][None, :] - self.lon[a][:, None]
        h = np.sin(dlat / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))

    def covered(self, sites: Iterable[str]) -> npt.NDArray[np.bool_]:
        mask = np.zeros(len(self.insee), dtype=bool)
        for code in sites:
            mask[self.neighbours[self.index[code]]] = True
        return mask

    def population_share(self, sites: Iterable[str]) -> float:
        """Share (0–1) of the population living within the radius of one of `sites` (INSEE codes)."""
        return int(self.population[self.covered(sites)].sum()) / self.total if self.total else 0.0

    def plan(self, count: int, existing: Iterable[str] = ()) -> list[Gain]:
        """The next `count` sites, each the commune that brings the most people not yet within reach."""
        covered = self.covered(existing)
        heap = [(-int(self.population[n].sum()), i) for i, n in enumerate(self.neighbours)]
        heapq.heapify(heap)
        chosen: list[Gain] = []
        while heap and len(chosen) < count:
            stale, i = heapq.heappop(heap)
            gain = int(self.population[self.neighbours[i][~covered[self.neighbours[i]]]].sum())
            if gain <= 0:
                continue
            if heap and gain < -heap[0][0]:
                heapq.heappush(heap, (-gain, i))  # someone else may bring more now: look again later
                continue
            covered[self.neighbours[i]] = True
            chosen.append(Gain(self.insee[i], self.names[i], gain))
        return chosen

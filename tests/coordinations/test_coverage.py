"""Who is within 30 minutes of a coordination, and where to open the next ones."""

from __future__ import annotations

import numpy as np
import pytest

from learning.coordinations.coverage import Coverage
from learning.coordinations.geography import read_rows
from learning.coordinations.travel import Estimate

# The reference greedy plan over all communes, under the default model (docs/design.md, « Coordinations »).
REFERENCE = {40: 50.2, 100: 72.2, 200: 88.1, 400: 98.6}


@pytest.fixture(scope="module")
def coverage() -> Coverage:
    return Coverage.from_rows(read_rows(), Estimate().radius_km(30))


def test_every_commune_counts_once_with_paris_lyon_and_marseille_by_arrondissement(
    coverage: Coverage,
) -> None:
    assert len(coverage.insee) == len(set(coverage.insee)) == 34928 + 45  # COM with coordinates + ARM
    assert coverage.total == pytest.approx(67.4e6, rel=0.005)
    assert "75113" in coverage.index and "75056" not in coverage.index


def test_the_grid_finds_exactly_the_communes_a_full_scan_finds(coverage: Coverage) -> None:
    rng = np.random.default_rng(7)
    everyone = np.arange(len(coverage.insee), dtype=np.int64)
    for i in rng.choice(len(coverage.insee), size=150, replace=False).tolist():
        scan = everyone[coverage._distances(np.array([i]), everyone)[0] <= coverage.radius_km]
        assert sorted(coverage.neighbours[i].tolist()) == sorted(scan.tolist()), coverage.names[i]


def test_a_site_reaches_its_neighbours_and_not_the_next_city(coverage: Coverage) -> None:
    reach = coverage.covered(["78646"])  # Versailles
    assert reach[coverage.index["78646"]] and reach[coverage.index["75115"]]  # Paris 15e, about 13 km
    assert not reach[coverage.index["69381"]]  # Lyon 1er
    assert 0 < coverage.population_share(["78646"]) < coverage.population_share(["78646", "69381"])


def test_the_planner_does_at_least_as_well_as_the_reference(coverage: Coverage) -> None:
    plan = coverage.plan(400)
    codes = [step.insee for step in plan]
    for sites, share in REFERENCE.items():
        assert 100 * coverage.population_share(codes[:sites]) >= share, sites
    gains = [step.gain for step in plan]
    assert gains == sorted(gains, reverse=True)  # each site is the best one left
    assert sum(gains) == int(coverage.population[coverage.covered(codes)].sum())


def test_the_next_sites_add_to_the_existing_ones(coverage: Coverage) -> None:
    existing = ["75113", "69381", "13201"]  # Paris 13e, Lyon 1er, Marseille 1er
    before = coverage.covered(existing)
    plan = coverage.plan(5, existing)
    assert len(plan) == 5 and not {step.insee for step in plan} & set(existing)
    for step in plan:
        assert step.gain > 0
    after = coverage.population_share(existing + [step.insee for step in plan])
    gained = sum(step.gain for step in plan) / coverage.total
    assert after == pytest.approx(int(coverage.population[before].sum()) / coverage.total + gained)

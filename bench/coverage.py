"""Coverage and planning of coordinations: the time to build the 30-minute neighbour lists (numpy on a grid,
against a plain-Python scan of the same grid as the baseline, measured in the same run), to compute the
coverage of 400 sites and to plan 400 sites, and the shares reached.

    python bench/coverage.py [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning.coordinations.coverage import EARTH_RADIUS_KM, Coverage  # noqa: E402
from learning.coordinations.geography import read_rows  # noqa: E402
from learning.coordinations.travel import Estimate  # noqa: E402


def plain_python_neighbours(coverage: Coverage) -> int:
    """The same grid in plain Python (haversine per pair): the baseline. Returns the number of pairs."""
    lat, lon, r = coverage.lat.tolist(), coverage.lon.tolist(), coverage.radius_km
    cell = r * 1.15
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (a, o) in enumerate(zip(lat, lon, strict=True)):
        cells[(int(EARTH_RADIUS_KM * o * math.cos(a) // cell), int(EARTH_RADIUS_KM * a // cell))].append(i)
    pairs = 0
    for (cx, cy), here in cells.items():
        around = [j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in cells.get((cx + dx, cy + dy), ())]
        for i in here:
            for j in around:
                h = (
                    math.sin((lat[j] - lat[i]) / 2) ** 2
                    + math.cos(lat[i]) * math.cos(lat[j]) * math.sin((lon[j] - lon[i]) / 2) ** 2
                )
                pairs += 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(h, 1.0))) <= r
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = list(read_rows())
    radius = Estimate().radius_km(30)
    build, cover, plan_times = [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        coverage = Coverage.from_rows(rows, radius)
        build.append(time.perf_counter() - start)
        start = time.perf_counter()
        plan = coverage.plan(400)
        plan_times.append(time.perf_counter() - start)
        codes = [step.insee for step in plan]
        start = time.perf_counter()
        coverage.population_share(codes)
        cover.append(time.perf_counter() - start)
    start = time.perf_counter()
    pairs = plain_python_neighbours(coverage)
    baseline = time.perf_counter() - start
    assert pairs == sum(len(n) for n in coverage.neighbours), "the baseline and the grid disagree"
    shares = {k: round(100 * coverage.population_share(codes[:k]), 2) for k in (40, 100, 200, 400)}
    figures = {
        "communes": len(coverage.insee),
        "neighbours_s": round(statistics.median(build), 3),
        "baseline_neighbours_s": round(baseline, 3),
        "speedup": round(baseline / statistics.median(build), 1),
        "coverage_400_s": round(statistics.median(cover), 4),
        "plan_400_s": round(statistics.median(plan_times), 3),
        "population_pct": shares,
    }
    print(
        f"$ {Path(sys.executable).name} bench/coverage.py {' '.join(sys.argv[1:])}  ({os.cpu_count()} cores)"
    )
    print(f"{figures['communes']} communes, radius {radius:.2f} km (30 min, default estimate)")
    print(
        f"neighbour lists: {figures['neighbours_s']} s median of {args.repeat} "
        f"(plain Python on the same grid: {figures['baseline_neighbours_s']} s, x{figures['speedup']})"
    )
    print(
        f"coverage of 400 sites: {figures['coverage_400_s']} s; plan of 400 sites: {figures['plan_400_s']} s "
        "(targets 2 s and 10 s)"
    )
    print(
        "population within 30 min: "
        + ", ".join(f"{k} sites {v} %" for k, v in shares.items())
        + " (reference 50.2 / 72.2 / 88.1 / 98.6)"
    )
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

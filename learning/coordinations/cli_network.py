"""`entraide coordinations couverture [--json] [--next N]`: the network's reach within 30 minutes and the next
sites to open, from the database of ENTRAIDE_DATABASE_URL."""

from __future__ import annotations

import argparse
import asyncio
import json

from learning.db import Database
from learning.i18n import number_fr
from learning.settings import Settings

from . import network
from .views_common import estimate_model


def _next_count(raw: str) -> int:
    value = int(raw)
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError("entre 0 et 1000")
    return value


def _coverage(args: argparse.Namespace) -> int:
    async def main() -> network.NetworkFigures:
        db = Database(Settings.from_env().database_url)
        try:
            async with db.session() as session:
                return await network.figures(session, estimate_model(), next_count=args.next)
        finally:
            await db.dispose()

    figures = asyncio.run(main())
    if args.json:
        print(
            json.dumps(
                {
                    "coordinations": figures.coordinations,
                    "population_pct": round(figures.population_pct, 1),
                    "members_pct": round(figures.members_pct, 1),
                    "next": [{"insee": s.insee, "nom": s.name, "gain": s.gain} for s in figures.next_sites],
                },
                ensure_ascii=False,
            )
        )
        return 0
    if not figures.population:
        print("Aucune commune dans la base : lancez d'abord `entraide geo load`.")
    print(f"Coordinations : {figures.coordinations}")
    print(
        f"Population à moins de 30 min d'une coordination : {number_fr(figures.population_pct, 1)} % "
        f"({number_fr(figures.covered_people)} personnes sur {number_fr(figures.population)})"
    )
    print(
        f"Membres à moins de 30 min : {number_fr(figures.members_pct, 1)} % "
        f"({figures.members_covered} sur {figures.members_placed} dont la commune est connue)"
    )
    print(f"({figures.model_description} ; 30 min ≈ {number_fr(figures.radius_km, 1)} km)")
    if figures.next_sites:
        print(f"Où ouvrir les {len(figures.next_sites)} prochaines coordinations :")
        for rank, site in enumerate(figures.next_sites, 1):
            print(
                f"{rank:>3}. {site.name} ({site.departement}, {site.insee}) : "
                f"+{number_fr(site.gain)} personnes (+{number_fr(site.gain_pct, 2)} points)"
            )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = subparsers.add_parser("coordinations", help="les coordinations : couverture du réseau")
    actions = group.add_subparsers(dest="coordinations_command", required=True, metavar="ACTION")
    coverage = actions.add_parser(
        "couverture", help="part de la population et des membres à moins de 30 min, prochains sites"
    )
    coverage.add_argument("--json", action="store_true", help="un objet JSON sur la sortie standard")
    coverage.add_argument(
        "--next", type=_next_count, default=10, metavar="N", help="nombre de prochains sites (10)"
    )
    coverage.set_defaults(func=_coverage)

"""Initial financing plan: needs against resources (docs/course-reference.md section 5.4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import MONEY, CalculatorKind, Field, Output, Result, Table, money

NEEDS = (
    ("frais_etablissement", "Frais d'établissement (immatriculation, conseils…)", 1500.0),
    ("investissements_incorporels", "Investissements incorporels HT (logiciels, site, marque…)", 0.0),
    ("investissements_corporels", "Investissements corporels HT (matériel, aménagements…)", 18000.0),
    ("investissements_financiers", "Investissements financiers (dépôt de garantie…)", 1500.0),
    ("bfr_initial", "Besoin en fonds de roulement de départ", 5000.0),
    ("tresorerie_securite", "Trésorerie de sécurité", 3000.0),
)
# Prêts d'honneur are personal loans to the founder: banks count them as her own contribution.
OWN_FUNDS = (
    ("apport_personnel", "Apport personnel (capital ou compte courant)", 6000.0),
    ("love_money", "Love money (proches)", 0.0),
    ("pret_honneur", "Prêts d'honneur", 8000.0),
)
OTHER_RESOURCES = (
    ("subventions", "Subventions", 0.0),
    ("arce", "ARCE", 0.0),
    ("pret_bancaire", "Prêt bancaire", 15000.0),
    ("microcredit", "Microcrédit", 0.0),
    ("financement_participatif", "Financement participatif", 0.0),
)


def compute_plan_financement(v: Mapping[str, Any]) -> Result:
    needs = sum(v[name] for name, _, _ in NEEDS)
    own = sum(v[name] for name, _, _ in OWN_FUNDS)
    resources = own + sum(v[name] for name, _, _ in OTHER_RESOURCES)
    gap = resources - needs
    outputs = [
        Output("total_besoins", "Total des besoins", needs, formula="somme des besoins"),
        Output("total_ressources", "Total des ressources", resources, formula="somme des ressources"),
        Output("ecart", "Écart (ressources − besoins)", gap, formula="ressources − besoins", main=True),
    ]
    warnings: list[str] = []
    if resources > 0:
        outputs.append(
            Output(
                "part_fonds_propres",
                "Part de l'apport et des quasi-fonds propres",
                own / resources,
                "%",
                "(apport + love money + prêts d'honneur) ÷ total des ressources",
            )
        )
        outputs.append(
            Output(
                "part_pret_bancaire",
                "Part du prêt bancaire",
                v["pret_bancaire"] / resources,
                "%",
                "prêt bancaire ÷ total des ressources",
            )
        )
    if gap < 0:
        warnings.append(
            f"Il manque {money(-gap)} pour financer votre projet : augmentez vos ressources "
            "ou réduisez vos besoins."
        )
    if v["tresorerie_securite"] == 0:
        warnings.append("Prévoyez une trésorerie de sécurité : les imprévus arrivent toujours au démarrage.")
    if v["pret_honneur"] > 0 and v["pret_bancaire"] < v["pret_honneur"]:
        warnings.append(
            "À titre indicatif : un prêt d'honneur est souvent accordé avec un prêt bancaire "
            "au moins du même montant."
        )
    table = Table(
        "Plan de financement initial",
        ("Montant",),
        tuple((label, (v[name],)) for name, label, _ in NEEDS)
        + (("Total des besoins", (needs,)),)
        + tuple((label, (v[name],)) for name, label, _ in OWN_FUNDS + OTHER_RESOURCES)
        + (("Total des ressources", (resources,)),),
        strong_rows=frozenset({"Total des besoins", "Total des ressources"}),
    )
    return Result(tuple(outputs), tuple(warnings), (table,))


PLAN_FINANCEMENT = CalculatorKind(
    name="plan_financement",
    title="Plan de financement initial",
    summary="Ce dont vous avez besoin pour démarrer, et comment vous le financez : les deux colonnes doivent s'équilibrer.",
    inputs=tuple(
        Field(name, label, MONEY, default, "€")
        for name, label, default in NEEDS + OWN_FUNDS + OTHER_RESOURCES
    ),
    compute=compute_plan_financement,
)

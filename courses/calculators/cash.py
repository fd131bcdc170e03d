"""12-month cash plan: receipts, payments, closing cash and the largest cash need (docs/course-reference.md section 5.5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import INT, MONEY, PERCENT, SERIES, CalculatorKind, Field, Output, Result, Table, months

N = 12
# Defaults: the worked example of section 5.5 (first 6 months), continued at the same pace.
_SALES = (2000, 3000, 4000, 5000, 5000, 6000) + (6000,) * 6
_CHARGES = (1500, 1500, 1700, 1900, 1900, 2100) + (2100,) * 6


def _series(
    name: str,
    label: str,
    default: tuple[float, ...] | None = None,
    help: str = "",
    min: float | None = 0,
) -> Field:
    values = tuple(float(x) for x in (default or (0,) * N))
    return Field(name, label, SERIES, values, "€", min=min, length=N, help=help, column_labels=months(N))


RECEIPTS = (
    ("apports", "Apports et prêts d'honneur reçus"),
    ("emprunts", "Emprunts reçus"),
    ("aides", "Aides et subventions reçues (ARCE comprise)"),
)
PAYMENTS = (
    ("investissements", "Investissements payés"),
    ("achats", "Achats payés"),
    ("charges", "Charges payées (loyer, assurances, cotisations, impôts…)"),
    # VAT has its own line: collected on sales, deducted on purchases, it is money that is not the business's.
    ("tva", "TVA reversée (collectée − déductible)"),
    ("remuneration", "Votre rémunération"),
    ("remboursements", "Remboursements d'emprunts"),
)


def compute_plan_tresorerie(v: Mapping[str, Any]) -> Result:
    cash_share = v["part_comptant"]
    delay = int(v["delai_clients_mois"])
    sales = v["ventes"]
    # Sales are collected cash_share at once and the rest `delay` months later.
    collected = [0.0] * N
    for m, amount in enumerate(sales):
        collected[m] += amount * cash_share
        if m + delay < N:
            collected[m + delay] += amount * (1 - cash_share)
    still_due = sum(amount * (1 - cash_share) for m, amount in enumerate(sales) if m + delay >= N)
    receipts = [collected[m] + sum(v[name][m] for name, _ in RECEIPTS) for m in range(N)]
    payments = [sum(v[name][m] for name, _ in PAYMENTS) for m in range(N)]
    balance = [receipts[m] - payments[m] for m in range(N)]
    closing: list[float] = []
    cash = v["tresorerie_initiale"]
    for m in range(N):
        cash += balance[m]
        closing.append(cash)
    lowest = min(closing)
    low_month = closing.index(lowest) + 1
    need = max(0.0, -lowest)
    outputs = (
        Output(
            "besoin_max",
            "Besoin de trésorerie maximal",
            need,
            formula="max(0, −min(trésorerie de fin de mois))",
            main=True,
        ),
        Output("mois_besoin_max", "Mois où la trésorerie est au plus bas", f"Mois {low_month}", ""),
        Output("tresorerie_min", "Trésorerie la plus basse", lowest),
        Output(
            "tresorerie_finale",
            "Trésorerie à la fin du mois 12",
            closing[-1],
            formula="trésorerie initiale + somme des soldes mensuels",
        ),
        Output("creances_restantes", "Ventes restant à encaisser après le mois 12", still_due),
    )
    warnings: list[str] = []
    if need > 0:
        warnings.append(
            f"Votre trésorerie devient négative (au plus bas au mois {low_month}). Pistes : un apport plus "
            "important, un prêt à court terme, des délais de paiement plus favorables."
        )
    if not any(v["remuneration"]):
        warnings.append("Vous ne vous versez aucune rémunération sur l'année : est-ce tenable ?")
    rows = (
        ("Ventes encaissées", tuple(collected)),
        *((label, tuple(v[name])) for name, label in RECEIPTS),
        ("Total des encaissements", tuple(receipts)),
        *((label, tuple(v[name])) for name, label in PAYMENTS),
        ("Total des décaissements", tuple(payments)),
        ("Solde du mois", tuple(balance)),
        ("Trésorerie en fin de mois", tuple(closing)),
    )
    table = Table(
        "Plan de trésorerie sur 12 mois",
        months(N),
        rows,
        strong_rows=frozenset(
            {"Total des encaissements", "Total des décaissements", "Trésorerie en fin de mois"}
        ),
    )
    return Result(outputs, tuple(warnings), (table,))


PLAN_TRESORERIE = CalculatorKind(
    name="plan_tresorerie",
    title="Plan de trésorerie sur 12 mois",
    summary="Mois par mois, ce qui entre et ce qui sort : trouvez le « trou de trésorerie » avant qu'il n'arrive.",
    inputs=(
        Field("tresorerie_initiale", "Trésorerie au début du mois 1", MONEY, 0.0, "€", min=None),
        _series("ventes", "Ventes du mois (TTC, ou HT en franchise de TVA)", _SALES),
        Field("part_comptant", "Part des ventes payée comptant", PERCENT, 50.0, "%", max=100),
        Field("delai_clients_mois", "Le reste est payé après", INT, 1, "mois", max=N),
        _series("apports", "Apports et prêts d'honneur reçus", (14000,) + (0,) * 11),
        _series("emprunts", "Emprunts reçus"),
        _series("aides", "Aides et subventions reçues (ARCE comprise)"),
        _series("investissements", "Investissements payés (TTC)", (18000,) + (0,) * 11),
        _series("achats", "Achats payés"),
        _series("charges", "Charges payées (loyer, assurances, cotisations, impôts…)", _CHARGES),
        _series(
            "tva",
            "TVA reversée (collectée − déductible)",
            help="La TVA collectée sur vos ventes moins celle payée sur vos achats, investissements et charges, "
            "le mois où vous la versez ; un remboursement de crédit de TVA s'inscrit en négatif. En franchise "
            "de TVA : 0.",
            min=None,
        ),
        _series("remuneration", "Votre rémunération"),
        _series("remboursements", "Remboursements d'emprunts"),
    ),
    compute=compute_plan_tresorerie,
)

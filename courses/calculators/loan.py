"""Monthly loan payment with constant instalments and an optional deferral (docs/course-reference.md section 5.3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import CHOICE, INT, MONEY, PERCENT, CalculatorKind, Field, Output, Result, Table, years

DEFERRALS = (
    ("partiel", "Différé partiel : je paie seulement les intérêts"),
    ("total", "Différé total : les intérêts s'ajoutent au capital"),
)


def instalment(capital: float, monthly_rate: float, months: int) -> float:
    """a = K × i / (1 − (1 + i)^−n); with a zero rate, plain division."""
    if months <= 0:
        raise ValueError("months must be positive")
    denominator = 1 - (1 + monthly_rate) ** -months
    if monthly_rate == 0 or denominator == 0:
        return capital / months
    return capital * monthly_rate / denominator


def schedule(
    capital: float, annual_rate: float, months: int, deferral: int = 0, deferral_kind: str = "partiel"
) -> list[tuple[float, float, float, float]]:
    """Rows (payment, interest, capital repaid, outstanding capital after), one per month."""
    i = annual_rate / 12
    rows: list[tuple[float, float, float, float]] = []
    outstanding = capital
    for _ in range(deferral):
        interest = outstanding * i
        if deferral_kind == "total":
            outstanding += interest
            rows.append((0.0, interest, -interest, outstanding))
        else:
            rows.append((interest, interest, 0.0, outstanding))
    remaining = months - deferral
    payment = instalment(outstanding, i, remaining)
    for _ in range(remaining):
        interest = outstanding * i
        repaid = payment - interest
        outstanding -= repaid
        rows.append((payment, interest, repaid, max(outstanding, 0.0)))
    return rows


def compute_mensualite_pret(v: Mapping[str, Any]) -> Result:
    capital = v["capital"]
    months = int(v["duree_mois"])
    deferral = int(v["differe_mois"])
    if months <= 0:
        return Result(
            (Output("mensualite", "Mensualité", None, main=True),),
            ("Indiquez une durée d'au moins un mois.",),
        )
    if deferral >= months:
        return Result(
            (Output("mensualite", "Mensualité", None, main=True),),
            ("Le différé doit être plus court que la durée totale du prêt.",),
        )
    rows = schedule(capital, v["taux_annuel"], months, deferral, v["type_differe"])
    payment = rows[-1][0]
    total_paid = sum(r[0] for r in rows)
    interest = total_paid - capital
    outputs = [
        Output(
            "mensualite",
            "Mensualité (après le différé)",
            payment,
            formula="a = K × i ÷ (1 − (1 + i)^−n), avec i = taux annuel ÷ 12 et n = nombre de mensualités",
            main=True,
            decimals=2,
        ),
        Output(
            "cout_interets",
            "Coût total des intérêts",
            interest,
            formula="somme des mensualités − capital",
            decimals=2,
        ),
        Output("total_rembourse", "Total remboursé", total_paid, decimals=2),
    ]
    if deferral:
        outputs.insert(
            1,
            Output(
                "paiement_differe",
                "Paiement mensuel pendant le différé",
                rows[0][0],
                formula="intérêts seulement" if v["type_differe"] == "partiel" else "rien",
                decimals=2,
            ),
        )
    # A yearly summary keeps the table readable on a phone; the months are in the JSON schedule.
    n_years = (months + 11) // 12
    paid, interests, repaid, left = [], [], [], []
    for y in range(n_years):
        chunk = rows[y * 12 : (y + 1) * 12]
        paid.append(sum(r[0] for r in chunk))
        interests.append(sum(r[1] for r in chunk))
        repaid.append(sum(r[2] for r in chunk))
        left.append(chunk[-1][3])
    table_rows: list[tuple[str, tuple[float | None, ...]]] = [
        ("Mensualités payées", tuple(paid)),
        ("dont intérêts", tuple(interests)),
        ("dont capital remboursé", tuple(repaid)),
        ("Capital restant dû en fin d'année", tuple(left)),
    ]
    return Result(
        tuple(outputs), (), (Table("Tableau d'amortissement par année", years(n_years), tuple(table_rows)),)
    )


MENSUALITE_PRET = CalculatorKind(
    name="mensualite_pret",
    title="Mensualité d'un prêt",
    summary="Mensualités constantes, avec un éventuel différé de remboursement.",
    inputs=(
        Field("capital", "Montant emprunté", MONEY, 20000.0, "€"),
        Field("taux_annuel", "Taux d'intérêt annuel", PERCENT, 5.0, "%", max=100),
        Field("duree_mois", "Durée totale du prêt, différé compris", INT, 60, "mois", min=1, max=600),
        Field("differe_mois", "Durée du différé", INT, 0, "mois", max=599),
        Field("type_differe", "Type de différé", CHOICE, "partiel", choices=DEFERRALS),
    ),
    compute=compute_mensualite_pret,
)

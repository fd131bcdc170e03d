"""Projected income statement over 3 years and self-financing capacity (docs/course-reference.md section 5.3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import BOOL, INT, MONEY, PERCENT, SERIES, CalculatorKind, Field, Output, Result, Table, years

N = 3


def _series(name: str, label: str, default: tuple[float, float, float], help: str = "") -> Field:
    return Field(
        name,
        label,
        SERIES,
        tuple(float(x) for x in default),
        "€",
        length=N,
        help=help,
        column_labels=years(N),
    )


def corporate_tax(profit: float, reduced_rate: float, reduced_ceiling: float, normal_rate: float) -> float:
    """IS: reduced rate up to the ceiling, normal rate above; nothing on a loss (carry-forward ignored)."""
    if profit <= 0:
        return 0.0
    low = min(profit, reduced_ceiling)
    return low * reduced_rate + (profit - low) * normal_rate


def compute_compte_resultat(v: Mapping[str, Any]) -> Result:
    duration = int(v["duree_amortissement"])
    depreciation = v["investissements"] / duration if duration > 0 else 0.0
    lines: dict[str, list[float]] = {
        k: [] for k in ("ca", "marge", "va", "ebe", "dotations", "rex", "rcai", "is", "net", "caf")
    }
    for y in range(N):
        ca = v["chiffre_affaires"][y]
        gross = ca - v["achats"][y]
        added = gross - v["charges_externes"][y]
        ebe = added - v["impots_taxes"][y] - v["salaires_charges"][y]
        # Straight-line depreciation stops once the asset is fully written off.
        dot = depreciation if y < duration else 0.0
        rex = ebe - dot
        rcai = rex - v["charges_financieres"][y]
        tax = (
            corporate_tax(rcai, v["taux_is_reduit"], v["plafond_is_reduit"], v["taux_is_normal"])
            if v["impot_societes"]
            else 0.0
        )
        net = rcai - tax
        for key, value in (
            ("ca", ca),
            ("marge", gross),
            ("va", added),
            ("ebe", ebe),
            ("dotations", dot),
            ("rex", rex),
            ("rcai", rcai),
            ("is", tax),
            ("net", net),
            ("caf", net + dot),
        ):
            lines[key].append(value)
    rows = (
        ("Chiffre d'affaires HT", tuple(lines["ca"])),
        ("Achats consommés", tuple(v["achats"])),
        ("Marge brute", tuple(lines["marge"])),
        ("Charges externes", tuple(v["charges_externes"])),
        ("Valeur ajoutée", tuple(lines["va"])),
        ("Impôts et taxes", tuple(v["impots_taxes"])),
        ("Salaires et charges sociales (dirigeante comprise)", tuple(v["salaires_charges"])),
        ("Excédent brut d'exploitation (EBE)", tuple(lines["ebe"])),
        ("Dotations aux amortissements", tuple(lines["dotations"])),
        ("Résultat d'exploitation", tuple(lines["rex"])),
        ("Charges financières", tuple(v["charges_financieres"])),
        ("Résultat courant avant impôt", tuple(lines["rcai"])),
        ("Impôt sur les sociétés", tuple(lines["is"])),
        ("Résultat net", tuple(lines["net"])),
        ("Capacité d'autofinancement (CAF)", tuple(lines["caf"])),
    )
    table = Table(
        "Compte de résultat prévisionnel",
        years(N),
        rows,
        strong_rows=frozenset(
            {
                "Marge brute",
                "Valeur ajoutée",
                "Excédent brut d'exploitation (EBE)",
                "Résultat net",
                "Capacité d'autofinancement (CAF)",
            }
        ),
    )
    outputs = (
        Output(
            "resultat_net_1",
            "Résultat net, année 1",
            lines["net"][0],
            formula="RCAI − impôt sur les sociétés",
            main=True,
        ),
        Output("resultat_net_3", "Résultat net, année 3", lines["net"][2]),
        Output(
            "caf_1",
            "Capacité d'autofinancement, année 1",
            lines["caf"][0],
            formula="CAF = résultat net + dotations aux amortissements",
        ),
        Output(
            "dotation_annuelle",
            "Dotation annuelle aux amortissements",
            depreciation,
            formula="investissements HT ÷ durée d'amortissement",
        ),
    )
    warnings: list[str] = []
    loss_years = [str(y + 1) for y in range(N) if lines["net"][y] < 0]
    if loss_years:
        warnings.append(
            "Résultat négatif en année "
            + ", ".join(loss_years)
            + " : vérifiez comment la perte sera financée."
        )
    if not any(v["salaires_charges"]):
        warnings.append("Aucune rémunération n'est prévue : le compte de résultat doit inclure la vôtre.")
    if v["investissements"] > 0 and duration == 0:
        warnings.append("Indiquez une durée d'amortissement pour vos investissements.")
    return Result(outputs, tuple(warnings), (table,))


COMPTE_RESULTAT = CalculatorKind(
    name="compte_resultat",
    title="Compte de résultat prévisionnel sur 3 ans",
    summary="Du chiffre d'affaires au résultat net, année par année, et la capacité d'autofinancement.",
    inputs=(
        _series("chiffre_affaires", "Chiffre d'affaires HT", (60000, 80000, 100000)),
        _series("achats", "Achats consommés (achats ± variation de stock)", (20000, 26000, 32000)),
        _series(
            "charges_externes", "Charges externes (loyer, assurances, honoraires…)", (12000, 13000, 14000)
        ),
        _series("impots_taxes", "Impôts et taxes (CFE…)", (500, 800, 1000)),
        _series(
            "salaires_charges", "Salaires et charges sociales, les vôtres compris", (20000, 28000, 36000)
        ),
        Field("investissements", "Investissements amortissables HT", MONEY, 15000.0, "€"),
        Field("duree_amortissement", "Durée d'amortissement", INT, 5, "ans", max=50),
        _series("charges_financieres", "Intérêts d'emprunt", (700, 550, 400)),
        Field("impot_societes", "L'entreprise est soumise à l'impôt sur les sociétés", BOOL, True),
        Field("taux_is_reduit", "Taux réduit d'IS", PERCENT, 15.0, "%", max=100),
        Field("plafond_is_reduit", "Bénéfice imposé au taux réduit jusqu'à", MONEY, 42500.0, "€"),
        Field("taux_is_normal", "Taux normal d'IS", PERCENT, 25.0, "%", max=100),
    ),
    compute=compute_compte_resultat,
)

"""Keep ARE monthly or take ARCE as capital? (reference section 5.6, facts F8 and F9).

The rules are time-sensitive: the rates are inputs with defaults, so a lesson can set them from the facts file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import INT, MONEY, PERCENT, CalculatorKind, Field, Output, Result, Table


def are_month(daily: float, days_in_month: int, income: float, rights_left: float, cap: float,
              income_share: float) -> tuple[float, float]:
    """Return (amount paid, days of rights used) for one month of ARE alongside self-employed income."""
    days = round((daily * days_in_month - income_share * income) / daily)
    days = max(0, min(days, days_in_month, int(rights_left)))
    paid = days * daily
    if cap > 0:
        # ARE + income may not exceed the former gross salary; unpaid days stay in the rights.
        allowed = max(0.0, cap - income)
        if paid > allowed:
            days = int(allowed // daily)
            paid = days * daily
    return paid, days


def compute_are_arce(v: Mapping[str, Any]) -> Result:
    daily = v["allocation_journaliere"]
    rights = int(v["jours_restants"])
    income = v["revenu_mensuel"]
    horizon = int(v["horizon_mois"])
    if daily <= 0:
        return Result((Output("ecart", "Écart", None, main=True),), ("Indiquez votre allocation journalière.",))
    arce_total = v["taux_arce"] * daily * rights * (1 - v["retenue_retraite"])
    second_month = int(v["mois_second_versement"])
    arce_by_month = [0.0] * horizon
    if horizon >= 1:
        arce_by_month[0] = arce_total / 2
    if second_month <= horizon:
        arce_by_month[second_month - 1] += arce_total / 2
    are_by_month: list[float] = []
    left = float(rights)
    for _ in range(horizon):
        paid, used = are_month(daily, int(v["jours_par_mois"]), income, left, v["salaire_brut_ancien"],
                               v["part_revenu_deduite"])
        left -= used
        are_by_month.append(paid)
    arce_cum, are_cum = _cumulate(arce_by_month), _cumulate(are_by_month)
    first_paid, first_days = are_month(daily, int(v["jours_par_mois"]), income, rights, v["salaire_brut_ancien"],
                                       v["part_revenu_deduite"])
    outputs = (
        Output("arce_total", "ARCE : capital total", arce_total,
               formula="ARCE = taux × allocation journalière × jours restants × (1 − retenue retraite)"),
        Output("arce_versement", "ARCE : chaque versement (2 fois)", arce_total / 2, formula="ARCE ÷ 2"),
        Output("are_jours_mois", "ARE : jours indemnisés le premier mois", first_days, "jours",
               formula="arrondi((allocation journalière × jours du mois − 70 % du revenu) ÷ allocation journalière)",
               decimals=0),
        Output("are_mois", "ARE : montant le premier mois", first_paid, formula="jours indemnisés × allocation journalière"),
        Output("total_arce", f"Total reçu sur {horizon} mois avec l'ARCE", arce_cum[-1] if arce_cum else 0.0),
        Output("total_are", f"Total reçu sur {horizon} mois en gardant l'ARE", are_cum[-1] if are_cum else 0.0),
        Output("ecart", "Écart en faveur de l'ARE (négatif : en faveur de l'ARCE)",
               (are_cum[-1] - arce_cum[-1]) if horizon else 0.0, formula="total ARE − total ARCE", main=True),
        Output("droits_restants", f"Jours de droits ARE restants après {horizon} mois", left, "jours", decimals=0),
    )
    warnings = [
        "Le choix entre l'ARCE et le maintien de l'ARE est définitif : vérifiez votre situation avec France Travail.",
    ]
    if v["revenu_mensuel"] == 0:
        warnings.append("Avec un revenu inconnu, France Travail verse une avance et régularise ensuite.")
    if second_month > horizon:
        warnings.append("Le second versement de l'ARCE tombe après l'horizon choisi.")
    step = 1 if horizon <= 12 else 3
    shown = [m for m in range(horizon) if (m + 1) % step == 0 or m == 0]
    table = Table(
        "Montants cumulés reçus",
        tuple(f"Mois {m + 1}" for m in shown),
        (("Avec l'ARCE", tuple(arce_cum[m] for m in shown)), ("En gardant l'ARE", tuple(are_cum[m] for m in shown))),
    )
    return Result(outputs, tuple(warnings), (table,))


def _cumulate(values: list[float]) -> list[float]:
    out, total = [], 0.0
    for value in values:
        total += value
        out.append(total)
    return out


ARE_ARCE = CalculatorKind(
    name="are_arce",
    title="Garder l'ARE ou demander l'ARCE ?",
    summary="Comparez ce que vous recevriez avec chaque option sur la durée de votre choix.",
    inputs=(
        Field("allocation_journaliere", "Allocation journalière (ARE)", MONEY, 32.0, "€"),
        Field("jours_restants", "Jours de droits restants", INT, 400, "jours"),
        Field("revenu_mensuel", "Revenu mensuel attendu de votre activité", MONEY, 600.0, "€"),
        Field("horizon_mois", "Horizon de comparaison", INT, 24, "mois", min=1, max=60),
        Field("salaire_brut_ancien", "Ancien salaire brut mensuel (0 pour ne pas plafonner)", MONEY, 0.0, "€"),
        Field("taux_arce", "Part des droits versée en ARCE", PERCENT, 60.0, "%", max=100),
        Field("retenue_retraite", "Retenue pour la retraite complémentaire", PERCENT, 3.0, "%", max=100),
        Field("part_revenu_deduite", "Part du revenu déduite de l'ARE", PERCENT, 70.0, "%", max=100),
        Field("jours_par_mois", "Jours comptés par mois", INT, 30, "jours", min=28, max=31),
        Field("mois_second_versement", "Mois du second versement de l'ARCE", INT, 7, "", min=2, max=60),
    ),
    compute=compute_are_arce,
)

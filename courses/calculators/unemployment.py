"""Keep ARE monthly or take ARCE as capital? (docs/course-reference.md section 5.6, facts F8 and F9).

The rules are time-sensitive: the rates are inputs with defaults, so a lesson can set them from the facts file.
Keeping ARE is modelled month by month, with three limits: the remaining rights, the former gross salary
(ARE + income), and, for contracts ended since 1 April 2025 (unemployment insurance convention of
15 November 2024, fact ``are_cumul_limite_creation``), a cap on the total ARE paid while cumulating with the
business's income: a share of the rights left on the creation date. Once the cap is reached no more ARE is
paid during the activity; the days not paid are still counted as rights.

Both sides are compared net of their deductions (Unédic, « Retenues sociales sur les allocations »): the ARCE
loses its retirement deduction (a share of the capital, fact ``arce_retenue_retraite``) and CSG and CRDS; each
day of ARE loses the supplementary-pension participation, a share of the daily reference wage (fact
``are_retenue_retraite_sjr``), then CSG and CRDS. On the ARE, neither may bring the day's allowance below its
exemption threshold (facts ``are_seuil_retraite`` and ``are_seuil_csg``, the latter tied to the Smic): a
deduction is cut to what lies above the threshold, so a small allowance pays no CSG or CRDS at all while the
ARCE still does. The CSG and CRDS rate is the one the learner reads on her France Travail statement (it depends
on her tax situation, so it is an input, 0 by default). The number of days paid is still counted on the gross
daily allowance, as France Travail does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .base import (
    INT,
    MONEY,
    PERCENT,
    CalculatorKind,
    Field,
    Output,
    Result,
    Table,
    format_plain,
    format_value,
)


def are_month(
    daily: float,
    days_in_month: int,
    income: float,
    rights_left: float,
    salary_cap: float,
    income_share: float,
) -> tuple[float, int]:
    """Return (amount paid, days of rights used) for one month of ARE alongside self-employed income."""
    # France Travail rounds to the nearest whole day, a half upwards (Python's round() would go to the even one).
    days = math.floor((daily * days_in_month - income_share * income) / daily + 0.5)
    days = max(0, min(days, days_in_month, int(rights_left)))
    paid = days * daily
    if salary_cap > 0:
        # ARE + income may not exceed the former gross salary; unpaid days stay in the rights.
        allowed = max(0.0, salary_cap - income)
        if paid > allowed:
            days = int(allowed // daily)
            paid = days * daily
    return paid, days


def cumul_cap_days(share: float, rights: int) -> int | None:
    """Days of ARE that may be paid while cumulating with the creation's income (None: no cap).

    The cap is a share of the rights left on the creation date; ARE is paid by whole days, so it is
    counted in whole days (rounded down), never more than the rights themselves.
    """
    if share <= 0:
        return None
    return min(rights, math.floor(round(share * rights, 6)))


def above(amount: float, deduction: float, threshold: float) -> float:
    """A deduction from a day's allowance, cut so that what is left stays at the threshold (none below it)."""
    if threshold <= 0:
        return min(deduction, amount)
    return max(0.0, min(deduction, amount - threshold))


def are_daily_net(
    daily: float, pension: float, pension_floor: float, social: float, social_floor: float
) -> float:
    """What one day of ARE actually brings: the pension participation (a share of the reference wage), then CSG
    and CRDS on what is left, neither taking the day below its exemption threshold (Unédic)."""
    after_pension = daily - above(daily, pension, pension_floor)
    return after_pension - above(after_pension, social * after_pension, social_floor)


def compute_are_arce(v: Mapping[str, Any]) -> Result:
    daily = v["allocation_journaliere"]
    rights = int(v["jours_restants"])
    income = v["revenu_mensuel"]
    horizon = int(v["horizon_mois"])
    if daily <= 0:
        return Result(
            (Output("ecart", "Écart", None, main=True),), ("Indiquez votre allocation journalière.",)
        )
    reference_wage = v["salaire_journalier_reference"]
    social = v["csg_crds"]
    daily_net = are_daily_net(
        daily,
        v["retenue_retraite_are"] * reference_wage,
        v["seuil_retraite_are"],
        social,
        v["seuil_csg_are"],
    )
    arce_total = v["taux_arce"] * daily * rights * (1 - v["retenue_retraite"]) * (1 - social)
    second_month = int(v["mois_second_versement"])
    arce_by_month = [0.0] * horizon
    if horizon >= 1:
        arce_by_month[0] = arce_total / 2
    if second_month <= horizon:
        arce_by_month[second_month - 1] += arce_total / 2
    cap_days = cumul_cap_days(v["plafond_cumul"], rights)
    cap_left = cap_days
    cap_month: int | None = None  # the month the cumulated ARE reaches the cap
    cut_days: float | None = None  # days paid that month, when the cap cuts it short
    are_by_month: list[float] = []
    days_by_month: list[float] = []
    left = float(rights)
    for month in range(1, horizon + 1):
        _, used = are_month(
            daily, int(v["jours_par_mois"]), income, left, v["salaire_brut_ancien"], v["part_revenu_deduite"]
        )
        if cap_left is not None:
            if used > cap_left:
                if cap_month is None:
                    cut_days = cap_left
                used = cap_left
            cap_left -= used
            if cap_left == 0 and cap_month is None:
                cap_month = month
        left -= used
        are_by_month.append(used * daily_net)
        days_by_month.append(used)
    arce_cum, are_cum = _cumulate(arce_by_month), _cumulate(are_by_month)
    cap_applies = cap_days is not None and cap_days < rights
    cap_formula = " ; plafond du cumul : plus rien une fois le plafond atteint" if cap_applies else ""
    outputs = (
        Output(
            "arce_total",
            "ARCE : capital total",
            arce_total,
            formula="ARCE = taux × allocation journalière × jours restants × (1 − retenue retraite) × "
            "(1 − CSG et CRDS)",
        ),
        Output("arce_versement", "ARCE : chaque versement (2 fois)", arce_total / 2, formula="ARCE ÷ 2"),
        Output(
            "are_jours_mois",
            "ARE : jours indemnisés le premier mois",
            days_by_month[0],
            "jours",
            formula="arrondi((allocation journalière × jours du mois − part déduite × revenu) ÷ allocation "
            "journalière), entre 0 et les jours du mois, dans la limite des droits restants, de "
            "l'ancien salaire brut (ARE + revenu) et du plafond du cumul",
            decimals=0,
        ),
        Output(
            "are_journaliere_nette",
            "ARE : montant versé par jour",
            daily_net,
            formula="allocation journalière − retenue retraite × salaire journalier de référence − CSG et "
            "CRDS sur le reste ; aucune des deux retenues ne fait passer le montant du jour sous son seuil "
            "d'exonération",
        ),
        Output(
            "are_mois",
            "ARE : montant le premier mois",
            are_by_month[0],
            formula="jours indemnisés × montant versé par jour",
        ),
        Output(
            "plafond_cumul",
            "ARE : plafond du cumul avec vos revenus d'activité",
            cap_days * daily_net if cap_applies and cap_days is not None else None,
            formula="plafond (part des droits) × jours restants au jour de la création, en jours entiers, × "
            "montant versé par jour"
            if cap_applies
            else "pas de plafond du cumul en deçà des droits restants",
        ),
        Output(
            "mois_plafond",
            "ARE : mois où le plafond du cumul est atteint",
            cap_month if cap_applies else None,
            "",
            formula="premier mois où les jours versés atteignent le plafond (— : pas dans l'horizon)",
            decimals=0,
        ),
        Output(
            "total_arce",
            f"Total reçu sur {horizon} mois avec l'ARCE",
            arce_cum[-1],
            formula="les deux versements de l'ARCE tombés dans l'horizon",
        ),
        Output(
            "total_are",
            f"Total reçu sur {horizon} mois en gardant l'ARE",
            are_cum[-1],
            formula="somme des montants mensuels d'ARE" + cap_formula,
        ),
        Output(
            "ecart",
            "Écart en faveur de l'ARE (négatif : en faveur de l'ARCE)",
            are_cum[-1] - arce_cum[-1],
            formula="total ARE − total ARCE",
            main=True,
        ),
        Output(
            "droits_restants",
            f"Jours de droits ARE restants après {horizon} mois",
            left,
            "jours",
            formula="jours restants − jours indemnisés (les jours non versés restent comptés)",
            decimals=0,
        ),
    )
    warnings = [
        "Le choix entre l'ARCE et le maintien de l'ARE est définitif : vérifiez votre situation avec France Travail.",
    ]
    if cap_applies and cap_month is not None and cap_days is not None:
        share = format_plain(v["plafond_cumul"] * 100, 1)
        if cut_days is None:
            when = f"à la fin du mois {cap_month}"
        elif cut_days == 0:
            when = f"dès le mois {cap_month}, où aucun jour n'est versé"
        else:
            when = f"au mois {cap_month}, où seuls {_days(cut_days)} sont versés"
        warnings.append(
            f"Plafond du cumul atteint {when} : l'ARE versée pendant que vous la cumulez avec vos revenus "
            f"d'activité est limitée à {share}\u00a0% de vos {_days(rights)} de droits restants au jour de la "
            f"création, soit {_days(cap_days)} ({format_value(cap_days * daily_net, '€')}). "
            "Ensuite, plus d'ARE pendant l'activité, sauf demande exceptionnelle à l'instance paritaire "
            "régionale : renseignez-vous auprès de France Travail. Le calculateur compte encore les jours non "
            "versés dans vos droits restants ; ce que vous pourrez en faire ensuite est à vérifier avec France "
            "Travail."
        )
    if cap_days is None:
        warnings.append(
            "Sans plafond du cumul : cela ne vaut que pour un contrat de travail terminé avant le "
            "1er avril 2025."
        )
    if reference_wage == 0 and v["retenue_retraite_are"] > 0:
        warnings.append(
            "Salaire journalier de référence non renseigné : la retenue pour la retraite complémentaire n'est "
            "pas déduite de l'ARE, alors qu'elle l'est de l'ARCE. Il figure sur votre notification de droits "
            "France Travail."
        )
    if social == 0:
        warnings.append(
            "CSG et CRDS non comptées : indiquez le taux de votre avis de paiement France Travail. Il s'applique "
            "à l'ARCE, et à l'ARE pour la part de l'allocation du jour qui dépasse le seuil d'exonération."
        )
    elif daily_net > 0 and v["seuil_csg_are"] > 0 and daily_net <= v["seuil_csg_are"]:
        warnings.append(
            f"Votre ARE du jour ({format_value(daily_net, '€')}) ne dépasse pas le seuil d'exonération de la CSG "
            f"et de la CRDS ({format_value(v['seuil_csg_are'], '€')}) : elles ne sont prélevées que sur "
            "l'ARCE, ou en partie seulement sur l'ARE."
        )
    if v["revenu_mensuel"] == 0:
        warnings.append("Avec un revenu inconnu, France Travail verse une avance et régularise ensuite.")
    if second_month > horizon:
        warnings.append("Le second versement de l'ARCE tombe après l'horizon choisi.")
    step = 1 if horizon <= 12 else 3
    shown = [m for m in range(horizon) if (m + 1) % step == 0 or m == 0]
    table = Table(
        "Montants cumulés reçus",
        tuple(f"Mois {m + 1}" for m in shown),
        (
            ("Avec l'ARCE", tuple(arce_cum[m] for m in shown)),
            ("En gardant l'ARE", tuple(are_cum[m] for m in shown)),
        ),
    )
    return Result(outputs, tuple(warnings), (table,))


def _days(n: float) -> str:
    return format_plain(n, 0) + (" jour" if n < 2 else " jours")


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
        Field(
            "salaire_brut_ancien", "Ancien salaire brut mensuel (0 pour ne pas plafonner)", MONEY, 0.0, "€"
        ),
        Field(
            "plafond_cumul",
            "Plafond du cumul ARE + revenus (part des droits restants, 0 pour ne pas plafonner)",
            PERCENT,
            60.0,
            "%",
            max=100,
            help="Pour un contrat de travail terminé depuis le 1er avril 2025, l'ARE versée en cumul avec les "
            "revenus de la création est limitée à une part des droits restants au jour de la création. "
            "Indiquez 0 si votre contrat a pris fin avant le 1er avril 2025.",
        ),
        Field(
            "salaire_journalier_reference",
            "Salaire journalier de référence (0 s'il vous est inconnu)",
            MONEY,
            0.0,
            "€",
            help="Il figure sur votre notification de droits France Travail ; la retenue pour la retraite "
            "complémentaire de chaque jour d'ARE en est une part.",
        ),
        Field(
            "retenue_retraite_are",
            "Retenue retraite sur l'ARE (part du salaire journalier de référence)",
            PERCENT,
            3.0,
            "%",
            max=100,
        ),
        Field(
            "seuil_retraite_are",
            "Seuil sous lequel la retenue retraite ne fait pas descendre l'ARE du jour",
            MONEY,
            31.97,
            "€",
            help="Seuil d'exonération publié par l'Unédic ; 0 pour ne pas l'appliquer.",
        ),
        Field(
            "csg_crds",
            "CSG et CRDS prélevées (taux de votre avis de paiement)",
            PERCENT,
            0.0,
            "%",
            max=100,
            help="6,2 % de CSG et 0,5 % de CRDS sur 98,25 % du montant, soit 6,58 % ; moins, ou 0, selon votre "
            "revenu fiscal. Le taux s'applique à l'ARCE, et à l'ARE au-dessus du seuil d'exonération.",
        ),
        Field(
            "seuil_csg_are",
            "Seuil d'exonération de la CSG et de la CRDS sur l'ARE (par jour)",
            MONEY,
            60.0,
            "€",
            help="La CSG et la CRDS ne font pas descendre l'ARE du jour sous ce seuil, lié au Smic ; il ne "
            "s'applique pas à l'ARCE. 0 pour ne pas l'appliquer.",
        ),
        Field("taux_arce", "Part des droits versée en ARCE", PERCENT, 60.0, "%", max=100),
        Field(
            "retenue_retraite", "Retenue pour la retraite complémentaire (ARCE)", PERCENT, 3.0, "%", max=100
        ),
        Field("part_revenu_deduite", "Part du revenu déduite de l'ARE", PERCENT, 70.0, "%", max=100),
        Field("jours_par_mois", "Jours comptés par mois", INT, 30, "jours", min=28, max=31),
        Field("mois_second_versement", "Mois du second versement de l'ARCE", INT, 7, "", min=2, max=60),
    ),
    compute=compute_are_arce,
)

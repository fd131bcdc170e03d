"""Price, margin, target turnover and break-even (docs/course-reference.md, lesson 1.4 and section 5.1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import BOOL, CHOICE, MONEY, PERCENT, CalculatorKind, Field, Output, Result, money

DAY_BASES = (("360", "Année commerciale (360 jours)"), ("365", "Année civile (365 jours)"))


def compute_prix_marge(v: Mapping[str, Any]) -> Result:
    cost = v["cout_achat_ht"]
    price = v["prix_vente_ht"]
    vat = v["taux_tva"]
    target = v["taux_marque_cible"]
    warnings: list[str] = []
    margin = price - cost
    price_ttc = price * (1 + vat)
    outputs = [
        Output(
            "prix_vente_ttc", "Prix de vente TTC", price_ttc, formula="PV TTC = PV HT × (1 + taux de TVA)"
        ),
        Output(
            "marge_ht", "Marge HT par unité", margin, formula="Marge = PV HT − coût d'achat HT", main=True
        ),
    ]
    if cost > 0:
        outputs.append(
            Output(
                "taux_marge", "Taux de marge", margin / cost, "%", "Taux de marge = marge ÷ coût d'achat HT"
            )
        )
        outputs.append(
            Output(
                "coefficient",
                "Coefficient multiplicateur",
                price_ttc / cost,
                "",
                "Coefficient = PV TTC ÷ coût d'achat HT",
            )
        )
    else:
        warnings.append("Sans coût d'achat, le taux de marge et le coefficient ne se calculent pas.")
    if price > 0:
        outputs.append(
            Output("taux_marque", "Taux de marque", margin / price, "%", "Taux de marque = marge ÷ PV HT")
        )
    else:
        warnings.append("Indiquez un prix de vente HT supérieur à zéro.")
    if target > 0:
        if target >= 1:
            warnings.append("Un taux de marque de 100 % ou plus est impossible.")
        else:
            outputs.append(
                Output(
                    "prix_conseille_ht",
                    "Prix HT pour atteindre le taux de marque visé",
                    cost / (1 - target),
                    formula="PV HT = coût d'achat HT ÷ (1 − taux de marque visé)",
                )
            )
    if margin < 0:
        warnings.append("Vous vendez à perte : le prix HT est inférieur au coût d'achat.")
    return Result(tuple(outputs), tuple(warnings))


PRIX_MARGE = CalculatorKind(
    name="prix_marge",
    title="Prix de vente et marge",
    summary="Du coût d'achat au prix TTC : marge, taux de marge, taux de marque et coefficient.",
    inputs=(
        Field("cout_achat_ht", "Coût d'achat (ou de revient) HT par unité", MONEY, 20.0, "€"),
        Field("prix_vente_ht", "Prix de vente HT par unité", MONEY, 50.0, "€"),
        Field("taux_tva", "Taux de TVA", PERCENT, 20.0, "%", max=100),
        Field(
            "taux_marque_cible",
            "Taux de marque visé (facultatif)",
            PERCENT,
            0.0,
            "%",
            max=99.99,
            help="Laissez 0 pour ne pas calculer de prix conseillé.",
        ),
    ),
    compute=compute_prix_marge,
)


def compute_ca_cible_micro(v: Mapping[str, Any]) -> Result:
    social = v["taux_cotisations"]
    if v["acre"]:
        social = social * (1 - v["taux_reduction_acre"])
    denominator = 1 - v["taux_charges_variables"] - social - v["taux_versement_liberatoire"]
    fixed = v["charges_fixes"]
    pay = v["remuneration_nette"]
    warnings: list[str] = []
    if denominator <= 0:
        return Result(
            (Output("ca_cible", "Chiffre d'affaires annuel à réaliser", None, main=True),),
            ("Les taux additionnés atteignent 100 % : aucun chiffre d'affaires ne couvre vos charges.",),
        )
    target = (fixed + pay) / denominator
    outputs = (
        Output(
            "ca_cible",
            "Chiffre d'affaires annuel à réaliser",
            target,
            formula="CA cible = (charges fixes + rémunération nette visée) ÷ (1 − taux de charges variables − taux de cotisations − taux du versement libératoire)",
            main=True,
        ),
        Output("ca_cible_mensuel", "Soit par mois", target / 12, formula="CA cible ÷ 12"),
        Output(
            "taux_cotisations_applique",
            "Taux de cotisations appliqué",
            social,
            "%",
            formula="taux × (1 − réduction ACRE)" if v["acre"] else "taux normal",
        ),
        Output(
            "cotisations", "Cotisations sociales", target * social, formula="CA cible × taux de cotisations"
        ),
        Output(
            "versement_liberatoire",
            "Versement libératoire",
            target * v["taux_versement_liberatoire"],
            formula="CA cible × taux du versement libératoire",
        ),
        Output(
            "charges_variables",
            "Charges variables",
            target * v["taux_charges_variables"],
            formula="CA cible × taux de charges variables",
        ),
    )
    ceiling = v["plafond_ca"]
    if ceiling > 0 and target > ceiling:
        warnings.append(
            "Ce chiffre d'affaires dépasse le plafond de la micro-entreprise que vous avez indiqué : "
            "vérifiez le régime qui vous conviendra."
        )
    if pay == 0:
        warnings.append("Vous ne prévoyez aucune rémunération : pensez à vous payer.")
    return Result(outputs, tuple(warnings))


CA_CIBLE_MICRO = CalculatorKind(
    name="ca_cible_micro",
    title="Chiffre d'affaires pour le revenu que je vise (micro-entreprise)",
    summary="Les cotisations et le versement libératoire sont proportionnels au chiffre d'affaires : ils comptent comme des charges variables.",
    inputs=(
        Field("charges_fixes", "Charges fixes annuelles", MONEY, 6000.0, "€"),
        Field("remuneration_nette", "Rémunération nette visée par an", MONEY, 18000.0, "€"),
        Field("taux_charges_variables", "Charges variables (en % du CA)", PERCENT, 10.0, "%", max=100),
        Field("taux_cotisations", "Taux de cotisations sociales", PERCENT, 21.2, "%", max=100),
        Field(
            "taux_versement_liberatoire",
            "Versement libératoire (0 si vous ne l'avez pas choisi)",
            PERCENT,
            1.7,
            "%",
            max=100,
        ),
        Field("acre", "Je bénéficie de l'ACRE", BOOL, False),
        Field(
            "taux_reduction_acre", "Réduction de cotisations accordée par l'ACRE", PERCENT, 25.0, "%", max=100
        ),
        Field(
            "plafond_ca", "Plafond de chiffre d'affaires du régime (0 pour ne pas vérifier)", MONEY, 0.0, "€"
        ),
    ),
    compute=compute_ca_cible_micro,
)


def compute_seuil_rentabilite(v: Mapping[str, Any]) -> Result:
    ca = v["chiffre_affaires"]
    cv = v["charges_variables"]
    cf = v["charges_fixes"]
    days = int(v["base_jours"])
    warnings: list[str] = []
    if ca <= 0:
        return Result(
            (Output("seuil", "Seuil de rentabilité", None, main=True),),
            ("Indiquez un chiffre d'affaires supérieur à zéro.",),
        )
    mcv = ca - cv
    rate = mcv / ca
    outputs = [
        Output("mcv", "Marge sur coûts variables", mcv, formula="MCV = CA − charges variables"),
        Output("taux_mcv", "Taux de marge sur coûts variables", rate, "%", "Taux de MCV = MCV ÷ CA"),
    ]
    if rate <= 0:
        warnings.append("Pas de seuil : chaque vente augmente la perte.")
        outputs.append(Output("seuil", "Seuil de rentabilité", None, main=True))
    else:
        sr = cf / rate
        margin = ca - sr
        outputs += [
            Output(
                "seuil",
                "Seuil de rentabilité (CA)",
                sr,
                formula="SR = charges fixes ÷ taux de MCV",
                main=True,
            ),
            Output("point_mort", "Point mort", sr / ca * days, "jours", f"PM = SR ÷ CA × {days}"),
            Output("marge_securite", "Marge de sécurité", margin, formula="MS = CA − SR"),
            Output("indice_securite", "Indice de sécurité", margin / ca, "%", "IS = MS ÷ CA"),
        ]
        if sr > ca:
            warnings.append(
                f"Votre chiffre d'affaires est inférieur au seuil : il manque {money(sr - ca)} de ventes."
            )
    price, unit_cost = v["prix_unitaire"], v["cout_variable_unitaire"]
    if price > 0:
        if price <= unit_cost:
            warnings.append(
                "Le prix unitaire ne couvre pas le coût variable unitaire : pas de seuil en quantité."
            )
        else:
            outputs.append(
                Output(
                    "seuil_unites",
                    "Seuil en quantité",
                    cf / (price - unit_cost),
                    "unités",
                    "Q* = charges fixes ÷ (prix unitaire − coût variable unitaire)",
                )
            )
    if not v["remuneration_incluse"]:
        warnings.append("Vos charges fixes n'incluent pas votre rémunération : le seuil est sous-estimé.")
    return Result(tuple(outputs), tuple(warnings))


SEUIL_RENTABILITE = CalculatorKind(
    name="seuil_rentabilite",
    title="Seuil de rentabilité et point mort",
    summary="Le chiffre d'affaires à partir duquel l'entreprise couvre toutes ses charges, et la date à laquelle elle l'atteint.",
    inputs=(
        Field("chiffre_affaires", "Chiffre d'affaires HT de la période", MONEY, 60000.0, "€"),
        Field("charges_variables", "Charges variables de la période", MONEY, 12000.0, "€"),
        Field("charges_fixes", "Charges fixes de la période", MONEY, 24000.0, "€"),
        Field("base_jours", "Base de calcul du point mort", CHOICE, "360", choices=DAY_BASES),
        Field("remuneration_incluse", "Mes charges fixes incluent ma rémunération", BOOL, True),
        Field("prix_unitaire", "Prix de vente unitaire HT (facultatif)", MONEY, 0.0, "€"),
        Field("cout_variable_unitaire", "Coût variable unitaire (facultatif)", MONEY, 0.0, "€"),
    ),
    compute=compute_seuil_rentabilite,
)

__all__ = ["CA_CIBLE_MICRO", "PRIX_MARGE", "SEUIL_RENTABILITE"]

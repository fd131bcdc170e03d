"""BFR, working-capital need, by the normative method in days (docs/course-reference.md section 5.2)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import BOOL, CHOICE, INT, MONEY, PERCENT, CalculatorKind, Field, Output, Result
from .pricing import DAY_BASES


def compute_bfr(v: Mapping[str, Any]) -> Result:
    days = int(v["base_jours"])
    ca_ht = v["chiffre_affaires_ht"]
    purchases_ht = v["achats_ht"]
    # Under the VAT franchise no VAT is invoiced nor recovered: receivables and payables are HT.
    vat = 0.0 if v["franchise_tva"] else v["taux_tva"]
    basis = "HT" if v["franchise_tva"] else "TTC"
    stock = purchases_ht / days * v["jours_stock"]
    receivables = ca_ht * (1 + vat) / days * v["delai_clients"]
    payables = purchases_ht * (1 + vat) / days * v["delai_fournisseurs"]
    bfr = stock + receivables - payables
    outputs = [
        Output("stock", "Stock moyen", stock, formula=f"Stock = achats HT ÷ {days} × jours de stock"),
        Output(
            "creances_clients",
            "Créances clients",
            receivables,
            formula=f"Créances = CA {basis} ÷ {days} × délai clients",
        ),
        Output(
            "dettes_fournisseurs",
            "Dettes fournisseurs",
            payables,
            formula=f"Dettes = achats {basis} ÷ {days} × délai fournisseurs",
        ),
        Output(
            "bfr",
            "Ressource en fonds de roulement" if bfr < 0 else "Besoin en fonds de roulement (BFR)",
            bfr,
            formula="BFR = stock + créances − dettes",
            main=True,
        ),
    ]
    warnings: list[str] = []
    if ca_ht > 0:
        outputs.append(
            Output(
                "bfr_jours",
                "BFR en jours de chiffre d'affaires",
                bfr / ca_ht * days,
                "jours",
                f"BFR en jours = BFR ÷ CA HT × {days}",
            )
        )
    else:
        warnings.append("Indiquez un chiffre d'affaires pour exprimer le BFR en jours.")
    if bfr < 0:
        warnings.append(
            "BFR négatif : vos clients vous paient avant que vous ne payiez vos fournisseurs. "
            "C'est une ressource, fréquente dans le commerce payé comptant."
        )
    return Result(tuple(outputs), tuple(warnings))


BFR = CalculatorKind(
    name="bfr",
    title="Besoin en fonds de roulement (BFR)",
    summary="Pourquoi une entreprise rentable peut manquer de trésorerie : le décalage entre ce qu'on paie et ce qu'on encaisse.",
    inputs=(
        Field("chiffre_affaires_ht", "Chiffre d'affaires annuel HT", MONEY, 120000.0, "€"),
        Field("achats_ht", "Achats annuels HT", MONEY, 60000.0, "€"),
        Field("jours_stock", "Durée moyenne de stockage", INT, 30, "jours"),
        Field("delai_clients", "Délai de paiement des clients", INT, 30, "jours"),
        Field("delai_fournisseurs", "Délai de paiement des fournisseurs", INT, 60, "jours"),
        Field("franchise_tva", "Je suis en franchise de TVA", BOOL, False),
        Field("taux_tva", "Taux de TVA", PERCENT, 20.0, "%", max=100),
        Field("base_jours", "Base de calcul", CHOICE, "360", choices=DAY_BASES),
    ),
    compute=compute_bfr,
)

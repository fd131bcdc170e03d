"""Calculator registry. Each kind declares its inputs and a pure ``compute``.

Authors use the kind names in ``::: calculator {#id kind=…}`` and the input names as ``key: value`` defaults;
the content lint checks both against this registry.
"""

from __future__ import annotations

from .base import CalculatorKind, Field, Output, ParsedInputs, Result, Table, format_value, parse_number
from .cash import PLAN_TRESORERIE
from .financing import PLAN_FINANCEMENT
from .income import COMPTE_RESULTAT
from .loan import MENSUALITE_PRET
from .pricing import CA_CIBLE_MICRO, PRIX_MARGE, SEUIL_RENTABILITE
from .unemployment import ARE_ARCE
from .working_capital import BFR

KINDS: dict[str, CalculatorKind] = {
    kind.name: kind
    for kind in (
        PRIX_MARGE,
        CA_CIBLE_MICRO,
        SEUIL_RENTABILITE,
        BFR,
        COMPTE_RESULTAT,
        PLAN_FINANCEMENT,
        PLAN_TRESORERIE,
        MENSUALITE_PRET,
        ARE_ARCE,
    )
}

__all__ = [
    "KINDS",
    "CalculatorKind",
    "Field",
    "Output",
    "ParsedInputs",
    "Result",
    "Table",
    "format_value",
    "parse_number",
]

"""The course's personas are one story across lessons: Claire's and Amina's figures agree from lesson to lesson,
with the calculators and with the facts file (the guarantee rates)."""

from __future__ import annotations

import pytest

from .helpers import fr, row, run, source

# The examples of different lessons are one story: the figures must agree across lessons.


def test_claire_story_is_consistent(course, facts):
    income = course.calculators["m4-l1-calc"].defaults
    breakeven = course.calculators["m4-l2-calc"].defaults
    working = course.calculators["m4-l3-calc"].defaults
    plan = course.calculators["m4-l4-calc"].defaults
    cash = course.calculators["m4-l5-calc"].defaults
    loan = course.calculators["m4-l6-calc"].defaults
    pessimistic = course.calculators["m4-l7-calc"].defaults
    # Break-even inputs are year 1 of the income statement.
    dotation = income["investissements"] / income["duree_amortissement"]
    fixed = (
        income["charges_externes"][0]
        + income["impots_taxes"][0]
        + income["salaires_charges"][0]
        + dotation
        + income["charges_financieres"][0]
    )
    assert breakeven["chiffre_affaires"] == income["chiffre_affaires"][0] == working["chiffre_affaires_ht"]
    assert breakeven["charges_variables"] == income["achats"][0] == working["achats_ht"]
    assert breakeven["charges_fixes"] == pytest.approx(fixed)
    # The interest in the income statement is the 15 000 € loan's schedule; the 20 000 € loan moves it to 918 €.
    first = run("mensualite_pret", loan, capital=plan["pret_bancaire"])
    assert [round(v) for v in row(first, "dont intérêts")[:3]] == income["charges_financieres"]
    chosen = run("mensualite_pret", loan)
    assert pessimistic["charges_fixes"] == pytest.approx(
        fixed - row(first, "dont intérêts")[0] + row(chosen, "dont intérêts")[0], abs=1
    )
    assert pessimistic["chiffre_affaires"] == pytest.approx(0.85 * breakeven["chiffre_affaires"])
    assert pessimistic["charges_variables"] == pytest.approx(0.85 * breakeven["charges_variables"])
    # The financing plan: investments are those of the income statement, the BFR that of the BFR lesson.
    assert (
        plan["investissements_incorporels"] + plan["investissements_corporels"] == income["investissements"]
    )
    assert plan["bfr_initial"] == run("bfr", working).value("bfr")
    # The cash plan pays them TTC, receives the contribution, the prêt d'honneur and the loan.
    vat = 1 + facts["tva_taux_normal"].value / 100
    assert cash["investissements"][0] == pytest.approx(
        vat * income["investissements"] + plan["investissements_financiers"] + plan["frais_etablissement"]
    )
    assert cash["apports"][0] == plan["apport_personnel"] + plan["pret_honneur"]
    assert cash["emprunts"][0] == plan["pret_bancaire"]
    assert cash["remboursements"][1] == round(first.value("mensualite"))
    assert sum(cash["ventes"]) == pytest.approx(vat * income["chiffre_affaires"][0])
    assert sum(cash["remuneration"]) == 18000  # 1 500 € a month, as in the income statement's 26 000 €
    # The VAT line: what she collects on sales, less what she pays on purchases and investments, leaves more
    # than the 500 € a month she sets aside (the rest is the VAT on her charges).
    collected_vat = sum(cash["ventes"]) * (1 - 1 / vat)
    deducted_vat = sum(cash["achats"]) * (1 - 1 / vat) + income["investissements"] * (vat - 1)
    assert (round(collected_vat), round(sum(cash["achats"]) * (1 - 1 / vat)), round(deducted_vat)) == (
        24000,
        12833,
        12833 + 3600,
    )
    assert cash["tva"] == [500] * 12 and sum(cash["tva"]) <= collected_vat - deducted_vat
    treasury = source("04-previsionnel-financier/05-plan-tresorerie.md")
    assert (
        "collecte 24 000 € de TVA" in treasury and "12 833 €" in treasury and "il reste 7 567 €" in treasury
    )
    assert round(collected_vat - deducted_vat) == 7567
    # Module 2 quotes the year-1 profit before tax and the corporation tax, rounded.
    result = run("compte_resultat", income)
    text = source("02-statut-juridique/04-fiscalite.md")
    assert f"environ {fr(round(row(result, 'Résultat courant')[0], -2))} €" in text
    assert f"environ {fr(round(row(result, 'Impôt sur les sociétés')[0], -1))} €" in text
    # The capstone and the synthesis quote the final figures.
    final = source("08-dossier-final/01-mon-dossier.md")
    for snippet in ("101 636 €", "4 000 €", "34 000 €", "+400 €", "377,42 €"):
        assert snippet in final, snippet
    assert "101 636 €" in source("06-convaincre-financeurs/01-business-plan.md")
    # The banker asks about −20 %: Claire answers for −20 % (the shortfall under the threshold, the margin
    # missing against fixed costs), with the figures of module 4's scenario.
    banker = source("06-convaincre-financeurs/02-rendez-vous-bancaire.md")
    shortfall, missing = 101636 - 96000, 50818 - (96000 - 48000)
    assert (shortfall, missing) == (5636, 2818)
    assert "À −20 %, soit 96 000 € HT" in banker and "5 636 €" in banker and "2 818 €" in banker
    assert missing < 4000  # her safety cash covers it
    # Module 1 market study supports module 4's shop turnover (85 % of 120 000 € HT in the shop), with one
    # basket in both: 60 € TTC, 50 € HT, the price of her sweater.
    basket_ttc, basket_ht = 60, 50
    assert basket_ttc / vat == pytest.approx(basket_ht)
    market = " ".join(source("01-projet-modele-economique/02-marche-modele.md").split())
    assert f"18 000 × 0,06 × 2 × {basket_ttc} = 129 600 € TTC" in market and "108 000 € HT" in market
    assert f"panier moyen de {basket_ttc} € TTC ({basket_ht} € HT" in market
    assert 18000 * 0.06 * 2 * basket_ttc / vat == pytest.approx(108000)
    assert 0.85 * income["chiffre_affaires"][0] == 102000 <= 108000
    assert "102 000 € HT en boutique" in source("04-previsionnel-financier/07-coherence-scenarios.md")
    assert "environ 108 000 € HT" in " ".join(
        source("04-previsionnel-financier/07-coherence-scenarios.md").split()
    )
    statement = " ".join(source("04-previsionnel-financier/01-compte-de-resultat.md").split())
    assert f"48 × 20 % × {basket_ht} × 250 = **120 000 € HT**" in statement
    assert 48 * 0.20 * basket_ht * 250 == pytest.approx(income["chiffre_affaires"][0])
    assert f"{basket_ht} € HT ({basket_ttc} € TTC)" in statement


def test_amina_are_income_follows_the_allowance(facts):
    # 1 060 € of turnover a month, less the flat-rate allowance of a liberal activity, is about 700 €.
    assert 1060 * (1 - facts["micro_abattement_bnc"].value / 100) == pytest.approx(700, abs=1)
    assert "1 060 € de chiffre d'affaires par mois" in source("03-aides-creation/02-are-ou-arce.md")


SPELLED = {4: "quatre", 16: "seize"}  # the month counts the ARE lesson writes in words


def test_amina_are_cap_follows_the_calculator(course):
    """Every figure of the cap on the cumulated ARE in Amina's example, recomputed from the calculator."""
    calc = course.calculators["m3-l2-calc"]
    inputs = calc.defaults
    full = run("are_arce", inputs)  # the lesson's 24 months
    year = run("are_arce", inputs, horizon_mois=12)
    daily, rights = inputs["allocation_journaliere"], inputs["jours_restants"]
    paid_daily = full.value("are_journaliere_nette")
    assert paid_daily == pytest.approx(
        daily - inputs["retenue_retraite_are"] / 100 * inputs["salaire_journalier_reference"]
    )
    cap_days = round(full.value("plafond_cumul") / paid_daily, 6)
    paid_in_year = round(year.value("total_are") / paid_daily, 6)
    month = full.value("mois_plafond")
    left_to_cumulate = cap_days - paid_in_year
    assert left_to_cumulate / full.value("are_jours_mois") == month - 12
    raw_days = (
        daily * inputs["jours_par_mois"] - inputs["part_revenu_deduite"] / 100 * inputs["revenu_mensuel"]
    ) / daily
    text = " ".join(source("03-aides-creation/02-are-ou-arce.md").split())
    for snippet in (
        f"(40 × 30 − 0,70 × 700) ÷ 40 = {fr(raw_days, 2)}, soit **{fr(full.value('are_jours_mois'))} jours**",
        f"{{{{ are_cumul_limite_creation.value }}}} % × {fr(rights)} = **{fr(cap_days)} jours**",
        f"elle a touché {fr(paid_in_year)} jours : il lui en reste {fr(left_to_cumulate)} à percevoir en cumul, "
        f"soit {SPELLED[month - 12]} mois de plus",
        f"il montre le plafond du cumul atteint au mois {month}",
        f"Sur {SPELLED[month]} mois ou plus",
        f"chaque mois pendant {SPELLED[month]} mois",
    ):
        assert snippet in text, snippet
    assert inputs["allocation_journaliere"] == 40 and inputs["revenu_mensuel"] == 700
    assert any(w.startswith(f"Plafond du cumul atteint à la fin du mois {month}") for w in full.warnings)
    assert not any(w.startswith("Plafond du cumul") for w in year.warnings)
    # Module 5 says how long the ARE keeps securing her income.
    combining = " ".join(source("05-trouver-financements/07-combiner-financements.md").split())
    assert (
        f"l'ARE maintenue sécurise ses revenus pendant {month} mois, jusqu'au plafond du cumul" in combining
    )


def test_guarantee_examples_follow_the_facts(facts):
    share = facts["gef_quotite"].value / 100
    fee = facts["gef_commission"].value / 100
    text3 = source("03-aides-creation/04-dispositifs-femmes.md")
    assert f"**{fr(15000 * share)} €**" in text3 and f"environ **{fr(15000 * share * fee)} €**" in text3
    # Claire's 20 000 € loan is guaranteed by Bpifrance; her limited caution is half the unguaranteed part.
    bpi = facts["bpi_garantie_creation"].value / 100
    text5 = source("05-trouver-financements/03-banque-garanties.md")
    assert f"**{fr(20000 * bpi)} €** du prêt sont garantis" in text5
    assert f"limitée à **{fr(20000 * (1 - bpi) / 2)} €**, la moitié de" in text5
    assert f"caution personnelle limitée à {fr(20000 * (1 - bpi) / 2)} €" in " ".join(
        source("05-trouver-financements/07-combiner-financements.md").split()
    )


CLAIRE_FINANCING = [
    "00-bienvenue/01-comment-ca-marche.md",
    "03-aides-creation/04-dispositifs-femmes.md",
    "03-aides-creation/check.md",
    "05-trouver-financements/03-banque-garanties.md",
    "05-trouver-financements/07-combiner-financements.md",
    "06-convaincre-financeurs/01-business-plan.md",
    "08-dossier-final/01-mon-dossier.md",
]


@pytest.mark.parametrize("path", CLAIRE_FINANCING)
def test_claire_is_guaranteed_by_bpifrance_not_the_garantie_egalite_femmes(path):
    """Claire worked until the eve of her creation: she is neither a job seeker nor precarious, so the
    Garantie Égalité Femmes is not hers; wherever her plan is told, her loan's guarantee is Bpifrance's."""
    assert "Bpifrance" in source(path), path
    not_hers = ("n'est pas pour elle", "ne la concerne pas", "Être une femme ne suffit pas")
    for block in source(path).split("\n\n"):
        block = " ".join(block.split())
        if "Claire" in block and "Égalité Femmes" in block:
            assert any(reason in block for reason in not_hers), block

"""Charts drawn on the server: what a learner sees (and hears through the text alternative) matches the figures."""

from __future__ import annotations

import re
from datetime import date

from courses import pdf
from courses.calculators import KINDS
from courses.charts import BAD, GOOD, charts_for


def run(kind: str, **values: object):
    parsed, result = KINDS[kind].run({k: str(v) for k, v in values.items()}, base={})
    assert not parsed.errors, parsed.errors
    return result


def test_the_cash_plan_shows_each_month_end_and_says_when_it_is_lowest():
    result = run("plan_tresorerie", tresorerie_initiale=1000, ventes_1=0, achats_1=4000, ventes_2=8000)
    (chart,) = charts_for("plan_tresorerie", result)
    bars = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', chart.svg)
    assert len(bars) == 12
    assert bars[0] == BAD and bars[-1] == GOOD  # −3 000 € after month 1, back above zero later
    assert 'role="img"' in chart.svg and "<title" in chart.svg and "<desc" in chart.svg
    assert "elle passe sous zéro" in chart.description and "au mois 1" in chart.description


def test_the_break_even_chart_says_where_her_turnover_stands():
    above = run("seuil_rentabilite", chiffre_affaires=120000, charges_variables=60000, charges_fixes=50000)
    (chart,) = charts_for("seuil_rentabilite", above)
    assert (
        "100\u202f000\u00a0€" in chart.description
        and "au-dessus du seuil de 20\u202f000\u00a0€" in chart.description
    )
    below = run("seuil_rentabilite", chiffre_affaires=80000, charges_variables=40000, charges_fixes=50000)
    assert (
        "en dessous du seuil de 20\u202f000\u00a0€" in charts_for("seuil_rentabilite", below)[0].description
    )
    # No margin on variable costs: no threshold, and no chart pretending one.
    assert (
        charts_for("seuil_rentabilite", run("seuil_rentabilite", chiffre_affaires=100, charges_variables=150))
        == []
    )


def test_the_loan_chart_has_a_bar_per_year_down_to_zero():
    result = run("mensualite_pret", capital=20000, taux_annuel=5, duree_mois=60)
    (chart,) = charts_for("mensualite_pret", result)
    assert len(re.findall(r"<rect ", chart.svg)) == 5
    assert (
        "de 20\u202f000\u00a0€ empruntés" in chart.description
        and "0\u00a0€ à la fin de l'année 5" in chart.description
    )


def test_the_dossier_pdf_draws_the_charts_with_and_without_a_unicode_font(monkeypatch):
    items = [
        pdf.DossierItem(
            "Mensualité",
            [],
            run("mensualite_pret", capital=20000, taux_annuel=5, duree_mois=60),
            "mensualite_pret",
        )
    ]
    for font_dir in (pdf.FONT_DIR, None):
        monkeypatch.setattr(pdf, "FONT_DIR", font_dir)
        with_chart = pdf.dossier_pdf("Claire", "Cours", date(2026, 12, 6), items)
        without = pdf.dossier_pdf(
            "Claire", "Cours", date(2026, 12, 6), [pdf.DossierItem("M", [], items[0].result)]
        )
        assert with_chart.startswith(b"%PDF") and len(with_chart) > len(without)

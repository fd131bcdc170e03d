"""Module 2's worked figures recomputed: the net pay that micro-enterprise, EURL and SASU leave on one example
(lesson 2.6), and the maternity amounts of 2026 with Sophie's case (lesson 2.7), from the facts file."""

from __future__ import annotations

import pytest

from .helpers import fr, source

NET_PAY = "02-statut-juridique/06-revenu-net-compare.md"
MATERNITY = "02-statut-juridique/07-conge-maternite.md"
CHECK = "02-statut-juridique/check.md"

# The annual ceilings of the three years before a first payment in 2026 (urssaf.fr); 2026's is the fact pass_2026.
PASS_2023_2025 = (43992, 46368, 47100)


def flat(text: str) -> str:
    return " ".join(text.split())


def net_pay(facts, turnover: float, charges: float) -> dict[str, float]:
    """What is left of one year's turnover after charges and social contributions, before income tax."""
    left = turnover - charges
    return {
        "micro": left - turnover * facts["micro_cotis_bnc_ssi"].value / 100,
        "eurl": left / (1 + facts["tns_cotisations_part_net"].value / 100),
        "sasu": left / (1 + facts["assimile_cotisations_part_net"].value / 100),
    }


def test_maternity_amounts_follow_their_rules(facts):
    ceiling = facts["pass_2026"].value
    assert facts["maternite_allocation_forfaitaire"].value == ceiling / 12  # the monthly ceiling
    assert facts["maternite_ij_independante"].value == round(ceiling / 730, 2)
    assert facts["maternite_seuil_revenu"].value == pytest.approx(0.1 * sum(PASS_2023_2025) / 3)
    assert facts["maternite_allocation_reduite"].value == pytest.approx(
        facts["maternite_allocation_forfaitaire"].value / 10
    )
    assert facts["maternite_ij_reduite"].value == round(facts["maternite_ij_independante"].value / 10, 2)
    # Régime général: three months at the monthly ceiling, over 91.25 days, less the 21 % flat rate.
    rate = facts["rg_ij_maternite_taux_forfaitaire"].value / 100
    assert facts["rg_ij_maternite_max"].value == round(3 * ceiling / 12 / 91.25 * (1 - rate), 2)
    assert (facts["maternite_duree_max"].value, facts["maternite_arret_minimum"].value) == (16, 8)


def test_sophie_maternity_case(facts):
    text = flat(source(MATERNITY))
    allowance = facts["maternite_allocation_forfaitaire"].value
    daily = facts["maternite_ij_independante"].value
    long_leave, short_leave = (
        7 * facts["maternite_duree_max"].value,
        7 * facts["maternite_arret_minimum"].value,
    )
    assert (long_leave, short_leave) == (112, 56)
    # Sophie, president of the SAS, paid 2 500 € gross a month: the contribution condition, then her daily rate.
    threshold = facts["rg_maternite_condition_smic"].value * facts["smic_horaire_2026"].value
    assert 6 * 2500 >= threshold
    rate = facts["rg_ij_maternite_taux_forfaitaire"].value / 100
    sophie = round(3 * 2500 / 91.25 * (1 - rate), 2)
    assert sophie <= facts["rg_ij_maternite_max"].value
    for snippet in (
        f"6 × 2 500 = {fr(6 * 2500)} € cotisés, au-dessus de 1 015 × {{{{ smic_horaire_2026 }}}} = {fr(threshold, 2)} €",
        f"≈ **{fr(sophie, 2)} € par jour**",
        f"112 × {fr(sophie, 2)} ≈ **{fr(long_leave * sophie)} €**",
        f"+ 112 × {{{{ maternite_ij_independante }}}} = **{fr(allowance + long_leave * daily, 2)} €**",
        f"+ 56 × {{{{ maternite_ij_independante }}}} = **{fr(allowance + short_leave * daily, 2)} €**",
        "+ 112 × {{ maternite_ij_reduite }} = "
        + f"**{fr(facts['maternite_allocation_reduite'].value + long_leave * facts['maternite_ij_reduite'].value, 2)} €**",
    ):
        assert snippet in text, snippet
    # The flat amounts protect a small income better than Sophie's salary does, as the lesson says.
    assert allowance + long_leave * daily > long_leave * sophie


def test_maternity_quizzes(course, facts):
    allowance = facts["maternite_allocation_forfaitaire"].value
    daily = facts["maternite_ij_independante"].value
    quiz = course.quizzes["m2-l7-q1"]
    assert quiz.answer == pytest.approx(allowance + 70 * daily)
    assert f"= {fr(allowance)} + {fr(70 * daily, 2)} = {fr(allowance + 70 * daily, 2)} €" in flat(
        source(MATERNITY)
    )
    # The graded case: 6 000 € of liberal turnover, less the allowance for costs, is under the income threshold.
    income = 6000 * (1 - facts["micro_abattement_bnc"].value / 100)
    assert income < facts["maternite_seuil_revenu"].value
    check = flat(source(CHECK))
    assert f"font {fr(income)} €, sous le seuil" in check
    right = next(o for o in course.quizzes["m2-check-q12"].options if o.correct)
    assert facts["maternite_allocation_reduite"].display in right.html


def test_net_pay_of_the_three_statuses_on_one_example(facts):
    text = flat(source(NET_PAY))
    low = net_pay(facts, 36000, 6000)
    micro_contributions = 36000 * facts["micro_cotis_bnc_ssi"].value / 100
    for snippet in (
        f"36 000 × {{{{ micro_cotis_bnc_ssi }}}} = {fr(micro_contributions)} €",
        f"36 000 − 6 000 − {fr(micro_contributions)} = **{fr(low['micro'])} €**",
        f"30 000 ÷ 1,45 ≈ **{fr(low['eurl'])} €**, pour environ {fr(30000 - low['eurl'])} €",
        f"30 000 ÷ 1,80 ≈ **{fr(low['sasu'])} €**, pour environ {fr(30000 - low['sasu'])} €",
        f"| Cotisations sociales | {fr(micro_contributions)} € | ≈ {fr(30000 - low['eurl'])} € | ≈ {fr(30000 - low['sasu'])} € |",
        f"| {fr(low['micro'])} € | ≈ {fr(low['eurl'])} € | ≈ {fr(low['sasu'])} € |",
        f"| Par mois | ≈ {fr(low['micro'] / 12)} € | ≈ {fr(low['eurl'] / 12)} € | ≈ {fr(low['sasu'] / 12)} € |",
    ):
        assert snippet in text, snippet
    # The lesson's divisors are the facts' orders of magnitude.
    assert (
        facts["tns_cotisations_part_net"].value == 45 and facts["assimile_cotisations_part_net"].value == 80
    )
    assert "Pour 100 € nets, elle paie environ 45 €" in text
    # With low charges micro and EURL are level and the SASU leaves least; with high charges the EURL wins.
    assert abs(low["micro"] - low["eurl"]) < 0.01 * low["micro"] and low["sasu"] < low["eurl"]
    high = net_pay(facts, 36000, 15000)
    for snippet in (
        f"36 000 − 15 000 − {fr(micro_contributions)} = **{fr(high['micro'])} €**",
        f"21 000 ÷ 1,45 ≈ **{fr(high['eurl'])} €**",
        f"21 000 ÷ 1,80 ≈ **{fr(high['sasu'])} €**",
    ):
        assert snippet in text, snippet
    assert high["eurl"] > max(high["micro"], high["sasu"])


def test_net_pay_quizzes(course, facts):
    quiz = course.quizzes["m2-l6-q1"]
    eurl = net_pay(facts, 45000, 6000)["eurl"]
    assert quiz.answer == round(eurl)
    assert f"39 000 ÷ 1,45 ≈ {fr(eurl)} €, pour environ {fr(39000 - eurl)} €" in flat(source(NET_PAY))
    sasu = 30000 / (1 + facts["assimile_cotisations_part_net"].value / 100)
    eurl_30 = 30000 / (1 + facts["tns_cotisations_part_net"].value / 100)
    graded = course.quizzes["m2-check-q11"]
    right = [o.html for o in graded.options if o.correct]
    assert len(right) == 1 and f"Environ {fr(sasu)} €" in right[0]
    texts = " ".join(o.html for o in graded.options)
    assert f"Environ {fr(eurl_30)} €" in texts and f"{fr(30000 * 0.2)} €" in texts

"""Graders for every question type, through quizzes parsed from Markdown (the real path)."""

from __future__ import annotations

from pathlib import Path

import pytest

from courses.grading import grade, normalise_text
from courses.lesson_file import parse_document
from courses.markdown import RenderContext, make_markdown


def quiz_from(source: str):
    ctx = RenderContext({})
    doc = parse_document(make_markdown(), Path("q.md"), source, ctx)
    assert not ctx.problems, ctx.problems
    assert len(doc.quizzes) == 1
    return doc.quizzes[0]


def key_of(quiz, text):
    return next(o.key for o in quiz.options + quiz.items if o.text == text)


SINGLE = """::: quiz {#q1}
Question ?

> Indice

- [ ] 14 400 €
  > Multiplié.
- [x] 40 000 €
  > Exact.
- [ ] 38 400 €

---
Explication.
:::
"""


def test_single_choice(sample_course):
    quiz = quiz_from(SINGLE)
    assert quiz.type == "single"
    assert "Indice" in quiz.hint_html and "Explication" in quiz.explanation_html
    right = grade(quiz, {"choice": [key_of(quiz, "40 000 €")]})
    assert right.correct and right.score == 1 and "Exact" in right.feedback[0]
    wrong = grade(quiz, {"choice": [key_of(quiz, "14 400 €")]})
    assert not wrong.correct and "Multiplié" in wrong.feedback[0]
    assert grade(quiz, {"choice": ["unknown"]}).error
    assert grade(quiz, {}).error


def test_single_with_every_answer_right_is_a_positioning_question():
    quiz = quiz_from(
        "::: quiz {#p type=single}\nOù en êtes-vous ?\n\n- [x] Au début\n  > Module 1.\n- [x] Avancée\n:::\n"
    )
    assert grade(quiz, {"choice": [key_of(quiz, "Avancée")]}).correct


def test_multiple_choice_needs_exactly_the_right_set():
    quiz = quiz_from(
        "::: quiz {#q2}\nVariables ?\n\n- [x] Achats\n- [x] Commissions\n- [ ] Loyer\n  > Fixe.\n:::\n"
    )
    assert quiz.type == "multiple"
    a, c, loyer = (key_of(quiz, t) for t in ("Achats", "Commissions", "Loyer"))
    assert grade(quiz, {"choice": [a, c]}).correct
    partial = grade(quiz, {"choice": [a]})
    assert not partial.correct and partial.parts == {a: True, c: False, loyer: True}
    with_wrong = grade(quiz, {"choice": [a, c, loyer]})
    assert not with_wrong.correct and "Fixe" in with_wrong.feedback[0]


@pytest.mark.parametrize(
    ("attrs", "given", "expected"),
    [
        ('answer=40000 tolerance="1%"', "40 000", True),
        ('answer=40000 tolerance="1%"', "40 399,99", True),
        ('answer=40000 tolerance="1%"', "40 401", False),
        ("answer=377.42 tolerance=0.01", "377,43", True),
        ("answer=377.42 tolerance=0.01", "377,44", False),
        ("answer=12", "12,0", True),
        ("answer=12", "12.5", False),
        ("min=10 max=20", "15", True),
        ("min=10 max=20", "21", False),
        ("answer=-5 tolerance=1", "-4", True),
        ("answer=0.1 tolerance=0", "0,1", True),
    ],
)
def test_numeric(attrs, given, expected):
    quiz = quiz_from(f"::: quiz {{#n type=numeric {attrs}}}\nCombien ?\n:::\n")
    result = grade(quiz, {"value": [given]})
    assert result.error is None
    assert result.correct is expected


def test_numeric_unreadable_answer_is_not_an_attempt():
    quiz = quiz_from("::: quiz {#n type=numeric answer=3}\nCombien ?\n:::\n")
    assert grade(quiz, {"value": ["trois"]}).error
    assert grade(quiz, {"value": [""]}).error


def test_text_answers_are_normalised():
    quiz = quiz_from(
        "::: quiz {#t type=text}\nQui ?\n\n- [x] France Travail\n- [x] 12,5 %\n- [ ] Urssaf\n  > Non.\n:::\n"
    )
    for given in ("france travail", "  FRANCE   TRAVAIL. ", "Fránce Travail", "12.5 %", "12,5 %"):
        assert grade(quiz, {"value": [given]}).correct, given
    wrong = grade(quiz, {"value": ["urssaf"]})
    assert not wrong.correct and "Non" in wrong.feedback[0]
    assert not grade(quiz, {"value": ["Pôle"]}).correct
    assert grade(quiz, {"value": ["   "]}).error


def test_normalise_text():
    assert normalise_text("L’Égalité  Femmes") == "l'egalite femmes"
    assert normalise_text("1 500,50 €") == "1500.50 €"


def test_match():
    quiz = quiz_from(
        "::: quiz {#m type=match}\nAssociez.\n\n- ARCE -> France Travail\n- ACRE -> Urssaf\n"
        "- **Garantie** Égalité -> France Active\n:::\n"
    )
    assert "<strong>Garantie</strong>" in quiz.pairs[2].left_html
    right = {f"pair-{p.key}": [p.right] for p in quiz.pairs}
    assert grade(quiz, right).correct
    swapped = dict(right)
    swapped[f"pair-{quiz.pairs[0].key}"] = ["Urssaf"]
    swapped[f"pair-{quiz.pairs[1].key}"] = ["France Travail"]
    result = grade(quiz, swapped)
    assert not result.correct and result.score == pytest.approx(1 / 3)
    assert grade(quiz, {}).error


def test_order():
    quiz = quiz_from("::: quiz {#o type=order}\nOrdre.\n\n1. Étude\n2. Prévisionnel\n3. Financement\n:::\n")
    keys = [i.key for i in quiz.items]
    assert grade(quiz, {f"pos-{k}": [str(i + 1)] for i, k in enumerate(keys)}).correct
    reversed_ = grade(quiz, {f"pos-{k}": [str(3 - i)] for i, k in enumerate(keys)})
    assert not reversed_.correct and reversed_.score == pytest.approx(1 / 3)
    assert reversed_.stored["order"] == list(reversed(keys))
    assert grade(quiz, {f"pos-{keys[0]}": ["1"]}).error


def test_option_keys_survive_reordering():
    a = quiz_from("::: quiz {#q}\nQ ?\n\n- [x] Oui\n- [ ] Non\n:::\n")
    b = quiz_from("::: quiz {#q}\nQ ?\n\n- [ ] Non\n- [x] Oui\n:::\n")
    assert {o.key for o in a.options} == {o.key for o in b.options}
    assert a.correct_keys == b.correct_keys


def test_attributes():
    quiz = quiz_from("::: quiz {#q points=2 attempts=3 shuffle=false}\nQ ?\n\n- [x] Oui\n- [ ] Non\n:::\n")
    assert (quiz.points, quiz.attempts, quiz.shuffle) == (2, 3, False)

"""View models for the interactive blocks: a quiz or a calculator with one learner's state, ready for a template."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .calculators import KINDS, Result
from .calculators.base import SERIES, format_plain
from .charts import Chart, charts_for
from .course_tree import Calculator
from .grading import Answer, Grade, grade
from .quiz import Option, Quiz


def answer_from_stored(quiz: Quiz, stored: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """Turn a saved answer back into form fields, to refill the form and show its feedback again."""
    if not stored:
        return {}
    if "choice" in stored:
        return {"choice": [str(k) for k in stored["choice"]]}
    if "value" in stored:
        value = stored["value"]
        return {"value": [format_plain(value, 6) if isinstance(value, int | float) else str(value)]}
    if "pairs" in stored:
        return {f"pair-{k}": [str(v)] for k, v in stored["pairs"].items()}
    if "order" in stored:
        return {f"pos-{k}": [str(i + 1)] for i, k in enumerate(stored["order"])}
    return {}


def sub_answer(form: Mapping[str, Sequence[str]], prefix: str) -> dict[str, list[str]]:
    """Fields of one question in a multi-question form: 'q1:choice' → 'choice'."""
    return {key[len(prefix) :]: list(values) for key, values in form.items() if key.startswith(prefix)}


@dataclass
class QuizView:
    quiz: Quiz
    prefix: str  # field-name prefix: "" for a lesson quiz, "<id>:" inside a check
    options: list[Option]  # in the order shown
    rights: list[str]  # match: the choices, sorted
    answer: dict[str, list[str]] = field(default_factory=dict)
    grade: Grade | None = None
    attempts: int = 0
    attempts_left: int | None = None
    best: float = 0.0
    show_explanation: bool = True
    show_correction: bool = True  # per-answer right/wrong marks
    locked: bool = False  # a past check attempt, shown read-only

    @property
    def dom_id(self) -> str:
        return f"quiz-{self.quiz.id}"

    def chosen(self, key: str) -> bool:
        return key in self.answer.get("choice", [])

    def value(self, name: str) -> str:
        values = self.answer.get(name) or [""]
        return values[0]


def quiz_view(
    quiz: Quiz,
    member_id: int | None,
    *,
    answer: Answer | None = None,
    grade_result: Grade | None = None,
    prefix: str = "",
    attempts: int = 0,
    best: float = 0.0,
    show_explanation: bool = True,
    show_correction: bool = True,
    locked: bool = False,
) -> QuizView:
    options = list(quiz.options if quiz.type != "order" else quiz.items)
    if quiz.shuffle or quiz.type == "order":
        # Same order for the same learner on every visit; an order quiz is always shuffled.
        rng = random.Random(f"{member_id}:{quiz.id}")
        shuffled = options[:]
        rng.shuffle(shuffled)
        if quiz.type == "order" and shuffled == options and len(options) > 1:
            shuffled = options[1:] + options[:1]
        options = shuffled
    rights = sorted({p.right for p in quiz.pairs}, key=str.casefold)
    form = {k: list(v) for k, v in (answer or {}).items()}
    if grade_result is None and form:
        grade_result = grade(quiz, form)
    attempts_left = None if quiz.attempts is None else max(0, quiz.attempts - attempts)
    return QuizView(
        quiz,
        prefix,
        options,
        rights,
        form,
        grade_result,
        attempts,
        attempts_left,
        best,
        show_explanation,
        show_correction,
        locked,
    )


@dataclass
class FieldView:
    name: str
    label: str
    type: str
    unit: str
    value: Any
    error: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    columns: tuple[str, ...] = ()
    help: str = ""

    def shown(self, value: Any = None) -> str:
        value = self.value if value is None else value
        if isinstance(value, bool):
            return ""
        if isinstance(value, int | float):
            return format_plain(value, 4).replace("\u202f", " ")
        return str(value)


@dataclass
class CalculatorView:
    calculator: Calculator
    title: str
    summary: str
    fields: list[FieldView]
    result: Result | None
    result_data: dict[str, Any] | None
    saved: bool
    errors: dict[str, str]
    charts: list[Chart] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"calc-{self.calculator.id}"


def calculator_view(
    calc: Calculator, raw: Mapping[str, Any] | None, *, saved: bool = False
) -> CalculatorView:
    kind = KINDS[calc.kind]
    parsed, result = kind.run(raw or {}, base=calc.defaults)
    fields = []
    for f in kind.inputs:
        value = parsed.display.get(f.name)
        fields.append(
            FieldView(
                f.name,
                f.label,
                f.type,
                f.unit,
                value,
                parsed.errors.get(f.name, ""),
                f.choices,
                f.column_labels if f.type == SERIES else (),
                f.help,
            )
        )
    return CalculatorView(
        calc,
        calc.title,
        kind.summary,
        fields,
        result,
        result.to_dict() if result else None,
        saved,
        parsed.errors,
        charts_for(calc.kind, result) if result and not parsed.errors else [],
    )

"""Property tests: calculators never fail on inputs their form accepts; text normalisation is stable."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from courses.calculators import KINDS, CalculatorKind, Field
from courses.calculators.base import BOOL, CHOICE, INT, PERCENT, SERIES
from courses.grading import normalise_text


def value_for(field: Field) -> st.SearchStrategy[Any]:
    low = field.min if field.min is not None else -1e7
    if field.type == BOOL:
        return st.booleans()
    if field.type == CHOICE:
        return st.sampled_from([c[0] for c in field.choices])
    if field.type == INT:
        return st.integers(int(low), int(field.max if field.max is not None else 3650))
    high = field.max if field.max is not None else (100 if field.type == PERCENT else 1e7)
    number = st.floats(low, high, allow_nan=False, allow_infinity=False)
    if field.type == SERIES:
        return st.lists(number, min_size=field.length, max_size=field.length)
    return number


def inputs_for(kind: CalculatorKind) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({f.name: value_for(f) for f in kind.inputs})


def finite_or_none(value: float | str | None) -> bool:
    return value is None or isinstance(value, str) or math.isfinite(value)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_calculators_never_fail_on_accepted_inputs(data):
    for kind in KINDS.values():
        raw = data.draw(inputs_for(kind), label=kind.name)
        parsed, result = kind.run(raw)
        assert not parsed.errors, (kind.name, parsed.errors)
        assert result is not None
        for out in result.outputs:
            assert finite_or_none(out.value), (kind.name, out)
        for table in result.tables:
            for _label, values in table.rows:
                assert all(finite_or_none(v) for v in values), (kind.name, table.title)
        result.to_dict()


@given(st.text(max_size=40))
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once

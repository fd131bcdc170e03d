"""The authors' guide lists every calculator kind and input, as generated from the registry."""

from __future__ import annotations

from pathlib import Path

from courses.calculators.reference import reference_markdown

DOC = Path(__file__).resolve().parents[2] / "courses" / "AUTHORING.md"


def test_calculator_reference_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- calculators:start -->\n") + len("<!-- calculators:start -->\n")
    end = text.index("<!-- calculators:end -->")
    assert text[start:end].strip() == reference_markdown().strip(), (
        "run: .venv/bin/python -m courses.calculators.reference and paste it into courses/AUTHORING.md"
    )

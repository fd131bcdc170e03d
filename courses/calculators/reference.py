"""The calculator reference for authors, generated from the registry (courses/AUTHORING.md embeds it;
a test keeps the two equal). ``python -m courses.calculators.reference`` prints it."""

from __future__ import annotations

from . import KINDS
from .base import BOOL, CHOICE, PERCENT, SERIES, Field, format_plain


def _default(field: Field) -> str:
    if field.type == SERIES:
        return "; ".join(format_plain(v, 2) for v in field.default)
    if field.type == BOOL:
        return "oui" if field.default else "non"
    if field.type == CHOICE:
        return str(field.default)
    return format_plain(field.default, 2)


def reference_markdown() -> str:
    lines = []
    for kind in KINDS.values():
        lines += [
            f"### `{kind.name}` — {kind.title}",
            "",
            "| input | label | type | default |",
            "|---|---|---|---|",
        ]
        for f in kind.inputs:
            kind_text = {
                PERCENT: "percent (21,2 = 21,2 %)",
                SERIES: f"{f.length} amounts, `;`-separated",
                BOOL: "oui/non",
                CHOICE: " / ".join(c[0] for c in f.choices),
            }.get(f.type, f.type)
            lines.append(f"| `{f.name}` | {f.label} | {kind_text} | {_default(f)} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference_markdown())

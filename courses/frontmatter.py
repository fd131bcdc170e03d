"""Front matter schemas: what each kind of file must declare, checked with line numbers for the lint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class Key:
    name: str
    type: type | tuple[type, ...]
    required: bool = True
    default: Any = None


COURSE = (
    Key("title", str),
    Key("summary", str),
    Key("audience", str),
    Key("duration", int),
    Key("pass", (float, int), False, 0.7),
)
MODULE = (Key("title", str), Key("summary", str, False, ""))
LESSON = (Key("title", str), Key("duration", int), Key("objectives", list))
CHECK = (
    Key("type", str),
    Key("title", str),
    Key("pass", (float, int), False, 0.7),
    Key("attempts", int, False, 3),
    Key("pool", int, False, None),
    Key("draw", int, False, None),
)
GLOSSARY = (Key("title", str, False, "Glossaire"),)

# How a key's type is named in the lint's messages; a tuple of types (float, int) is a "number".
_EXPECTED: dict[type | tuple[type, ...], str] = {int: "whole number", str: "text", list: "list"}


def read(raw: str | None, schema: tuple[Key, ...], report: Any, base_line: int = 1) -> dict[str, Any]:
    """Parse YAML front matter and check it against ``schema``; report(line, message) for each problem."""
    lines = (raw or "").splitlines()

    def line_of(key: str) -> int:
        for i, text in enumerate(lines):
            if text.startswith(f"{key}:"):
                return base_line + 1 + i
        return base_line

    if raw is None:
        report(base_line, "missing front matter (--- … --- at the top of the file)")
        data: Any = {}
    else:
        try:
            data = yaml.safe_load(raw) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            report(base_line + 1 + (mark.line if mark else 0), f"front matter is not valid YAML: {exc}")
            data = {}
    if not isinstance(data, dict):
        report(base_line, "front matter must be a mapping of key: value lines")
        data = {}
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "{{" in v for v in values):
            report(line_of(str(key)), f"front matter: facts ({{{{ … }}}}) are not substituted in {key!r}")
    known = {k.name for k in schema}
    for key in data:
        if key not in known:
            report(
                line_of(str(key)), f"unknown front matter key {key!r} (expected: {', '.join(sorted(known))})"
            )
    out: dict[str, Any] = {}
    for key in schema:
        if key.name not in data or data[key.name] is None:
            if key.required:
                report(base_line, f"front matter: missing {key.name!r}")
            out[key.name] = key.default
            continue
        value = data[key.name]
        if isinstance(value, bool) or not isinstance(value, key.type):
            expected = _EXPECTED.get(key.type, "number")
            report(line_of(key.name), f"front matter: {key.name!r} must be a {expected}")
            out[key.name] = key.default
            continue
        out[key.name] = value
    return out

"""Small helpers to read and check submitted forms, with French messages."""

from __future__ import annotations

import re

from starlette.datastructures import FormData

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(form: FormData, name: str, *, max_length: int = 500) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    return value.strip()[:max_length]


def normalise_email(value: str) -> str:
    return value.strip().lower()


def email_problem(value: str) -> str | None:
    if not value:
        return "Indiquez votre adresse e-mail."
    if len(value) > 254 or not EMAIL_RE.match(value):
        return "Cette adresse e-mail ne semble pas valide (exemple : prenom@exemple.fr)."
    return None


def safe_next(url: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return default

"""Small helpers to read and check submitted forms, with French messages."""

from __future__ import annotations

import re
import unicodedata

from starlette.datastructures import FormData

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(form: FormData, name: str, *, max_length: int = 500) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    return value.strip()[:max_length]


def password(form: FormData, name: str = "password") -> str:
    """A password as typed (never stripped: its spaces count); "" when the field is missing or a file."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


# Control and format characters (bidi overrides such as U+202E, zero-width spaces, NUL...) and the
# line/paragraph separators: invisible in a name, they let one member's name reorder or hide the text
# around it wherever it is shown, or pass for somebody else's name.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def clean_display_name(value: str, *, max_length: int = 120) -> str:
    """A name as members will read it: invisible characters dropped, whitespace runs made one space."""
    # Tabs, newlines and the separators become spaces (words stay apart); the rest is dropped.
    visible = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
    )
    return " ".join(visible.split())[:max_length].strip()


def display_name(form: FormData, name: str = "name", *, max_length: int = 120) -> str:
    """The display name typed in `name`, cleaned; "" when nothing visible is left (the caller refuses it)."""
    value = form.get(name)
    return clean_display_name(value, max_length=max_length) if isinstance(value, str) else ""


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


def row_id(form: FormData, name: str) -> int | None:
    """A database row's id posted in a form, or None: digits only, and within the 32-bit integer column
    (PostgreSQL refuses a larger parameter outright: a 500 instead of « not found »)."""
    raw = text(form, name, max_length=10)
    if not raw.isdigit():
        return None
    value = int(raw)
    return value if 0 < value < 2**31 else None

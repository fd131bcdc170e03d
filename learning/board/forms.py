"""Reading and checking the board's forms, with French messages; what was typed is always kept."""

from __future__ import annotations

from starlette.datastructures import FormData

from learning.coordinations.models import Coordination

from .markdown import clean_text
from .models import KINDS, SCOPES, THEMES
from .services import PostInput

TITLE_MIN, TITLE_MAX = 8, 150
BODY_MAX = 10_000
ANSWER_MAX = 10_000
REASON_MAX = 1_000
MAX_THEMES = 3


def _raw(form: FormData, name: str, max_length: int) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    # Cut a little beyond the limit, so that the length check below can tell the member.
    return clean_text(value).strip()[: max_length + 1]


def post_input(form: FormData) -> PostInput:
    return PostInput(
        kind=_raw(form, "kind", 20),
        title=" ".join(_raw(form, "title", TITLE_MAX).split()),
        body=_raw(form, "body", BODY_MAX),
        themes=[t for t in dict.fromkeys(form.getlist("themes")) if isinstance(t, str)][:20],
        scope=_raw(form, "scope", 20) or "reseau",
    )


def post_problems(data: PostInput, local: Coordination | None) -> dict[str, str]:
    """`local`: her confirmed coordination, where a « locale » post goes (None: she has none yet)."""
    errors: dict[str, str] = {}
    if data.kind not in KINDS:
        errors["kind"] = "Choisissez le type : besoin, question ou offre de compétence."
    if len(data.title) < TITLE_MIN:
        errors["title"] = f"Donnez un titre d'au moins {TITLE_MIN} caractères, qui résume votre demande."
    elif len(data.title) > TITLE_MAX:
        errors["title"] = f"Le titre est trop long ({TITLE_MAX} caractères au plus)."
    if not data.body:
        errors["body"] = "Écrivez votre message : c'est lui que les membres liront pour vous aider."
    elif len(data.body) > BODY_MAX:
        errors["body"] = f"Le message est trop long ({BODY_MAX} caractères au plus)."
    if any(t not in THEMES for t in data.themes):
        errors["themes"] = "Choisissez les thèmes dans la liste."
    elif len(data.themes) > MAX_THEMES:
        errors["themes"] = f"Choisissez {MAX_THEMES} thèmes au plus."
    if data.scope not in SCOPES:
        errors["scope"] = "Choisissez à qui s'adresse votre message."
    elif data.scope == "locale" and local is None:
        errors["scope"] = (
            "Pour écrire à votre coordination locale, il faut en être membre confirmée : choisissez-la avec "
            "« Trouver ma coordination » (/coordinations), puis attendez que sa coordinatrice vous accueille. "
            "En attendant, choisissez « Tout le réseau »."
        )
    return errors


def answer_text(form: FormData) -> str:
    return _raw(form, "body", ANSWER_MAX)


def answer_problem(body: str) -> str | None:
    if not body:
        return "Écrivez votre réponse avant de l'envoyer."
    if len(body) > ANSWER_MAX:
        return f"La réponse est trop longue ({ANSWER_MAX} caractères au plus)."
    return None


def reason_text(form: FormData) -> str:
    return _raw(form, "reason", REASON_MAX)[:REASON_MAX]

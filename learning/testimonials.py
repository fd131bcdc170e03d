"""What members say of the network, on the visitors' home page: a short list the admins keep, each quote with
the consent of the member quoted (how and when she gave it). Withdrawing consent is deleting the quote."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from learning.forms import clean_display_name
from learning.i18n import _
from learning.models import Testimonial

SHOWN = 3
QUOTE_MAX = 400  # a home page quote is read at a glance
AUTHOR_MAX = 120
ACTIVITY_MAX = 160
CONSENT_MAX = 300

DEMO = (
    (
        "Je suis arrivée avec une idée et une peur bleue des chiffres. Trois ateliers et le MOOC plus tard, "
        "j'ai présenté mon prévisionnel à la banque sans trembler.",
        "Amina, Montreuil",
        "Traiteuse, créatrice depuis 2025",
    ),
    (
        "Ma coordination, c'est un jeudi par mois avec des femmes qui vivent la même chose que moi. "
        "On se passe des contacts, des clientes, et du courage.",
        "Claire, Rennes",
        "Graphiste indépendante",
    ),
    (
        "J'ai posté un besoin sur Coup de pouce un dimanche soir : le lundi midi, une membre m'avait "
        "relu mes statuts.",
        "Sophie, Lyon",
        "Fondatrice d'une épicerie vrac",
    ),
)
DEMO_CONSENT = "Données de démonstration"


@dataclass
class TestimonialForm:
    quote: str = ""
    author: str = ""
    activity: str = ""
    consent: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def read_form(form: FormData) -> TestimonialForm:
    """What the admin typed, with a French error by field; nothing is cut short in silence."""
    typed = TestimonialForm(
        quote=_field(form, "quote"),
        author=clean_display_name(_field(form, "author"), max_length=AUTHOR_MAX + 1),
        activity=_field(form, "activity"),
        consent=_field(form, "consent"),
    )
    errors = typed.errors
    if not typed.quote:
        errors["quote"] = _("Écrivez le témoignage, tel qu'elle l'a formulé.")
    elif len(typed.quote) > QUOTE_MAX:
        errors["quote"] = _("Le témoignage fait %(n)s caractères : %(max)s au plus.") % {
            "n": len(typed.quote),
            "max": QUOTE_MAX,
        }
    if not typed.author:
        errors["author"] = _("Indiquez comment la nommer (par exemple « Amina, Montreuil »).")
    elif len(typed.author) > AUTHOR_MAX:
        errors["author"] = _("%(max)s caractères au plus.") % {"max": AUTHOR_MAX}
    if len(typed.activity) > ACTIVITY_MAX:
        errors["activity"] = _("%(max)s caractères au plus.") % {"max": ACTIVITY_MAX}
    if form.get("consented") != "oui":
        errors["consented"] = _(
            "Publiez un témoignage seulement avec l'accord de la membre : cochez la case."
        )
    if not typed.consent:
        errors["consent"] = _(
            "Notez comment et quand elle a donné son accord (par exemple « e-mail du 3 décembre »)."
        )
    elif len(typed.consent) > CONSENT_MAX:
        errors["consent"] = _("%(max)s caractères au plus.") % {"max": CONSENT_MAX}
    return typed


def add(session: AsyncSession, typed: TestimonialForm, admin_id: int) -> Testimonial:
    testimonial = Testimonial(
        quote=typed.quote,
        author=typed.author,
        activity=typed.activity,
        consent=typed.consent,
        created_by=admin_id,
    )
    session.add(testimonial)
    return testimonial


async def latest(session: AsyncSession, limit: int = SHOWN) -> list[Testimonial]:
    return list(
        await session.scalars(
            select(Testimonial).order_by(Testimonial.created_at.desc(), Testimonial.id.desc()).limit(limit)
        )
    )


async def all_testimonials(session: AsyncSession) -> list[Testimonial]:
    return await latest(session, limit=200)


async def load_demo(session: AsyncSession) -> None:
    """The demo's three quotes, once (idempotent: a demo base that has any testimonial keeps its own)."""
    if await session.scalar(select(Testimonial.id).limit(1)) is not None:
        return
    for quote, author, activity in DEMO:
        session.add(Testimonial(quote=quote, author=author, activity=activity, consent=DEMO_CONSENT))

"""The texts every page shows through `_()` and `static()` (learning/templating.py), which production makes
once per process instead of once per use: a page must read exactly as with Jinja's own gettext."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import jinja2
import pytest

from learning import templating
from learning.templating import SHELL_TEMPLATES, STATIC_DIR, make_templates


class Catalog:
    """Translations that differ from their msgid, so that a text shown untranslated, or translated under
    another text's entry, shows."""

    TEXTS = {
        "Bonjour": "Salut <b>à vous</b>",
        "Il reste %(n)s places": "Encore %(n)s places",
        "50 %%": "cinquante %%",
        "Aller au contenu": "Au contenu",
    }

    def gettext(self, message: str) -> str:
        return self.TEXTS.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


SOURCE = (
    '{{ _("Bonjour") }}|{{ gettext("Bonjour") }}|{{ _("Il reste %(n)s places", n="<script>") }}'
    '|{{ _("Il reste %(n)s places", n=3) }}|{{ _("50 %%") }}|{% trans %}Aller au contenu{% endtrans %}'
    "|{% trans n=2 %}Il reste {{ n }} places{% endtrans %}"
    '|{{ ngettext("%(num)s place", "%(num)s places", 1) }}'
    '|{% autoescape false %}{{ _("Bonjour") }}{% endautoescape %}'
)


@pytest.fixture
def ours(monkeypatch: pytest.MonkeyPatch) -> jinja2.Environment:
    monkeypatch.setattr(templating.i18n, "translations", Catalog)
    return make_templates([SHELL_TEMPLATES], auto_reload=False).env


def jinjas_own() -> jinja2.Environment:
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"], autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.install_gettext_translations(Catalog(), newstyle=True)  # type: ignore[attr-defined]
    return env


def test_texts_read_as_with_jinjas_gettext_every_time(ours: jinja2.Environment) -> None:
    expected = jinjas_own().from_string(SOURCE).render()
    assert "Salut <b>à vous</b>|Salut <b>à vous</b>|Encore &lt;script&gt; places|Encore 3 places" in expected
    template = ours.from_string(SOURCE)
    # The second time, the texts without variables come from what the first made.
    assert [template.render(), template.render()] == [expected, expected]
    # A text kept while escaping (safe markup) is plain text where the template turns escaping off: taken
    # there and shown in an escaped place, it is escaped.
    mixed = (
        '{{ _("Bonjour") }}|{% set kept = namespace() %}'
        '{% autoescape false %}{% set kept.plain = _("Bonjour") %}{% endautoescape %}{{ kept.plain }}'
    )
    assert (
        ours.from_string(mixed).render()
        == jinjas_own().from_string(mixed).render()
        == ("Salut <b>à vous</b>|Salut &lt;b&gt;à vous&lt;/b&gt;")
    )


def test_a_text_that_is_not_a_format_fails_as_with_jinja(ours: jinja2.Environment) -> None:
    # Jinja always formats a translation: a lone % is an error in a template, not something to keep.
    for env in (jinjas_own(), ours):
        for _ in range(2):
            with pytest.raises(ValueError):
                env.from_string('{{ _("Gratuit à 100 %") }}').render()


def test_the_layout_shows_the_translated_skip_link(ours: jinja2.Environment) -> None:
    page = ours.get_template("base.html").render(nav=(), member=None, current_path="/", nav_badges={})
    assert '<a class="skip-link" href="#contenu">Au contenu</a>' in page


@pytest.mark.parametrize("auto_reload", [True, False])
def test_static_urls_carry_the_files_content_hash(auto_reload: bool) -> None:
    static: Callable[[str], str] = make_templates([SHELL_TEMPLATES], auto_reload=auto_reload).env.globals[
        "static"
    ]  # type: ignore[assignment]  # globals are typed as object
    digest = hashlib.sha256((STATIC_DIR / "css/site.css").read_bytes()).hexdigest()[:12]
    assert static("css/site.css") == static("css/site.css") == f"/static/css/site.css?v={digest}"
    with pytest.raises(ValueError):
        static("css/absent.css")

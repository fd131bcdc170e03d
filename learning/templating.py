"""Jinja2 environment for every package, and `render()`, which owns the base page context."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.templating import Jinja2Templates, _TemplateResponse

from learning import i18n, timezones
from learning.auth import current_member
from learning.csrf import FIELD, token_for_request
from learning.models import ROLE_LABELS
from learning.state import app_state

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
SHELL_TEMPLATES = Path(__file__).resolve().parent / "templates"

# Main navigation: (path prefix, label, signed in only). Every section a member uses is reachable from here;
# a visitor is also shown what she could join (Coup de pouce, the directory lead to the login page), but not
# « Messages », which would be her own and means nothing before she has an account.
NAV = (
    ("/ateliers", "Ateliers", False),
    ("/mooc", "MOOC", False),
    ("/coup-de-pouce", "Coup de pouce", False),
    ("/coordinations", "Coordinations", False),
    ("/membres", "Qui peut m'aider ?", False),
    ("/messages", "Messages", True),
)


@lru_cache(maxsize=512)
def _file_hash(path: str, mtime: float) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=512)
def _static_file(path: str) -> Path:
    # Resolving walks every folder of the path (one system call each): once per name, not per page. A name
    # that is refused is not kept, so a file added in development is found.
    file = (STATIC_DIR / path).resolve()
    if not file.is_file() or STATIC_DIR not in file.parents:
        raise ValueError(f"no static file {path!r}")
    return file


def static_url(path: str) -> str:
    """URL with the content hash, so the file can be cached for a year and still change."""
    file = _static_file(path)
    try:
        mtime = file.stat().st_mtime  # the hash follows an edit
    except OSError:
        raise ValueError(f"no static file {path!r}") from None
    return f"/static/{path}?v={_file_hash(path, mtime)}"


# Distinct texts kept by `_translated`: the templates' literal texts and the few labels passed by name (nav,
# themes) are a few hundred; a bound keeps a template that translated arbitrary text from growing it.
MAX_TRANSLATED = 4096


def _translated(catalog: Any) -> Callable[..., str]:
    """`_()` and `gettext()` in templates, giving exactly what jinja2.ext.i18n's newstyle gettext gives (the
    translation, made Markup when autoescaping, then formatted with its variables), but a text without
    variables is translated and formatted once: the catalog does not change while the process runs. Jinja's
    own path (an alias resolving `gettext`, two context calls, Markup and `%` on every call) cost about 5 µs
    per text, and the layout alone has some thirty: 0.1 ms on every page, about half of what a bare endpoint
    behind the site's middleware costs (bench/lessons.py); now about 1.5 µs."""
    done: dict[tuple[str, bool], str] = {}

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
        autoescape = context.eval_ctx.autoescape
        if not variables:
            found = done.get((message, autoescape))
            if found is not None:
                return found
        text = catalog.gettext(message)
        if autoescape:
            text = Markup(text)
        text = text % variables  # always a format string, as Jinja's: "%%" is "%" with or without variables
        if not variables and len(done) < MAX_TRANSLATED:
            done[(message, autoescape)] = text
        return text

    return gettext


def make_templates(template_dirs: list[Path], *, auto_reload: bool) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default=True),
        extensions=["jinja2.ext.i18n"],
        auto_reload=auto_reload,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    catalog = i18n.translations()
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]  # added by the jinja2.ext.i18n extension
    # After the extension's own callables (ngettext, pgettext stay Jinja's): `_` is otherwise an alias that
    # looks `gettext` up on every call.
    fast = _translated(catalog)
    env.globals.update(_=fast, gettext=fast)
    # Without auto-reload (production) neither a template nor a static file changes before the next start:
    # each URL is made once, instead of a stat of the file on every use (a few per page).
    static = static_url if auto_reload else lru_cache(maxsize=512)(static_url)
    env.globals.update(static=static, nav=NAV, role_labels=ROLE_LABELS)
    env.filters.update(
        datetime_fr=i18n.datetime_fr,
        date_fr=i18n.date_fr,
        short_date_fr=i18n.short_date_fr,
        time_fr=i18n.time_fr,
        euros=i18n.euros,
        number_fr=i18n.number_fr,
        # `{{ moment|also_there(member) }}`: the same moment in her own time zone, "" when it is Paris time.
        also_there=lambda moment, member: timezones.also_there(moment, member.timezone) if member else "",
    )
    return Jinja2Templates(env=env)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> _TemplateResponse:
    csrf_token = token_for_request(request)
    base = {
        "request": request,
        "member": current_member(request),
        "csrf_token": csrf_token,
        "csrf_input": Markup(f'<input type="hidden" name="{FIELD}" value="{csrf_token}">'),
        "csp_nonce": request.scope.get("state", {}).get("csp_nonce", ""),
        "settings": app_state(request).settings,
        "current_path": request.url.path,
        "nav_badges": getattr(request.state, "nav_badges", {}),
    }
    base.update(context or {})
    templates: Jinja2Templates = app_state(request).templates
    return templates.TemplateResponse(request, name, base, status_code=status_code, headers=headers)

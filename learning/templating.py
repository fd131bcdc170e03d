"""Jinja2 environment for every package, and `render()`, which owns the base page context."""

from __future__ import annotations

import hashlib
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

# Main navigation: (path prefix, label). Every section a member uses is reachable from here.
NAV = (
    ("/ateliers", "Ateliers"),
    ("/mooc", "MOOC"),
    ("/coup-de-pouce", "Coup de pouce"),
    ("/coordinations", "Coordinations"),
    ("/membres", "Qui peut m'aider ?"),
    ("/messages", "Messages"),
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


def make_templates(template_dirs: list[Path], *, auto_reload: bool) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default=True),
        extensions=["jinja2.ext.i18n"],
        auto_reload=auto_reload,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(), newstyle=True)  # type: ignore[attr-defined]  # added by the jinja2.ext.i18n extension
    env.globals.update(static=static_url, nav=NAV, role_labels=ROLE_LABELS)
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

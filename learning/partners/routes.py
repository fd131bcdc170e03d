"""Every partners route, for `learning/app.py` to mount."""

from __future__ import annotations

from . import views_ecosystem, views_keeping

routes = [*views_ecosystem.routes, *views_keeping.routes]

"""Every coordinations route, for `learning/app.py` to mount."""

from __future__ import annotations

from . import views_desk, views_membership

routes = [*views_membership.routes, *views_desk.routes]

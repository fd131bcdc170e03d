"""Every coordinations route, for `learning/app.py` to mount."""

from __future__ import annotations

from . import views_network, views_reports, views_volunteers

routes = [
    *views_volunteers.routes,
    *views_network.routes,
    *views_reports.routes,
]

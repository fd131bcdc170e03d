"""Every coordinations route, for `learning/app.py` to mount. The coordination's own page comes last: its
`/coordinations/{slug}` would otherwise catch the other one-segment paths under /coordinations/."""

from __future__ import annotations

from . import views_network, views_page, views_reports, views_volunteers

routes = [
    *views_volunteers.routes,
    *views_network.routes,
    *views_reports.routes,
    *views_page.routes,
]

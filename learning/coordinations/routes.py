"""Every coordinations route, for `learning/app.py` to mount. « Trouver ma coordination » comes first and the
coordination's own page last: `/coordinations/{slug}` would otherwise catch `/coordinations/proches.json`
and the other one-segment paths under /coordinations/."""

from __future__ import annotations

from . import (
    views_admin,
    views_desk,
    views_find,
    views_membership,
    views_network,
    views_page,
    views_reports,
    views_volunteers,
)

routes = [
    *views_find.routes,
    *views_admin.routes,
    *views_volunteers.routes,
    *views_network.routes,
    *views_reports.routes,
    *views_membership.routes,
    *views_desk.routes,
    *views_page.routes,
]

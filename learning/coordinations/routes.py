"""Every coordinations route, for `learning/app.py` to mount. « Trouver ma coordination » comes first:
`/coordinations/proches.json` must match before any `/coordinations/{slug}`."""

from __future__ import annotations

from . import views_admin, views_find

routes = [*views_find.routes, *views_admin.routes]

"""Every members route, for `learning/app.py` to mount."""

from __future__ import annotations

from . import views_admin, views_directory, views_profile

routes = [*views_directory.routes, *views_profile.routes, *views_admin.routes]

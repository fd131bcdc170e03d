"""The coordinations' routes, mounted at the root by learning.app (docs/architecture.md)."""

from __future__ import annotations

from . import views_page

routes = [*views_page.routes]

"""Every members route, for `learning/app.py` to mount."""

from __future__ import annotations

routes: list = []

"""Every board route, for `learning/app.py` to mount."""

from __future__ import annotations

from . import views_answers, views_members, views_moderation, views_posts

routes = [*views_moderation.routes, *views_members.routes, *views_posts.routes, *views_answers.routes]

"""Every board route, for `learning/app.py` to mount."""

from __future__ import annotations

from . import views_answers, views_lessons, views_moderation, views_notifications, views_posts

routes = [
    *views_lessons.routes,
    *views_moderation.routes,
    *views_notifications.routes,
    *views_posts.routes,
    *views_answers.routes,
]

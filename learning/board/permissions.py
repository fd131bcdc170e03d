"""Who may see and do what on the board: one place, so that routes and queries agree.

Moderation is open to coordinatrices and admins over the whole board (not only their own
coordination): the network is small, coordinatrices stand in for one another, and a report on a
network-wide post must not wait for one particular person. Every action records who did it.
A « locale » post is seen by the confirmed members of the author's coordination only (and by moderators):
`local` below is the viewer's confirmed coordination (`learning.coordinations.directory
.confirmed_coordination_id`, through `common.local_of`), None when she has none or is only waiting.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, false, or_, true

from learning.db import utcnow
from learning.models import MANAGER_ROLES, Member

from .models import Answer, Post

EDIT_WINDOW = timedelta(hours=2)


def is_moderator(member: Member) -> bool:
    return member.has_role(*MANAGER_ROLES)


def visible_posts(member: Member, local: int | ColumnElement[int] | None) -> ColumnElement[bool]:
    """SQL condition for the posts `member` finds in lists and search; `local` is her coordination's id,
    or a scalar subquery giving it (NULL when she has none: then only the network's posts match).

    Deliberately without « or she wrote it »: that OR stops the database from walking the
    (hidden, last_activity_at) index in order, and a 50,000-post board then sorts on every view.
    Her own hidden posts stay reachable from her profile and by their links (can_see_post).
    """
    if is_moderator(member):
        return true()
    if local is not None:
        return and_(Post.hidden == false(), or_(Post.scope == "reseau", Post.coordination_id == local))
    return and_(Post.hidden == false(), Post.scope == "reseau")


def visible_on_profile(member: Member, author_id: int, local: int | None) -> ColumnElement[bool]:
    return true() if member.id == author_id else visible_posts(member, local)


def can_see_post(member: Member, post: Post, local: int | None) -> bool:
    if is_moderator(member) or post.author_id == member.id:
        return True
    if post.hidden:
        return False
    return post.scope == "reseau" or (post.coordination_id is not None and post.coordination_id == local)


def can_see_answer(member: Member, answer: Answer) -> bool:
    return not answer.hidden or is_moderator(member) or answer.author_id == member.id


def within_edit_window(created_at: datetime) -> bool:
    return utcnow() - created_at <= EDIT_WINDOW


def can_edit_post(member: Member, post: Post) -> bool:
    return (
        post.author_id == member.id
        and not post.hidden
        and not post.locked
        and within_edit_window(post.created_at)
    )


def can_delete_post(member: Member, post: Post) -> bool:
    return post.author_id == member.id


def can_answer(member: Member, post: Post, local: int | None) -> bool:
    return can_see_post(member, post, local) and not post.hidden and not post.locked


def can_edit_answer(member: Member, answer: Answer, post: Post) -> bool:
    return (
        answer.author_id == member.id
        and not answer.hidden
        and not post.locked
        and within_edit_window(answer.created_at)
    )


def can_mark_solved(member: Member, post: Post) -> bool:
    return post.author_id == member.id and not post.hidden

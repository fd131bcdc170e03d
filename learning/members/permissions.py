"""Who may read and write private messages: one place, so that routes and queries agree.

A conversation is read by its two members, and by nobody else: not an admin, not a coordinatrice.
The one exception is a report: a member who reports a message she received hands that conversation to
the moderators (coordinatrices and admins, as on the board), and only while the report is open. Every
moderation action records who did it; once the report is resolved, the conversation is private again.
"""

from __future__ import annotations

from learning.models import MANAGER_ROLES, Member

from .models_messages import ConversationSide, MessageReport


def is_moderator(member: Member) -> bool:
    return member.has_role(*MANAGER_ROLES)


def can_read(member: Member, side: ConversationSide | None) -> bool:
    """`side`: her copy of the conversation, looked up by (conversation, her id); None when she has none."""
    return side is not None and side.member_id == member.id


def can_moderate(member: Member, report: MessageReport | None) -> bool:
    return report is not None and report.resolved_at is None and is_moderator(member)

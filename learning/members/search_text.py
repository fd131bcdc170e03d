"""The text the directory searches for one member, kept beside her profile (MemberProfile.search_text).

Her name, project, sector and skills' labels, accents and case folded, on both databases alike. Synonyms are
not stored here: the search expands the words typed with the shared list's aliases (directory.expand), so
« compta » finds a member offering « Comptabilité ». Rebuilt whenever she edits her profile and when an admin
merges a skill she offers."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from .models import MemberProfile, Skill
from .sectors import SECTORS
from .skills import skills_of
from .text_keys import fold

PROJECT_MAX = 300


def project_of(profile: MemberProfile | None, member: Member) -> str:
    """Her short project text: the profile's, or what she wrote at sign-up until she writes one."""
    if profile is not None and profile.project:
        return profile.project
    return (member.project or "")[:PROJECT_MAX]


def document(member: Member, profile: MemberProfile, skills: Iterable[Skill]) -> str:
    parts = [member.name, project_of(profile, member), SECTORS.get(profile.sector, "")]
    parts.extend(skill.label for skill in skills)
    return fold(" \n".join(p for p in parts if p))


async def profile_row(session: AsyncSession, member_id: int) -> MemberProfile:
    """Her profile, created with the defaults (not listed) when she has none yet."""
    profile = await session.get(MemberProfile, member_id)
    if profile is None:
        profile = MemberProfile(member_id=member_id, listed=False, project="", sector="", search_text="")
        session.add(profile)
    return profile


async def refresh(session: AsyncSession, member_ids: Iterable[int]) -> None:
    for member_id in member_ids:
        member = await session.get(Member, member_id)
        if member is None:
            continue
        profile = await profile_row(session, member_id)
        profile.search_text = document(member, profile, await skills_of(session, member_id))
    await session.flush()

"""The shared list of skills and the ones a member offers: picking, free additions, merging.

A free addition is a `Skill` row with `canonical=False`: it shows on her profile at once, and an admin later
merges it into a skill of the list (its label becomes an alias there, so a search for it still finds her) or
promotes it into the list. Writes here let the caller commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .models import MemberSkill, Skill
from .skill_list import SKILL_LIST
from .text_keys import key_of
from .vocabulary import forget_vocabulary

MAX_SKILLS = 12
MAX_FREE = 3
MAX_LABEL = 80


def parse_free(raw: str) -> list[str]:
    """What she typed in « Autres compétences »: one per line or comma, duplicates and blanks dropped."""
    seen: dict[str, str] = {}
    for part in raw.replace(",", "\n").splitlines():
        label = " ".join("".join(c for c in part if c.isprintable()).split())[:MAX_LABEL]
        if label and key_of(label) and key_of(label) not in seen:
            seen[key_of(label)] = label
    return list(seen.values())


def _alias_text(aliases: Iterable[str]) -> str:
    unique = dict.fromkeys(k for k in (key_of(a) for a in aliases) if k)
    return "\n".join(unique)


async def all_skills(session: AsyncSession) -> list[Skill]:
    return list(await session.scalars(select(Skill).order_by(Skill.label)))


async def canonical_skills(session: AsyncSession) -> list[Skill]:
    return list(await session.scalars(select(Skill).where(Skill.canonical == true()).order_by(Skill.label)))


async def free_skills(session: AsyncSession) -> list[Skill]:
    return list(await session.scalars(select(Skill).where(Skill.canonical.is_(False)).order_by(Skill.label)))


async def skills_of(session: AsyncSession, member_id: int) -> list[Skill]:
    return list(
        await session.scalars(
            select(Skill)
            .join(MemberSkill, MemberSkill.skill_id == Skill.id)
            .where(MemberSkill.member_id == member_id)
            .order_by(Skill.label)
        )
    )


def find_in(skills: Iterable[Skill], label: str) -> Skill | None:
    """The skill `label` names: by its key first, then by a canonical skill's alias."""
    key = key_of(label)
    rows = list(skills)
    for skill in rows:
        if skill.key == key:
            return skill
    for skill in rows:
        if skill.canonical and key in skill.alias_list:
            return skill
    return None


async def set_member_skills(
    session: AsyncSession, member_id: int, chosen_ids: Iterable[int], free_labels: Sequence[str]
) -> list[Skill]:
    """Replaces her skills by those chosen in the list plus her free ones (a free label that names a skill
    of the list, or another member's free addition, is that skill). Unknown ids are ignored."""
    known = await all_skills(session)
    by_id = {s.id: s for s in known}
    picked: dict[int, Skill] = {}
    for skill_id in chosen_ids:
        skill = by_id.get(skill_id)
        if skill is not None and skill.canonical:
            picked[skill.id] = skill
    for label in free_labels[:MAX_FREE]:
        skill = find_in(known, label)
        if skill is None:
            skill = await _new_free(session, label)
            known.append(skill)
        picked[skill.id] = skill
    await session.execute(delete(MemberSkill).where(MemberSkill.member_id == member_id))
    chosen = list(picked.values())[:MAX_SKILLS]
    session.add_all(MemberSkill(member_id=member_id, skill_id=s.id) for s in chosen)
    await session.flush()
    return chosen


async def _new_free(session: AsyncSession, label: str) -> Skill:
    key = key_of(label)
    try:
        # A savepoint: two members adding the same new skill at once meet on the unique key.
        async with session.begin_nested():
            skill = Skill(label=label, key=key, canonical=False, aliases="")
            session.add(skill)
        return skill
    except IntegrityError:
        found = await session.scalar(select(Skill).where(Skill.key == key))
        if found is None:
            raise
        return found


async def members_with(session: AsyncSession, skill_id: int) -> list[int]:
    return list(await session.scalars(select(MemberSkill.member_id).where(MemberSkill.skill_id == skill_id)))


async def merge(session: AsyncSession, free: Skill, into: Skill) -> list[int]:
    """Folds a free addition into a skill of the list: its members offer `into` instead, and its label
    becomes one of `into`'s aliases. Returns the members whose skills changed (their search text is stale)."""
    moved = await members_with(session, free.id)
    already = set(await members_with(session, into.id))
    await session.execute(delete(MemberSkill).where(MemberSkill.skill_id == free.id))
    session.add_all(MemberSkill(member_id=m, skill_id=into.id) for m in moved if m not in already)
    into.aliases = _alias_text([*into.alias_list, free.label, *free.alias_list])
    await session.delete(free)
    await session.flush()
    forget_vocabulary()
    return moved


async def promote(session: AsyncSession, free: Skill) -> list[int]:
    free.canonical = True
    await session.flush()
    forget_vocabulary()
    return await members_with(session, free.id)


async def ensure_skill_list(session: AsyncSession) -> list[int]:
    """Adds the skills of SKILL_LIST missing from the table (idempotent; run at start-up and by the demo).
    A free addition that one of them names (the board's old free-text skills, migrated as free additions)
    becomes that skill, or is merged into it when it is one of its aliases: nothing a member chose is lost.
    Returns the members whose skills changed."""
    known = await all_skills(session)
    by_key = {s.key: s for s in known}
    wanted = [(key_of(label), label, aliases) for label, aliases in SKILL_LIST]
    if all(key in by_key and by_key[key].canonical for key, _, _ in wanted):
        return []
    forget_vocabulary()
    changed: set[int] = set()
    for key, label, aliases in wanted:
        skill = by_key.get(key)
        if skill is None:
            skill = Skill(label=label, key=key, canonical=True, aliases=_alias_text(aliases))
            session.add(skill)
            by_key[key] = skill
        elif not skill.canonical:
            skill.canonical, skill.label = True, label
            skill.aliases = _alias_text([*skill.alias_list, *aliases])
            changed.update(await members_with(session, skill.id))
    await session.flush()
    for key, _, aliases in wanted:
        target = by_key[key]
        for alias in aliases:
            free = by_key.get(key_of(alias))
            if free is not None and not free.canonical and free.id != target.id:
                changed.update(await merge(session, free, target))
                by_key.pop(free.key)
    return sorted(changed)

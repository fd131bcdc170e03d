"""Private messages: the median time to build a member's inbox page data (her conversations, newest first, with
the other member's name and the last message, plus the unread counter of the navigation) with 20,000 members
and 100,000 messages, on a temporary SQLite database built by the real migrations.

    python bench/inbox.py [--members 20000] [--messages 100000] [--samples 200] [--json]

Conversations are random pairs, a few busy members (coordinatrices, say) hold hundreds of them, a third of
the inbox rows have unread messages and 2 % of the members blocked somebody. Timed: `conversations.inbox` and
`conversations.unread_total` (the badge every signed-in page computes) for members drawn at random among
those with conversations, and for the busiest one. With --json the last line is {"inbox_ms": …, …}.

Measured in December 2026 on a 2-core machine shared with other jobs (load average 12): inbox 3.8 ms median
(2.5 conversations each), the busiest member (159 conversations, 100 shown) 4.8 ms (88 ms when the inbox
loaded ORM objects and whole message bodies), navigation counter 1.1 ms; loading the data takes 35–40 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from learning.db import Database, utcnow  # noqa: E402
from learning.members import conversations  # noqa: E402
from learning.members.models_messages import (  # noqa: E402
    Block,
    Conversation,
    ConversationSide,
    PrivateMessage,
)
from learning.migrate import upgrade  # noqa: E402
from learning.models import Member  # noqa: E402

TARGETS = {"inbox_ms": 50, "busy_inbox_ms": 50, "badge_ms": 5}
BUSY = 20  # members with hundreds of conversations
CHUNK = 5_000


def _pairs(members: list[int], count: int, chance: random.Random) -> list[tuple[int, int]]:
    busy = members[:BUSY]
    found: set[tuple[int, int]] = set()
    while len(found) < count:
        a = chance.choice(busy) if chance.random() < 0.1 else chance.choice(members)
        b = chance.choice(members)
        if a != b:
            found.add((min(a, b), max(a, b)))
    return sorted(found)


async def _load(db: Database, args: argparse.Namespace, chance: random.Random) -> list[int]:
    now = utcnow()
    async with db.session() as session:
        await session.execute(
            insert(Member),
            [
                {"email": f"membre{i}@bench.test", "name": f"Membre {i}", "password_hash": "x", "project": ""}
                for i in range(args.members)
            ],
        )
        await session.commit()
        members = list(await session.scalars(select(Member.id).order_by(Member.id)))
    pairs = _pairs(members, args.messages // 4, chance)
    # Messages per conversation: 1 to 7, on average 4 (messages // 4 conversations).
    per = [chance.randint(1, 7) for _ in pairs]
    async with db.session() as session:
        conversation_rows, side_rows, message_rows = [], [], []
        for index, ((low, high), count) in enumerate(zip(pairs, per, strict=True)):
            conversation_id = index + 1
            last = now - timedelta(minutes=chance.randint(0, 60 * 24 * 365))
            conversation_rows.append(
                {
                    "id": conversation_id,
                    "member_low_id": low,
                    "member_high_id": high,
                    "created_at": last,
                    "last_message_at": last,
                }
            )
            authors = [chance.choice((low, high)) for _ in range(count)]
            for n, author in enumerate(authors):
                message_rows.append(
                    {
                        "conversation_id": conversation_id,
                        "author_id": author,
                        "body": f"Message {n} : "
                        + "du texte ordinaire pour occuper la place. " * chance.randint(1, 6),
                        "created_at": last - timedelta(minutes=10 * (count - n)),
                        "hidden": False,
                    }
                )
            reader = high if authors[-1] == low else low
            for member, other in ((low, high), (high, low)):
                waiting = member == reader and chance.random() < 0.33
                side_rows.append(
                    {
                        "conversation_id": conversation_id,
                        "member_id": member,
                        "other_id": other,
                        "last_message_at": last,
                        "unread": chance.randint(1, 3) if waiting else 0,
                        "unread_since": last if waiting else None,
                    }
                )
        for model, rows in (
            (Conversation, conversation_rows),
            (ConversationSide, side_rows),
            (PrivateMessage, message_rows),
        ):
            for start in range(0, len(rows), CHUNK):
                await session.execute(insert(model), rows[start : start + CHUNK])
        blocks = {(chance.choice(members), chance.choice(members)) for _ in range(len(members) // 50)}
        await session.execute(
            insert(Block), [{"member_id": a, "blocked_id": b, "created_at": now} for a, b in blocks if a != b]
        )
        await session.commit()
    return members


async def run(args: argparse.Namespace) -> dict[str, Any]:
    chance = random.Random(14)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        db = Database(url)
        try:
            start = time.perf_counter()
            await _load(db, args, chance)
            load_s = time.perf_counter() - start
            async with db.session() as session:
                holders = Counter(list(await session.scalars(select(ConversationSide.member_id))))
                message_count = len(list(await session.scalars(select(PrivateMessage.id))))
            busiest, busiest_count = holders.most_common(1)[0]
            sampled = chance.sample(sorted(holders), min(args.samples, len(holders)))

            async def timed(member_id: int) -> tuple[float, float, int]:
                async with db.read_session() as session:
                    start = time.perf_counter()
                    rows = await conversations.inbox(session, member_id)
                    inbox_s = time.perf_counter() - start
                    start = time.perf_counter()
                    await conversations.unread_total(session, member_id)
                    badge_s = time.perf_counter() - start
                return inbox_s, badge_s, len(rows)

            await timed(busiest)  # warm the caches once
            inbox, badge, sizes = [], [], []
            for member_id in sampled:
                inbox_s, badge_s, size = await timed(member_id)
                inbox.append(inbox_s + badge_s)
                badge.append(badge_s)
                sizes.append(size)
            busy = []
            for _ in range(max(5, args.samples // 20)):
                inbox_s, badge_s, _size = await timed(busiest)
                busy.append(inbox_s + badge_s)
        finally:
            await db.dispose()
    return {
        "inbox_ms": round(1000 * statistics.median(inbox), 2),
        "busy_inbox_ms": round(1000 * statistics.median(busy), 2),
        "badge_ms": round(1000 * statistics.median(badge), 2),
        "members": args.members,
        "messages": message_count,
        "conversations": len(holders) and sum(holders.values()) // 2,
        "busiest_conversations": busiest_count,
        "median_inbox_rows": statistics.median(sizes),
        "load_s": round(load_s, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=100_000, help="about this many messages")
    parser.add_argument("--samples", type=int, default=200, help="members whose inbox is timed")
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    print(f"$ {Path(sys.executable).name} bench/inbox.py {' '.join(sys.argv[1:])}  ({os.cpu_count()} cores)")
    print(
        f"temporary SQLite database: {figures['members']} members, {figures['conversations']} conversations, "
        f"{figures['messages']} messages, loaded in {figures['load_s']} s"
    )
    print(
        f"inbox page data (conversations + unread counter): {figures['inbox_ms']} ms median over {args.samples} "
        f"members ({figures['median_inbox_rows']} conversations each); the busiest member "
        f"({figures['busiest_conversations']} conversations): {figures['busy_inbox_ms']} ms; "
        f"navigation counter alone: {figures['badge_ms']} ms"
    )
    missed = [key for key, limit in TARGETS.items() if figures[key] >= limit]
    print("every target met" if not missed else f"targets missed: {', '.join(missed)}")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

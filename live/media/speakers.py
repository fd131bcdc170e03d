"""Who is heard in a room: each listener has AUDIO_SLOTS audio slots (forwarder.py); hosts, co-hosts and
whoever has the floor always get one, the others go to the loudest, with hysteresis so that two voices
close in loudness do not swap slots at every tick."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .forwarder import Source

AUDIO_SLOTS = 3  # loudest speakers forwarded to each subscriber
SPEAKER_TICK = 0.1
SPEAKING = 20.0  # smoothed loudness (127 - dBov) above which a source counts as speaking
SPEAKER_MARGIN = 10.0  # a newcomer must be this much louder than the weakest active speaker...
SPEAKER_HOLD = 1.0  # ...who has been active at least this long (hysteresis)


def choose_speakers(
    sources: Iterable[Source], current: list[Source], *, now: float | None = None, floor: str | None = None
) -> list[Source]:
    """Hosts, co-hosts and whoever has the floor (``floor``, the room's, which the « Tour de table »
    moves too) always; the remaining slots to the loudest others, from the audio-level header extension.
    Fades the level of a source that sent nothing lately and stamps when a newcomer became active."""
    now = time.monotonic() if now is None else now
    candidates = [s for s in sources if s.kind == "audio" and not s.muted]
    for s in candidates:
        if now - s.last_audio > 0.3:  # DTX or silence: no packets, fade out
            s.level *= 0.5
    # The floor first, so that she keeps her slot when more than AUDIO_SLOTS have priority.
    prioritized = sorted(
        (s for s in candidates if s.member == floor or s.role in ("host", "cohost")),
        key=lambda s: (s.member != floor, s.order),
    )
    candidates = [s for s in candidates if s not in prioritized]
    active = [s for s in current if s in candidates]
    # A speaker among the loudest hears the others: one more than a listener's free slots.
    capacity = max(AUDIO_SLOTS + 1 - len(prioritized), 0)
    del active[capacity:]
    others = sorted((s for s in candidates if s not in active), key=lambda s: -s.level)
    for cand in others:
        if cand.level < SPEAKING or capacity == 0:
            break
        if len(active) < capacity:
            cand.active_since = now
            active.append(cand)
            continue
        weakest = min(active, key=lambda s: s.level)
        if cand.level > weakest.level + SPEAKER_MARGIN and now - weakest.active_since >= SPEAKER_HOLD:
            active[active.index(weakest)] = cand
            cand.active_since = now
    return prioritized + active

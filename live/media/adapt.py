"""Which videos each receiver gets, and which temporal layer of each: what her page shows, what she
asked to save, what her link carries.

Her page says which tiles are on screen and how wide (``view``): a hidden tile gets nothing, a
thumbnail at most half the frame rate (layers ≤ 1 below ``THUMBNAIL`` pixels wide, layer 0 alone below
``SMALL``). « Économiser les données » keeps the speaker's video only (the hosts' camera and screen),
on layer 0. Then, when her link's estimate minus her audio does not carry it all, the node gives up
in this order, one step at a time until it fits: the other videos down to layer 0 (least important
first), the speaker's video down to layer 1 (half rate), the other videos paused (least important
first), the speaker's video down to layer 0, and last the speaker's video paused; audio never. A
video that sends no layers (H.264, a browser without ``L1T3``) can only be kept whole or paused.
Without ENTRAIDE_MEDIA_ADAPT_LINKS=1 on the node, her link only lowers layers and never pauses a
video (a loaded machine's Chromium once estimated less than its link carried). What already flows
stays while the estimate is at least ``KEEP_TOLERANCE`` of it; a step up needs
``RESUME_MARGIN`` more room than it costs, or a probe step (``bandwidth.LinkEstimate.may_probe``),
since the estimate cannot grow beyond what flows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .bandwidth import KEEP_TOLERANCE, LinkEstimate
from .layers import TOP
from .protocol import ProtocolError

if TYPE_CHECKING:
    from .forwarder import Source

MAX_TILES = 64
MAX_PIXELS = 16384
AUDIO_COST = 40_000  # bits per second one forwarded Opus voice costs, headers included
RESUME_MARGIN = 1.15  # a paused video needs this much more room than it costs
VIDEO_SOURCES = ("camera", "screen")
THUMBNAIL = 480  # CSS pixels: a tile narrower than this gets layers 0-1 (half the frame rate)
SMALL = 240  # ...and narrower than this, layer 0 alone (a quarter)
PAUSED = -1  # a level: nothing forwarded
GOOD = {
    "type": "quality",
    "link": "good",
    "paused": [],
    "reduced": [],
}  # what a page assumes until told otherwise


@dataclass
class ReceiverView:
    """What her page shows: ``tiles`` maps (member, source) to a width in CSS pixels; None
    until the page said anything (then every video may be forwarded, as before ``view`` existed)."""

    tiles: dict[tuple[str, str], int] | None = None
    save_data: bool = False


def parse_view(fields: dict[str, Any]) -> ReceiverView:
    tiles = fields["tiles"]
    if len(tiles) > MAX_TILES:
        raise ProtocolError("bad_message")
    seen: dict[tuple[str, str], int] = {}
    for tile in tiles:
        if not isinstance(tile, dict):
            raise ProtocolError("bad_message")
        member, source = tile.get("member"), tile.get("source")
        width, height = tile.get("width"), tile.get("height")
        if not isinstance(member, str) or not 0 < len(member) <= 64 or source not in VIDEO_SOURCES:
            raise ProtocolError("bad_message")
        for size in (width, height):
            if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_PIXELS:
                raise ProtocolError("bad_message")
        assert isinstance(width, int) and isinstance(source, str)
        seen[(member, source)] = width
    return ReceiverView(tiles=seen, save_data=bool(fields.get("save_data", False)))


@dataclass
class ReceiverState:
    """Per subscriber: her view, her link, and what the node decided for her last time."""

    view: ReceiverView = field(default_factory=ReceiverView)
    link: LinkEstimate = field(default_factory=LinkEstimate)
    levels: dict[int, int] = field(default_factory=dict)  # id(source) -> highest layer she got last time
    paused: set[int] = field(default_factory=set)  # ids of the sources paused for her link
    reduced: set[int] = field(default_factory=set)  # ids of the sources on a lower layer for her link
    told: dict[str, Any] = field(default_factory=lambda: dict(GOOD))  # the last ``quality`` told her


def is_speaker(source: Source) -> bool:
    return source.role == "host"


def wanted(state: ReceiverState, videos: Iterable[Source]) -> list[Source]:
    """The videos her page shows (or all, before it said), most important first.

    A screen share is always wanted: its tile appears only once its video arrives, so a page that
    already said what it shows could never ask for a share started after that."""
    view = state.view
    out = []
    for source in videos:
        if view.save_data and not is_speaker(source):
            continue
        shown = view.tiles is None or (source.member, source.name) in view.tiles
        if not shown and source.name != "screen":
            continue
        out.append(source)
    return out


def view_cap(state: ReceiverState, source: Source) -> int:
    """The highest layer her page has a use for: thumbnails do not need the full frame rate."""
    view = state.view
    if view.save_data:
        return 0
    if view.tiles is None:
        return TOP
    width = view.tiles.get((source.member, source.name))
    if width is None:  # a screen share her page cannot show before it comes (``wanted``): in full
        return TOP if source.name == "screen" else 0
    return 0 if width < SMALL else 1 if width < THUMBNAIL else TOP


def degradations(videos: list[Source], caps: list[int]) -> list[tuple[int, int]]:
    """The steps (index in ``videos``, new level) taken in order while her link does not carry it all."""
    steps: list[tuple[int, int]] = []
    others = range(len(videos) - 1, 0, -1)  # least important first
    for i in others:
        if videos[i].layered:
            steps.extend((i, level) for level in range(caps[i] - 1, -1, -1))
    speaker_layered = bool(videos) and videos[0].layered
    if speaker_layered and caps[0] > 1:
        steps.append((0, 1))
    steps.extend((i, PAUSED) for i in others)
    if videos:
        if speaker_layered and caps[0] > 0:
            steps.append((0, 0))
        steps.append((0, PAUSED))
    return steps


def plan(
    state: ReceiverState, videos: list[Source], audio_streams: int, *, may_pause: bool = True
) -> list[Source]:
    """Of the videos she wants (priority order), those she gets; ``state.levels`` says which layer.
    Without ``may_pause`` her link only lowers layers (ENTRAIDE_MEDIA_ADAPT_LINKS off)."""
    caps = [view_cap(state, s) if s.layered else TOP for s in videos]
    levels = list(caps)
    budget = state.link.available()
    before = state.levels
    applied: list[tuple[int, int, int]] = []  # (index, level before, level after)
    if budget is not None:
        budget -= audio_streams * AUDIO_COST

        def cost(i: int, level: int) -> float:
            if level == PAUSED:
                return 0.0
            # Chromium estimates about what it receives: what flows stays unless the estimate fell below it.
            margin = KEEP_TOLERANCE if level <= before.get(id(videos[i]), PAUSED) else RESUME_MARGIN
            return videos[i].layer_bitrate(level) * margin

        total = sum(cost(i, level) for i, level in enumerate(levels))
        if state.link.holding():
            # A step up being tried: what she got stays (the estimate grows only with what flows).
            kept = sum(cost(i, min(before.get(id(s), PAUSED), caps[i])) for i, s in enumerate(videos))
            budget = max(budget, kept)
        for i, level in degradations(videos, caps):
            if total <= budget:
                break
            if level == PAUSED and not may_pause:
                continue
            applied.append((i, levels[i], level))
            levels[i] = level
            # Summed again, not updated by differences: rounding would leave a kept step a hair
            # above the budget it was kept for (`holding`), and pause it.
            total = sum(cost(j, lv) for j, lv in enumerate(levels))
        link = state.link
        if link.hold_over():
            link.judged = True
            if any(levels[i] < before.get(id(s), PAUSED) for i, s in enumerate(videos)):
                link.refused()  # held long enough, and her estimate did not grow to carry it
        if applied and link.may_probe():
            i, up, down = applied[-1]
            if before.get(id(videos[i]), PAUSED) <= down:
                # The estimate cannot grow past what flows: try one step up; if the link pushes
                # back, the step is taken again and the next try waits longer.
                levels[i] = up
                state.link.probed()
    state.levels = {id(s): level for s, level in zip(videos, levels, strict=True)}
    state.paused = {id(s) for s, level in zip(videos, levels, strict=True) if level == PAUSED}
    state.reduced = {
        id(s) for s, level, cap in zip(videos, levels, caps, strict=True) if PAUSED < level < cap
    }
    return [s for s, level in zip(videos, levels, strict=True) if level != PAUSED]


def quality_message(state: ReceiverState, videos: Iterable[Source]) -> dict[str, Any]:
    """What she is told: the videos paused, and those on a lower frame rate, for her link."""
    paused: list[str] = []
    reduced: list[str] = []
    for s in videos:
        if id(s) in state.paused:
            paused.append(f"{s.member}:{s.name}")
        elif id(s) in state.reduced:
            reduced.append(f"{s.member}:{s.name}")
    # A lower frame rate is not worth a warning: a paused video or a lossy link is.
    weak = bool(paused) or state.link.weak
    return {
        "type": "quality",
        "link": "weak" if weak else "good",
        "paused": sorted(paused),
        "reduced": sorted(reduced),
    }

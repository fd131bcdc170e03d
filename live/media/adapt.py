"""Which videos each receiver gets: what her page shows, what she asked to save, what her link carries.

Her page says which tiles are on screen and how wide (``view``): a hidden tile gets nothing.
« Économiser les données » keeps the speaker's video only (the hosts' camera and screen). Then the
videos are taken in the room's priority order (screen shares, hosts, then the others) while their
measured bitrate fits her link's estimate minus her audio: the first that does not fit is paused,
and every less important one with it, so the speaker's video is always the last to go and audio is
never paused. A paused video comes back when the estimate leaves room for it with a margin, or on a
probe step (``bandwidth.LinkEstimate.may_probe``), since the estimate cannot grow beyond what flows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .bandwidth import KEEP_TOLERANCE, LinkEstimate
from .protocol import ProtocolError

if TYPE_CHECKING:
    from .forwarder import Source

MAX_TILES = 64
MAX_PIXELS = 16384
AUDIO_COST = 40_000  # bits per second one forwarded Opus voice costs, headers included
RESUME_MARGIN = 1.15  # a paused video needs this much more room than it costs
VIDEO_SOURCES = ("camera", "screen")
GOOD = {"type": "quality", "link": "good", "paused": []}  # what a page assumes until told otherwise


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
    forwarded: set[int] = field(default_factory=set)  # ids of the sources she got last time
    paused: set[int] = field(default_factory=set)  # ids of the sources paused for her link
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


def plan(
    state: ReceiverState, videos: list[Source], audio_streams: int, *, by_link: bool = True
) -> list[Source]:
    """Of the videos she wants (priority order), those her link carries; the rest are paused."""
    budget = state.link.available() if by_link else None
    if budget is None:
        state.paused = set()
        state.forwarded = {id(s) for s in videos}
        return videos
    budget -= audio_streams * AUDIO_COST
    used = 0.0
    chosen: list[Source] = []
    rest = list(videos)
    while rest:
        source = rest[0]
        cost = source.bitrate
        # Chromium estimates about what it receives: what flows stays unless the estimate fell below it.
        margin = KEEP_TOLERANCE if id(source) in state.forwarded else RESUME_MARGIN
        if used + cost * margin > budget:
            break
        used += cost
        chosen.append(rest.pop(0))
    if rest and state.link.may_probe() and any(id(s) in state.paused for s in rest[:1]):
        # The estimate cannot grow past what flows: try the next one; if the link pushes back,
        # it is paused again and the next try waits longer.
        chosen.append(rest.pop(0))
        state.link.probed()
    state.paused = {id(s) for s in rest}
    state.forwarded = {id(s) for s in chosen}
    return chosen


def quality_message(state: ReceiverState, paused: Iterable[Source]) -> dict[str, Any]:
    names = sorted(f"{s.member}:{s.name}" for s in paused)
    weak = bool(names) or state.link.weak
    return {"type": "quality", "link": "weak" if weak else "good", "paused": names}

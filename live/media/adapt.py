"""Which videos each receiver gets, and at which level: what her page shows, what she asked to save,
what her link carries.

A video's levels (``Source.rung``): with a quarter-size copy of the camera, 0-2 are the copy's
temporal layers (a quarter of the frames, half, all) and 3 the camera; without one, 0-2 are the
camera's temporal layers. Her page says which tiles are on screen and how wide (``view``): a hidden
tile gets nothing, a thumbnail (below ``THUMBNAIL`` pixels) the copy at the full frame rate (or the
camera at half of it), a small tile (below ``SMALL``) the copy at half (or the camera at a quarter).
« Économiser les données » keeps the speaker's video only (the hosts' camera and screen), at her
copy's half rate (or her camera's lowest layer). Then, when her link (``bandwidth.LinkEstimate``)
minus her audio does not carry it all, the node gives up in this order, one step at a time until it
fits (``degradations``): the other videos down to their lowest level (least important first), the
speaker's video down to the lowest level that keeps a useful frame rate, the other videos paused,
the speaker's video further down (not below ``MIN_FPS``), and last the speaker's video paused; audio
never. A video that
sends no layers and no copy (H.264, a browser without ``L1T3``) can only be kept whole or paused.
With ENTRAIDE_MEDIA_ADAPT_LINKS=0 on the node, her link only lowers levels and never pauses a
video. What already flows stays while the estimate is at least ``KEEP_TOLERANCE`` of it; a step up
needs ``RESUME_MARGIN`` more room than it costs (``SWITCH_MARGIN`` from a copy to its camera), and
since her estimate cannot grow beyond what flows, her link is probed with padding for the next steps
(``MediaHub.probe``); what a probe proved is what her link carries until it shows congestion.
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
# Bits per second one forwarded voice costs her link before its packets are measured: Chromium's
# Opus at 32 kbit/s, 50 packets a second, each with 58 bytes of headers (``slot.HEADERS``).
AUDIO_COST = 55_000
RESUME_MARGIN = 1.15  # a paused video needs this much more room than it costs
PROBE_STEP = 150_000  # bits per second a probe may add at least, when little flows
# Moving from a camera's copy to the camera itself needs a key frame, a burst her link must absorb:
# that step needs this much more room than the camera costs (instead of RESUME_MARGIN).
SWITCH_MARGIN = 1.4
VIDEO_SOURCES = ("camera", "screen")
# Her speaker's video below this frame rate is paused and « Connexion faible » shown, not sent
# stuttering: a 30 fps camera's quarter of its frames (7.5 fps) is still sent, a 24 fps one's is not.
MIN_FPS = 7.0
THUMBNAIL = 480  # CSS pixels: a tile narrower than this gets her copy, or half the frame rate (view_cap)
SMALL = 240  # ...and narrower than this, her copy at half the frame rate, or a quarter
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
    probe_due: bool = False  # ``plan`` started a probe of her link: the hub sends its padding


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
    """The highest level her page has a use for (``Source.rung``). Without a quarter-size copy a
    thumbnail gets half the frame rate, a small one a quarter; with one, a thumbnail gets the copy at
    the full rate, a small one at half, and « Économiser les données » the copy at half."""
    view = state.view
    copy = source.has_low
    if view.save_data:
        return 1 if copy else 0
    if view.tiles is None:
        return source.top_level
    width = view.tiles.get((source.member, source.name))
    if width is None:  # a screen share her page cannot show before it comes (``wanted``): in full
        return source.top_level if source.name == "screen" else 0
    if width < SMALL:
        return 1 if copy else 0
    if width < THUMBNAIL:
        return TOP if copy else 1
    return source.top_level


def degradations(videos: list[Source], caps: list[int]) -> list[tuple[int, int]]:
    """The steps (index in ``videos``, new level) taken in order while her link does not carry it all:
    the others down to their lowest level, the speaker down to the lowest level that still has a
    useful frame rate (her copy at the full rate, or half her camera's), the others paused, the
    speaker further down, and last paused."""
    steps: list[tuple[int, int]] = []
    others = range(len(videos) - 1, 0, -1)  # least important first
    for i in others:
        if videos[i].steppable:
            steps.extend((i, level) for level in range(caps[i] - 1, -1, -1))
    speaker_steps = bool(videos) and videos[0].steppable
    floor = (TOP if videos[0].has_low else 1) if videos else 0
    if speaker_steps:
        steps.extend((0, level) for level in range(caps[0] - 1, floor - 1, -1))
    steps.extend((i, PAUSED) for i in others)
    if videos:
        if speaker_steps:
            lowest = lowest_level(videos[0])
            steps.extend((0, level) for level in range(min(caps[0], floor) - 1, lowest - 1, -1))
        steps.append((0, PAUSED))
    return steps


def lowest_level(speaker: Source) -> int:
    """Her speaker's lowest level worth showing: the lowest at ``MIN_FPS`` or more (or not measured)."""
    for level in range(TOP + 1):
        fps = speaker.level_fps(level)
        if fps is None or fps >= MIN_FPS:
            return level
    return TOP


def voice_cost(source: Source) -> float:
    """What forwarding one voice costs her link: measured as it comes in, or ``AUDIO_COST`` before that."""
    return source.meter.bps or AUDIO_COST


def plan(state: ReceiverState, videos: list[Source], audio: float, *, may_pause: bool = True) -> list[Source]:
    """Of the videos she wants (priority order), those she gets; ``state.levels`` says which layer.
    ``audio``: bits per second her voices cost her link (``voice_cost``). Without ``may_pause`` her
    link only lowers levels (ENTRAIDE_MEDIA_ADAPT_LINKS=0)."""
    caps = [view_cap(state, s) if s.steppable else s.top_level for s in videos]
    levels = list(caps)
    link = state.link
    before = state.levels
    flowing = sum(
        s.level_bitrate(before[id(s)]) for s in videos if before.get(id(s), PAUSED) != PAUSED
    )  # the videos she gets now, without their audio
    link.flowing = flowing + audio
    # What a cut of her link stops at while more flows (``LinkEstimate.floor``): her voices and the
    # first video she wants, her speaker's, at its lowest level.
    link.floor = audio + (
        videos[0].level_bitrate(lowest_level(videos[0])) if videos and videos[0].steppable else 0.0
    )
    if link.hold_over():
        link.judge()  # held without loss or a queue on her link: that much fits, whatever her estimate says
    budget = link.available()
    applied: list[tuple[int, int, int]] = []  # (index, level before, level after)
    if budget is not None:
        budget -= audio

        def cost(i: int, level: int) -> float:
            if level == PAUSED:
                return 0.0
            # Chromium estimates about what it receives: what flows stays unless the estimate fell below it.
            had = before.get(id(videos[i]), PAUSED)
            if level <= had:
                margin = KEEP_TOLERANCE
            elif level > TOP and had != PAUSED:
                margin = SWITCH_MARGIN
            else:
                margin = RESUME_MARGIN
            bits = videos[i].level_bitrate(level) * margin
            if had == PAUSED and i:
                # Another video coming back starts with a key frame: at 300 kbit/s, what she was
                # sent went from 341 to 490 kbit/s in the second after one came back, her link
                # queued and her speaker's video froze. Her link must have room to take it within a
                # second. (Her speaker comes back whatever its key frame costs.)
                bits += videos[i].key_frame_bits(level)
            return bits

        total = sum(cost(i, level) for i, level in enumerate(levels))
        if link.holding():
            # A step up being tried: what she got stays (the estimate grows only with what flows).
            kept = sum(cost(i, min(before.get(id(s), PAUSED), caps[i])) for i, s in enumerate(videos))
            budget = max(budget, kept)
        for i, level in degradations(videos, caps):
            if total <= budget:
                break
            if level == PAUSED and not may_pause:
                continue
            if level == PAUSED and i == 0 and videos[0].steppable and not link.floor_fails:
                # Her speaker at its lowest level is paused only once her link is seen to fail to
                # carry it (``LinkEstimate.floor_fails``), not for her estimate or a meter's spike.
                continue
            applied.append((i, levels[i], level))
            levels[i] = level
            # Summed again, not updated by differences: rounding would leave a kept step a hair
            # above the budget it was kept for (`holding`), and pause it.
            total = sum(cost(j, lv) for j, lv in enumerate(levels))
        # A big step (a camera down to its copy) can leave room for smaller ones taken before it:
        # given back, most important first, to videos still flowing (a paused one waits for a probe,
        # and none comes back while the speaker's is paused).
        last_paused = bool(applied) and applied[-1][2] == PAUSED
        for j, up, down in reversed(applied[:-1]):
            if not last_paused and down != PAUSED and levels[j] == down:
                levels[j] = up
                trial_total = sum(cost(k, lv) for k, lv in enumerate(levels))
                if trial_total > budget:
                    levels[j] = down
        if any(level > before.get(id(s), PAUSED) for s, level in zip(videos, levels, strict=True)):
            link.stepped_up()  # (before the next probe is decided: ``STEP_SETTLE``)
        i, up, down = applied[-1] if applied else (0, PAUSED, PAUSED)
        if applied and before.get(id(videos[i]), PAUSED) <= down and link.may_probe():
            # Her estimate cannot grow past what flows: her link is tested with padding (nothing she
            # watches is at stake) for as many of the next steps up as fit in ``link.growth()`` times
            # what flows or is known to fit. Held without loss or a queue, that much is proven
            # (``kept`` above) and the steps it carries are taken: a link coming back recovers in a
            # few probes, not one per level.
            now = flowing + audio
            allowance = max(link.growth() * max(now, link.proven), now + PROBE_STEP)
            reach = link.reach()
            if reach is not None:
                allowance = min(allowance, reach)
            trial = list(levels)
            target = first_step = 0.0
            for j, step_up, step_down in reversed(applied):
                if before.get(id(videos[j]), PAUSED) > step_down:
                    break  # she already gets more of it: keeping it is no step up
                trial[j] = step_up
                need = sum(cost(k, lv) for k, lv in enumerate(trial)) + audio
                if target and need > allowance:
                    if link.roomy:
                        # Her link had room to spare: the probe tests all it may, and the next one
                        # reaches from there (a link back from 300 kbit/s took a probe per level).
                        target = allowance
                    break
                first_step = first_step or need
                target = min(need, allowance)
            known = max(now, link.proven)
            # A probe a few percent above what is known tests little, unless it is all the next step
            # needs: skipped, that step was neither probed nor taken (the speaker's camera waited
            # 29 s into an 800 kbit/s phase).
            if target > known and (target > 1.05 * known or target >= first_step):
                state.probe_due = True
                link.probed(target)
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

"""Pure room state: no aiortc, no websocket, plain fakes (runs in the normal test lane)."""

from __future__ import annotations

from typing import Any

import pytest

from live.media.room import Room, RoomError


class FakeClient:
    def __init__(self) -> None:
        self.inbox: list[dict[str, Any]] = []

    def enqueue(self, message: dict[str, Any]) -> None:
        self.inbox.append(message)

    def types(self) -> list[str]:
        return [m["type"] for m in self.inbox]


def join(room: Room, member: str, role: str = "participant", now: float = 0.0) -> FakeClient:
    client = FakeClient()
    room.join(member=member, name=f"Membre {member}", role=role, client=client, now=now)
    return client


def test_twenty_participant_seats_hosts_not_counted() -> None:
    room = Room("1")
    join(room, "h", "host")
    join(room, "c", "cohost")
    for i in range(20):
        join(room, f"p{i}")
    assert room.taken == 20
    with pytest.raises(RoomError) as exc:
        join(room, "p20")
    assert exc.value.code == "room_full"
    join(room, "h2", "host")  # a host still gets in


def test_lobby_until_a_host_opens_the_doors() -> None:
    room = Room("1")
    early = join(room, "p1")
    assert room.seats["p1"].in_lobby
    host = join(room, "h", "host")
    assert room.snapshot()["participants"][0] == {
        "id": "p1",
        "name": "Membre p1",
        "role": "participant",
        "in_lobby": True,
        "hand": False,
        "muted": [],
    }
    join(room, "p0")
    assert host.inbox[-1] == {
        "type": "lobby",
        "waiting": [
            {"id": "p1", "name": "Membre p1", "role": "participant"},
            {"id": "p0", "name": "Membre p0", "role": "participant"},
        ],
    }
    with pytest.raises(RoomError) as exc:
        room.chat("p1", "hello")
    assert exc.value.code == "in_lobby"
    with pytest.raises(RoomError):
        room.open_doors("p1")  # not a host
    entered = room.open_doors("h")
    assert [s.member for s in entered] == ["p1", "p0"]
    assert "doors_opened" in early.types()
    assert room.mark_admitted("p1") is True
    assert room.mark_admitted("p1") is False
    late = join(room, "p2")
    assert not room.seats["p2"].in_lobby
    assert "joined" in early.types() and late.inbox == []


def test_seat_held_sixty_seconds_after_a_disconnection() -> None:
    room = Room("1", capacity=1)
    host = join(room, "h", "host")
    room.open_doors("h")
    first = join(room, "p1", now=0)
    assert room.disconnect("p1", first, now=10)
    assert host.inbox[-1] == {"type": "left", "member": "p1", "reason": "disconnected"}
    with pytest.raises(RoomError):
        join(room, "p2", now=20)  # the seat is held
    again = FakeClient()
    result = room.join(member="p1", name="Membre p1", role="participant", client=again, now=30)
    assert result.resumed and not result.first_admission
    room.disconnect("p1", again, now=40)
    assert room.expire(now=99) == []
    assert room.expire(now=100.5) == ["p1"]
    join(room, "p2", now=101)


def test_second_connection_replaces_the_first() -> None:
    room = Room("1")
    join(room, "h", "host")
    old = join(room, "h2", "host")
    new = FakeClient()
    result = room.join(member="h2", name="X", role="host", client=new)
    assert result.replaced is old
    assert room.disconnect("h2", old) is False  # the stale socket does not free the seat
    assert room.seats["h2"].client is new


def test_raised_hands_are_ordered() -> None:
    room = Room("1")
    host = join(room, "h", "host")
    room.open_doors("h")
    join(room, "a")
    join(room, "b")
    room.raise_hand("b")
    room.raise_hand("a")
    room.raise_hand("b")
    assert room.hands == ["b", "a"]
    with pytest.raises(RoomError):
        room.lower_hand("a", "b")  # only hosts lower someone else's hand
    room.lower_hand("h", "b")
    assert room.hands == ["a"]
    assert host.inbox[-1] == {"type": "hand_lowered", "member": "b", "hands": ["a"]}


def test_chat_and_reactions_are_relayed_not_kept() -> None:
    room = Room("1")
    host = join(room, "h", "host")
    room.open_doors("h")
    member = join(room, "a")
    room.chat("a", "  Bonjour  ", now=1000)
    assert member.inbox[-1] == {
        "type": "chat",
        "from": "a",
        "name": "Membre a",
        "role": "participant",
        "text": "Bonjour",
        "at": 1000,
    }
    assert host.inbox[-1]["text"] == "Bonjour"
    room.react("h", "👏")
    assert member.inbox[-1] == {"type": "reaction", "from": "h", "emoji": "👏"}
    for bad in ("", "x" * 2001):
        with pytest.raises(RoomError):
            room.chat("a", bad)
    with pytest.raises(RoomError):
        room.react("a", "💩")
    assert "Bonjour" not in repr(vars(room))


def test_host_actions_need_a_host() -> None:
    room = Room("1")
    join(room, "h", "host")
    room.open_doors("h")
    join(room, "c", "cohost")
    a = join(room, "a")
    join(room, "b")
    for action in (
        lambda: room.mute_all("a"),
        lambda: room.remove("a", "b"),
        lambda: room.lock("a", True),
        lambda: room.promote("a", "b"),
        lambda: room.end("a"),
        lambda: room.mute_member("a", "b"),
    ):
        with pytest.raises(RoomError) as exc:
            action()
        assert exc.value.code == "forbidden"
    with pytest.raises(RoomError):
        room.promote("c", "b")  # co-hosts cannot promote
    with pytest.raises(RoomError):
        room.end("c")  # nor end for all
    assert room.mute_all("c") == ["a", "b"]
    assert {"type": "muted", "member": "a", "source": "microphone", "muted": True, "by": "c"} in a.inbox
    room.set_muted("a", "microphone", False)  # she may unmute herself
    assert room.seats["a"].muted == set()


def test_remove_lock_promote_end() -> None:
    room = Room("1")
    host = join(room, "h", "host")
    room.open_doors("h")
    a = join(room, "a")
    join(room, "b")
    assert room.remove("h", "a") is a
    assert a.inbox[-1] == {"type": "removed"}
    with pytest.raises(RoomError) as exc:
        join(room, "a")
    assert exc.value.code == "removed"
    room.lock("h", True)
    with pytest.raises(RoomError) as exc:
        join(room, "new")
    assert exc.value.code == "room_locked"
    room.promote("h", "b")
    assert room.seats["b"].role == "cohost"
    assert host.inbox[-1] == {"type": "role_changed", "member": "b", "role": "cohost"}
    clients = room.end("h")
    assert len(clients) == 2 and room.seats == {}
    with pytest.raises(RoomError) as exc:
        join(room, "b")
    assert exc.value.code == "room_ended"


def test_leave_frees_the_seat_at_once() -> None:
    room = Room("1", capacity=1)
    join(room, "h", "host")
    room.open_doors("h")
    a = join(room, "a")
    assert room.leave("a", a)
    join(room, "b")


def test_snapshot_has_no_chat_and_lists_present_members() -> None:
    room = Room("1")
    join(room, "h", "host")
    room.open_doors("h")
    a = join(room, "a")
    room.disconnect("a", a)
    snap = room.snapshot()
    assert [p["id"] for p in snap["participants"]] == ["h"]
    assert snap["taken"] == 1

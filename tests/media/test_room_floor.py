"""The floor, the « Tour de table » and private chat to the hosts: pure room state, plain fakes."""

from __future__ import annotations

from typing import Any

import pytest

from live.media.room import Room, RoomError


class FakeClient:
    def __init__(self) -> None:
        self.inbox: list[dict[str, Any]] = []

    def enqueue(self, message: dict[str, Any]) -> None:
        self.inbox.append(message)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.inbox if m["type"] == kind]


def join(room: Room, member: str, role: str = "participant") -> FakeClient:
    client = FakeClient()
    room.join(member=member, name=f"Membre {member}", role=role, client=client, now=0.0)
    return client


def open_room(*participants: str) -> tuple[Room, FakeClient, dict[str, FakeClient]]:
    room = Room("1")
    host = join(room, "h", "host")
    room.open_doors("h")
    return room, host, {p: join(room, p) for p in participants}


def test_give_floor_lowers_the_hand_and_tells_everyone() -> None:
    room, host, people = open_room("a", "b")
    room.raise_hand("a")
    room.raise_hand("b")
    room.give_floor("h", "a")
    assert room.hands == ["b"]
    assert room.floor == "a"
    for client in (host, people["a"], people["b"]):
        assert client.of("floor")[-1] == {
            "type": "floor",
            "member": "a",
            "name": "Membre a",
            "role": "participant",
        }
        assert client.of("hand_lowered")[-1]["hands"] == ["b"]
    assert room.snapshot()["floor"] == "a"
    room.give_floor("h", None)
    assert room.floor is None
    assert people["b"].of("floor")[-1] == {"type": "floor", "member": None, "name": None, "role": None}


def test_only_hosts_give_the_floor_and_only_to_someone_in_the_room() -> None:
    room, _host, _people = open_room("a")
    with pytest.raises(RoomError) as exc:
        room.give_floor("a", "a")
    assert exc.value.code == "forbidden"
    with pytest.raises(RoomError) as exc:
        room.give_floor("h", "nobody")
    assert exc.value.code == "unknown_member"


def test_the_floor_is_dropped_when_its_holder_leaves() -> None:
    room, host, people = open_room("a")
    room.give_floor("h", "a")
    room.leave("a", people["a"])
    assert room.floor is None
    assert host.of("floor")[-1]["member"] is None


def test_round_gives_each_participant_the_floor_in_turn_then_ends_by_itself() -> None:
    room, host, people = open_room("a", "b", "c")
    join(room, "co", "cohost")  # hosts and co-hosts are not in the round
    room.raise_hand("b")
    room.start_round("h", 2, now=100.0)
    state = room.round
    assert state is not None and state.order == ["a", "b", "c"]
    first = host.of("round")[-1]["round"]
    assert first == {
        "order": ["a", "b", "c"],
        "index": 0,
        "current": "a",
        "turn_seconds": 120.0,
        "remaining": 120.0,
    }
    assert room.floor == "a"
    room.tick_round(now=219.0)
    assert room.floor == "a"
    room.expire(now=220.0)  # the node's one-second ticker drives the clock
    assert room.floor == "b"
    assert room.hands == []  # her hand was lowered when her turn came
    assert people["c"].of("round")[-1]["round"]["current"] == "b"
    assert people["c"].of("round")[-1]["round"]["remaining"] == 120.0
    room.tick_round(now=340.0)
    assert room.floor == "c"
    room.tick_round(now=460.0)
    assert room.round is None and room.floor is None
    assert host.of("round")[-1] == {"type": "round", "round": None}
    assert people["a"].of("floor")[-1]["member"] is None


def test_host_skips_and_stops_and_absent_people_are_skipped() -> None:
    room, host, people = open_room("a", "b", "c")
    room.start_round("h", 0.5, now=0.0)
    room.disconnect("b", people["b"], now=1.0)
    room.next_turn("h", now=2.0)
    assert room.floor == "c"  # b is gone: skipped
    assert host.of("round")[-1]["round"]["index"] == 2
    room.stop_round("h", now=3.0)
    assert room.round is None and room.floor is None
    with pytest.raises(RoomError) as exc:
        room.next_turn("h")
    assert exc.value.code == "bad_round"


@pytest.mark.parametrize("minutes", [0, -1, 31, True, "2"])
def test_round_refuses_bad_durations(minutes: Any) -> None:
    room, _host, _people = open_room("a")
    with pytest.raises(RoomError) as exc:
        room.start_round("h", minutes)
    assert exc.value.code == "bad_round"


def test_round_needs_someone_and_a_host() -> None:
    room, _host, people = open_room()
    with pytest.raises(RoomError) as exc:
        room.start_round("h", 1)
    assert exc.value.code == "bad_round"
    join(room, "a")
    with pytest.raises(RoomError) as exc:
        room.start_round("a", 1)
    assert exc.value.code == "forbidden"


def test_snapshot_carries_the_round_for_late_joiners() -> None:
    room, _host, _people = open_room("a")
    room.start_round("h", 1, now=0.0)
    snap = room.snapshot()
    assert snap["floor"] == "a"
    assert snap["round"]["current"] == "a"


def test_private_chat_reaches_only_the_hosts_and_the_sender() -> None:
    room, host, people = open_room("a", "b")
    cohost = join(room, "co", "cohost")
    room.chat("a", "Je dois partir à 19 h.", to="hosts", now=10)
    line = {
        "type": "chat",
        "from": "a",
        "name": "Membre a",
        "role": "participant",
        "text": "Je dois partir à 19 h.",
        "at": 10,
        "to": "hosts",
    }
    assert host.of("chat") == [line]
    assert cohost.of("chat") == [line]
    assert people["a"].of("chat") == [line]
    assert people["b"].of("chat") == []
    room.chat("a", "Bonjour", to="everyone", now=11)
    assert people["b"].of("chat")[-1]["text"] == "Bonjour"
    assert "to" not in people["b"].of("chat")[-1]
    with pytest.raises(RoomError) as exc:
        room.chat("a", "x", to="b")
    assert exc.value.code == "bad_chat"


def test_end_clears_the_floor_and_round() -> None:
    room, _host, _people = open_room("a")
    room.start_round("h", 1, now=0.0)
    room.end("h")
    assert room.round is None and room.floor is None

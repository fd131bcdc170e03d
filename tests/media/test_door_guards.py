"""The node's door, pure (normal test lane): single-use ticket ids, the cap on connections not joined yet,
names and chat lines cleaned, roles beside names, reports to the site."""

from __future__ import annotations

import time

import pytest
from itsdangerous import URLSafeSerializer

from live.media.guards import PendingGate, UsedTickets
from live.media.room import Room, RoomError
from live.media.text import clean_name, strip_bidi
from live.media.tickets import Report, TicketError, sign_report, sign_ticket, verify_report, verify_ticket

SECRET = "door-guards-secret-0123456789"


def test_each_ticket_carries_its_own_id_and_the_room_state() -> None:
    first = verify_ticket(SECRET, sign_ticket(SECRET, room="4", member="7", name="Awa", role="participant"))
    second = verify_ticket(SECRET, sign_ticket(SECRET, room="4", member="7", name="Awa", role="participant"))
    assert first.jti and second.jti and first.jti != second.jti
    assert (first.locked, first.doors_open) == (False, False)
    restored = verify_ticket(
        SECRET, sign_ticket(SECRET, room="4", member="7", name="A", role="host", locked=True, doors_open=True)
    )
    assert (restored.locked, restored.doors_open) == (True, True)
    # A ticket without an id (signed before single use, or forged by hand) is no ticket.
    no_id = URLSafeSerializer(SECRET, salt="entraide.media").dumps(
        {"aud": "media", "room": "4", "member": "7", "name": "A", "role": "host", "exp": time.time() + 30}
    )
    with pytest.raises(TicketError):
        verify_ticket(SECRET, no_id)


def test_a_ticket_id_is_accepted_once_and_forgotten_after_its_expiry() -> None:
    used = UsedTickets()
    assert used.use("a", expires_at=1060, now=1000)
    assert not used.use("a", expires_at=1060, now=1030)  # replayed within its lifetime
    assert used.use("b", expires_at=1090, now=1030)
    assert len(used) == 2
    used.forget_expired(1060)
    assert len(used) == 1  # « a » can no longer be valid: no need to remember it
    # Memory stays bounded by the tickets of the last minute, however many were used.
    for i in range(10_000):
        used.use(f"t{i}", expires_at=2000 + i * 0.01, now=1100 + i * 0.01)
    used.forget_expired(2100)
    assert len(used) == 0


def test_pending_connections_are_capped_per_address_and_in_total() -> None:
    gate = PendingGate(per_address=2, total=3)
    a1, a2 = gate.enter("10.0.0.1"), gate.enter("10.0.0.1")
    assert a1 is not None and a2 is not None
    assert gate.full("10.0.0.1") and gate.enter("10.0.0.1") is None
    b1 = gate.enter("10.0.0.2")
    assert b1 is not None and gate.pending == 3
    assert gate.enter("10.0.0.3") is None  # the total is reached, whoever asks
    a1.release()
    a1.release()  # releasing twice counts once
    assert gate.pending == 2
    assert gate.enter("10.0.0.3") is not None
    assert gate.enter("10.0.0.1") is None  # total reached again


def test_names_lose_control_and_format_characters() -> None:
    assert clean_name("Awa\u202e\u2066 Diallo\u2028\u0007\u200b") == "Awa Diallo"
    assert clean_name("\u202e\u0000") == "Membre"
    assert clean_name("Inès 👩‍💻") == "Inès 👩💻"  # a joiner is a format character: the emoji fall apart
    token = sign_ticket(SECRET, room="4", member="7", name="\u202eetnanevretni · eihpoS", role="participant")
    assert verify_ticket(SECRET, token).name == "etnanevretni · eihpoS"


def test_chat_lines_lose_bidi_controls_and_carry_the_sender_s_role() -> None:
    assert strip_bidi("a\u202eb\u2067c\u200fd\nsuite 👩‍💻") == "abcd\nsuite 👩‍💻"

    class Client:
        def __init__(self) -> None:
            self.inbox: list[dict] = []

        def enqueue(self, message: dict) -> None:
            self.inbox.append(message)

    room = Room("4")
    host, fake = Client(), Client()
    room.join(member="h", name="Sophie", role="host", client=host)
    room.open_doors("h")
    room.join(member="p", name="Sophie · intervenante", role="participant", client=fake)
    room.chat("p", "\u202eJe suis l'intervenante", now=1)
    room.chat("h", "Bonjour", now=2)
    lines = [m for m in host.inbox if m["type"] == "chat"]
    assert [(m["name"], m["role"], m["text"]) for m in lines] == [
        ("Sophie · intervenante", "participant", "Je suis l'intervenante"),
        ("Sophie", "host", "Bonjour"),
    ]
    with pytest.raises(RoomError) as refused:
        room.chat("p", "\u202e\u2066")  # nothing left once the controls are gone
    assert refused.value.code == "bad_chat"
    room.give_floor("h", "p")
    assert host.inbox[-1] == {
        "type": "floor",
        "member": "p",
        "name": "Sophie · intervenante",
        "role": "participant",
    }


def test_reports_to_the_site_round_trip_and_keep_their_kinds_apart() -> None:
    assert verify_report(SECRET, sign_report(SECRET, "4", "removed", member="7")) == Report(
        "4", "removed", "7"
    )
    assert verify_report(SECRET, sign_report(SECRET, "4", "lock", value=False)) == Report(
        "4", "lock", value=False
    )
    assert verify_report(SECRET, sign_report(SECRET, "4", "doors", value=True)) == Report(
        "4", "doors", value=True
    )
    assert verify_report(SECRET, sign_report(SECRET, "4", "attendance", member="7")).kind == "attendance"
    with pytest.raises(ValueError):
        sign_report(SECRET, "4", "end")
    with pytest.raises(TicketError):  # a ticket is no report
        verify_report(SECRET, sign_ticket(SECRET, room="4", member="7", name="A", role="host"))

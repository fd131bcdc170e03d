"""Tickets, attendance tokens and node settings (pure, normal test lane)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import pytest
from itsdangerous import URLSafeSerializer

from live.media.settings import DEV_SECRET, NodeSettings, SettingsError
from live.media.tickets import (
    Ticket,
    TicketError,
    sign_attendance,
    sign_ticket,
    verify_attendance,
    verify_ticket,
)

SECRET = "s3cret"


def test_ticket_round_trip() -> None:
    token = sign_ticket(SECRET, room="42", member="7", name="Awa", role="participant", ttl=30)
    ticket = verify_ticket(SECRET, token)
    assert isinstance(ticket, Ticket)
    assert (ticket.room, ticket.member, ticket.name, ticket.role) == ("42", "7", "Awa", "participant")
    assert time.time() < ticket.expires_at <= time.time() + 30


def test_ticket_expiry_and_limits() -> None:
    token = sign_ticket(SECRET, room="42", member="7", name="Awa", role="host", ttl=10)
    with pytest.raises(TicketError):
        verify_ticket(SECRET, token, now=time.time() + 11)
    with pytest.raises(ValueError):
        sign_ticket(SECRET, room="42", member="7", name="Awa", role="host", ttl=61)
    with pytest.raises(ValueError):
        sign_ticket(SECRET, room="42", member="7", name="Awa", role="admin")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        sign_ticket("other", room="42", member="7", name="A", role="host"),
        sign_attendance(SECRET, "42", "7"),  # the other audience
        URLSafeSerializer(SECRET, salt="entraide.media").dumps(
            {"aud": "web", "room": "42", "member": "7", "name": "A", "role": "host", "exp": time.time() + 30}
        ),
        URLSafeSerializer(SECRET, salt="entraide.media").dumps(
            {
                "aud": "media",
                "room": "42",
                "member": "7",
                "name": "A",
                "role": "host",
                "exp": time.time() + 3600,
            }
        ),
        URLSafeSerializer(SECRET, salt="entraide.media").dumps(
            {
                "aud": "media",
                "room": "42",
                "member": "7",
                "name": "A",
                "role": "boss",
                "exp": time.time() + 30,
            }
        ),
        URLSafeSerializer(SECRET, salt="entraide.media").dumps({"aud": "media", "room": "42"}),
    ],
)
def test_bad_tickets(token: str) -> None:
    with pytest.raises(TicketError):
        verify_ticket(SECRET, token)


def test_attendance_round_trip() -> None:
    token = sign_attendance(SECRET, "42", "7")
    assert verify_attendance(SECRET, token) == ("42", "7")
    with pytest.raises(TicketError):
        verify_attendance("other", token)
    with pytest.raises(TicketError):
        verify_attendance(SECRET, sign_ticket(SECRET, room="42", member="7", name="A", role="host"))


def test_settings_defaults_and_secrets_hidden() -> None:
    settings = NodeSettings.from_env({})
    assert settings.secret_key == DEV_SECRET
    assert (settings.host, settings.port) == ("127.0.0.1", 8001)
    assert settings.allowed_origins == ("http://127.0.0.1:8000", "http://localhost:8000")
    assert settings.attendance_url == "http://127.0.0.1:8000/ateliers/presence"
    assert settings.ice_servers == () and not settings.loopback_ice
    env = {
        "ENTRAIDE_SECRET_KEY": "topsecret",
        "ENTRAIDE_TURN_SECRET": "turnsecret",
        "ENTRAIDE_TURN_URLS": "turn:turn.example.org:3478",
        "ENTRAIDE_ICE_SERVERS": '[{"urls": "stun:stun.example.org", "credential": "hidden"}]',
        "ENTRAIDE_MEDIA_LOOPBACK_ICE": "1",
        "ENTRAIDE_ALLOWED_ORIGINS": "https://entraide.example, http://127.0.0.1:8000",
        "ENTRAIDE_ATTENDANCE_URL": "",
        "ENTRAIDE_MEDIA_PORT": "9001",
    }
    settings = NodeSettings.from_env(env)
    text = repr(settings)
    assert "topsecret" not in text and "turnsecret" not in text and "hidden" not in text
    assert settings.loopback_ice and settings.port == 9001 and settings.attendance_url == ""
    assert settings.allowed_origins == ("https://entraide.example", "http://127.0.0.1:8000")


def test_production_needs_a_secret_and_valid_ice() -> None:
    with pytest.raises(SettingsError):
        NodeSettings.from_env({"ENTRAIDE_ENV": "production"})
    with pytest.raises(SettingsError):
        NodeSettings.from_env({"ENTRAIDE_ICE_SERVERS": "{}"})
    with pytest.raises(SettingsError):
        NodeSettings.from_env({"ENTRAIDE_ICE_SERVERS": '[{"urls": "http://x"}]'})
    with pytest.raises(SettingsError):
        NodeSettings.from_env({"ENTRAIDE_TURN_SECRET": "x"})


def test_turn_rest_credentials() -> None:
    settings = NodeSettings.from_env({"ENTRAIDE_TURN_SECRET": "k", "ENTRAIDE_TURN_URLS": "turn:t:3478"})
    (server,) = settings.ice_servers_for("7", now=1000)
    assert server.username == f"{1000 + 4 * 3600}:7"
    expected = base64.b64encode(hmac.new(b"k", server.username.encode(), hashlib.sha1).digest()).decode()
    assert server.as_json() == {"urls": ["turn:t:3478"], "username": server.username, "credential": expected}

"""Tickets, attendance tokens and node settings (pure, normal test lane)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import pytest
from itsdangerous import URLSafeSerializer

from live.media.settings import NodeSettings
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
    # Stable names: the tokens hold the time, and parallel workers must collect the same tests.
    ids=[
        "empty",
        "garbage",
        "other-secret",
        "attendance",
        "web-audience",
        "too-long",
        "bad-role",
        "incomplete",
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


NODE_ENV = {
    "ENTRAIDE_SECRET_KEY": "a-node-secret-0123456789",
    "ENTRAIDE_ALLOWED_ORIGINS": "https://entraide.example",
}


def test_settings_defaults_and_secrets_hidden() -> None:
    settings = NodeSettings.from_env(NODE_ENV)
    assert (settings.host, settings.port, settings.env) == ("127.0.0.1", 8001, "production")
    assert settings.allowed_origins == ("https://entraide.example",)
    assert settings.attendance_url == "" and settings.parent_pid is None
    assert settings.ice_servers == () and not settings.loopback_ice
    env = {
        "ENTRAIDE_SECRET_KEY": "topsecret-topsecret",
        "ENTRAIDE_TURN_SECRET": "turnsecret",
        "ENTRAIDE_TURN_URLS": "turn:turn.example.org:3478",
        "ENTRAIDE_ICE_SERVERS": '[{"urls": "stun:stun.example.org", "credential": "hidden"}]',
        "ENTRAIDE_MEDIA_LOOPBACK_ICE": "1",
        "ENTRAIDE_ALLOWED_ORIGINS": "https://entraide.example, http://127.0.0.1:8000/",
        "ENTRAIDE_ATTENDANCE_URL": "http://127.0.0.1:8000/ateliers/presence",
        "ENTRAIDE_MEDIA_PORT": "9001",
        "ENTRAIDE_MEDIA_PARENT_PID": "4242",
    }
    settings = NodeSettings.from_env(env)
    text = repr(settings) + repr(settings.ice_servers_for("7"))
    assert "topsecret" not in text and "turnsecret" not in text and "hidden" not in text
    assert settings.loopback_ice and settings.port == 9001 and settings.parent_pid == 4242
    assert settings.allowed_origins == ("https://entraide.example", "http://127.0.0.1:8000")


@pytest.mark.parametrize(
    "env",
    [
        {},  # no secret at all: there is no public default any more, in any mode
        {"ENTRAIDE_ENV": "development", "ENTRAIDE_ALLOWED_ORIGINS": "http://127.0.0.1:8000"},
        {"ENTRAIDE_SECRET_KEY": "short", "ENTRAIDE_ALLOWED_ORIGINS": "http://127.0.0.1:8000"},
        {"ENTRAIDE_SECRET_KEY": "a-node-secret-0123456789"},  # no origin: every browser would be refused
        {**NODE_ENV, "ENTRAIDE_ICE_SERVERS": "{}"},
        {**NODE_ENV, "ENTRAIDE_ICE_SERVERS": '[{"urls": "http://x"}]'},
        {**NODE_ENV, "ENTRAIDE_TURN_SECRET": "x"},
        {**NODE_ENV, "ENTRAIDE_MEDIA_PORT": "huit"},
        {**NODE_ENV, "ENTRAIDE_MEDIA_PARENT_PID": "moi"},
    ],
)
def test_a_node_refuses_to_start_without_a_secret_origins_or_valid_settings(env: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="ENTRAIDE_"):
        NodeSettings.from_env(env)


def test_turn_rest_credentials() -> None:
    settings = NodeSettings.from_env(
        {**NODE_ENV, "ENTRAIDE_TURN_SECRET": "k", "ENTRAIDE_TURN_URLS": "turn:t:3478"}
    )
    (server,) = settings.ice_servers_for("7", now=1000)
    assert server.username == f"{1000 + 4 * 3600}:7"
    expected = base64.b64encode(hmac.new(b"k", server.username.encode(), hashlib.sha1).digest()).decode()
    assert server.as_json() == {"urls": ["turn:t:3478"], "username": server.username, "credential": expected}

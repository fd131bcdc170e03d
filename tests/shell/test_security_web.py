"""What an attacker tries on the site's edges: oversized bodies on open endpoints, forged CSRF tokens
that are not even ASCII, signed-in pages left in caches, a coturn relay into private networks."""

from __future__ import annotations

import ipaddress
import re
import shlex
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from learning.db import Database
from tests.helpers import create_member, csrf_token, login

ROOT = Path(__file__).resolve().parents[2]


async def test_an_open_endpoint_refuses_a_huge_body_before_reading_it(client: httpx.AsyncClient) -> None:
    declared = await client.post(
        "/ateliers/presence", content=b"{}", headers={"Content-Length": str(100 * 1024 * 1024)}
    )
    assert declared.status_code == 413

    sent: list[int] = []

    async def hundred_megabytes() -> AsyncIterator[bytes]:
        for _ in range(100):
            sent.append(1)
            yield b"x" * (1024 * 1024)

    streamed = await client.post("/ateliers/presence", content=hundred_megabytes())
    assert streamed.status_code == 413
    assert len(sent) <= 2, f"{len(sent)} MiB read before refusing"
    # A report of the size the media node sends still reaches the endpoint (and is judged there).
    assert (await client.post("/ateliers/presence", json={"token": "x" * 500})).status_code == 400


async def test_a_non_ascii_csrf_token_is_refused_not_a_server_error(client: httpx.AsyncClient) -> None:
    await csrf_token(client, "/connexion")  # the browser has its CSRF cookie
    for forged in ("é", "jeton-à-moitié-forgé", "\u202e"):
        response = await client.post(
            "/connexion", data={"csrf_token": forged, "email": "a@b.fr", "password": "x"}
        )
        assert response.status_code == 403, forged
        response = await client.post(
            "/connexion", data={"email": "a@b.fr"}, headers={b"X-CSRF-Token": forged.encode()}
        )
        assert response.status_code == 403, forged


async def test_signed_in_pages_are_not_stored_by_caches(client: httpx.AsyncClient, db: Database) -> None:
    anonymous = await client.get("/")
    assert "no-store" not in anonymous.headers.get("cache-control", "")
    await create_member(db, "cache@exemple.fr")
    await login(client, "cache@exemple.fr")
    for page in ("/", "/compte", "/ateliers", "/mooc", "/coup-de-pouce"):
        response = await client.get(page)
        assert response.status_code == 200, page
        assert response.headers["cache-control"] == "no-store", page
    stylesheet = re.search(r'href="(/static/css/site\.css[^"]*)"', (await client.get("/")).text)
    assert stylesheet
    assert "no-store" not in (await client.get(stylesheet.group(1))).headers.get("cache-control", "")


def _turnserver_commands(text: str) -> list[list[str]]:
    commands = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        joined = block.replace("\\\n", " ")
        commands += [
            shlex.split(line) for line in joined.splitlines() if line.strip().startswith("turnserver")
        ]
    return commands


def test_the_coturn_examples_keep_relays_out_of_private_networks() -> None:
    must_deny = [
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "0.0.0.1",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
    ]
    documents = [ROOT / "README.md", ROOT / "docs" / "media-protocol.md"]
    commands = [c for doc in documents for c in _turnserver_commands(doc.read_text())]
    assert commands, "no turnserver example found"
    for command in commands:
        assert "--no-multicast-peers" in command
        ranges = []
        for arg in command:
            if arg.startswith("--denied-peer-ip="):
                first, _, last = arg.split("=", 1)[1].partition("-")
                ranges.append((ipaddress.ip_address(first), ipaddress.ip_address(last)))
        for address in map(ipaddress.ip_address, must_deny):
            assert any(
                lo.version == address.version == hi.version and int(lo) <= int(address) <= int(hi)
                for lo, hi in ranges
            ), address

"""The node as its own process (``python -m live.media``), its HTTP endpoints, attendance reports."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from live.media.botkit.bot import Bot
from live.media.botkit.ports import free_port
from live.media.botkit.tracks import NumberedCamera, ToneTrack
from live.media.botkit.waiting import until
from live.media.node import running_node
from live.media.settings import NodeSettings
from live.media.tickets import Report, sign_ticket, verify_report

from .conftest import ORIGIN, SECRET

pytestmark = pytest.mark.media
ROOT = Path(__file__).resolve().parents[2]


async def test_node_process_forwards_with_process_guards_and_stops_on_sigterm() -> None:
    """Also: with ENTRAIDE_LOG_FORMAT=json, as in production, every line it writes is one JSON object."""
    port = free_port()
    env = {
        **os.environ,
        "ENTRAIDE_LOG_FORMAT": "json",
        "ENTRAIDE_SECRET_KEY": SECRET,
        "ENTRAIDE_MEDIA_LOOPBACK_ICE": "1",
        "ENTRAIDE_ATTENDANCE_URL": "",
        "ENTRAIDE_ENV": "development",
        "ENTRAIDE_ALLOWED_ORIGINS": ORIGIN,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "live.media",
        "--port",
        str(port),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    bots: list[Bot] = []
    try:
        async with asyncio.timeout(60), httpx.AsyncClient(trust_env=False) as http:

            async def healthy() -> bool:
                try:
                    return (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
                except httpx.TransportError:
                    return False

            for _ in range(100):
                if await healthy():
                    break
                await asyncio.sleep(0.1)
            assert await healthy()
            url = f"ws://127.0.0.1:{port}/rooms/9"
            host_ticket = sign_ticket(SECRET, room="9", member="h", name="H", role="host")
            host = Bot(url, host_ticket, origin=ORIGIN)
            viewer = Bot(url, sign_ticket(SECRET, room="9", member="v", name="V", role="participant"))
            bots += [host, viewer]
            await host.connect()
            await host.send({"type": "open_doors"})
            await host.publish({"camera": NumberedCamera(), "microphone": ToneTrack()})
            await viewer.connect()
            await viewer.subscribe()
            mid = await viewer.wait_mid("h", "camera")
            await until(lambda: len(viewer.frames[mid]) >= 30, 15)
            answer = await http.get(f"http://127.0.0.1:{port}/status")
            assert answer.headers.get_list("content-type") == ["application/json"]
            status = answer.json()
            assert status["rooms"] == 1 and status["peers"] == 2
            assert status["packets_out"] > 0 and status["packets_in"] > 0
            assert status["decode"] == 0 and status["encode"] == 0
            assert all(isinstance(v, int) for v in status.values())  # counters only, no names
            assert (await http.get(f"http://127.0.0.1:{port}/nowhere")).status_code == 404
            assert (await http.get(f"http://127.0.0.1:{port}/rooms/9")).status_code == 426
            copy = Bot(url, host_ticket, origin=ORIGIN)  # a copied ticket: refused, and logged
            bots.append(copy)
            refusal = await copy.connect()
            assert refusal is not None and refusal["code"] == "bad_ticket"
    finally:
        for bot in bots:
            await bot.close()
        proc.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(proc.wait(), 15)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise
    assert proc.stderr is not None
    errors = (await proc.stderr.read()).decode()
    assert code == 0, errors
    assert "Traceback" not in errors
    lines = [json.loads(line) for line in errors.splitlines()]  # each line one JSON object
    by_message = {line["message"]: line for line in lines}
    assert by_message[f"media node listening on 127.0.0.1:{port}"]["level"] == "info"
    assert by_message["join refused: ticket already used"]["logger"] == "live.media.signaling"
    assert host_ticket not in errors


async def test_attendance_reported_once_with_a_signed_token(ticket) -> None:
    received: list[bytes] = []
    got = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        received.append(await reader.readexactly(length))
        writer.write(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()
        got.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = NodeSettings(
        secret_key=SECRET,
        allowed_origins=(ORIGIN,),
        attendance_url=f"http://127.0.0.1:{port}/ateliers/presence",
    )
    try:
        async with asyncio.timeout(30), running_node(settings) as node:
            url = f"ws://127.0.0.1:{node.port}/rooms/42"
            host = Bot(url, ticket("h", role="host"))
            member = Bot(url, ticket("m"))
            try:
                await host.connect()
                await member.connect()  # in the lobby: not attended yet
                await asyncio.sleep(0.3)
                assert len(received) == 1  # the host
                await host.send({"type": "open_doors"})
                await until(lambda: len(received) == 3, 5)  # the member, and the doors now open
                await member.close()
                again = Bot(url, ticket("m"))
                await again.connect()
                await again.close()
                await asyncio.sleep(0.3)
            finally:
                await host.close()
                await member.close()
        reports = [verify_report(SECRET, json.loads(body)["token"]) for body in received]
        members = sorted((r.room, r.member) for r in reports if r.kind == "attendance")
        assert members == [("42", "h"), ("42", "m")]  # once each
        assert [r for r in reports if r.kind != "attendance"] == [Report("42", "doors", value=True)]
        assert all(set(json.loads(body)) == {"token"} for body in received)
    finally:
        server.close()
        await server.wait_closed()

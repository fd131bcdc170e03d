"""``entraide media`` / ``python -m live.media``: run a media node until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys

from learning import logs  # stdlib only: the one formatter and scrubber the site uses too

from . import aiortc_hooks
from .node import MediaNode, serve
from .settings import NodeSettings

PARENT_CHECK_S = 0.5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=None, help="listen address (default ENTRAIDE_MEDIA_HOST or 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="listen port (default ENTRAIDE_MEDIA_PORT or 8001)"
    )


def run(args: argparse.Namespace) -> int:
    try:
        settings = NodeSettings.from_env()
    except ValueError as exc:
        print(f"media node: {exc}", file=sys.stderr)
        return 2
    aiortc_hooks.check_hooks()  # fail loudly if aiortc's internals changed
    node = MediaNode(settings)
    # This process is the node's own: any decoder or encoder aiortc asks for must raise.
    aiortc_hooks.install_process_guards(node.counters)
    aiortc_hooks.skip_receive_estimators()
    return asyncio.run(_main(settings, node, args.host, args.port))


async def _main(settings: NodeSettings, node: MediaNode, host: str | None, port: int | None) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    watcher = (
        loop.create_task(_stop_when_orphaned(settings.parent_pid, stop)) if settings.parent_pid else None
    )
    try:
        await serve(settings, host=host, port=port, stop=stop, node=node)
    finally:
        if watcher is not None:
            watcher.cancel()
    return 0


async def _stop_when_orphaned(parent_pid: int, stop: asyncio.Event) -> None:
    """Stop when the `entraide serve` that started us is gone, however it died (even SIGKILL).

    Its death re-parents us (to init or a subreaper), so getppid() changes; no signal reaches us.
    """
    while not stop.is_set():
        if os.getppid() != parent_pid:
            logging.getLogger(__name__).warning("parent process %d is gone: stopping", parent_pid)
            stop.set()
            return
        await asyncio.sleep(PARENT_CHECK_S)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="entraide media", description="Run an Entraide media node.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    # ENTRAIDE_MEDIA_LOG_LEVEL=DEBUG: the join timeline (bench/join_time.py --trace); never content.
    level = os.environ.get("ENTRAIDE_MEDIA_LOG_LEVEL", "INFO").upper()
    # ENTRAIDE_LOG_FORMAT=json: one JSON object per line, as the site writes them (docs/operations.md).
    log_format = "json" if os.environ.get("ENTRAIDE_LOG_FORMAT", "").strip().lower() == "json" else "text"
    logs.configure(log_format, getattr(logging, level, logging.INFO))
    return run(args)

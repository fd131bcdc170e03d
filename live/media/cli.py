"""``entraide media`` / ``python -m live.media``: run a media node until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from . import aiortc_hooks
from .node import MediaNode, serve
from .settings import NodeSettings, SettingsError


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
    except SettingsError as exc:
        print(f"media node: {exc}", file=sys.stderr)
        return 2
    aiortc_hooks.check_hooks()  # fail loudly if aiortc's internals changed
    node = MediaNode(settings)
    # This process is the node's own: any decoder or encoder aiortc asks for must raise.
    aiortc_hooks.install_process_guards(node.counters)
    return asyncio.run(_main(settings, node, args.host, args.port))


async def _main(settings: NodeSettings, node: MediaNode, host: str | None, port: int | None) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(settings, host=host, port=port, stop=stop, node=node)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="entraide media", description="Run an Entraide media node.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return run(args)

"""Log lines as JSON objects (ENTRAIDE_LOG_FORMAT=json), for a collector that reads fields, not prose.

What a log line may hold: the logger, the level, the message the code wrote, and the fields it passed
in `extra` (the access line: method, route template, status, duration). The code never logs chat,
tickets, tokens or message bodies; as a second guard the formatter masks anything shaped like a
token (a run of 32+ URL-safe characters with a digit or a capital in it, as `learning.outbox` treats
links) and drops query strings from URLs, wherever they come from (a library's message, an exception).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

MASK = "[masqué]"
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-]{32,}")
_QUERY = re.compile(r"(https?://[^\s?\"'<>]+|/[^\s?\"'<>]*)\?[^\s\"'<>]*")
# The attributes every LogRecord has: what is not among them came from `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def scrub(text: str) -> str:
    text = _QUERY.sub(lambda m: m.group(1) + "?" + MASK, text)
    return _TOKEN_LIKE.sub(lambda m: MASK if re.search(r"[0-9A-Z]", m.group(0)) else m.group(0), text)


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = scrub(value) if isinstance(value, str) else value
        if record.exc_info:
            # The traceback's lines, not the values of its locals (which could hold anything).
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


# Loggers that write what they carry at INFO: SQLAlchemy's engine logs every statement WITH its parameters (a
# post's text, a password hash) as soon as INFO is on for it; httpx logs every URL it requests.
QUIET = ("sqlalchemy", "aiosqlite", "asyncpg", "httpx", "httpcore", "websockets", "aioice", "aiortc")


def configure(log_format: str, level: int = logging.INFO) -> None:
    """Sends every logger's lines to stderr in the chosen format (uvicorn's included); the libraries of
    QUIET only from WARNING up."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JSONFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True

"""Every client message type declared in protocol.py is answered by a Session handler, and no other.

protocol.parse accepts exactly the declared types: a declared type without a handler would reach the
dispatch as a KeyError (answered ``server_error``), and a handler for an undeclared type could never run.
"""

from __future__ import annotations

from typing import cast

from live.media import protocol
from live.media.signaling import NodeServices, Session


async def test_each_declared_client_message_type_has_a_handler_and_nothing_else_has_one() -> None:
    session = Session(cast(NodeServices, None), websocket=None, room_id="42")
    handled = set(session._handlers)
    declared = set(protocol.CLIENT_MESSAGES)
    assert declared - handled == set(), "declared in protocol.py, but Session has no handler"
    assert handled - declared == set(), "a Session handler for a type protocol.py does not declare"

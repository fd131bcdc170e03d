"""The Entraide media node: websocket signaling, pure room state, a forwarding SFU on aiortc.

Imports nothing from the web application: it trusts only signed tickets (``tickets.py``).
The wire protocol is documented in ``docs/media-protocol.md``.
"""

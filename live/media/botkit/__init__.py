"""aiortc clients that speak the room protocol, for tests and benchmarks, and the helpers they share.

A bot is what a third-party client of docs/media-protocol.md would be; nothing here is part of the
node, which never imports this package (a test checks it).
"""

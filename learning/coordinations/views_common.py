"""What H4's pages share: the travel estimate that coverage figures use, whatever the routing engine."""

from __future__ import annotations

import os

from .travel import Estimate, travel_model


def estimate_model() -> Estimate:
    """The crow-flies estimate with its configured figures, even when ENTRAIDE_ROUTING_URL names a routing
    engine: coverage over every commune needs a radius, and a routing engine gives times, not a radius (and
    the admins' list would wait on it for every line)."""
    model = travel_model({k: v for k, v in os.environ.items() if k != "ENTRAIDE_ROUTING_URL"})
    assert isinstance(model, Estimate)
    return model


def routing_configured() -> bool:
    return bool(os.environ.get("ENTRAIDE_ROUTING_URL", "").strip())

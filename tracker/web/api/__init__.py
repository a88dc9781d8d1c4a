"""The JSON API under /api/v1 and its OpenAPI document at /api/openapi.json."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

# Imported for their effect: they register the hooks and routes on bp.
import tracker.web.api.auth  # noqa: E402, F401
import tracker.web.api.clocks  # noqa: E402, F401  (reply clocks, replies, watches)
import tracker.web.api.views  # noqa: E402, F401

"""tracker: turn the operative paragraphs of resolutions into demands followed for years."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def create_app(config: dict[str, Any] | None = None):  # noqa: ANN201 - Flask imported lazily
    """Build the Flask application; nothing touches the disk or network before this is called."""
    from tracker.web.app import build_app

    return build_app(config)

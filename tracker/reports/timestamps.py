"""One way to write a moment in every export: UTC, to the second."""

from __future__ import annotations

import datetime as dt


def timestamp(value: dt.datetime) -> str:
    """ "2024-01-15T09:30:00Z": the JSON exports, the CSV and the documents' metadata."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_timestamp(value: dt.datetime) -> str:
    """ "2024-01-15 09:30 UTC": what a document prints for a reader."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

"""The import path the briefing page and command use; the builder is tracker.reports.builders."""

from tracker.reports.builders.briefing import build_briefing, build_briefing_for

__all__ = ["build_briefing", "build_briefing_for"]

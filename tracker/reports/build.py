"""The import path of the report builder and of scopes; the code is in tracker.reports.builders."""

from tracker.reports.builders.report import build_snapshot, source_ref
from tracker.reports.builders.scope import Scope, resolve_scope

__all__ = ["Scope", "build_snapshot", "resolve_scope", "source_ref"]

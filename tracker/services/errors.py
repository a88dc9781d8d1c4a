"""Errors services raise; their message is one line fit to show a user."""

from __future__ import annotations


class ServiceError(Exception):
    """Refused: the message says why, in one line."""


class NotFound(ServiceError):
    pass


class ValidationError(ServiceError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class PermissionDenied(ServiceError):
    pass


class DuplicateResolution(ServiceError):
    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class EditConflict(ServiceError):
    """Someone else saved first; `current` holds their version."""

    def __init__(self, message: str, current: dict[str, object]) -> None:
        super().__init__(message)
        self.current = current

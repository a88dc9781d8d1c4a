"""Page numbers from the query string, and the arithmetic a pager needs."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

MAX_PAGE = 1_000_000


def page_number(name: str = "page") -> int:
    """The page asked for in the query string's `name` (1 when absent or not a number)."""
    raw = request.args.get(name, "1")
    return min(int(raw), MAX_PAGE) if raw.isdigit() and int(raw) > 0 else 1


@dataclass(frozen=True)
class Page:
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_item(self) -> int:
        return 0 if self.total == 0 else (self.number - 1) * self.per_page + 1

    @property
    def last_item(self) -> int:
        return min(self.total, self.number * self.per_page)

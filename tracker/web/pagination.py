"""Page numbers from the query string, and the arithmetic a pager needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

MAX_PAGE = 1_000_000


class PastLastPage(Exception):
    """A page number beyond the last page (an old link, fewer records than before)."""

    def __init__(self, last: int, param: str) -> None:
        super().__init__(f"{param} {last}")
        self.last = last
        self.param = param


def to_last_page(error: PastLastPage) -> Response:
    """The same address at the last page that has records."""
    values: dict[str, Any] = {**(request.view_args or {}), **request.args.to_dict(flat=False)}
    values[error.param] = error.last
    return redirect(url_for(request.endpoint or "main.dashboard", **values))


def page_number(name: str = "page") -> int:
    """The page asked for in the query string's `name` (1 when absent or not a number)."""
    raw = request.args.get(name, "1")
    return min(int(raw), MAX_PAGE) if raw.isdigit() and int(raw) > 0 else 1


@dataclass(frozen=True)
class Page:
    number: int
    per_page: int
    total: int
    param: str = "page"

    def __post_init__(self) -> None:
        if self.total > 0 and self.number > self.pages:
            raise PastLastPage(self.pages, self.param)

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

"""API fixtures: personal tokens for users of each role, and a client that sends them."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.factories import UserFactory
from tracker.models import ApiToken, Role, TokenScope, User
from tracker.services.tokens import create_token


def make_token(
    db: Session,
    role: Role = Role.ANALYST,
    scope: TokenScope = TokenScope.WRITE,
    user: User | None = None,
) -> str:
    """A committed token; write tokens of viewers are made directly, as an older token of a
    demoted analyst would be."""
    user = user or UserFactory(role=role)
    if scope == TokenScope.WRITE and not user.can(Role.ANALYST):
        db.add(
            ApiToken(
                user_id=user.id,
                name="old",
                scope=scope,
                token_hash=_hash(plain := f"trk_viewer-write-{user.id}"),
                prefix=plain[:10],
            )
        )
        db.commit()
        return plain
    _token, plain = create_token(db, user, name="test script", scope=scope, actor=user)
    db.commit()
    return plain


def _hash(plain: str) -> str:
    from tracker.services.tokens import hash_token

    return hash_token(plain)


class Api:
    """`api.get(path)` / `api.post(path, json)` with `Authorization: Bearer <token>`."""

    def __init__(self, client: FlaskClient, token: str | None) -> None:
        self.client = client
        self.token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(path, headers=self._headers(), **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.client.post(path, json=json, headers=self._headers(), **kwargs)


@pytest.fixture
def api_as(client: FlaskClient, db: Session):  # type: ignore[no-untyped-def]
    """`api_as(Role.VIEWER)` → an Api for a new user of that role (write token when allowed)."""

    def make(
        role: Role = Role.ANALYST, scope: TokenScope | None = None, user: User | None = None
    ) -> Api:
        if scope is None:
            scope = TokenScope.WRITE if role != Role.VIEWER else TokenScope.READ
        return Api(client, make_token(db, role, scope, user))

    return make

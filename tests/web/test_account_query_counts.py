"""The user list, the token page and the API lists load in a fixed number of statements."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.factories import DemandFactory, UserFactory
from tracker.models import Role, TokenScope
from tracker.services.tokens import create_token


def _count(client, queries, path: str, headers: dict[str, str] | None = None) -> int:  # type: ignore[no-untyped-def]
    with queries() as counted:
        response = client.get(path, headers=headers or {})
    assert response.status_code == 200, path
    return counted.count


def _grow(db: Session, admin, n: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        UserFactory(role=Role.VIEWER)
        DemandFactory()
        create_token(db, admin, name="t", scope=TokenScope.READ, actor=admin)
    db.commit()


def test_account_admin_and_api_lists_do_not_grow_with_rows(client, auth, db, queries) -> None:  # type: ignore[no-untyped-def]
    admin = auth.login(Role.ADMIN)
    _token, plain = create_token(db, admin, name="api", scope=TokenScope.READ, actor=admin)
    _grow(db, admin, 2)
    bearer = {"Authorization": f"Bearer {plain}"}
    # The first call with a token also notes when it was used (at most once a minute).
    assert client.get("/api/v1/demands", headers=bearer).status_code == 200
    paths = ["/admin/users", "/account/tokens", "/api/v1/demands", "/api/v1/resolutions"]
    before = {
        p: _count(client, queries, p, bearer if p.startswith("/api") else None) for p in paths
    }
    _grow(db, admin, 10)
    after = {p: _count(client, queries, p, bearer if p.startswith("/api") else None) for p in paths}
    assert before == after
    assert max(after.values()) <= 8, after

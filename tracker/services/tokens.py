"""Personal API tokens: created and revoked by their owner, looked up by their SHA-256 hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from tracker.models import ApiToken, Role, TokenScope, User, utcnow
from tracker.services.audit import record_audit
from tracker.services.errors import NotFound, PermissionDenied, ValidationError

TOKEN_PREFIX = "trk_"  # noqa: S105 - a marker that says what the string is, not a secret
MAX_TOKENS_PER_USER = 50
# Writing last_used_at on every call would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def list_tokens(session: Session, owner: User) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == owner.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )


def create_token(
    session: Session, owner: User, *, name: str, scope: TokenScope, actor: User
) -> tuple[ApiToken, str]:
    """A new token for `owner`; the plain token is returned once and never stored."""
    if actor.id != owner.id:
        raise PermissionDenied("tokens are created by their owner only")
    name = " ".join(name.split())[:100]
    if not name:
        raise ValidationError("give the token a name, e.g. the script that will use it", "name")
    if scope == TokenScope.WRITE and not owner.can(Role.ANALYST):
        raise PermissionDenied("only analysts and admins can create write tokens")
    active = [t for t in list_tokens(session, owner) if not t.is_revoked]
    if len(active) >= MAX_TOKENS_PER_USER:
        raise ValidationError(f"at most {MAX_TOKENS_PER_USER} active tokens: revoke one first")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=owner.id,
        name=name,
        scope=scope,
        token_hash=hash_token(plain),
        prefix=plain[: len(TOKEN_PREFIX) + 6],
    )
    session.add(token)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="token.create",
        entity_type="api_tokens",
        entity_id=token.id,
        summary=f"API token {name!r} ({scope.value})",
        after={"name": name, "scope": scope, "prefix": token.prefix},
    )
    return token, plain


def get_own_token(session: Session, owner: User, token_id: int) -> ApiToken:
    """The owner's token; another user's token is reported as missing, not as forbidden."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != owner.id:
        raise NotFound(f"no token with id {token_id}")
    return token


def revoke_token(session: Session, token: ApiToken, *, actor: User) -> ApiToken:
    if token.user_id != actor.id and not actor.can(Role.ADMIN):
        raise PermissionDenied("only the owner or an admin can revoke a token")
    if token.revoked_at is not None:
        return token
    token.revoked_at = utcnow()
    session.flush()
    owner = "" if token.user_id == actor.id else f" of user {token.user_id}"
    record_audit(
        session,
        actor=actor,
        action="token.revoke",
        entity_type="api_tokens",
        entity_id=token.id,
        summary=f"API token {token.name!r}{owner} revoked",
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at},
    )
    return token


def revoke_all_tokens(session: Session, owner: User, *, actor: User) -> int:
    """Revoke every live token of `owner` (deactivation); returns how many."""
    live = [t for t in list_tokens(session, owner) if not t.is_revoked]
    for token in live:
        revoke_token(session, token, actor=actor)
    return len(live)


def authenticate_token(
    session: Session, plain: str, *, now: dt.datetime | None = None
) -> ApiToken | None:
    """The live token with this value and an active owner, else None. Notes when it was used
    (the caller commits)."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == hash_token(plain))
        .options(joinedload(ApiToken.user))
    )
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = now or utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A plain UPDATE: bookkeeping, not an audited change of the token.
        session.execute(
            update(ApiToken)
            .where(ApiToken.id == token.id)
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
        set_committed_value(token, "last_used_at", now)
    return token

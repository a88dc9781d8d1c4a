"""Admin-managed accounts: roles, deactivation and reactivation, password changes, and ending
a user's sessions (every change that must sign a user out raises their session generation)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tracker.models import Role, User
from tracker.services.accounts import MIN_PASSWORD_LENGTH, hash_password, verify_password
from tracker.services.audit import record_audit
from tracker.services.errors import NotFound, PermissionDenied, ValidationError
from tracker.services.tokens import revoke_all_tokens

MAX_PASSWORD_LENGTH = 1000


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.is_active.desc(), User.email)))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    return user


def _require_admin(actor: User) -> None:
    if not actor.can(Role.ADMIN):
        raise PermissionDenied("only admins manage users")


def _active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, User.is_active.is_(True))
        )
        or 0
    )


def _keep_one_admin(session: Session, user: User) -> None:
    # Nobody could then manage users except through the command line: refuse instead.
    if user.role == Role.ADMIN and user.is_active and _active_admins(session) <= 1:
        raise ValidationError("this is the last active admin: make another admin first")


def change_role(session: Session, user: User, role: Role, *, actor: User) -> User:
    _require_admin(actor)
    if user.role == role:
        return user
    if role != Role.ADMIN:
        _keep_one_admin(session, user)
    before = user.role
    user.role = role
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="user.role",
        entity_type="users",
        entity_id=user.id,
        summary=f"{user.email}: {before.value} → {role.value}",
        before={"role": before},
        after={"role": role},
    )
    return user


def sign_out(session: Session, user: User, *, actor: User) -> None:
    """End every session of `user`: this browser's, and any copy of its cookie elsewhere."""
    if actor.id != user.id and not actor.can(Role.ADMIN):
        raise PermissionDenied("users sign out themselves only")
    # A plain UPDATE: signing out is not an edit of the account, and must not collide with an
    # admin's change on the optimistic-locking version.
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(user, ["session_generation"])
    record_audit(
        session,
        actor=actor,
        action="user.logout",
        entity_type="users",
        entity_id=user.id,
        summary="signed out: every session ended",
    )


def _end_sessions(user: User) -> None:
    user.session_generation += 1


def deactivate_user(session: Session, user: User, *, actor: User) -> User:
    """The account can no longer sign in; its sessions end on their next request and its API
    tokens are revoked for good (reactivating it revives neither). Nothing it recorded is
    removed."""
    _require_admin(actor)
    if not user.is_active:
        return user
    if user.id == actor.id:
        raise ValidationError("you cannot deactivate your own account")
    _keep_one_admin(session, user)
    user.is_active = False
    _end_sessions(user)
    session.flush()
    revoke_all_tokens(session, user, actor=actor)
    record_audit(
        session,
        actor=actor,
        action="user.deactivate",
        entity_type="users",
        entity_id=user.id,
        summary=f"{user.email} deactivated",
        before={"is_active": True},
        after={"is_active": False},
    )
    return user


def reactivate_user(session: Session, user: User, *, actor: User) -> User:
    _require_admin(actor)
    if user.is_active:
        return user
    user.is_active = True
    _end_sessions(user)  # whatever was signed in before the deactivation stays out
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="user.reactivate",
        entity_type="users",
        entity_id=user.id,
        summary=f"{user.email} reactivated",
        before={"is_active": False},
        after={"is_active": True},
    )
    return user


def change_password(session: Session, user: User, *, current: str, new: str, actor: User) -> User:
    """A user changes their own password, proving they know the current one."""
    if actor.id != user.id:
        raise PermissionDenied("users change their own password only")
    if not verify_password(user.password_hash, current):
        raise ValidationError("the current password is wrong", field="current")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"password too short: at least {MIN_PASSWORD_LENGTH} characters", field="new"
        )
    if len(new) > MAX_PASSWORD_LENGTH:
        raise ValidationError("password too long", field="new")
    if new == current:
        raise ValidationError("the new password is the same as the current one", field="new")
    user.password_hash = hash_password(new)
    _end_sessions(user)  # the door carries the caller's own session over (login_user again)
    session.flush()
    # Never the hashes: the audit log is read by admins and exported in backups.
    record_audit(
        session,
        actor=actor,
        action="user.password",
        entity_type="users",
        entity_id=user.id,
        summary=f"{user.email} changed their password",
    )
    return user

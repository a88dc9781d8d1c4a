"""User accounts: creation, password hashing (argon2id) and sign-in checks."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tracker.models import Role, User, utcnow
from tracker.services.audit import record_audit
from tracker.services.errors import ValidationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 10
# Verifying against a real hash when the user is unknown keeps sign-in timing uniform.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def clean_email(email: str) -> str:
    """The address as stored (lower case), or a ValidationError saying what is wrong with it.
    Checked by email-validator (the syntax of RFC 5321/5322, internationalised domains), with no
    DNS look-up: an address need not be reachable from this server."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(f"not an email address: {exc}", field="email") from None
    return checked.normalized.lower()


def create_user(
    session: Session,
    email: str,
    *,
    role: Role,
    password: str,
    name: str = "",
    actor: User | None,
) -> User:
    email = clean_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"password too short: at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if get_user_by_email(session, email) is not None:
        raise ValidationError(f"a user with the email {email} already exists", field="email")
    user = User(email=email, name=name.strip(), role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="user.create",
        entity_type="users",
        entity_id=user.id,
        summary=f"created {email} as {role.value}",
        after={"email": email, "role": role.value},
    )
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, else None (same work either way)."""
    user = get_user_by_email(session, email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    # A plain UPDATE: signing in is not an edit of the account, and two sign-ins at once must
    # not collide on the optimistic-locking version.
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(last_login_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return user

"""Signed one-click unsubscribe links (itsdangerous): the link is the credential, so it works
from any mail client without signing in, and cannot be made up for another user."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "tracker.digest.unsubscribe"


def unsubscribe_token(secret_key: str, user_id: int) -> str:
    return str(URLSafeSerializer(secret_key, salt=SALT).dumps({"user": user_id}))


def read_unsubscribe_token(secret_key: str, token: str) -> int | None:
    """The user id a token was signed for, or None for a forged or damaged one."""
    if len(token) > 500:
        return None
    try:
        data = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except BadSignature:
        return None
    user = data.get("user") if isinstance(data, dict) else None
    return user if isinstance(user, int) else None


def unsubscribe_url(base_url: str, secret_key: str, user_id: int) -> str:
    return f"{base_url.rstrip('/')}/digest/unsubscribe/{unsubscribe_token(secret_key, user_id)}"

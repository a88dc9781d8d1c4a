"""Signed-in sessions: what the signed cookie holds and when it stops being honoured.

The cookie holds the user's id and session generation (User.get_id): raising the generation
(sign-out, password change, deactivation, reactivation) ends every session issued before, copies
of the cookie included. It also holds when the user signed in and when they were last seen,
both signed: a session ends after TRACKER_SESSION_IDLE without a request, and
TRACKER_SESSION_LIFETIME after signing in, whatever happens in between."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, request, session
from flask_login import LoginManager, current_user, login_user
from werkzeug.wrappers import Response

from tracker.models import User

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
# Refreshing "last seen" signs the cookie anew; once a minute is close enough for an idle limit.
SEEN_RESOLUTION = 60
ENDED = "Your session has ended: please sign in again."


def start_session(user: User) -> None:
    """Sign `user` in on this browser, with a fresh idle and lifetime clock."""
    session.clear()  # nothing from before signing in carries over (session fixation)
    login_user(user)
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def is_live(now: float | None = None) -> bool:
    """Whether this request's session is within its idle limit and its lifetime."""
    now = time.time() if now is None else now
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in_at, int) or not isinstance(seen_at, int):
        return False  # a session from before these limits, or a remember-me cookie
    idle = current_app.config["TRACKER_SESSION_IDLE"].total_seconds()
    lifetime = current_app.config["TRACKER_SESSION_LIFETIME"].total_seconds()
    return now - seen_at <= idle and now - signed_in_at <= lifetime


def init_sessions(app: Flask, manager: LoginManager) -> None:
    from tracker.web.db import get_db

    @manager.user_loader
    def load_user(session_id: str) -> User | None:
        # "<id>:<generation>" (User.get_id); anything else is a session from another version.
        user_id, _sep, generation = session_id.partition(":")
        if not (user_id.isascii() and user_id.isdigit() and generation.isascii()):
            return None
        if not generation.isdigit() or len(user_id) > 10 or not is_live():
            _forget()
            return None
        user = get_db().get(User, int(user_id))
        if user is None or not user.is_active or str(user.session_generation) != generation:
            _forget()
            return None
        return user

    @app.after_request
    def note_last_seen(response: Response) -> Response:
        # Only a session this request has checked (loaded) counts as seen: a static file
        # fetched with an ended session's cookie must not revive it.
        seen_at = session.get(SEEN_AT)
        if isinstance(seen_at, int) and request.endpoint != "static" and _checked_user():
            now = int(time.time())
            if now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return response


def _checked_user() -> bool:
    return "_user_id" in session and bool(current_user and current_user.is_authenticated)


def _forget() -> None:
    """Drop an ended session's sign-in, once, and say why on the sign-in page."""
    if session.pop("_user_id", None) is not None:
        for key in (SIGNED_IN_AT, SEEN_AT, "_fresh", "_id"):
            session.pop(key, None)
        flash(ENDED)

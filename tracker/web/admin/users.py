"""User management (admins only): list, create, change role, deactivate and reactivate, and
a user's API tokens (listed; each revoked, written to the audit log)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from tracker.models import Role, User
from tracker.services.accounts import create_user
from tracker.services.errors import NotFound
from tracker.services.tokens import get_own_token, list_tokens, revoke_token
from tracker.services.users import (
    change_role,
    deactivate_user,
    get_user,
    list_users,
    reactivate_user,
)
from tracker.web.access import acting_user, requires
from tracker.web.admin import bp
from tracker.web.admin.user_forms import (
    TokenRevokeForm,
    UserActivationForm,
    UserCreateForm,
    UserRoleForm,
)
from tracker.web.db import get_db, refusals, sentence

# A change applied to the loaded user; returns the message to flash.
Change = Callable[[Session, User, Any], str]


def _page(
    form: UserCreateForm, *, created: tuple[str, str] | None = None, code: int = 200
) -> tuple[str, int]:
    return render_template(
        "admin/users.html",
        users=list_users(get_db()),
        form=form,
        created=created,
        me=acting_user(),
    ), code


def _load(user_id: int) -> User:
    try:
        return get_user(get_db(), user_id)
    except NotFound:
        abort(404)


@bp.route("/users")
@requires(Role.ADMIN)
def users() -> tuple[str, int]:
    return _page(UserCreateForm(formdata=None))


@bp.route("/users/new", methods=["POST"])
@requires(Role.ADMIN)
def create_user_view() -> tuple[str, int]:
    form = UserCreateForm()
    if not form.validate_on_submit():
        return _page(form, code=422)
    db = get_db()
    # The admin hands this on; the user then sets their own on the account page.
    password = secrets.token_urlsafe(15)
    with refusals(form, lambda: _page(form, code=422), message=sentence):
        user = create_user(
            db,
            form.email.data or "",
            role=Role(form.role.data),
            password=password,
            name=form.name.data or "",
            actor=acting_user(),
        )
    # Rendered, not flashed: the password must not travel through the session cookie.
    return _page(UserCreateForm(formdata=None), created=(user.email, password))


def _change(user_id: int, form_class: type[FlaskForm], change: Change) -> Response:
    db = get_db()
    user = _load(user_id)
    form = form_class()
    if not form.validate_on_submit():
        abort(400)
    back = redirect(url_for("admin.users"))
    with refusals(None, lambda: back, message=sentence):
        flash(change(db, user, form))
    return back


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@requires(Role.ADMIN)
def change_role_view(user_id: int) -> Response:
    def change(db: Session, user: User, form: Any) -> str:
        change_role(db, user, Role(form.role.data), actor=acting_user())
        return f"{user.email} is now {user.role.value}."

    return _change(user_id, UserRoleForm, change)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@requires(Role.ADMIN)
def deactivate_user_view(user_id: int) -> Response:
    def change(db: Session, user: User, _form: Any) -> str:
        deactivate_user(db, user, actor=acting_user())
        return f"{user.email} is deactivated: signed out, tokens refused."

    return _change(user_id, UserActivationForm, change)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@requires(Role.ADMIN)
def reactivate_user_view(user_id: int) -> Response:
    def change(db: Session, user: User, _form: Any) -> str:
        reactivate_user(db, user, actor=acting_user())
        return f"{user.email} is active again."

    return _change(user_id, UserActivationForm, change)


@bp.route("/users/<int:user_id>/tokens")
@requires(Role.ADMIN)
def user_tokens(user_id: int) -> str:
    user = _load(user_id)
    return render_template(
        "admin/user_tokens.html",
        user=user,
        tokens=list_tokens(get_db(), user),
        revoke_form=TokenRevokeForm(),
    )


@bp.route("/users/<int:user_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@requires(Role.ADMIN)
def revoke_user_token(user_id: int, token_id: int) -> Response:
    db = get_db()
    user = _load(user_id)
    try:
        token = get_own_token(db, user, token_id)
    except NotFound:
        abort(404)
    if not TokenRevokeForm().validate_on_submit():
        abort(400)
    revoke_token(db, token, actor=acting_user())
    flash(f"The token “{token.name}” of {user.email} is revoked: it no longer works.")
    return redirect(url_for("admin.user_tokens", user_id=user_id))

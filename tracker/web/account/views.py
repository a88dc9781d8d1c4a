"""Account pages: change one's password (the current one is required) and manage personal API
tokens (a new token is shown once, then only its first characters)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import login_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from tracker.models import Role, TokenScope
from tracker.services.errors import NotFound
from tracker.services.tokens import create_token, get_own_token, list_tokens, revoke_token
from tracker.services.users import change_password
from tracker.web.access import acting_user
from tracker.web.account.forms import PasswordChangeForm, TokenCreateForm, TokenRevokeForm
from tracker.web.db import get_db, refusals, sentence

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
def password() -> str | Response | tuple[str, int]:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        db = get_db()
        user = acting_user()
        page = lambda: (render_template("account/password.html", form=form), 422)  # noqa: E731
        with refusals(form, page, message=sentence):
            change_password(
                db, user, current=form.current.data or "", new=form.new.data or "", actor=user
            )
        login_user(user)  # this session goes on; every other one is signed out
        flash("Your password is changed. Other sessions of this account are signed out.")
        return redirect(url_for("account.tokens"))
    code = 422 if form.is_submitted() else 200
    return render_template("account/password.html", form=form), code


def _tokens_page(
    form: TokenCreateForm, *, new_token: str | None = None, code: int = 200
) -> tuple[str, int]:
    user = acting_user()
    return render_template(
        "account/tokens.html",
        tokens=list_tokens(get_db(), user),
        form=form,
        revoke_form=TokenRevokeForm(),
        new_token=new_token,
        can_write=user.can(Role.ANALYST),
    ), code


@bp.route("/tokens", methods=["GET", "POST"])
def tokens() -> tuple[str, int]:
    form = TokenCreateForm()
    if not acting_user().can(Role.ANALYST):
        form.scope.choices = [SelectChoice(TokenScope.READ.value, "Read: list and show records")]
    if form.validate_on_submit():
        db = get_db()
        user = acting_user()
        with refusals(form, lambda: _tokens_page(form, code=422), message=sentence):
            _token, plain = create_token(
                db,
                user,
                name=form.name.data or "",
                scope=TokenScope(form.scope.data),
                actor=user,
            )
        # Rendered, not redirected: the token must not travel through the session or a flash.
        return _tokens_page(TokenCreateForm(formdata=None), new_token=plain)
    return _tokens_page(form, code=422 if form.is_submitted() else 200)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke(token_id: int) -> Response:
    db = get_db()
    user = acting_user()
    try:
        token = get_own_token(db, user, token_id)
    except NotFound:
        abort(404)
    if not TokenRevokeForm().validate_on_submit():
        abort(400)
    revoke_token(db, token, actor=user)
    flash(f"The token “{token.name}” is revoked: it no longer works.")
    return redirect(url_for("account.tokens"))

"""Watch buttons, /watching, the personal Atom feed and the digest's unsubscribe link."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - builds XML, never parses any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from tracker.mail.links import read_unsubscribe_token
from tracker.mail.message import KIND_LABELS
from tracker.models import DigestFrequency, User, Watch, utcnow
from tracker.services.digests import feed_items
from tracker.services.watches import (
    add_watch,
    create_feed_token,
    find_watch,
    get_digest_settings,
    list_watches,
    remove_watch,
    set_digest_settings,
    unsubscribe,
    user_for_feed_token,
)
from tracker.web.access import acting_user
from tracker.web.db import get_db, refusals, sentence
from tracker.web.watching.forms import (
    DigestSettingsForm,
    FeedTokenForm,
    WatchAddForm,
    WatchRemoveForm,
)

bp = Blueprint("watching", __name__)
# Reached without signing in: the token in the address is the credential.
PUBLIC = {"watching.feed", "watching.unsubscribe_page"}


@bp.record_once
def _add_to_navigation(state: Any) -> None:
    nav = state.app.jinja_env.globals.setdefault("extra_nav", [])
    nav.append(("watching.page", "Watching"))


@bp.app_template_global("watch_of")
def watch_of(target: str, value: int | str) -> Watch | None:
    """The signed-in user's watch on a record, for its Watch button."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    return find_watch(get_db(), acting_user(), target, value)


def _back(default: str) -> BaseResponse:
    target = request.form.get("next") or ""
    # Only a path on this site: never an open redirect.
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = default
    return redirect(target)


def _page(feed_url: str | None = None) -> str:
    db, user = get_db(), acting_user()
    settings = get_digest_settings(db, user)
    return render_template(
        "watching/page.html",
        rows=list_watches(db, user),
        settings=settings,
        settings_form=DigestSettingsForm(
            frequency=settings.frequency.value if settings.frequency else "off",
            links_only=settings.links_only,
        ),
        add_form=WatchAddForm(target="country"),
        remove_form=WatchRemoveForm(),
        token_form=FeedTokenForm(),
        feed_url=feed_url,
    )


@bp.route("/watching")
def page() -> str:
    return _page()


@bp.route("/watching/add", methods=["POST"])
def add() -> BaseResponse:
    db = get_db()
    form = WatchAddForm()
    if not form.validate_on_submit():
        flash("Say what to watch: a country code such as KH, or a name.")
        return _back(url_for("watching.page"))
    value: int | str = form.value.data or ""
    if form.target.data != "country":
        if not str(value).isdigit() or len(str(value)) > 11:
            abort(400)
        value = int(value)
    with refusals(None, lambda: _back(url_for("watching.page")), message=sentence):
        add_watch(db, acting_user(), form.target.data or "", value, actor=acting_user())
    flash("Watching: changes will appear in your digest and feed.")
    return _back(url_for("watching.page"))


@bp.route("/watching/<int:watch_id>/remove", methods=["POST"])
def remove(watch_id: int) -> BaseResponse:
    db = get_db()
    form = WatchRemoveForm()
    watch = db.get(Watch, watch_id)
    if watch is None or watch.user_id != acting_user().id or not form.validate_on_submit():
        abort(404)
    remove_watch(db, watch, actor=acting_user())
    flash("No longer watching it.")
    return _back(url_for("watching.page"))


@bp.route("/watching/settings", methods=["POST"])
def settings() -> BaseResponse:
    db = get_db()
    form = DigestSettingsForm()
    if not form.validate_on_submit():
        abort(400)
    set_digest_settings(
        db,
        acting_user(),
        frequency=DigestFrequency(form.frequency.data),
        links_only=form.links_only.data,
        actor=acting_user(),
    )
    flash("Digest settings saved.")
    return redirect(url_for("watching.page"))


@bp.route("/watching/feed-token", methods=["POST"])
def feed_token() -> str:
    db, user = get_db(), acting_user()
    if not FeedTokenForm().validate_on_submit():
        abort(400)
    plain = create_feed_token(db, user, actor=user)
    # Shown once: only its hash is kept.
    return _page(feed_url=url_for("watching.feed", feed_token=plain, _external=True))


@bp.route("/watching/feed/<feed_token>")
def feed(feed_token: str) -> Response:
    db = get_db()
    user = user_for_feed_token(db, feed_token)
    if user is None:
        abort(404)
    now = utcnow()
    items = feed_items(db, user, now=now)
    return Response(
        _atom(user, items, now, request.url_root.rstrip("/")),
        mimetype="application/atom+xml",
        headers={"Cache-Control": "no-store"},
    )


def _atom(user: User, items: list[Any], now: dt.datetime, root: str) -> bytes:
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", f"{root}/watching/feed/user-{user.id}")
    sub(feed, "title", "tracker: what changed on what you watch")
    sub(feed, "updated", now.isoformat())
    author = sub(feed, "author")
    sub(author, "name", "tracker")
    sub(feed, "link", href=f"{root}/watching", rel="alternate")
    for item in items:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{root}/watching/item/{item.key}")
        sub(entry, "title", f"{KIND_LABELS.get(item.kind, item.kind)}: {item.title}")
        stamp = item.recorded_at or dt.datetime.combine(item.on, dt.time(), dt.UTC)
        sub(entry, "updated", stamp.isoformat())
        sub(entry, "link", href=root + item.path, rel="alternate")
        summary = item.detail + (f"\n{item.note}" if item.note else "")
        if item.sources:
            summary += "\nSources: " + "; ".join(f"{t} <{u}>" if u else t for t, u in item.sources)
        sub(entry, "summary", summary)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe_page(token: str) -> tuple[str, int] | str:
    """GET shows a button (mail scanners follow links); POST, from it or from a mail client's
    one-click unsubscribe (RFC 8058), turns the digest off. The signed token is the credential."""
    user_id = read_unsubscribe_token(current_app.config["SECRET_KEY"], token)
    db = get_db()
    user = db.get(User, user_id) if user_id is not None else None
    if user is None:
        abort(404)
    if request.method == "POST":
        unsubscribe(db, user)
        return render_template("watching/unsubscribe.html", done=True, email=user.email)
    return render_template("watching/unsubscribe.html", done=False, email=user.email)

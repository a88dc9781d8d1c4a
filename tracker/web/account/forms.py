"""Forms for the account pages."""

from __future__ import annotations

from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from tracker.models import TokenScope
from tracker.services.accounts import MIN_PASSWORD_LENGTH
from tracker.web.forms import TrackerForm


class PasswordChangeForm(TrackerForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=1000)])
    new = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1000)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new", message="The two new passwords differ.")],
    )


class TokenCreateForm(TrackerForm):
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=100)],
        description="What will use it, e.g. “monthly export script”.",
    )
    scope = SelectField(
        "Scope",
        choices=[
            SelectChoice(TokenScope.READ.value, "Read: list and show records"),
            SelectChoice(TokenScope.WRITE.value, "Write: also record updates, actors, events"),
        ],
        validators=[DataRequired()],
    )


class TokenRevokeForm(TrackerForm):
    """Only the CSRF token: the token to revoke is in the address."""

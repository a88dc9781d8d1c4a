"""Forms for the user-management pages."""

from __future__ import annotations

from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from tracker.models import Role
from tracker.web.forms import TrackerForm

ROLE_CHOICES = [
    SelectChoice(Role.VIEWER.value, "Viewer: reads"),
    SelectChoice(Role.ANALYST.value, "Analyst: imports, edits, records updates"),
    SelectChoice(Role.ADMIN.value, "Admin: also users, merges, confidential exports, audit log"),
]


class UserCreateForm(TrackerForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    role = SelectField(
        "Role", choices=ROLE_CHOICES, default=Role.VIEWER.value, validators=[DataRequired()]
    )


class UserRoleForm(TrackerForm):
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])


class UserActivationForm(TrackerForm):
    """Only the CSRF token: the user is in the address."""


class TokenRevokeForm(TrackerForm):
    """Only the CSRF token: the user and the token are in the address."""

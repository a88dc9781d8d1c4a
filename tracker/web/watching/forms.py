"""Forms for watching and digest settings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from tracker.models import DigestFrequency
from tracker.services.watches import TARGETS


class WatchAddForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])
    value = StringField("Country", validators=[DataRequired(), Length(max=100)])
    next = HiddenField(validators=[Optional(), Length(max=500)])

    def validate_target(self, field: HiddenField) -> None:
        from wtforms.validators import ValidationError

        if field.data not in TARGETS:
            raise ValidationError("Nothing of that kind can be watched.")


class WatchRemoveForm(FlaskForm):
    next = HiddenField(validators=[Optional(), Length(max=500)])


class DigestSettingsForm(FlaskForm):
    frequency = SelectField(
        "Digest by mail",
        choices=[
            SelectChoice(DigestFrequency.OFF.value, "Off"),
            SelectChoice(DigestFrequency.DAILY.value, "Daily"),
            SelectChoice(DigestFrequency.WEEKLY.value, "Weekly"),
        ],
    )
    links_only = BooleanField("Links only: no names or titles in the mail")


class FeedTokenForm(FlaskForm):
    pass

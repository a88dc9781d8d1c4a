"""Forms for actors: aliases, situation changes, merging."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from tracker.models import Situation


class ActorAliasForm(FlaskForm):
    alias = StringField("Also known as", validators=[DataRequired(), Length(max=300)])


class SituationRecordForm(FlaskForm):
    situation = SelectField(
        "Situation",
        choices=[SelectChoice(s.value, s.value.replace("_", " ").capitalize()) for s in Situation],
        validators=[DataRequired()],
    )
    since = StringField(
        "Since",
        validators=[DataRequired(), Length(max=10)],
        description="2017, 2017-09 or 2017-09-03",
    )
    source_url = StringField(
        "Source URL", validators=[DataRequired(), URL(require_tld=True), Length(max=2000)]
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])

    def validate_since(self, field: StringField) -> None:
        from tracker.web.events.forms import parse_partial_date

        try:
            on, _ = parse_partial_date(field.data or "")
        except ValueError as exc:
            raise ValidationError(f"Write {exc}.") from None
        if on > dt.date.today():
            raise ValidationError("The date cannot be in the future.")


class ActorMergeForm(FlaskForm):
    duplicate_id = StringField(
        "Number of the duplicate actor to merge into this one",
        validators=[DataRequired(), Length(max=12)],
    )

    def validate_duplicate_id(self, field: StringField) -> None:
        if not (field.data or "").isdigit():
            raise ValidationError("Give the duplicate's number (shown in its address).")

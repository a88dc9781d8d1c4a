"""Forms for actors: aliases, situation changes, merging."""

from __future__ import annotations

import datetime as dt

from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from tracker.models import Situation
from tracker.web.forms import RecordId, TrackerForm


class ActorAliasForm(TrackerForm):
    alias = StringField("Also known as", validators=[DataRequired(), Length(max=300)])


class SituationRecordForm(TrackerForm):
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


class ActorMergeForm(TrackerForm):
    duplicate_id = StringField(
        "Number of the duplicate actor to merge into this one",
        validators=[
            DataRequired(),
            RecordId("Give the duplicate's number (shown in its address)."),
        ],
    )

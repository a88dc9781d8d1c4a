"""Forms for actors: aliases, situation changes, merging."""

from __future__ import annotations

import datetime as dt

from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from tracker.models import Situation
from tracker.web.forms import TrackerForm
from tracker.web.inputs import parse_id


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
    duplicate = StringField(
        "Name of the duplicate to merge into this one (or one of its aliases)",
        validators=[DataRequired("Type the duplicate's name."), Length(max=300)],
    )
    # Offered only when several actors answer to the name typed: each described, none numbered.
    duplicate_choice = RadioField(
        "Which of them?", validators=[Optional()], choices=[], validate_choice=False
    )

    def chosen_id(self) -> int | None:
        return parse_id(self.duplicate_choice.data or None)

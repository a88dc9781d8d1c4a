"""Forms for replies and clock rules."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from tracker.models import ClockStart, PeriodUnit


class ReplyRecordForm(FlaskForm):
    received_on = DateField("Received on", validators=[DataRequired()])
    reference = StringField(
        "Reference",
        validators=[Optional(), Length(max=200)],
        description="As the body numbers it: SP(2023)123, CM/AS(2023)Rec2241…",
    )
    url = StringField("Link", validators=[Optional(), URL(require_tld=True), Length(max=2000)])
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=20_000)])
    grade = SelectField("Official grade", validators=[Optional()], choices=[SelectChoice("", "—")])

    def __init__(self, *args, grades: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.grade.choices = [
            SelectChoice("", "— (none given)"),
            *[
                SelectChoice(code, f"{code} — {meaning}")
                for code, meaning in (grades or {}).items()
            ],
        ]

    def validate_received_on(self, field: DateField) -> None:
        if field.data and field.data > dt.date.today():
            raise ValidationError("The reply cannot be received in the future.")


class ClockRuleEditForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    body = StringField(
        "Body",
        validators=[Optional(), Length(max=1000)],
        description="Whose texts start the clock; several separated by “;”; empty for any.",
    )
    addressee = StringField(
        "Addressee",
        validators=[Optional(), Length(max=1000)],
        description="Who owes the reply; several separated by “;”; empty for any.",
    )
    starts = SelectField(
        "Starts",
        choices=[
            SelectChoice(ClockStart.ADOPTION.value, "at the text's adoption"),
            SelectChoice(ClockStart.DEMAND_DEADLINE.value, "due on the demand's own deadline"),
        ],
    )
    period = IntegerField("Period", validators=[Optional(), NumberRange(1, 1000)])
    period_unit = SelectField(
        "Unit",
        choices=[SelectChoice("", "—"), *[SelectChoice(u.value, u.value) for u in PeriodUnit]],
    )
    period_from_text = BooleanField("The period the text states replaces this one")
    grades = TextAreaField(
        "Official grades",
        validators=[Optional(), Length(max=2000)],
        description="One per line as CODE: meaning (B: partially satisfactory); empty if none.",
    )
    source = TextAreaField("Source text", validators=[DataRequired(), Length(max=20_000)])
    source_url = StringField(
        "Source link", validators=[Optional(), URL(require_tld=True), Length(max=2000)]
    )
    is_active = BooleanField("Active: new texts start clocks under this rule", default=True)
    version = HiddenField()

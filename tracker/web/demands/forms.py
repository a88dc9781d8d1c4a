"""Forms for the demand pages."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from tracker.models import Response, Status


class StatusUpdateRecordForm(FlaskForm):
    status = SelectField(
        "Status", choices=[SelectChoice(s.value, s.label) for s in Status], validators=[DataRequired()]
    )
    assessed_on = DateField("Assessed on", validators=[DataRequired()], default=dt.date.today)
    source_url = StringField(
        "Source URL",
        validators=[Optional(), URL(require_tld=True), Length(max=2000)],
        description="Required unless the status is “No information”.",
    )
    source_title = StringField("Source title", validators=[Optional(), Length(max=500)])
    source_confidential = BooleanField("Confidential source (hidden from viewers and exports)")
    note = TextAreaField("Note (Markdown)", validators=[Optional(), Length(max=20_000)])
    response = SelectField(
        "Addressee response",
        choices=[SelectChoice("", "—"), *[SelectChoice(r.value, r.value.capitalize()) for r in Response]],
        validators=[Optional()],
    )
    corrects_id = HiddenField()

    def validate_assessed_on(self, field: DateField) -> None:
        if field.data and field.data > dt.date.today():
            raise ValidationError("The assessment date cannot be in the future.")

    def validate(self, extra_validators=None) -> bool:  # type: ignore[no-untyped-def]
        # Checked on the whole form: Optional() on the URL field stops its own validator chain.
        valid = super().validate(extra_validators)
        has_source = bool(self.source_url.data or self.source_title.data)
        if not has_source and self.status.data != Status.NO_INFORMATION:
            self.source_url.errors = [
                *self.source_url.errors,
                "A source is required unless the status is “No information”.",
            ]
            return False
        return valid

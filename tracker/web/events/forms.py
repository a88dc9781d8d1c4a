"""Forms for events."""

from __future__ import annotations

import datetime as dt
import re

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

from tracker.models import DatePrecision, EventKind
from tracker.web.forms import TrackerForm, WholeNumber

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_partial_date(value: str) -> tuple[dt.date, DatePrecision]:
    """ "2017", "2017-09" or "2017-09-03" → the first day of that period and its precision."""
    value = value.strip()
    if not _DATE.match(value):
        raise ValueError("a date as YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), DatePrecision.YEAR
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), DatePrecision.MONTH
    return dt.date(parts[0], parts[1], parts[2]), DatePrecision.DAY


def format_partial_date(value: dt.date, precision: DatePrecision) -> str:
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class EventEditForm(TrackerForm):
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(k.value, k.value.capitalize()) for k in EventKind],
        validators=[DataRequired()],
    )
    title = StringField("What happened", validators=[DataRequired(), Length(max=300)])
    date = StringField(
        "When",
        validators=[DataRequired(), Length(max=10)],
        description="2017, 2017-09 or 2017-09-03: as precise as the sources allow.",
    )
    country = StringField(
        "Country (ISO code)",
        validators=[Optional(), Regexp(r"^[A-Za-z]{2}$", message="Two letters, e.g. KH.")],
    )
    description = TextAreaField("Description", validators=[Optional(), Length(max=20_000)])
    participants = TextAreaField(
        "Actors and roles",
        validators=[Optional(), Length(max=5000)],
        description="One per line: name — role (e.g. “Kem Sokha — detainee”). "
        "Names are matched to known actors.",
    )
    source_url = StringField(
        "Source URL", validators=[Optional(), URL(require_tld=True), Length(max=2000)]
    )
    version = HiddenField(validators=[Optional(), WholeNumber()])

    def validate_date(self, field: StringField) -> None:
        try:
            on, _precision = parse_partial_date(field.data or "")
        except ValueError as exc:
            raise ValidationError(f"Write {exc}.") from None
        if on > dt.date.today():
            raise ValidationError("An event cannot be dated in the future.")

    def participant_lines(self) -> list[tuple[str, str]]:
        pairs = []
        for line in (self.participants.data or "").splitlines():
            parts = re.split(r"\s+[—–-]\s+", line.strip(), maxsplit=1)
            name = parts[0].strip()
            if name:
                pairs.append((name, parts[1].strip()[:64] if len(parts) > 1 else ""))
        return pairs

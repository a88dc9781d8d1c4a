"""Forms for the demand pages."""

from __future__ import annotations

import datetime as dt

from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from tracker.models import ActorKind, Response, Status
from tracker.services.sources import SourceSpec, web_address
from tracker.web.forms import RecordId, TrackerForm, WholeNumber
from tracker.web.inputs import parse_id


class StatusUpdateRecordForm(TrackerForm):
    # Nothing is preselected: an untouched form records nothing (history is append-only).
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "— choose —"), *[SelectChoice(s.value, s.label) for s in Status]],
        validators=[DataRequired("Choose the status you assess.")],
    )
    assessed_on = DateField(
        "Assessed on", validators=[DataRequired("Give the date of your assessment.")]
    )
    source_url = StringField(
        "Source URL",
        filters=[lambda value: web_address(value or "")],
        validators=[Optional(), URL(require_tld=True), Length(max=2000)],
    )
    source_title = StringField("Source title", validators=[Optional(), Length(max=500)])
    source_confidential = BooleanField("Confidential source (hidden from viewers and exports)")
    note = TextAreaField("Note (Markdown)", validators=[Optional(), Length(max=20_000)])
    response = SelectField(
        "Addressee response",
        choices=[
            SelectChoice("", "—"),
            *[SelectChoice(r.value, r.value.capitalize()) for r in Response],
        ],
        validators=[Optional()],
    )
    # Any stored source may be picked (the list is searched on the page); the service checks
    # that the one picked exists.
    existing_source = SelectField(
        "…or a source already cited",
        validators=[Optional()],
        choices=[SelectChoice("", "—")],
        validate_choice=False,
    )
    corrects_id = HiddenField(validators=[Optional(), RecordId()])

    def __init__(self, *args, source_choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing_source.choices = [
            SelectChoice("", "—"),
            *[SelectChoice(str(i), label) for i, label in source_choices],
        ]

    def source_specs(self) -> list[SourceSpec]:
        """The evidence picked and typed, as the follow-up service takes it."""
        specs = []
        picked = self.existing_source.data or ""
        if picked:
            # A number no database could hold names no source: the service says "not found".
            specs.append(SourceSpec(source_id=parse_id(picked) or 0))
        if self.source_url.data or self.source_title.data:
            specs.append(
                SourceSpec(
                    url=self.source_url.data or None,
                    title=self.source_title.data or "",
                    is_confidential=bool(self.source_confidential.data),
                )
            )
        return specs

    def corrected_update_id(self) -> int | None:
        raw = self.corrects_id.data or ""
        # A number no database could hold names no update: the service answers "not found".
        return (parse_id(raw) or 0) if raw else None

    def validate_assessed_on(self, field: DateField) -> None:
        if field.data and field.data > dt.date.today():
            raise ValidationError("The assessment date cannot be in the future.")

    def validate(self, extra_validators=None) -> bool:
        # Checked on the whole form: Optional() on the URL field stops its own validator chain.
        valid = super().validate(extra_validators)
        has_source = bool(
            self.source_url.data or self.source_title.data or self.existing_source.data
        )
        if not has_source and self.status.data and self.status.data != Status.NO_INFORMATION:
            self.source_url.errors = [
                *self.source_url.errors,
                "A source is required unless the status is “No information”.",
            ]
            return False
        if (
            not has_source
            and self.status.data == Status.NO_INFORMATION
            and not (self.note.data or "").strip()
        ):
            self.note.errors = [
                *self.note.errors,
                "Say where you looked: “No information” needs a note or a source.",
            ]
            return False
        return valid


class DemandEditForm(TrackerForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    text = TextAreaField("What is asked (wording)", validators=[Optional(), Length(max=20_000)])
    deadline = StringField(
        "Deadline",
        validators=[Optional(), Length(max=10)],
        description="2023, 2023-07 or 2023-07-31; empty for none.",
    )
    condition = TextAreaField("Condition", validators=[Optional(), Length(max=5000)])
    version = HiddenField(validators=[Optional(), WholeNumber()])

    def validate_deadline(self, field: StringField) -> None:
        from tracker.services.errors import ValidationError as ServiceValidation
        from tracker.services.resolutions import parse_deadline

        try:
            parse_deadline(field.data or None)
        except ServiceValidation:
            raise ValidationError("Write the deadline as YYYY, YYYY-MM or YYYY-MM-DD.") from None


class ThreadAttachForm(TrackerForm):
    thread_title = StringField("Thread (its title)", validators=[Optional(), Length(max=300)])
    new_title = StringField(
        "…or start a new thread titled", validators=[Optional(), Length(max=300)]
    )


class MatchDecisionForm(TrackerForm):
    other_id = HiddenField(validators=[DataRequired(), RecordId()])
    decision = HiddenField(validators=[DataRequired()])


ACTOR_KIND_CHOICES = [
    SelectChoice("", "— already recorded"),
    *[SelectChoice(k.value, k.value.capitalize()) for k in ActorKind],
]
VERSION_VALIDATORS = [DataRequired("Reload the page and try again."), WholeNumber()]


class DemandActorAddForm(TrackerForm):
    """Someone asked to act, or whom the demand is about, by name or alias (prefix: the role)."""

    name = StringField(
        "Name or alias", validators=[DataRequired("Type a name or an alias."), Length(max=300)]
    )
    kind = SelectField(
        "If new, it is a", choices=ACTOR_KIND_CHOICES, validators=[Optional()], default=""
    )
    version = HiddenField(validators=VERSION_VALIDATORS)

    LABELS = {
        "addressee": (
            "Add someone asked to act (name or alias)",
            "If this addressee is new, it is a",
        ),
        "subject": ("Add whom it is about (name or alias)", "If this subject is new, it is a"),
    }

    def __init__(self, *args, prefix: str, **kwargs) -> None:
        super().__init__(*args, prefix=prefix, **kwargs)
        # Two of these share the demand's page: each says which list it adds to.
        self.name.label.text, self.kind.label.text = self.LABELS[prefix]

    def kind_if_new(self) -> ActorKind | None:
        return ActorKind(self.kind.data) if self.kind.data else None


class DemandLinkRemoveForm(TrackerForm):
    """The remove button beside one actor, event or theme of the demand."""

    record = HiddenField(validators=[DataRequired(), RecordId()])
    version = HiddenField(validators=VERSION_VALIDATORS)


class DemandEventAddForm(TrackerForm):
    title = StringField(
        "Link an event (its title)",
        validators=[DataRequired("Type the event's title."), Length(max=320)],
    )
    version = HiddenField(validators=VERSION_VALIDATORS)


class DemandThemeAddForm(TrackerForm):
    name = StringField(
        "Add a theme (a new name makes a new theme)",
        validators=[DataRequired("Type a theme."), Length(max=100)],
    )
    version = HiddenField(validators=VERSION_VALIDATORS)


class ResolutionCountryForm(TrackerForm):
    country = StringField(
        "Country (name or ISO code)",
        validators=[Optional(), Length(max=100)],
        description="Of the whole resolution: every demand of it follows. Empty for none.",
    )
    version = HiddenField(validators=VERSION_VALIDATORS)

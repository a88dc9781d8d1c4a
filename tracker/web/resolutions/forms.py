"""Forms for importing a resolution."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    StringField,
    SubmitField,
)
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from tracker.web.forms import (
    DocumentTextField,
    RecordId,
    TrackerForm,
    TrackerSubForm,
    WholeNumber,
)


class ResolutionImportForm(TrackerForm):
    text = DocumentTextField("Paste the text", validators=[Optional(), Length(max=5 * 1024 * 1024)])
    file = FileField("…or upload a file (.txt, .html, .pdf, .docx; at most 5 MB)")
    source_url = StringField(
        "Where it comes from (URL, optional)",
        validators=[Optional(), URL(require_tld=True), Length(max=2000)],
    )
    submit = SubmitField("Import")


class DemandDraftForm(TrackerSubForm):
    """One proposed demand on the review page (a sub-form: the page's form carries the CSRF)."""

    paragraph_position = HiddenField(validators=[DataRequired(), WholeNumber()])
    include = BooleanField("Keep", default=True)
    title = StringField("Demand", validators=[Optional(), Length(max=300)])
    addressees = StringField(
        "Asked of",
        validators=[Optional(), Length(max=2000)],
        description="Separate names with semicolons.",
    )
    subjects = StringField(
        "About",
        validators=[Optional(), Length(max=2000)],
        description="Separate names with semicolons.",
    )
    deadline = StringField("Deadline", validators=[Optional(), Length(max=10)])
    condition = StringField("Condition", validators=[Optional(), Length(max=2000)])
    join = BooleanField("Repeats an earlier call: share its thread")
    join_with = HiddenField(validators=[Optional(), RecordId()])

    def validate_title(self, field: StringField) -> None:
        if self.include.data and not (field.data or "").strip():
            raise ValidationError("A kept demand needs a title (or untick “Keep”).")

    def validate_deadline(self, field: StringField) -> None:
        from tracker.services.errors import ValidationError as ServiceValidation
        from tracker.services.resolutions import parse_deadline

        try:
            parse_deadline(field.data or None)
        except ServiceValidation:
            raise ValidationError("Write YYYY, YYYY-MM or YYYY-MM-DD.") from None


class ResolutionReviewForm(TrackerForm):
    """The review page: the text as read (sent back unchanged) and the confirmed demands."""

    text = DocumentTextField(validators=[DataRequired(), Length(max=5 * 1024 * 1024)])
    source_url = HiddenField(validators=[Optional(), URL(require_tld=True), Length(max=2000)])
    demands = FieldList(FormField(DemandDraftForm), max_entries=2000)

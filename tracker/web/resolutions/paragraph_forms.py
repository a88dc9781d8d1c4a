"""Forms for correcting a paragraph after import: its kind, and the demands drawn from it."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from tracker.models import ParagraphKind
from tracker.web.forms import TrackerForm, WholeNumber

VERSION = [DataRequired("Reload the page and try again."), WholeNumber()]
KIND_CHOICES = [
    SelectChoice(ParagraphKind.DEMAND.value, "Demand: someone is asked to do something"),
    SelectChoice(ParagraphKind.POSITION.value, "Position: a stance; nobody is asked to act"),
    SelectChoice(ParagraphKind.PROCEDURAL.value, "Procedural: forwarding, consent… never a demand"),
]


class ParagraphKindForm(TrackerForm):
    kind = RadioField(
        "This paragraph is", choices=KIND_CHOICES, validators=[DataRequired("Choose a kind.")]
    )
    first_demand_title = StringField(
        "Title of its first demand",
        validators=[Optional(), Length(max=300)],
        description="Needed when the paragraph becomes a demand.",
    )
    version = HiddenField(validators=VERSION)


class ParagraphDemandAddForm(TrackerForm):
    title = StringField(
        "Title", validators=[DataRequired("Give the demand a title."), Length(max=300)]
    )
    text = TextAreaField(
        "What is asked (wording)",
        validators=[Optional(), Length(max=20_000)],
        description="Empty: the paragraph's text.",
    )
    version = HiddenField(validators=VERSION)


class DemandSplitForm(TrackerForm):
    """Prefixed with the demand's id: one on the page for each demand."""

    first_title = StringField(
        "Title of the first (it keeps the history and thread)",
        validators=[DataRequired("Give the first demand a title."), Length(max=300)],
    )
    second_title = StringField(
        "Title of the second (new)",
        validators=[DataRequired("Give the second demand a title."), Length(max=300)],
    )
    second_text = TextAreaField(
        "Wording of the second",
        validators=[Optional(), Length(max=20_000)],
        description="Empty: the same wording as the first.",
    )
    version = HiddenField(validators=VERSION)
    paragraph_version = HiddenField(validators=VERSION)


class DemandMergeForm(TrackerForm):
    """Prefixed with the id of the demand that stays."""

    other = SelectField(
        "Merge into this one", validators=[DataRequired("Choose the demand to merge.")]
    )
    version = HiddenField(validators=VERSION)
    paragraph_version = HiddenField(validators=VERSION)

    def __init__(self, *args, others=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.other.choices = [
            SelectChoice("", "— choose a demand of this paragraph"),
            *[SelectChoice(str(d.id), d.title) for d in others],
        ]


class DemandDeleteForm(TrackerForm):
    version = HiddenField(validators=VERSION)
    paragraph_version = HiddenField(validators=VERSION)

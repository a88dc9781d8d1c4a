"""The base of every form of the app, and the validators of record numbers.

`TrackerForm` applies the input rule (tracker/web/inputs.py) to every field it holds, sub-forms
and lists included: a control character is a form error on its field. One-line fields take none;
text areas take tabs and line breaks; a `DocumentTextField` also page breaks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, Form, FormField, TextAreaField
from wtforms.fields import FieldList
from wtforms.validators import ValidationError

from tracker.web.inputs import (
    DOCUMENT,
    LINES,
    MAX_ID,
    ONE_LINE,
    control_character,
    control_character_message,
    parse_id,
)


class DocumentTextField(TextAreaField):
    """A document's whole text, as read from a file (PDF pages end with a form feed)."""

    allowed_controls = DOCUMENT


def _allowed(field: Field) -> str:
    allowed = getattr(field, "allowed_controls", None)
    if isinstance(allowed, str):
        return allowed
    return LINES if isinstance(field, TextAreaField) else ONE_LINE


def _leaf_fields(form: Form) -> Iterator[Field]:
    for field in form:
        if isinstance(field, FormField):
            yield from _leaf_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    yield from _leaf_fields(entry.form)
                else:
                    yield entry
        else:
            yield field


def check_control_characters(form: Form) -> bool:
    """Add a form error to each field whose submitted text holds a control character."""
    clean = True
    for field in _leaf_fields(form):
        for raw in field.raw_data or ():
            if not isinstance(raw, str):
                continue  # an uploaded file: its reader checks it
            found = control_character(raw, _allowed(field))
            if found:
                field.errors = [*field.errors, control_character_message(found)]
                clean = False
                break
    return clean


class TrackerForm(FlaskForm):
    """Every form of the app derives from this one (a test checks it)."""

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        # After the fields' own validators: Form.validate starts each field's errors afresh.
        return check_control_characters(self) and valid


class TrackerSubForm(Form):
    """A sub-form (FormField); its parent TrackerForm checks its fields and carries the CSRF."""


class RecordId:
    """A record's number: ASCII digits from 1 to the databases' INTEGER. Put Optional() before
    it where the field may be left empty."""

    def __init__(self, message: str = "Give a record number (shown in its address).") -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if parse_id(field.data if isinstance(field.data, str) else None) is None:
            raise ValidationError(self.message)


class WholeNumber:
    """ASCII digits, from 0 to the databases' INTEGER (a position, a version)."""

    def __call__(self, form: Form, field: Field) -> None:
        raw = field.data if isinstance(field.data, str) else ""
        if raw == "0" or parse_id(raw) is not None:
            return
        raise ValidationError(f"Give a whole number from 0 to {MAX_ID}.")

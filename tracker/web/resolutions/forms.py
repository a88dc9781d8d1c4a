"""Forms for importing a resolution."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import URL, Length, Optional


class ResolutionImportForm(FlaskForm):
    text = TextAreaField("Paste the text", validators=[Optional(), Length(max=5 * 1024 * 1024)])
    file = FileField("…or upload a file (.txt, .html, .pdf, .docx; at most 5 MB)")
    source_url = StringField(
        "Where it comes from (URL, optional)",
        validators=[Optional(), URL(require_tld=True), Length(max=2000)],
    )
    submit = SubmitField("Import")

"""Builders for the binary corpus files (.docx, .pdf, re-encoded .txt) and bad-input samples.

Run `python -m tests.parsing.fixture_builders` from the project root to regenerate the
committed files in fixtures/resolutions/ after editing the texts below.
"""

# ruff: noqa: E501 - the corpus texts below are data, kept one paragraph a line.
from __future__ import annotations

import io

from .corpus import CORPUS

DOCX_PARAGRAPHS = [
    ("Title", "European Parliament resolution of 11 July 2024 on Eritrea: the case of Dawit Isaak"),
    (None, "(2024/2730(RSP))"),
    (None, "The European Parliament,"),
    ("List Bullet", "having regard to its previous resolutions on Eritrea,"),
    ("List Bullet", "having regard to Rule 150 of its Rules of Procedure,"),
    (
        None,
        "A. whereas the Swedish-Eritrean journalist Dawit Isaak has been detained without trial since September 2001;",
    ),
    (None, "B. whereas the Eritrean authorities have never disclosed his place of detention;"),
    (
        "List Number",
        "Calls on the Eritrean authorities to release Dawit Isaak and to disclose his whereabouts;",
    ),
    (
        "List Number",
        "Urges the VP/HR and the Member States to raise his case in every contact with Eritrea;",
    ),
    (
        "List Number",
        "Instructs its President to forward this resolution to the Council, the Commission and the Government of Eritrea.",
    ),
]

PDF_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: A5; margin: 15mm; } body { font: 10pt serif; } p { margin: 0 0 4pt; }
</style></head><body>
<p>European Parliament resolution of 14 March 2024 on Tajikistan: the case of the journalist Rukhshona Hakimova (2024/2610(RSP))</p>
<p>The European Parliament,</p>
<p>&#8211; having regard to its previous resolutions on Tajikistan,</p>
<p>&#8211; having regard to Rule 144 of its Rules of Procedure,</p>
<p>A. whereas the journalist Rukhshona Hakimova was sentenced to eight years in prison on charges of treason;</p>
<p>B. whereas her trial was held behind closed doors;</p>
<p>1. Calls on the Tajik authorities to release Rukhshona Hakimova and to end the persecution of independent journalists in the country;</p>
<p>2. Calls on the EU Delegation to monitor the situation of detained journalists;</p>
<p>3. Instructs its President to forward this resolution to the Council, the Commission and the Government of Tajikistan.</p>
</body></html>"""

ENCODED_TEXT = (
    "European Parliament resolution on Laos: the disappearance of Sombath Somphone\n"
    "(2023/2999(RSP))\n"
    "The European Parliament,\n"
    "\u2013 having regard to its previous resolutions on Laos,\n"
    "A. whereas the civil society leader Sombath Somphone disappeared on 15 December 2012 "
    "after being stopped at a police checkpoint in Vientiane;\n"
    "1. Urges the Lao authorities to reveal the fate of Sombath Somphone and to investigate "
    "his enforced disappearance \u201cwithout delay\u201d;\n"
    "2. Instructs its President to forward this resolution to the Council, the Commission "
    "and the Government of Laos.\n"
)


def build_docx() -> bytes:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Synthetic test text:"
    table.rows[0].cells[1].text = "not a real resolution."
    for style, text in DOCX_PARAGRAPHS:
        document.add_paragraph(text, style=style) if style else document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=PDF_HTML).write_pdf()


def build_image_only_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def main() -> None:
    (CORPUS / "synthetic-eritrea-word.docx").write_bytes(build_docx())
    (CORPUS / "synthetic-tajikistan-print.pdf").write_bytes(build_pdf())
    (CORPUS / "synthetic-laos-cp1252.txt").write_bytes(ENCODED_TEXT.encode("cp1252"))
    (CORPUS / "synthetic-laos-utf16.txt").write_bytes(ENCODED_TEXT.encode("utf-16"))


if __name__ == "__main__":
    main()

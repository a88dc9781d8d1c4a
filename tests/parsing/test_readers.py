"""read_document: every format, every encoding, and a clear message for each bad input."""

from __future__ import annotations

import pytest

from tracker.parsing import MAX_BYTES, ParseError, parse_resolution, read_document

from .corpus import CORPUS, SAMPLE
from .fixture_builders import ENCODED_TEXT, build_docx, build_image_only_pdf, build_pdf


def test_empty_file_is_refused() -> None:
    with pytest.raises(ParseError, match="file is empty"):
        read_document(b"", "empty.txt")
    with pytest.raises(ParseError, match="file is empty"):
        read_document(b"  \n\t \n", "blank.txt")


def test_empty_text_is_refused_by_the_parser() -> None:
    with pytest.raises(ParseError, match="the text is empty"):
        parse_resolution(" \n \u00a0\n")


def test_binary_file_is_refused() -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(ParseError, match="binary file: not a text document"):
        read_document(data, "image.txt")
    with pytest.raises(ParseError, match="binary file"):
        read_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x01" * 500, "photo")


def test_image_only_pdf_is_refused() -> None:
    with pytest.raises(ParseError, match=r"the PDF has no text layer \(scanned image\?\)"):
        read_document(build_image_only_pdf(), "scan.pdf")


def test_damaged_pdf_is_refused_with_a_parse_error() -> None:
    with pytest.raises(ParseError):
        read_document(b"%PDF-1.7\n" + b"garbage " * 200, "broken.pdf")


def test_damaged_docx_is_refused_with_a_parse_error() -> None:
    with pytest.raises(ParseError):
        read_document(b"PK\x03\x04" + b"\x00" * 300, "broken.docx")


def test_twenty_megabytes_of_text_are_refused() -> None:
    data = b"calls for release; " * (20 * 1024 * 1024 // 19)
    with pytest.raises(ParseError, match="file too large: the limit is 5 MB"):
        read_document(data, "huge.txt")
    with pytest.raises(ParseError, match="file too large: the limit is 5 MB"):
        parse_resolution("x" * (MAX_BYTES + 1))


def test_news_article_is_refused_as_not_a_resolution() -> None:
    text = read_document((CORPUS / "synthetic-news-article.txt").read_bytes(), "news.txt")
    with pytest.raises(ParseError, match="no operative paragraphs found"):
        parse_resolution(text)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", ENCODED_TEXT.encode("utf-8")),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + ENCODED_TEXT.encode("utf-8")),
        ("utf-16 with BOM", ENCODED_TEXT.encode("utf-16")),
        ("utf-16-le without BOM", ENCODED_TEXT.encode("utf-16-le")),
        ("utf-16-be without BOM", ENCODED_TEXT.encode("utf-16-be")),
        ("cp1252", ENCODED_TEXT.encode("cp1252")),
    ],
)
def test_text_encodings_are_detected(encoding: str, data: bytes) -> None:
    assert read_document(data, "resolution.txt") == ENCODED_TEXT, encoding


def test_sample_reads_verbatim() -> None:
    data = SAMPLE.read_bytes()
    assert read_document(data, SAMPLE.name) == data.decode("utf-8")


def test_docx_keeps_word_list_numbers_and_table_cells() -> None:
    text = read_document(build_docx(), "resolution.docx")
    assert "1. Calls on the Eritrean authorities" in text
    assert "- having regard to its previous resolutions on Eritrea," in text
    assert "Synthetic test text: not a real resolution." in text


def test_pdf_text_is_extracted() -> None:
    text = read_document(build_pdf(), "resolution.pdf")
    assert "Calls on the Tajik authorities" in " ".join(text.split())


def test_format_is_sniffed_when_the_extension_is_wrong() -> None:
    assert "Calls on the Tajik" in " ".join(read_document(build_pdf(), "download.txt").split())
    assert "Calls on the Eritrean" in read_document(build_docx(), "download")


def test_html_keeps_lists_and_table_rows_and_drops_chrome() -> None:
    html = (
        b"<html><head><title>t</title><script>var x = 'Calls on';</script></head><body>"
        b"<nav>Home Plenary</nav><p>The European Parliament,</p>"
        b"<table><tr><td>1.</td><td>Calls on the Council to act;</td></tr></table>"
        b"<ol start='2'><li>Urges the Commission to act;</li></ol><ul><li>item</li></ul>"
        b"<footer>Legal notice</footer></body></html>"
    )
    text = read_document(html, "page.html")
    assert text.splitlines() == [
        "The European Parliament,",
        "1. Calls on the Council to act;",
        "2. Urges the Commission to act;",
        "- item",
    ]

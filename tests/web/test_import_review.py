"""Importing through the web: paste or upload, review and edit, then one transaction or nothing."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.config import PROJECT_ROOT
from tracker.models import AuditEvent, Demand, Paragraph, Resolution, Role

NEWS = (
    "Phnom Penh, 3 March 2023. A court sentenced the opposition leader to 27 years "
    "of house arrest on Friday, his lawyers said. "
)
SAMPLE = PROJECT_ROOT / "fixtures/resolutions/ep-2023-2589-cambodia-kem-sokha-motion.txt"


def _counts(db: Session) -> tuple[int, int, int]:
    return tuple(
        db.scalar(select(func.count()).select_from(m)) or 0  # type: ignore[return-value]
        for m in (Resolution, Demand, AuditEvent)
    )


def _review_fields(html: str) -> dict[str, str]:
    """The review form as a browser would send it (inputs, checked boxes, the hidden text)."""
    fields: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        fields[name] = value
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="checkbox"' in tag and "checked" not in tag:
            fields.pop(name.group(1), None)
        elif name and name.group(1) not in fields:
            fields[name.group(1)] = ""
    text = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', html, re.S)
    assert text is not None
    import html as htmllib

    fields["text"] = htmllib.unescape(text.group(1))
    return {k: htmllib.unescape(v) for k, v in fields.items()}


def test_paste_review_edit_and_import(client, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    before = _counts(db)
    review = client.post("/resolutions/import", data={"text": SAMPLE.read_text()})
    assert review.status_code == 200
    html = review.get_data(as_text=True)
    assert "Review before importing" in html
    assert _counts(db) == before  # the review stores nothing
    fields = _review_fields(html)
    title_keys = sorted(k for k in fields if k.endswith("-title"))
    assert len(title_keys) >= 7
    fields[title_keys[0]] = "Release Kem Sokha now (edited in review)"
    drop = title_keys[1].replace("-title", "-include")
    fields.pop(drop)
    response = client.post("/resolutions/import/confirm", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Release Kem Sokha now (edited in review)" in page
    titles = db.scalars(select(Demand.title)).all()
    assert len(titles) == len(title_keys) - 1

    again = client.post("/resolutions/import", data={"text": SAMPLE.read_text()})
    assert "already stored" in again.get_data(as_text=True)
    refused = client.post("/resolutions/import/confirm", data=fields)
    assert refused.status_code == 302
    resolution_id = db.scalar(select(Resolution.id))
    assert refused.headers["Location"].endswith(f"/resolutions/{resolution_id}")
    assert db.scalar(select(func.count()).select_from(Resolution)) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "empty"),
        ({"text": "   \n\t  "}, "empty"),
        ({"text": NEWS * 20}, "no operative paragraphs"),
        ({"file": (b"\x00\x01\x02\xff" * 100, "x.txt")}, "binary"),
        (
            {
                "file": (
                    b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                    "scan.pdf",
                )
            },
            "PDF",
        ),
        ({"file": (b"", "empty.docx")}, "empty"),
    ],
)
def test_bad_input_gets_a_form_error_and_stores_nothing(client, auth, db, data, message) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    before = _counts(db)
    if "file" in data:  # a fresh stream per run: the same parameters serve both databases
        content, name = data["file"]
        data = {"file": (io.BytesIO(content), name)}
    response = client.post("/resolutions/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()
    assert _counts(db) == before


def test_an_upload_over_the_limit_is_refused(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    big = b"1. Calls for the release of all prisoners;\n" * 500_000  # ~21 MB
    # The multipart body is built in memory (the test client would spool it to a file).
    boundary = "tracker-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="huge.txt"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/resolutions/import",
        input_stream=io.BytesIO(body),
        content_length=len(body),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    assert "5 MB" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Paragraph)) == 0


def test_cancel_stores_nothing_and_viewers_cannot_import(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    assert client.post("/resolutions/import", data={"text": SAMPLE.read_text()}).status_code == 403
    assert client.post("/resolutions/import/confirm", data={"text": "x"}).status_code == 403

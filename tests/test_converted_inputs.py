"""Pictures and e-mail messages in a bundle (issue 13): converted to PDF and processed.

Photographed statements arrive as JPEG, PNG or TIFF, correspondence as .eml messages with
attachments. Each must be scanned, redacted and verified like a PDF, its redacted copy a PDF;
what cannot be processed (a .docx, a .docx attachment) is listed as not processed; a broken or
hostile picture or message is one clear error that stops nothing else.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from redactkit.core.errors import DamagedError, InputError
from redactkit.extract.ocr import tessdata
from redactkit.pdf.inputs import collect_inputs, open_pdf, pdf_bytes, sha256_file

CLI = [sys.executable, "-c", "from redactkit.cli import main; main()"]


def _typed_page(lines: list[str], dpi: int = 200) -> Image.Image:
    doc = pymupdf.open()
    page = doc.new_page()
    for number, line in enumerate(lines):
        page.insert_text((72, 100 + 26 * number), line, fontsize=13)
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    return Image.frombytes("L", (pix.width, pix.height), pix.samples)


def _png(image: Image.Image, **save) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", **save)
    return out.getvalue()


def _text_pdf(line: str) -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), line, fontsize=11)
    return doc.tobytes()


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Ian Foster <ian.foster@example.org>"
    message["To"] = "Joy Adebayo <joy.adebayo@example.com>"
    message["Subject"] = "Your statement"
    message["Date"] = "Tue, 01 Dec 2026 10:00:00 +0000"
    message.set_content("Dear Joy,\n\nPlease call me on 07700 900777.\n\nIan")
    message.add_attachment(_text_pdf("Medical note for Joy Adebayo, NHS 943 476 5919"),
                           maintype="application", subtype="pdf", filename="medical.pdf")
    message.add_attachment(_png(_typed_page(["Name: Kwame Mensah"])), maintype="image", subtype="png",
                           filename="scan.png")
    message.add_attachment(b"PK\x03\x04 not really a document", maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="notes.docx")
    inner = EmailMessage()
    inner["From"] = "someone@example.net"
    inner["Subject"] = "forwarded"
    inner.set_content("Forwarded note about Priya Raman.")
    inner.add_attachment(b"Plain attached text: Priya Raman, 07700 900888\n", maintype="text", subtype="plain",
                         filename="note.txt")
    message.add_attachment(inner)
    return message


@pytest.fixture()
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "statement.png").write_bytes(_png(_typed_page(["Name: Bartlomiej Nowak", "Mobile: 07700 900461"])))
    sideways = _typed_page(["Name: Ffion Hughes"]).rotate(90, expand=True)  # stored on its side
    exif = Image.Exif()
    exif[0x0112] = 6  # EXIF: shown turned 90 degrees clockwise, as a phone writes it
    out = io.BytesIO()
    sideways.convert("RGB").save(out, format="JPEG", exif=exif, quality=92)
    (folder / "photo.jpg").write_bytes(out.getvalue())
    first, second = _typed_page(["Page one"]), _typed_page(["Page two"])
    first.save(folder / "fax.tif", save_all=True, append_images=[second], dpi=(200, 200), compression="tiff_lzw")
    (folder / "mail.eml").write_bytes(bytes(_message()))
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    return folder


def test_pictures_and_messages_are_documents_of_the_bundle(bundle: Path):
    found, skipped = collect_inputs([bundle])
    names = [item.relpath for item in found]
    assert names == ["fax.tif.pdf", "mail.eml.pdf", "mail.eml.attachments/attachment-1.pdf",
                     "mail.eml.attachments/attachment-2.pdf", "mail.eml.attachments/attachment-4.pdf",
                     "mail.eml.attachments/attachment-4.1.pdf", "photo.jpg.pdf", "statement.png.pdf"]
    assert {s.path: s.exit_code for s in skipped} == {str(bundle / "mail.eml") + " (attachment 3)": None,
                                                        str(bundle / "notes.docx"): None}
    # each attachment has its own hash (the bytes of the attachment), so the proposals tell them apart
    hashes = {sha256_file(item.path, item.member) for item in found}
    assert len(hashes) == len(found)
    pdf = next(item for item in found if item.member == "1")
    assert sha256_file(pdf.path, "1") == hashlib.sha256(_attachment_bytes(bundle, "medical.pdf")).hexdigest()


def _attachment_bytes(bundle: Path, filename: str) -> bytes:
    import email
    import email.policy

    message = email.message_from_bytes((bundle / "mail.eml").read_bytes(), policy=email.policy.default)
    return next(p for p in message.iter_attachments() if p.get_filename() == filename).get_payload(decode=True)


def test_conversions_open_as_pdfs(bundle: Path):
    found, _skipped = collect_inputs([bundle])
    by_name = {item.relpath: item for item in found}
    with open_pdf(bundle / "fax.tif") as doc:
        assert doc.page_count == 2
        assert doc[0].rect.width == pytest.approx(8.27 * 72, abs=2)  # A4 at the 200 dpi the TIFF says
    with open_pdf(bundle / "photo.jpg") as doc:
        page = doc[0]
        assert page.rect.height > page.rect.width  # turned upright by its EXIF orientation
        assert page.get_text() == ""  # a picture: read by OCR, like a scan
    with open_pdf(bundle / "mail.eml") as doc:
        text = doc[0].get_text()
        for expected in ("Ian Foster", "Joy Adebayo", "07700 900777", "Your statement", "medical.pdf",
                         "notes.docx", "not processed", "attachment-1.pdf"):
            assert expected in text, expected
    item = by_name["mail.eml.attachments/attachment-1.pdf"]
    with open_pdf(item.path, member=item.member) as doc:
        assert "NHS 943 476 5919" in doc[0].get_text()
    assert pdf_bytes(item.source) == _attachment_bytes(bundle, "medical.pdf")  # a PDF attachment is itself
    item = by_name["mail.eml.attachments/attachment-4.1.pdf"]  # the text file inside the attached message
    with open_pdf(item.source) as doc:
        assert "Priya Raman, 07700 900888" in doc[0].get_text()
    item = by_name["mail.eml.attachments/attachment-4.pdf"]
    with open_pdf(item.source) as doc:
        text = doc[0].get_text()
        assert "Forwarded note about Priya Raman." in text and "attachment-4.1.pdf" in text


def test_html_only_message_without_scripts_or_remote_pictures(tmp_path: Path):
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["Subject"] = "html"
    message.set_content("<html><head><script>document.write('SCRIPTED')</script><style>p {color: red}</style>"
                        "</head><body><p>Hello <b>Kwame Mensah</b>, born 02/02/1990.</p>"
                        "<img src='http://example.com/tracker.png'></body></html>", subtype="html")
    path = tmp_path / "html.eml"
    path.write_bytes(bytes(message))
    with open_pdf(path) as doc:
        text, pages = doc[0].get_text(), doc.page_count
    assert "Hello Kwame Mensah, born 02/02/1990." in " ".join(text.split())
    assert "SCRIPTED" not in text and "color" not in text
    assert pages == 1


def test_bad_pictures_and_messages_are_one_clear_error(tmp_path: Path):
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(_png(_typed_page(["Name: Someone"]))[:3000])
    with pytest.raises(DamagedError, match="damaged picture"):
        open_pdf(truncated)
    bomb = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000)).save(bomb)  # 400 million pixels in a few kilobytes
    with pytest.raises(InputError, match="too large"):
        open_pdf(bomb)
    fake = tmp_path / "fake.jpg"
    fake.write_text("this is not a picture")
    with pytest.raises(InputError, match="not a PDF"):
        open_pdf(fake)
    not_mail = tmp_path / "notes.eml"
    not_mail.write_text("just some words\nand more words\n")
    with pytest.raises(InputError, match="not an e-mail message"):
        open_pdf(not_mail)


def _dark_share(pixels: np.ndarray) -> float:
    return float((pixels < 128).mean())


@pytest.mark.slow
def test_run_redacts_pictures_messages_and_attachments(bundle: Path, tmp_path: Path):
    (bundle / "cut.png").write_bytes(_png(_typed_page(["Name: Someone"]))[:3000])  # one bad file
    before = {p: p.read_bytes() for p in bundle.iterdir()}
    out = tmp_path / "out"
    done = subprocess.run([*CLI, "run", str(bundle), "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr
    assert done.returncode == 5, done.stderr  # the damaged picture decides the exit code
    assert "cut.png" in done.stderr and "damaged picture" in done.stderr
    assert {p: p.read_bytes() for p in bundle.iterdir()} == before  # inputs untouched
    # listed as not processed, one line each (the summary table's path column may be cut short)
    skipped = [line for line in done.stderr.splitlines() if "skipped" in line]
    assert any("notes.docx" in line for line in skipped), done.stderr
    assert any("mail.eml (attachment 3)" in line for line in skipped), done.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf") if "_INTERNAL" not in str(p))
    assert written == ["fax.tif.pdf", "mail.eml.attachments/attachment-1.pdf",
                       "mail.eml.attachments/attachment-2.pdf", "mail.eml.attachments/attachment-4.1.pdf",
                       "mail.eml.attachments/attachment-4.pdf", "mail.eml.pdf", "photo.jpg.pdf",
                       "statement.png.pdf"]
    message = " ".join(pymupdf.open(out / "mail.eml.pdf")[0].get_text().split())
    assert "Joy" not in message and "07700 900777" not in message and "Ian Foster" not in message
    assert "Your statement" in message  # the rest of the message is kept
    medical = pymupdf.open(out / "mail.eml.attachments/attachment-1.pdf")[0].get_text()
    assert "943 476 5919" not in medical and "Adebayo" not in medical and "Medical note" in medical
    text_file = pymupdf.open(out / "mail.eml.attachments/attachment-4.1.pdf")[0].get_text()
    assert "Priya" not in text_file and "900888" not in text_file
    # the picture: the name's and the number's ink is gone, the labels are still there
    with open_pdf(bundle / "statement.png") as original:
        words = original[0].get_textpage_ocr(dpi=200, full=True, tessdata=tessdata()).extractWORDS()
    redacted = pymupdf.open(out / "statement.png.pdf")[0]
    pix = redacted.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    scale = 200 / 72

    def box(word):
        x0, y0, x1, y1 = (int(v * scale) for v in word[:4])
        return grey[y0:y1, x0:x1]

    values = [w for w in words if w[4] in ("Bartlomiej", "Nowak", "07700", "900461")]
    labels = [w for w in words if w[4] in ("Name:", "Mobile:")]
    assert len(values) == 4 and len(labels) == 2
    for word in values:
        assert _dark_share(box(word)) > 0.98, word[4]  # every pixel of the value's ink is under black
    for word in labels:
        assert _dark_share(box(word)) < 0.5, word[4]
    assert not redacted.get_text().strip()
    report = (out / "_INTERNAL-not-for-disclosure" / "verify-report.json").read_text()
    assert '"fail"' not in report

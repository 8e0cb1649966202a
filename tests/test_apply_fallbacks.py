"""apply's fallbacks for pages and files MuPDF cannot redact or save the usual way: a page is
redrawn as a picture of itself (or, failing that, withheld alone) instead of the whole document
being blacked out, and a file whose streams MuPDF cannot compress is saved uncompressed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from redactkit.apply import page as apply_page
from redactkit.apply.document import WITHHELD, redact_document
from redactkit.jobs.apply import ApplyOptions
from redactkit.jobs.verify import verify
from redactkit.model.proposals import DocumentProposals, Finding
from redactkit.pdf.inputs import sha256_file
from redactkit.verify.document import VerifyOptions

PUBLIC = Path(__file__).parent / "corpora" / "public"
HUGE = PUBLIC / "ocrmypdf--hugemono.pdf"  # one 35000 x 35000 1-bit image on an 8400 pt page
# "big image" in its one line of text, in page coordinates
WORDS = pymupdf.Rect(1300, 1070, 1990, 1150)


def _props(path: Path, rects: list[pymupdf.Rect]) -> DocumentProposals:
    findings = [Finding(id=f"f{i}", page=1, entity="PERSON", text="big image", score=1.0, rects=[list(r)],
                        recognizer="test", reason="third-party personal data") for i, r in enumerate(rects)]
    return DocumentProposals(path=path.name, sha256=sha256_file(path), pages=1, findings=findings)


def _grey(data: bytes, dpi: float = 20) -> tuple[np.ndarray, pymupdf.Page]:
    doc = pymupdf.open("pdf", data)
    page = doc[0]
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width), page


def _shown_area(page: pymupdf.Page, rect: pymupdf.Rect, dpi: float) -> tuple[slice, slice]:
    shown = (rect * page.rotation_matrix).normalize() * (dpi / 72)
    return slice(int(shown.y0) + 1, int(shown.y1) - 1), slice(int(shown.x0) + 1, int(shown.x1) - 1)


@pytest.mark.slow
@pytest.mark.parametrize("rotation", [0, 90])
def test_page_too_large_to_redact_in_place_is_redacted_as_a_picture(tmp_path, rotation):
    """MuPDF cannot blank pixels of an image too large to decode ("Overly large image"); the page
    is redrawn as a picture with the box's pixels black, the rest of it still there, as shown."""
    source = tmp_path / "huge.pdf"
    with pymupdf.open(HUGE) as doc:
        doc[0].set_rotation(rotation)
        doc.save(source)
    original = source.read_bytes()
    data, result = redact_document(source, _props(source, [WORDS]), ApplyOptions(ocr_layer=False), "huge.pdf")
    assert source.read_bytes() == original
    assert not result.withheld and not result.withheld_pages
    assert any("redacted as a picture" in w for w in result.warnings)
    grey, page = _grey(data)
    assert page.rotation == rotation
    rows, cols = _shown_area(page, WORDS, 20)
    assert (grey[rows, cols] < 40).all(), "every pixel under the box is black"
    ink = grey < 128
    ink[rows, cols] = False
    assert ink.sum() > 200, "the rest of the line is still shown"
    with pymupdf.open("pdf", data) as out:
        assert [img[2:4] for img in out[0].get_images(full=True)] != [(35000, 35000)]
        assert all(img[2] <= 6000 for img in out[0].get_images(full=True)), "the original picture is gone"


@pytest.mark.slow
def test_page_that_cannot_even_be_rendered_is_withheld_alone(tmp_path, monkeypatch):
    """Where the picture cannot be made either, that page (not the document) is blacked out."""
    monkeypatch.setattr(apply_page, "render_dpi", lambda page, dpi: dpi)  # no cap: MuPDF refuses the render
    data, result = redact_document(HUGE, _props(HUGE, [WORDS]), ApplyOptions(ocr_layer=False), HUGE.name)
    assert result.withheld_pages == [1] and not result.withheld
    assert result.entities[WITHHELD] == 1
    grey, _page = _grey(data, dpi=5)
    assert (grey < 40).mean() > 0.99
    with pymupdf.open("pdf", data) as out:
        assert not out[0].get_images()


def test_file_whose_streams_cannot_be_compressed_is_saved_uncompressed(tmp_path):
    """pdf.js's xobject-image.pdf: two filters and an empty DecodeParms array make MuPDF's deflate
    fail ("index out of bounds"); the redacted copy is saved as it is, not withheld."""
    source = PUBLIC / "pdfjs--xobject-image.pdf"
    data, result = redact_document(source, _props(source, []), ApplyOptions(), source.name)
    assert not result.withheld and any("not compressed" in w for w in result.warnings)
    with pymupdf.open("pdf", data) as out:
        assert out[0].get_images(), "the picture is kept as it was"
    out = tmp_path / source.name
    out.write_bytes(data)
    (report,) = verify([out], VerifyOptions(strict=True)).files
    assert report.status(strict=True) == "pass", [p.check for p in report.problems]
    box = pymupdf.Rect(20, 20, 60, 60)  # with a box, MuPDF rewrites the picture, and it compresses
    data, result = redact_document(source, _props(source, [box]), ApplyOptions(), source.name)
    assert not result.withheld and not result.withheld_pages
    grey, page = _grey(data, dpi=72)
    rows, cols = _shown_area(page, box, 72)
    assert (grey[rows, cols] < 40).all()

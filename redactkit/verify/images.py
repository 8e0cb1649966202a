"""Image pixels under boxes: the scanned-page half of check 3 of verify.

On a scan, a "redaction" drawn as a black rectangle over the page image hides nothing: extract
the image and the text is there. For every opaque dark or white box (a filled rectangle, a flat
image, or an annotation) that actually hides part of an image on the rendered page, the image's
own pixels under it are read back from the image data (not from a rendering) and must be a flat
colour, which is what a real pixel redaction (or a box burned into the scan) leaves.
"""

from __future__ import annotations

import numpy as np
import pymupdf

from redactkit.verify.model import ERROR, Problem
from redactkit.verify.visibility import flat

MIN_SIDE = 4.0  # points: thinner shapes are rules and borders, not redactions
INSET = 0.15  # of each side: the middle of a box, away from anti-aliased or scanned edges


def _image_array(doc: pymupdf.Document, xref: int) -> np.ndarray | None:
    try:
        pix = pymupdf.Pixmap(doc, xref)
        if pix.alpha:
            pix = pymupdf.Pixmap(pix, 0)
        if pix.n not in (1, 3):
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
    except Exception:
        return None
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)


def _box_colour(fill) -> bool:
    """Dark or white: the colours of redaction boxes."""
    return fill is not None and (max(fill) <= 0.35 or min(fill) >= 0.95)


def _rect_like(drawing: dict) -> bool:
    kinds = [item[0] for item in drawing["items"]]
    return bool(kinds) and (set(kinds) <= {"re", "qu"} or (set(kinds) == {"l"} and 3 <= len(kinds) <= 5))


def _covers(page: pymupdf.Page, drawings: list) -> list[tuple[int, str, pymupdf.Rect]]:
    covers = []
    for drawing in drawings:
        if drawing.get("type") not in ("f", "fs") or drawing.get("fill_opacity", 1) < 0.99:
            continue
        if not _box_colour(drawing.get("fill")) or not _rect_like(drawing):
            continue
        rect = pymupdf.Rect(drawing["rect"])
        if rect.width >= MIN_SIDE and rect.height >= MIN_SIDE:
            covers.append((drawing.get("seqno", 0), "a filled box", rect))
    for annot in page.annots() or []:
        if annot.type[0] in (pymupdf.PDF_ANNOT_SQUARE, pymupdf.PDF_ANNOT_HIGHLIGHT, pymupdf.PDF_ANNOT_INK,
                             pymupdf.PDF_ANNOT_REDACT, pymupdf.PDF_ANNOT_POLYGON, pymupdf.PDF_ANNOT_FREE_TEXT):
            covers.append((10 ** 9, f"a {annot.type[1]} annotation", annot.rect))
    return covers


def covered_image_pixels(doc: pymupdf.Document, page: pymupdf.Page, rendered: np.ndarray,
                         matrix: pymupdf.Matrix, log: list | None = None, drawings: list | None = None) -> list[Problem]:
    """rendered: the page as shown (RGB array) at matrix; log and drawings: the page's
    get_bboxlog() and get_cdrawings(), when the caller has them already."""
    log = page.get_bboxlog() if log is None else log
    if not any(kind == "fill-image" for kind, _bbox in log):
        return []  # no image drawn on the page: no pixels to look at (most pages)
    covers = _covers(page, page.get_cdrawings() if drawings is None else drawings)
    image_order = [i for i, (kind, _b) in enumerate(log) if kind == "fill-image"]
    images = page.get_image_info(xrefs=True)
    for position, info in enumerate(images):  # a flat image drawn over another is a cover too
        if position < len(image_order) and info.get("xref"):
            pixels = _image_array(doc, info["xref"])
            rect = pymupdf.Rect(info["bbox"])
            if pixels is not None and flat(pixels) and rect.width >= MIN_SIDE and rect.height >= MIN_SIDE:
                covers.append((image_order[position], "a flat image", rect))
    problems: list[Problem] = []
    if not covers:
        return problems
    for position, info in enumerate(images):
        xref = info.get("xref") or 0
        if xref <= 0:
            continue
        drawn_at = image_order[position] if position < len(image_order) else -1
        bbox = pymupdf.Rect(info["bbox"])
        placement = pymupdf.Matrix(info["transform"])
        if abs(placement.b) > 1e-3 or abs(placement.c) > 1e-3:
            continue  # rotated or skewed placement: the visibility check renders it instead
        pixels = None
        for order, kind, rect in covers:
            if order <= drawn_at or rect == bbox:
                continue
            inter = rect & bbox
            if inter.is_empty or inter.width < MIN_SIDE or inter.height < MIN_SIDE:
                continue
            if inter.get_area() > 0.9 * bbox.get_area():
                continue  # a background or frame over the whole image, not a redaction
            core = pymupdf.Rect(inter.x0 + INSET * inter.width, inter.y0 + INSET * inter.height,
                                inter.x1 - INSET * inter.width, inter.y1 - INSET * inter.height)
            shown = _crop(rendered, core * matrix)
            if shown.size == 0 or not flat(shown, tolerance=30, share=0.97):
                continue  # the box does not hide what is beneath it
            if pixels is None:
                pixels = _image_array(doc, xref)
                if pixels is None:
                    break
            h, w = pixels.shape[:2]
            sx, sy = w / bbox.width, h / bbox.height
            x0, x1 = (core.x0 - bbox.x0) * sx, (core.x1 - bbox.x0) * sx
            y0, y1 = (core.y0 - bbox.y0) * sy, (core.y1 - bbox.y0) * sy
            if placement.a < 0:
                x0, x1 = w - x1, w - x0
            if placement.d < 0:
                y0, y1 = h - y1, h - y0
            region = pixels[max(int(y0), 0):min(int(np.ceil(y1)), h), max(int(x0), 0):min(int(np.ceil(x1)), w)]
            if region.size and not flat(region, tolerance=40, share=0.9):
                problems.append(Problem(
                    "image-under-cover", ERROR, f"image {xref} still holds its pixels under {kind}",
                    page.number + 1, f"[{inter.x0:.1f}, {inter.y0:.1f}, {inter.x1:.1f}, {inter.y1:.1f}]"))
    return problems


def _crop(array: np.ndarray, rect: pymupdf.Rect) -> np.ndarray:
    h, w = array.shape[:2]
    x0, y0 = max(int(rect.x0), 0), max(int(rect.y0), 0)
    x1, y1 = min(int(np.ceil(rect.x1)), w), min(int(np.ceil(rect.y1)), h)
    return array[y0:y1, x0:x1] if x1 > x0 and y1 > y0 else array[0:0, 0:0]

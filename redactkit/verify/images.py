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

from redactkit.core.errors import one_line
from redactkit.verify.model import ERROR, Problem, not_checked
from redactkit.verify.visibility import flat

MIN_SIDE = 4.0  # points: thinner shapes are rules and borders, not redactions
INSET = 0.15  # of each side: the middle of a box, away from anti-aliased or scanned edges
INK_FLOOR = 40  # levels (of 255) from the background: less is paper grain, not writing
INK_SHARE = 0.02  # of the pixels under a box: fewer ink pixels than this are noise specks


def _image_array(doc: pymupdf.Document, xref: int) -> tuple[np.ndarray | None, str]:
    """(pixels, "") or (None, why not): MuPDF raises on damaged, hostile or oversized images."""
    try:
        pix = pymupdf.Pixmap(doc, xref)
        if pix.alpha:
            pix = pymupdf.Pixmap(pix, 0)
        if pix.n not in (1, 3):
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
        return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n), ""
    except Exception as exc:
        return None, one_line(exc)


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
            pixels, _reason = _image_array(doc, info["xref"])  # undecodable: not a cover, and checked below
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
            where = f"[{inter.x0:.1f}, {inter.y0:.1f}, {inter.x1:.1f}, {inter.y1:.1f}]"
            if not _quarter_turn(placement):
                problems.append(not_checked(f"image {xref} under {kind}", "the image is drawn at an angle "
                                            "(its pixels under the box are not read back)", page.number + 1, where))
                continue
            if pixels is None:
                pixels, reason = _image_array(doc, xref)
                if pixels is None:
                    problems.append(not_checked(f"image {xref} under {kind}", f"its pixels cannot be decoded "
                                                f"({reason})", page.number + 1, where))
                    continue
            region = _image_region(pixels, placement, core)
            if region.size and not flat(region, tolerance=40, share=0.9) and _has_ink(region, pixels):
                problems.append(Problem(
                    "image-under-cover", ERROR, f"image {xref} still holds its pixels under {kind}",
                    page.number + 1, where))
    return problems


def _quarter_turn(placement: pymupdf.Matrix) -> bool:
    """Upright, mirrored or turned by a quarter turn: the image's rows and columns run along the
    page's axes, so a box on the page is a box of pixels."""
    return (abs(placement.b) < 1e-3 and abs(placement.c) < 1e-3) or \
        (abs(placement.a) < 1e-3 and abs(placement.d) < 1e-3)


def _image_region(pixels: np.ndarray, placement: pymupdf.Matrix, core: pymupdf.Rect) -> np.ndarray:
    """The image's own pixels under core (page space): the image's unit square is mapped onto the
    page by placement, its first row at unit y = 0 (MuPDF's convention), so the inverse of the
    placement takes the box back to unit coordinates whichever way the image is turned."""
    h, w = pixels.shape[:2]
    unit = pymupdf.Rect(core) * ~placement
    unit.normalize()
    x0, x1 = unit.x0 * w, unit.x1 * w
    y0, y1 = unit.y0 * h, unit.y1 * h
    return pixels[max(int(y0), 0):min(int(np.ceil(y1)), h), max(int(x0), 0):min(int(np.ceil(x1)), w)]


def _has_ink(region: np.ndarray, pixels: np.ndarray) -> bool:
    """Whether region holds anything that stands out from the picture's background.

    A white-out scan (correction fluid, or a region painted over before scanning) is not flat:
    it carries the paper's grain and the scanner's noise. What would be readable is ink, pixels
    well away from the background (the picture's median colour); "well away" is measured against
    the picture's own noise (a robust spread: 1.48 times the median distance from the
    background), and never less than INK_FLOOR, so pale pencil on a clean scan still counts."""
    sample = pixels[::4, ::4].reshape(-1, pixels.shape[-1]).astype(np.int16)
    background = np.median(sample, axis=0)
    spread = 1.4826 * float(np.median(np.abs(sample - background).max(axis=1)))
    threshold = max(INK_FLOOR, 4.0 * spread)
    distance = np.abs(region.reshape(-1, region.shape[-1]).astype(np.int16) - background).max(axis=1)
    return float((distance > threshold).mean()) >= INK_SHARE


def _crop(array: np.ndarray, rect: pymupdf.Rect) -> np.ndarray:
    h, w = array.shape[:2]
    x0, y0 = max(int(rect.x0), 0), max(int(rect.y0), 0)
    x1, y1 = min(int(np.ceil(rect.x1)), w), min(int(np.ceil(rect.y1)), h)
    return array[y0:y1, x0:x1] if x1 > x0 and y1 > y0 else array[0:0, 0:0]

"""Remove content under redaction boxes on one page, without touching anything else.

MuPDF decides whether a glyph is under a redaction by shrinking the glyph's *full* box (font
ascender to descender) by 10% on each side and testing for any overlap with the redaction
rectangle. On text set at ordinary leading those full boxes overlap the lines above and below, so
a rectangle the height of the line also deletes letters of the neighbouring lines. So each box is
applied in two passes:

1. text: a thin band through the middle of the box (30% to 70% of its height, the side edges
   pulled in a little). It meets every glyph of the line inside the box and no glyph of any other
   line at a leading of 0.86 em or more;
2. pixels and vector art: the whole box (images under it have those pixels replaced).

Then a check: any character left whose centre is inside a box is removed with the whole box (so
vertical or odd text can never survive), and every character outside the boxes must still be
on the page, at the same place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pymupdf

BAND_TOP = 0.30
BAND_BOTTOM = 0.70
EDGE_INSET = 0.05  # points; touching neighbours are already spared by MuPDF's 10% shrink
POSITION_TOLERANCE = 0.05


@dataclass
class PageOutcome:
    boxes: int = 0
    second_pass: int = 0  # characters the band missed, removed with the whole box
    lost_outside: list = field(default_factory=list)  # characters outside boxes gone from their place
    before: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))  # character boxes before redaction
    after: list = field(default_factory=list)  # (character, origin x, origin y) after redaction


def _chars(page: pymupdf.Page) -> list[tuple[str, float, float, tuple]]:
    """(character, origin x, origin y, bbox) of every character drawn, visible or not.

    From MuPDF's text trace: several times faster than a rawdict, and it holds invisible text
    too (OCR layers), which must go from under a box as well."""
    return [(chr(char[0]), char[2][0], char[2][1], char[3])
            for span in page.get_texttrace() for char in span["chars"] if not chr(char[0]).isspace()]


_IMAGES = ("fill-image", "fill-imgmask", "fill-shade")
_PATHS = ("fill-path", "stroke-path")


def _pictures_under(page: pymupdf.Page, boxes: list[pymupdf.Rect]) -> bool:
    """Whether the pixel pass has work: an image under a box, or vector art a box covers whole
    (MuPDF removes line art only when covered; a table rule crossing a box stays). Most text
    pages have neither, and skip that pass."""
    log = page.get_bboxlog()
    images = [bbox for kind, bbox in log if kind in _IMAGES]
    paths = [bbox for kind, bbox in log if kind in _PATHS]
    r = np.asarray([tuple(b) for b in boxes], dtype=float).reshape(-1, 4)
    if images:
        a = np.asarray(images, dtype=float).reshape(-1, 4)
        if ((a[:, None, 0] < r[None, :, 2]) & (r[None, :, 0] < a[:, None, 2]) &
                (a[:, None, 1] < r[None, :, 3]) & (r[None, :, 1] < a[:, None, 3])).any():
            return True
    if paths:
        a = np.asarray(paths, dtype=float).reshape(-1, 4)
        if ((a[:, None, 0] >= r[None, :, 0]) & (a[:, None, 2] <= r[None, :, 2]) &
                (a[:, None, 1] >= r[None, :, 1]) & (a[:, None, 3] <= r[None, :, 3])).any():
            return True
    return False


def centres_inside(bboxes, boxes) -> np.ndarray:
    """For each bbox (x0, y0, x1, y1), whether its centre lies inside any of boxes.

    Plain arrays: this runs for every character against every box of a page, and PyMuPDF's own
    Rect.contains costs microseconds a call."""
    if not len(bboxes) or not len(boxes):
        return np.zeros(len(bboxes), dtype=bool)
    b = np.asarray(bboxes, dtype=float).reshape(-1, 4)
    r = np.asarray([tuple(x) for x in boxes], dtype=float).reshape(-1, 4)
    cx, cy = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
    inside = (cx[:, None] >= r[None, :, 0]) & (cx[:, None] < r[None, :, 2]) & \
             (cy[:, None] >= r[None, :, 1]) & (cy[:, None] < r[None, :, 3])
    return inside.any(axis=1)


def band(box: pymupdf.Rect) -> pymupdf.Rect:
    """The thin rectangle used to select the text under a box (see module docstring)."""
    h = box.height
    inset = min(EDGE_INSET, box.width / 4)
    return pymupdf.Rect(box.x0 + inset, box.y0 + BAND_TOP * h, box.x1 - inset, box.y0 + BAND_BOTTOM * h)


def _apply(page: pymupdf.Page, rects: list[pymupdf.Rect], images: int, graphics: int, text: int) -> None:
    for rect in rects:
        page.add_redact_annot(rect, fill=False, cross_out=False)
    page.apply_redactions(images=images, graphics=graphics, text=text)


def redact_page(page: pymupdf.Page, boxes: list[pymupdf.Rect],
                pixels_only: list[pymupdf.Rect] | None = None) -> PageOutcome:
    """Remove text, image pixels and covered vector art under boxes (drawing nothing).

    pixels_only: areas where only image pixels go (a picture redacted on another page, reused here).
    """
    outcome = PageOutcome(boxes=len(boxes))
    if pixels_only:
        _apply(page, pixels_only, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_NONE,
               pymupdf.PDF_REDACT_TEXT_NONE)
    if not boxes:
        return outcome
    before = _chars(page)
    outcome.before = np.asarray([c[3] for c in before], dtype=float).reshape(-1, 4)
    _apply(page, [band(b) for b in boxes], pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE,
           pymupdf.PDF_REDACT_TEXT_REMOVE)
    if _pictures_under(page, boxes):
        _apply(page, boxes, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
               pymupdf.PDF_REDACT_TEXT_NONE)
    after = _chars(page)
    survivors = [c for c, inside in zip(after, centres_inside([c[3] for c in after], boxes)) if inside]
    if survivors:  # the band missed something (rotated or unusual text): take the whole box
        outcome.second_pass = len(survivors)
        hit = [b for b in boxes if centres_inside([c[3] for c in survivors], [b]).any()]
        _apply(page, hit, pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE,
               pymupdf.PDF_REDACT_TEXT_REMOVE)
        after = _chars(page)
    outcome.after = [(ch, x, y) for ch, x, y, _r in after]
    remaining: dict[str, list[tuple[float, float]]] = {}
    for ch, x, y, _r in after:
        remaining.setdefault(ch, []).append((x, y))
    for (ch, x, y, _rect), inside in zip(before, centres_inside([c[3] for c in before], boxes)):
        if inside:
            continue
        spots = remaining.get(ch, [])
        for i, (ax, ay) in enumerate(spots):
            if abs(ax - x) <= POSITION_TOLERANCE and abs(ay - y) <= POSITION_TOLERANCE:
                del spots[i]
                break
        else:
            outcome.lost_outside.append((ch, round(x, 2), round(y, 2)))
    return outcome


FAR = 1e5


def trim_outside(page: pymupdf.Page) -> int:
    """Remove text that lies outside the visible page (the crop box).

    Nobody sees it, text extraction for the scan does not return it, and any viewer that ignores
    the crop box shows it: it goes. Returns the number of characters removed.
    """
    bounds = page.rect * page.derotation_matrix
    chars = [char[3] for span in page.get_texttrace() for char in span["chars"] if not chr(char[0]).isspace()]
    outside = int((~centres_inside(chars, [bounds])).sum())
    if not outside:
        return 0
    for rect in (pymupdf.Rect(-FAR, -FAR, FAR, bounds.y0), pymupdf.Rect(-FAR, bounds.y1, FAR, FAR),
                 pymupdf.Rect(-FAR, bounds.y0, bounds.x0, bounds.y1), pymupdf.Rect(bounds.x1, bounds.y0, FAR, bounds.y1)):
        page.add_redact_annot(rect, fill=False, cross_out=False)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
                          text=pymupdf.PDF_REDACT_TEXT_REMOVE)
    return outside


def image_reuse(doc: pymupdf.Document, boxes_by_page: dict[int, list[pymupdf.Rect]]) -> dict[int, list[pymupdf.Rect]]:
    """Areas of pictures that are redacted in one place and shown again elsewhere.

    A scan used on two pages (or twice on one) is one image object: blanking its pixels under a
    box on page 3 leaves the same pixels showing on page 7. For every box over an image, the same
    part of the image, wherever else the image is drawn, is returned (page number -> rectangles).
    """
    used_on: dict[int, set[int]] = {}  # image xref -> pages that use it (a cheap look at resources)
    for page in doc:
        for item in page.get_images():
            used_on.setdefault(item[0], set()).add(page.number + 1)
    wanted = {x for x, pages in used_on.items() if pages & set(boxes_by_page)}
    look_at = sorted({n for x in wanted for n in used_on[x]})
    placements: dict[int, list[tuple[int, pymupdf.Matrix, pymupdf.Rect]]] = {}
    for number in look_at:
        page = doc[number - 1]
        for info in page.get_image_info(xrefs=True):
            if info.get("xref", 0) > 0:
                placements.setdefault(info["xref"], []).append(
                    (page.number + 1, pymupdf.Matrix(info["transform"]), pymupdf.Rect(info["bbox"])))
    extra: dict[int, list[pymupdf.Rect]] = {}
    for xref, uses in placements.items():
        if len(uses) < 2:
            continue
        for number, matrix, bbox in uses:
            for box in boxes_by_page.get(number, []):
                if (box & bbox).is_empty or abs(matrix.a * matrix.d - matrix.b * matrix.c) < 1e-9:
                    continue
                unit = (box & bbox) * ~matrix  # the same area in the image's own unit square
                for other_number, other_matrix, _other_bbox in uses:
                    if other_number == number and other_matrix == matrix:
                        continue
                    extra.setdefault(other_number, []).append((unit * other_matrix).normalize())
    return extra

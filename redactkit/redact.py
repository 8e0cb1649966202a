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


def _chars(page: pymupdf.Page) -> list[tuple[str, float, float, pymupdf.Rect]]:
    out = []
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for char in span["chars"]:
                    if char["c"].strip():
                        out.append((char["c"], char["origin"][0], char["origin"][1], pymupdf.Rect(char["bbox"])))
    return out


def _centre_inside(rect: pymupdf.Rect, boxes: list[pymupdf.Rect]) -> bool:
    centre = (rect.tl + rect.br) / 2
    return any(box.contains(centre) for box in boxes)


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
    _apply(page, [band(b) for b in boxes], pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE,
           pymupdf.PDF_REDACT_TEXT_REMOVE)
    _apply(page, boxes, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
           pymupdf.PDF_REDACT_TEXT_NONE)
    survivors = [c for c in _chars(page) if _centre_inside(c[3], boxes)]
    if survivors:  # the band missed something (rotated or unusual text): take the whole box
        outcome.second_pass = len(survivors)
        hit = [b for b in boxes if any(b.contains((c[3].tl + c[3].br) / 2) for c in survivors)]
        _apply(page, hit, pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE,
               pymupdf.PDF_REDACT_TEXT_REMOVE)
    remaining: dict[str, list[tuple[float, float]]] = {}
    for ch, x, y, _r in _chars(page):
        remaining.setdefault(ch, []).append((x, y))
    for ch, x, y, rect in before:
        if _centre_inside(rect, boxes):
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
    outside = 0
    for span in page.get_texttrace():
        for char in span["chars"]:
            r = pymupdf.Rect(char[3])
            if not chr(char[0]).isspace() and not bounds.contains((r.tl + r.br) / 2):
                outside += 1
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
    placements: dict[int, list[tuple[int, pymupdf.Matrix, pymupdf.Rect]]] = {}
    for page in doc:
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

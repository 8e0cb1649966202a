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
from pymupdf import mupdf

from redactkit.apply.widths import MOVED
from redactkit.extract.ink import page_grey, render_dpi
from redactkit.pdf.content import operators
from redactkit.pdf.streams import wipe_contents
from redactkit.pdf.trace import Trace, trace

BAND_TOP = 0.30
BAND_BOTTOM = 0.70
EDGE_INSET = 0.05  # points; touching neighbours are already spared by MuPDF's 10% shrink
POSITION_TOLERANCE = 0.05  # points: MuPDF's redaction may round a neighbour's place this much
REWRITE_TOLERANCE = 0.01  # points: the spacing rewrite must place every glyph where it was








@dataclass
class PageOutcome:
    boxes: int = 0
    second_pass: int = 0  # characters the band missed, removed with the whole box
    lost_outside: list = field(default_factory=list)  # characters outside boxes gone from their place
    before: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))  # character boxes before redaction
    kept: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # of before: centre under no box
    rects: list = field(default_factory=list)  # the boxes as redacted (stretched over punctuation)
    after: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))  # character boxes after redaction
    rewrite_note: str | None = None  # why the spacing rewrite was not kept, if it was not




# An operator that paints something other than text: path fills and strokes, shadings, XObjects
# (images and forms), inline images. A token test on the raw bytes: what looks like one inside a
# string or a name only costs the look with get_bboxlog that follows, never a missed picture.
_PAINTS = operators(rb"f\*?|F|S|s|B\*?|b\*?|sh|Do|BI")


def _paints(page: pymupdf.Page) -> bool:
    """Whether the page's content draws anything but text (most text pages do not)."""
    doc = page.parent
    return any(_PAINTS.search(doc.xref_stream(xref) or b"") for xref in page.get_contents())


def _rect(r) -> tuple[float, float, float, float]:
    return (r.x0, r.y0, r.x1, r.y1)


class _PaintLog(mupdf.FzDevice2):
    """What get_bboxlog logs of images (its fill-image, fill-imgmask and fill-shade) and of paths
    (fill-path, stroke-path), the boxes as MuPDF bounds them, and nothing of text: its device
    calls back into Python for every piece of text as well, which cost more than the paths."""

    def __init__(self):
        super().__init__()
        self.images: list[tuple] = []
        self.paths: list[tuple] = []
        self.use_virtual_fill_path()
        self.use_virtual_stroke_path()
        self.use_virtual_fill_shade()
        self.use_virtual_fill_image()
        self.use_virtual_fill_image_mask()

    def fill_path(self, ctx, path, even_odd, ctm, colorspace, color, alpha, color_params):
        self.paths.append(_rect(mupdf.ll_fz_bound_path(path, None, ctm)))

    def stroke_path(self, ctx, path, stroke, ctm, colorspace, color, alpha, color_params):
        self.paths.append(_rect(mupdf.ll_fz_bound_path(path, stroke, ctm)))

    def fill_shade(self, ctx, shade, ctm, alpha, color_params):
        self.images.append(_rect(mupdf.ll_fz_bound_shade(shade, ctm)))

    def fill_image(self, ctx, image, ctm, alpha, color_params):
        unit = mupdf.FzRect(mupdf.FzRect.Fixed_UNIT)  # held while MuPDF reads it
        self.images.append(_rect(mupdf.ll_fz_transform_rect(unit.internal(), ctm)))

    def fill_image_mask(self, ctx, image, ctm, colorspace, color, alpha, color_params):
        self.images.append(_rect(mupdf.ll_fz_transform_rect(mupdf.fz_unit_rect, ctm)))


def paint_log(page: pymupdf.Page) -> tuple[list[tuple], list[tuple]]:
    """The boxes of the page's images (and shadings) and of its paths, in unrotated page space:
    what ``page.get_bboxlog()`` gives of them, run as it runs the page."""
    rotation = page.rotation
    if rotation:
        page.set_rotation(0)
    try:
        device = _PaintLog()
        mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
        mupdf.fz_close_device(device)
    finally:
        if rotation:
            page.set_rotation(rotation)
    return device.images, device.paths


def _pictures_under(page: pymupdf.Page, boxes: list[pymupdf.Rect]) -> bool:
    """Whether the pixel pass has work: an image under a box, or vector art a box covers whole
    (MuPDF removes line art only when covered; a table rule crossing a box stays). Most text
    pages have neither, and skip that pass."""
    images, paths = paint_log(page)
    r = _array(boxes)
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


def _array(rects) -> np.ndarray:
    """Rectangles (Rects or sequences of four numbers) as an (n, 4) array; a Rect's four
    attributes are read directly (tuple(rect) goes through its __getitem__ four times)."""
    return np.array([(r.x0, r.y0, r.x1, r.y1) if isinstance(r, pymupdf.Rect) else tuple(r) for r in rects],
                    dtype=float).reshape(-1, 4)


def centres_inside(bboxes, boxes) -> np.ndarray:
    """For each bbox (x0, y0, x1, y1), whether its centre lies inside any of boxes.

    Plain arrays: this runs for every character against every box of a page, and PyMuPDF's own
    Rect.contains costs microseconds a call."""
    if not len(bboxes) or not len(boxes):
        return np.zeros(len(bboxes), dtype=bool)
    b = np.asarray(bboxes, dtype=float).reshape(-1, 4)
    r = _array(boxes)
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
    """MuPDF's redaction of rects, nothing drawn.

    What ``add_redact_annot`` and ``apply_redactions`` do, less their bookkeeping: PyMuPDF lists
    every annotation of the page again for each one it adds and reads each back before applying,
    which made this the largest cost of apply on pages with many boxes. MuPDF deletes the Redact
    annotations once it has applied them. Rectangles are in unrotated page space, as PyMuPDF's
    own call takes them (it sets the page's rotation to 0 while it adds an annotation)."""
    if not rects:
        return
    rotation = page.rotation
    if rotation:
        page.set_rotation(0)
    try:
        pdf_page = page._pdf_page()
        for rect in rects:
            annot = mupdf.pdf_create_annot(pdf_page, mupdf.PDF_ANNOT_REDACT)
            mupdf.pdf_set_annot_rect(annot, mupdf.FzRect(rect.x0, rect.y0, rect.x1, rect.y1))
        options = mupdf.PdfRedactOptions()
        options.black_boxes = 0
        options.text = text
        options.image_method = images
        options.line_art = graphics
        if not mupdf.pdf_redact_page(pdf_page.doc(), pdf_page, options):
            raise RuntimeError("MuPDF could not apply the redactions")
    finally:
        if rotation:
            page.set_rotation(rotation)


def _moved(before: Trace, keep: np.ndarray, after: Trace, tolerance: float) -> tuple[list, int]:
    """Characters of before (where keep) not found in after at the same place, and how many
    characters of after are left over (drawn where nothing was).

    Nearly every character is found at exactly its old place: those are matched by sorting both
    sets together; only what is left is compared within the tolerance. Quicker still, and the
    usual case: the same characters in the same order, each within the tolerance."""
    old = np.column_stack([before.codes[keep], before.origins[keep]]).reshape(-1, 3)
    new = np.column_stack([after.codes, after.origins]).reshape(-1, 3)
    if old.shape == new.shape and (old[:, 0] == new[:, 0]).all() and (np.abs(old[:, 1:] - new[:, 1:]) <= tolerance).all():
        return [], 0
    rows, group = np.unique(np.vstack([old, new]), axis=0, return_inverse=True)
    group = group.reshape(-1)
    surplus = np.bincount(group[:len(old)], minlength=len(rows)) - np.bincount(group[len(old):], minlength=len(rows))
    odd = surplus != 0
    rows, surplus = rows[odd].tolist(), surplus[odd].tolist()
    missing = [tuple(r) for r, n in zip(rows, surplus) for _ in range(max(n, 0))]
    spots: dict[int, list[tuple[float, float]]] = {}
    for (code, x, y), n in zip(rows, surplus):
        if n < 0:
            spots.setdefault(int(code), []).extend([(x, y)] * -n)
    lost = []
    for code, x, y in missing:
        places = spots.get(int(code), [])
        for i, (ax, ay) in enumerate(places):
            if abs(ax - x) <= tolerance and abs(ay - y) <= tolerance:
                del places[i]
                break
        else:
            lost.append((chr(int(code)), round(x, 2), round(y, 2)))
    return lost, sum(len(p) for p in spots.values())


TOUCH = 0.3  # points: a glyph this close to a box's edge touches it


def on_line(boxes: np.ndarray, rect: pymupdf.Rect) -> np.ndarray:
    """Which character boxes are on the line of rect: they reach into the middle half of its
    height, or lie wholly within it (a Type 3 font set at 0.1 pt and scaled up by its matrix gives
    each glyph a box a tenth of a point high on the baseline: PostScript round trips)."""
    return on_lines(boxes, [rect])[:, 0]


def on_lines(boxes: np.ndarray, rects) -> np.ndarray:
    """:func:`on_line` for several rects at once: (character boxes, rects), true where a
    character is on the line of a rect."""
    y0 = np.array([r.y0 for r in rects], dtype=float)
    y1 = np.array([r.y1 for r in rects], dtype=float)
    quarter = np.maximum(y1 - y0, 0) / 4  # Rect.height
    top, bottom = boxes[:, 1, None], boxes[:, 3, None]
    return ((bottom >= y0 + quarter) & (top <= y1 - quarter)) | ((top >= y0) & (bottom <= y1))


_ALNUM = np.array([chr(c).isalnum() for c in range(0x3001)])  # letters and digits below U+3001, as BLANK


def _punctuation(codes: np.ndarray) -> np.ndarray:
    """Which code points are not letters or digits (str.isalnum), by table where it reaches."""
    out = ~_ALNUM[np.minimum(codes, len(_ALNUM) - 1)]
    for i in np.flatnonzero(codes >= len(_ALNUM)):
        out[i] = not chr(int(codes[i])).isalnum()
    return out


def over_touching_punctuation(before: Trace, boxes: list[pymupdf.Rect]) -> list[pymupdf.Rect]:
    """Boxes whose value touches a visible glyph on both sides ("<joy.adebayo@example.com>"):
    such a box cannot be widened, and the gap it fills measures the value (verify: the box
    exactly fills the gap). It is stretched over the punctuation it touches on the right (or,
    when that is a letter, on the left), which is removed with the value; the box can then be
    widened into the space beyond. Letters and digits are never taken: a box inside a word
    stays as it is."""
    if not len(before.codes) or not boxes:
        return boxes
    # every box at once (a glyph per row, a box per column): its line, and the glyphs of its line
    # outside it that touch its right and its left edge; only a box touched on both sides is
    # looked at closely below
    glyphs = before.boxes
    x0s = np.array([r.x0 for r in boxes], dtype=float)
    x1s = np.array([r.x1 for r in boxes], dtype=float)
    centres = (glyphs[:, 0] + glyphs[:, 2]) / 2
    lines = on_lines(glyphs, boxes) & ((centres[:, None] < x0s) | (centres[:, None] > x1s))
    rights = lines & (np.abs(glyphs[:, 0, None] - x1s) <= TOUCH)
    lefts = lines & (np.abs(glyphs[:, 2, None] - x0s) <= TOUCH)
    both = rights.any(axis=0) & lefts.any(axis=0)
    if not both.any():
        return list(boxes)
    punctuation = _punctuation(before.codes)
    out = []
    for j, rect in enumerate(boxes):
        if not both[j]:
            out.append(rect)
            continue
        line, right, left = lines[:, j], rights[:, j], lefts[:, j]
        new = pymupdf.Rect(rect)
        for side, touching in (("right", right), ("left", left)):
            if not punctuation[touching].all():
                continue
            edge = rect.x1 if side == "right" else rect.x0
            while True:  # the run of touching punctuation ("]." or ">,")
                if side == "right":
                    step = line & punctuation & (np.abs(before.boxes[:, 0] - edge) <= TOUCH) & (before.boxes[:, 2] > edge)
                else:
                    step = line & punctuation & (np.abs(before.boxes[:, 2] - edge) <= TOUCH) & (before.boxes[:, 0] < edge)
                if not step.any():
                    break
                edge = float(before.boxes[step, 2].max() if side == "right" else before.boxes[step, 0].min())
            if side == "right":
                new.x1 = edge
            else:
                new.x0 = edge
            break
        out.append(new)
    return out


def redact_page(page: pymupdf.Page, boxes: list[pymupdf.Rect], pixels_only: list[pymupdf.Rect] | None = None,
                rewrite=None, stretch: bool = False) -> PageOutcome:
    """Remove text, image pixels and covered vector art under boxes (drawing nothing).

    pixels_only: areas where only image pixels go (a picture redacted on another page, reused here).
    rewrite: called once the content is removed, to rewrite the page's content stream without
    moving anything (:func:`.widths.rewrite_residue`); it returns (note, undo). The one check
    after it proves both at once: nothing under a box left, nothing outside a box lost, moved
    (by more than a hundredth of a point) or added. When that check fails the rewrite is undone
    and the redaction checked alone. stretch: take boxes over the punctuation their value touches
    on both sides (:func:`over_touching_punctuation`); outcome.rects are the boxes as redacted.
    """
    outcome = PageOutcome(boxes=len(boxes))
    if pixels_only:
        _apply(page, pixels_only, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_NONE,
               pymupdf.PDF_REDACT_TEXT_NONE)
    if not boxes:
        return outcome
    before = trace(page)
    if stretch:
        boxes = over_touching_punctuation(before, boxes)
    outcome.rects = list(boxes)
    outcome.before = before.boxes
    keep = ~centres_inside(before.boxes, boxes)
    outcome.kept = keep
    _apply(page, [band(b) for b in boxes], pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE,
           pymupdf.PDF_REDACT_TEXT_REMOVE)
    if _paints(page) and _pictures_under(page, boxes):
        _apply(page, boxes, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
               pymupdf.PDF_REDACT_TEXT_NONE)
    undo = None
    if rewrite is not None:
        outcome.rewrite_note, undo = rewrite()
    after = trace(page)
    under = centres_inside(after.boxes, boxes)
    checked = False  # the one check after the rewrite passed: nothing under a box, lost, moved or added
    if undo is not None:
        lost, extra = _moved(before, keep, after.subset(~under), REWRITE_TOLERANCE)
        checked = not (lost or extra or under.any())
        if not checked:  # the rewrite, or the redaction: take the rewrite back to see
            undo()
            after = trace(page)
            under = centres_inside(after.boxes, boxes)
            if not under.any():
                outcome.rewrite_note = MOVED
    if under.any():  # the band missed something (rotated or unusual text): take the whole box
        outcome.second_pass = int(under.sum())
        hit = [b for b in boxes if centres_inside(after.boxes[under], [b]).any()]
        _apply(page, hit, pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE,
               pymupdf.PDF_REDACT_TEXT_REMOVE)
        after = trace(page)
        if rewrite is not None:  # the second pass left its own spacing: rewrite again, checked alone
            outcome.rewrite_note, undo = rewrite()
            if undo is not None:
                rewritten = trace(page)
                lost, extra = _moved(after, np.ones(len(after.codes), dtype=bool), rewritten, REWRITE_TOLERANCE)
                if lost or extra:
                    undo()
                    outcome.rewrite_note = MOVED
                else:
                    after = rewritten
    outcome.after = after.boxes
    if not checked:  # (a pass of the tighter check above says the same)
        outcome.lost_outside, _extra = _moved(before, keep, after, POSITION_TOLERANCE)
    return outcome


FAR = 1e5


def drop_invisible_layer(page: pymupdf.Page) -> int:
    """Remove the text of a scanned page whose every character is invisible (render mode 3 or
    fully transparent: an OCR layer made elsewhere). Returns the characters removed (0 when any
    character is visible: then the page is not a bare scan and its text is left to the boxes).

    Such a layer need not say what the picture says nor lie where the picture shows it (pypdf's
    indirect-rotation sample: every word a line away from its pixels), so boxes drawn where the
    layer put a value black out the wrong pixels, and the layer's words end up under boxes drawn
    where OCR read the value. The scan is the page; its own OCR reading (``--ocr-layer``) can give
    it a layer that does match."""
    spans = page.get_texttrace()
    if not invisible_only(spans):
        return 0
    count = sum(len(span["chars"]) for span in spans)
    _apply(page, [page.rect * page.derotation_matrix], pymupdf.PDF_REDACT_IMAGE_NONE,
           pymupdf.PDF_REDACT_LINE_ART_NONE, pymupdf.PDF_REDACT_TEXT_REMOVE)
    return count


OFF_INK_DPI = 100
OFF_INK_WORDS = 3  # this many words of three letters or more over bare paper: the layer does not
# line up with the picture (verify warns of each one; a sound layer has none)


def invisible_only(spans: list) -> bool:
    """Whether every character of the page is invisible (an OCR layer made elsewhere)."""
    return bool(spans) and all(span["type"] == 3 or span.get("opacity", 1) == 0 for span in spans)


def layer_off_the_ink(page: pymupdf.Page) -> bool:
    """Whether a scanned page's invisible text layer puts words where the picture shows bare
    paper. Such a layer does not say where the picture says what it says (pypdf's
    indirect-rotation.pdf: Courier, a line or a word away from the print), and verify warns of
    every word of it over paper; a picture whited out under a layer that still holds the text is
    the same sign. Checked on a 100 dpi rendering, words of three characters or more."""
    spans = page.get_texttrace()
    if not invisible_only(spans):
        return False
    words: list[pymupdf.Rect] = []
    for span in spans:
        current, letters = None, 0
        for char in list(span["chars"]) + [(32, 0, (0, 0), (0, 0, 0, 0))]:
            if chr(char[0]).isspace():
                if current is not None and letters >= 3:
                    words.append(current)
                current, letters = None, 0
                continue
            box = pymupdf.Rect(char[3])
            current = box if current is None else current | box
            letters += 1
    if len(words) < OFF_INK_WORDS:
        return False
    grey, to_pixels = page_grey(page, OFF_INK_DPI)
    dark = grey < min(128, int(np.median(grey)) - 50)
    bare = 0
    for word in words:
        box = (word * to_pixels).irect & pymupdf.IRect(0, 0, grey.shape[1], grey.shape[0])
        if box.is_empty or dark[box.y0:box.y1, box.x0:box.x1].sum() < 2:
            bare += 1
    return bare >= OFF_INK_WORDS


def trim_outside(page: pymupdf.Page, chars: np.ndarray | None = None) -> int:
    """Remove text that lies outside the visible page (the crop box).

    Nobody sees it, text extraction for the scan does not return it, and any viewer that ignores
    the crop box shows it: it goes. Returns the number of characters removed.

    chars: the boxes of the page's characters as they are now, when the caller has them already.
    """
    bounds = page.rect * page.derotation_matrix
    if chars is None:
        chars = trace(page).boxes
    outside = int((~centres_inside(chars, [bounds])).sum())
    if not outside:
        return 0
    _apply(page, [pymupdf.Rect(-FAR, -FAR, FAR, bounds.y0), pymupdf.Rect(-FAR, bounds.y1, FAR, FAR),
                  pymupdf.Rect(-FAR, bounds.y0, bounds.x0, bounds.y1), pymupdf.Rect(bounds.x1, bounds.y0, FAR, bounds.y1)],
           pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE, pymupdf.PDF_REDACT_TEXT_REMOVE)
    return outside


def _placed_images(page: pymupdf.Page) -> list[dict]:
    """Where each image of the page is drawn, with its xref. MuPDF finds the xrefs by decoding
    every image to compare digests, which fails on an image too large to decode (OCRmyPDF's
    35000 x 35000 hugemono.pdf). A page that shows only one image object needs no digest: every
    placement is that image (an inline image, which cannot be shown twice, counted with it only
    widens what is redacted). With several, the error stands (the caller fails closed)."""
    try:
        return page.get_image_info(xrefs=True)
    except Exception:
        xrefs = {item[0] for item in page.get_images()}
        if len(xrefs) != 1:
            raise
        (xref,) = xrefs
        return [dict(info, xref=xref) for info in page.get_image_info()]


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
        for info in _placed_images(page):
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


PICTURE_DPI = 200  # a page MuPDF cannot redact in place is redrawn as a picture at this resolution


def redact_as_picture(page: pymupdf.Page, boxes: list[pymupdf.Rect]) -> None:
    """Redact a page MuPDF cannot redact in place (an image too large for it to decode and
    rewrite, OCRmyPDF's 35000 x 35000 hugemono.pdf) by redrawing it as a picture of itself: the
    page is rendered, the pixels under every box are painted black in the rendering, and the
    page's contents, resources and annotations are replaced by that picture. Nothing of the
    original drawing is kept, so nothing can be recovered from under a box; what is lost is the
    text layer (the caller gives the page an OCR layer) and detail beyond PICTURE_DPI. Raises
    when the page cannot even be rendered (the caller then withholds it)."""
    rotation = page.rotation
    page.set_rotation(0)  # rendered, boxes placed and picture drawn in unrotated coordinates
    try:
        dpi = render_dpi(page, PICTURE_DPI)
        zoom = pymupdf.Matrix(dpi / 72, dpi / 72)
        pix = page.get_pixmap(matrix=zoom, alpha=False)
        to_pixels = zoom  # page.rect starts at (0, 0), and so does the rendering
        for box in boxes:
            area = (pymupdf.Rect(box) * to_pixels).normalize()
            area = pymupdf.IRect(int(area.x0) - 1, int(area.y0) - 1, int(area.x1) + 2, int(area.y1) + 2) & pix.irect
            if not area.is_empty:
                pix.set_rect(area, (0,) * pix.n)
        page.parent.xref_set_key(page.xref, "Annots", "null")
        wipe_contents(page)
        page.insert_image(page.rect, pixmap=pix, keep_proportion=False)
    finally:
        page.set_rotation(rotation)

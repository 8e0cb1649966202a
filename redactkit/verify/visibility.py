"""Is every character on the page visible? Checks 1, 3 (OCR text) and 4 of verify.

Geometry alone cannot say whether a character is hidden: covers come as rectangles, hatched
paths, images, annotations, or text drawn in the colour of what lies beneath. So a page in doubt
is rendered twice, as it is and with all text removed, and a character whose pixels are the same
in both renders is one a reader cannot see. Most pages are not in doubt: a quick look
(:func:`plainly_visible`) at the one render every page gets, the text trace and the drawings
passes a page when every character is ordinary filled text with nothing drawn under or over the
middle of its box and ink of its own in the render; anything else gets the full check. Then
geometry and drawing order say *why* a character is hidden, which decides how serious it is:

* a box, shape, small image or annotation drawn over it: an attempted redaction that failed;
* a full-page image over it (a scan with its OCR text beneath) is fine, unless the image is a
  flat colour there: then the OCR text lies under a blacked-out area;
* invisible OCR text (render mode 3) is fine, unless the picture above it is a flat colour;
* white-on-white, tiny, clipped or off-page text: hidden text, an error when it holds words.

Harmless cases pass: boxes over white space, stamps such as REDACTED, rules, text drawn on top
of a dark shape (it changes the pixels, so it is visible), icons and leader dots.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pymupdf

from redactkit.pdf.content import operators
from redactkit.pdf.streams import image_encoded_contents
from redactkit.pdf.trace import BLANK
from redactkit.verify.model import ERROR, WARNING, Problem

DPI = 96
VISIBLE_DIFF = 24  # a pixel that changes by more than this (0-255) when the text goes
OK_WORDS = re.compile(r"^(?:redact(?:ed|ion)?s?|privilege[ds]?|confidential|withheld|sealed|exempt(?:ion)?|"
                      r"removed|sensitive|restricted|official|not|for|disclosure|section|s\.?\d*|personal|data|"
                      r"information|page|\W+)$", re.IGNORECASE)
FULL_PAGE = 0.5  # images covering more of the page than this are page images (scans)
PAPER_LIGHT = 160  # no channel of bare paper is darker than this (0-255)


@dataclass
class HiddenRun:
    """Consecutive hidden characters of one word, with why they are hidden."""

    page: int
    text: str
    word: str
    rect: pymupdf.Rect
    reason: str  # cover | page-image | ocr | colour | tiny | outside
    cover: str = ""


@dataclass
class PageRenders:
    page: pymupdf.Page
    with_text: np.ndarray
    without_text: np.ndarray
    matrix: pymupdf.Matrix
    log: list = field(default_factory=list)
    # fill paths made of several rectangles (a redaction tool's boxes, filled as one path), by
    # their place in log: what such a path covers is its rectangles, not the outline of them all
    parts: dict = field(default_factory=dict)

    @property
    def dark_page(self) -> bool:
        return float(np.median(self.with_text)) < 100

    @functools.cached_property
    def paper(self) -> np.ndarray:
        """The colour of the page's paper: the lightest common colour of the render (each
        channel's 90th percentile; on a scan, the paper between the lines)."""
        return np.percentile(self.with_text[::4, ::4].reshape(-1, self.with_text.shape[-1]), 90, axis=0)

    def blank(self, pixels: np.ndarray) -> bool:
        """Whether pixels of the render are bare paper: one light colour, the page's paper colour
        (a box burned into a scan is a flat colour too, but darker than the paper)."""
        if not flat(pixels):
            return False
        colour = np.median(pixels.reshape(-1, pixels.shape[-1]), axis=0)
        return bool(colour.min() >= PAPER_LIGHT and np.abs(colour - self.paper).max() <= VISIBLE_DIFF)


def annotation_free_copy(doc: pymupdf.Document) -> pymupdf.Document:
    """A copy without annotations: its text is the page content's own (text extraction and
    tracing otherwise include the text drawn by annotation appearances)."""
    copy = pymupdf.open("pdf", doc.tobytes())
    for page in copy:
        copy.xref_set_key(page.xref, "Annots", "null")
    return copy


def _remove_text(copy: pymupdf.Document, page: pymupdf.Page) -> None:
    """Every character of the page taken away, everything else kept."""
    kind, annots = copy.xref_get_key(page.xref, "Annots")
    page.add_redact_annot(page.rect * page.derotation_matrix, fill=False, cross_out=False)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
                          text=pymupdf.PDF_REDACT_TEXT_REMOVE)
    # MuPDF drops overlapping FreeText annotations with the text: put the original list back
    copy.xref_set_key(page.xref, "Annots", annots if kind != "null" else "null")


class PageCopies:
    """The copies of a document the visibility check needs, made the first time a page needs
    one, and for that page only: most pages need neither.

    content_page: the page without its annotations (its text is the page content's own);
    text_free_page: the page with all its text removed (the second render)."""

    def __init__(self, doc: pymupdf.Document):
        self.doc = doc
        self._plain: pymupdf.Document | None = None
        self._text_free: pymupdf.Document | None = None
        self._cleared: set[int] = set()

    def content_page(self, page: pymupdf.Page) -> pymupdf.Page:
        if page.first_annot is None and page.first_widget is None:
            return page  # nothing but links (they draw nothing): the page is its own content
        return self.content_document()[page.number]

    def text_free_page(self, number: int) -> pymupdf.Page:
        if self._text_free is None:
            self._text_free = pymupdf.open("pdf", self.doc.tobytes())
        page = self._text_free[number]
        if number not in self._cleared:
            _remove_text(self._text_free, page)
            self._cleared.add(number)
        return page

    def content_document(self) -> pymupdf.Document:
        """The whole document without annotations."""
        if self._plain is None:
            self._plain = annotation_free_copy(self.doc)
        return self._plain

    def close(self) -> None:
        for copy in (self._plain, self._text_free):
            if copy is not None:
                copy.close()


class Rendered(np.ndarray):
    """A page render as an RGB array that holds on to its pixmap: the array reads the pixmap's
    memory in place (copying the samples out cost a tenth of a render), so the pixmap must live
    as long as the array and every slice of it does."""

    pixmap: pymupdf.Pixmap | None = None


def render(page: pymupdf.Page, grey: bool = False) -> np.ndarray:
    """The page as shown at DPI: RGB (height, width, 3), or grey (height, width), which is all
    the quick look needs (a grey pixel darker than the page's white has a darker channel too)."""
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY if grey else pymupdf.csRGB, alpha=False, annots=True)
    shape = (pix.height, pix.width) if grey else (pix.height, pix.width, 3)
    array = np.frombuffer(pix.samples_mv, dtype=np.uint8).reshape(shape).view(Rendered)
    array.pixmap = pix
    return array


def _region(array: np.ndarray, rect: pymupdf.Rect) -> np.ndarray:
    h, w = array.shape[:2]
    x0, y0 = max(int(rect.x0), 0), max(int(rect.y0), 0)
    x1, y1 = min(int(np.ceil(rect.x1)), w), min(int(np.ceil(rect.y1)), h)
    if x1 <= x0 or y1 <= y0:
        return array[0:0, 0:0]
    return array[y0:y1, x0:x1]


def flat(pixels: np.ndarray, tolerance: int = 24, share: float = 0.95) -> bool:
    """True when almost every pixel has the same colour: a box, not a picture."""
    if pixels.size == 0:
        return False
    flat_pixels = pixels.reshape(-1, pixels.shape[-1]).astype(int)
    median = np.median(flat_pixels, axis=0)
    close = np.abs(flat_pixels - median).max(axis=1) <= tolerance
    return close.mean() >= share


def meaningful(word: str) -> bool:
    """A hidden word worth reporting: two letters or digits at least, not a stamp word.

    Glyphs without a Unicode mapping (U+FFFD) count as letters: the text cannot be read from the
    file, but the glyph shapes can, by rendering the page without the cover."""
    if len(re.findall(r"[^\W_]|\ufffd", word)) < 2:
        return False
    if len(set(word.strip())) == 1:
        return False
    return not all(OK_WORDS.match(part) for part in re.split(r"\s+", word.strip()) if part)


def rectangle_paths(drawings: list) -> dict[int, list[pymupdf.Rect]]:
    """seqno -> rectangles, for each filled path made only of two or more rectangles."""
    parts = {}
    for drawing in drawings:
        items = drawing.get("items") or ()
        if drawing.get("fill") is not None and len(items) > 1 and all(item[0] == "re" for item in items):
            parts[drawing["seqno"]] = [pymupdf.Rect(item[1]) for item in items]
    return parts


def _covers_after(log: list, seqno: int, rect: pymupdf.Rect, page_area: float,
                  parts: dict | None = None) -> list[tuple[str, pymupdf.Rect]]:
    found = []
    need = 0.3 * max(rect.get_area(), 1e-6)
    for index in range(seqno + 1, len(log)):
        kind, bbox = log[index]
        if kind not in ("fill-path", "fill-image", "fill-shade", "fill-imgmask", "fill-text"):
            continue
        box = pymupdf.Rect(bbox)
        inter = box & rect
        if inter.is_empty or inter.get_area() < need:
            continue
        if kind == "fill-path" and parts and index in parts:
            under = [r for r in parts[index] if (r & rect).get_area() >= need]
            if not under:
                continue  # between the path's rectangles, not under one
            box = under[0]
        if kind == "fill-image" and box.get_area() > FULL_PAGE * page_area:
            found.append(("page-image", box))
        else:
            found.append((kind, box))
    return found


def _annotation_glyphs(page: pymupdf.Page, content_spans: int) -> dict[int, list[tuple[float, float]]]:
    """Characters drawn by annotation appearances (they follow the page content in drawing order)."""
    glyphs: dict[int, list[tuple[float, float]]] = {}
    full = page.get_texttrace()
    for span in full[content_spans:]:
        for char in span["chars"]:
            glyphs.setdefault(char[0], []).append(char[2])
    return glyphs


def _has_twin(char, twins) -> bool:
    """An annotation draws the same character in the same place: it is on show after all."""
    return any(abs(x - char[2][0]) < 1.0 and abs(y - char[2][1]) < 1.0 for x, y in twins.get(char[0], ()))


def hidden_runs(doc: pymupdf.Document, page: pymupdf.Page, renders: PageRenders,
                content_page: pymupdf.Page, spans: list | None = None) -> list[HiddenRun]:
    """Every run of page-content characters that changes no pixel, and why it is hidden.

    content_page is the same page without annotations: its characters are the page's own
    (spans: its text trace, when the caller has it).
    """
    changed = changed_pixels(renders.with_text, renders.without_text)
    bounds = page.rect * page.derotation_matrix
    page_area = max(bounds.get_area(), 1.0)
    annots = [(a.type[1], a.rect) for a in page.annots() or []]
    spans = content_page.get_texttrace() if spans is None else spans
    twins = _annotation_glyphs(page, len(spans)) if annots else {}
    runs: list[HiddenRun] = []
    for span in spans:
        if not span["chars"]:
            continue
        shown = _shown(span, renders.matrix, changed)
        if shown.all():
            continue  # every glyph changes pixels (nearly every span of a sound page)
        word_chars: list = []

        def flush() -> None:
            if word_chars:
                runs.extend(_classify(page, span, list(word_chars), renders, bounds, page_area, annots))
                word_chars.clear()

        for char, visible in zip(span["chars"], shown):
            if chr(char[0]).isspace():
                flush()
            elif not (twins and _has_twin(char, twins)):
                word_chars.append((char, bool(visible)))
        flush()
    return runs


def changed_pixels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pixels where two RGB renders differ by more than VISIBLE_DIFF in any channel."""
    diff = np.maximum(a, b) - np.minimum(a, b)  # |a - b| without leaving uint8
    return (diff[..., 0] > VISIBLE_DIFF) | (diff[..., 1] > VISIBLE_DIFF) | (diff[..., 2] > VISIBLE_DIFF)


def _summed(mask: np.ndarray) -> np.ndarray:
    """Summed-area table of a boolean image: any pixel set in a rectangle, in four lookups."""
    table = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1), dtype=np.int32)
    np.cumsum(np.cumsum(mask, axis=0, dtype=np.int32), axis=1, out=table[1:, 1:])
    return table


def char_rects(span: dict) -> np.ndarray:
    """(n, 4) boxes of a span's characters; an empty box (a blank glyph) becomes a thin one on
    the baseline, so it can still be judged."""
    chars = span["chars"]
    rects = np.array([c[3] for c in chars], dtype=float).reshape(-1, 4)
    empty = (rects[:, 2] <= rects[:, 0]) | (rects[:, 3] <= rects[:, 1])
    if empty.any():
        origins = np.array([c[2] for c in chars], dtype=float).reshape(-1, 2)
        height = max(span["size"], 1) * 0.7
        rects[empty] = np.column_stack([origins[empty, 0], origins[empty, 1] - height,
                                        origins[empty, 0] + 0.5, origins[empty, 1]])
    return rects


def device_rects(rects: np.ndarray, matrix: pymupdf.Matrix) -> np.ndarray:
    """Boxes through a matrix (the bounding box of each transformed box)."""
    xs = rects[:, [0, 2, 0, 2]]
    ys = rects[:, [1, 1, 3, 3]]
    tx = matrix.a * xs + matrix.c * ys + matrix.e
    ty = matrix.b * xs + matrix.d * ys + matrix.f
    return np.column_stack([tx.min(axis=1), ty.min(axis=1), tx.max(axis=1), ty.max(axis=1)])


def _shown(span: dict, matrix: pymupdf.Matrix, changed: np.ndarray) -> np.ndarray:
    """For each character of the span: does any pixel under it change when the text goes?

    Counted with a summed-area table of the span's own area of the image (not the page's)."""
    device = device_rects(char_rects(span), matrix)
    h, w = changed.shape
    x0 = np.clip(device[:, 0].astype(int), 0, w)
    y0 = np.clip(device[:, 1].astype(int), 0, h)
    x1 = np.clip(np.ceil(device[:, 2]).astype(int), 0, w)
    y1 = np.clip(np.ceil(device[:, 3]).astype(int), 0, h)
    ox, oy = int(x0.min()), int(y0.min())
    table = _summed(changed[oy:int(y1.max()), ox:int(x1.max())])
    x0, x1, y0, y1 = x0 - ox, x1 - ox, y0 - oy, y1 - oy
    count = table[y1, x1] - table[y0, x1] - table[y1, x0] + table[y0, x0]
    return (count > 0) & (x1 > x0) & (y1 > y0)


def _under_ocr(renders: PageRenders, rect: pymupdf.Rect) -> str:
    """What the picture shows where invisible (OCR) text lies: a picture (ocr: a scan with its
    text layer, sound); a flat colour darker than the paper (ocr-under-box: blacked out, with the
    text still under it); bare paper (ocr-on-paper: the text layer does not line up with the
    picture there, as when an OCR program set the words in a font wider than the print, or the
    picture was whited out: which of the two, the pixels cannot say)."""
    picture = _region(renders.with_text, rect * renders.matrix)
    if not flat(picture):
        return "ocr"
    return "ocr-on-paper" if renders.blank(picture) else "ocr-under-box"


SPACE_EM = 0.35  # an unmapped glyph narrower than this (of its font size) that draws nothing is a space


def _classify(page, span, chars, renders, bounds, page_area, annots) -> list[HiddenRun]:
    """chars: (character, shown) pairs of one word; the hidden ones are classified by why."""
    word = "".join(chr(c[0]) for c, _shown in chars)
    hidden = []
    for char, shown in chars:
        if shown:
            continue
        rect = pymupdf.Rect(char[3])
        if rect.is_empty:
            rect = pymupdf.Rect(char[2][0], char[2][1] - max(span["size"], 1) * 0.7, char[2][0] + 0.5, char[2][1])
        hidden.append((char, rect))
    if not hidden:
        return []
    text = "".join(chr(c[0]) for c, _r in hidden)
    rect = pymupdf.Rect(hidden[0][1])
    for _c, r in hidden[1:]:
        rect |= r
    number = page.number + 1
    if span.get("type") == 3:
        return [HiddenRun(number, text, word, rect, _under_ocr(renders, rect))]
    if (rect & bounds).is_empty or not bounds.contains((rect.tl + rect.br) / 2):
        return [HiddenRun(number, text, word, rect, "outside")]
    if span["size"] < 1.0:
        return [HiddenRun(number, text, word, rect, "tiny")]
    covers = _covers_after(renders.log, span.get("seqno", -1), rect, page_area, renders.parts)
    for kind, a_rect in annots:
        inter = a_rect & rect
        if not inter.is_empty and inter.get_area() >= 0.3 * max(rect.get_area(), 1e-6):
            covers.append((f"annotation ({kind})", a_rect))
    vector = [c for c in covers if c[0] != "page-image"]
    if vector and all(kind == "fill-text" for kind, _r in vector) and all(
            chr(c[0]) == "\ufffd" and r.width < SPACE_EM * max(span["size"], 1) for c, r in hidden):
        # a space drawn with a glyph that has no Unicode map (a PostScript round trip's): it
        # draws nothing, so it changes no pixel, and the next line's text overlaps its box
        return []
    if vector:
        return [HiddenRun(number, text, word, rect, "cover", vector[-1][0])]
    if covers:  # only a page image lies above it: a scan with text beneath
        return [HiddenRun(number, text, word, rect, _under_ocr(renders, rect))]
    background = _region(renders.without_text, rect * renders.matrix)
    if background.size:
        bg = np.median(background.reshape(-1, 3), axis=0)
        colour = np.array(span.get("color") or (0, 0, 0), dtype=float)[:3] * 255
        if np.abs(bg - colour).max() < 60:
            # a dark background under same-coloured text is a box, unless the whole page is dark
            on_box = bg.mean() < 100 and not renders.dark_page
            return [HiddenRun(number, text, word, rect, "colour-on-box" if on_box else "colour")]
    return [HiddenRun(number, text, word, rect, "clipped")]


# -- the quick look: is every character plainly on show? -----------------------------------

TEXT_KINDS = ("fill-text", "stroke-text", "ignore-text")
CORE = 0.3  # of a character box's width and height trimmed from each side: what remains holds ink
# of every letter and digit, so a shape that misses it cannot hide one


def painted_boxes(log: list | None, drawings: list, spans: list | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Everything drawn on the page, in drawing order: (boxes (m, 4), order (m,), is text (m,)).

    A vector drawing counts by its parts where its parts are what it paints (the separate
    rectangles of one fill, each segment of a stroke), else by its bounding box, so one path
    holding every black box of a page does not count as a cover over the whole page.

    log: the page's get_bboxlog(); None for a page that draws nothing but paths and text (see
    :func:`draws_only_paths_and_text`), whose spans and drawings then say everything."""
    parts: dict[int, list] = {}
    for drawing in drawings:
        items = drawing.get("items") or []
        kinds = {item[0] for item in items}
        pad = (drawing.get("width") or 0) / 2 if drawing.get("type") == "s" else 0.0
        if items and drawing.get("type") == "s":  # a stroke paints its outlines, not what they enclose
            boxes = []
            for item in items:
                if item[0] == "re":
                    x0, y0, x1, y1 = item[1]
                    boxes += [(x0 - pad, y0 - pad, x1 + pad, y0 + pad), (x0 - pad, y1 - pad, x1 + pad, y1 + pad),
                              (x0 - pad, y0 - pad, x0 + pad, y1 + pad), (x1 - pad, y0 - pad, x1 + pad, y1 + pad)]
                    continue
                points = [pt for pt in item[1:] if isinstance(pt, tuple) and len(pt) == 2]
                if not points:
                    boxes = [drawing["rect"]]
                    break
                xs, ys = [pt[0] for pt in points], [pt[1] for pt in points]
                boxes.append((min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad))
        elif items and kinds <= {"re"}:  # a fill of separate rectangles
            boxes = [item[1] for item in items]
        else:
            boxes = [drawing["rect"]]
        parts.setdefault(drawing["seqno"], []).extend(tuple(b) for b in boxes)
    boxes, order, text = [], [], []
    if log is None:
        for seqno, found in parts.items():
            boxes += found
            order += [seqno] * len(found)
            text += [False] * len(found)
        for span in spans or []:
            boxes.append(tuple(span["bbox"]))
            order.append(span["seqno"])
            text.append(True)
    else:
        for index, (kind, bbox) in enumerate(log):
            for box in parts.get(index, [tuple(bbox)]):
                boxes.append(box)
                order.append(index)
                text.append(kind in TEXT_KINDS)
    return (np.asarray(boxes, dtype=float).reshape(-1, 4), np.asarray(order, dtype=int),
            np.asarray(text, dtype=bool))


# operators that may draw an image or a shading (directly, through a form, a pattern or a colour
# space that can be a pattern); a token test that can only err towards yes
_PICTURE_OPS = operators(rb"Do|BI|sh|scn|SCN|cs|CS")
# the same test, quicker: a pattern that starts with the operators' letters lets the regular
# expression engine skip to them, and the byte before is looked at only where one is found
_OPERATOR_END = re.compile(rb"(?:Do|BI|sh|scn|SCN|cs|CS)(?=[\s()<>\[\]{}/%]|$)")
_BEFORE_OPERATOR = frozenset(b" \t\n\r\x0b\x0c()<>[]{}/%")  # what (?<=[\s()<>[]{}/%]) accepts in bytes


def _may_draw_pictures(data: bytes) -> bool:
    """_PICTURE_OPS.search(data) is not None."""
    return any(m.start() == 0 or data[m.start() - 1] in _BEFORE_OPERATOR for m in _OPERATOR_END.finditer(data))


def type3_fonts(page: pymupdf.Page) -> bool:
    """Whether the page uses a Type 3 font: its glyphs are little content streams that may paint
    anything, anywhere, and only the full check looks at what they paint."""
    return any(font[2] == "Type3" for font in page.get_fonts())


@dataclass
class CharTable:
    """Every character of a page's text trace as arrays, read once and shared by the checks."""

    codes: np.ndarray  # (n,): Unicode code points
    origins: np.ndarray  # (n, 2)
    boxes: np.ndarray  # (n, 4): MuPDF's box of each character
    owner: np.ndarray  # (n,): the index of its span in the trace


def char_table(spans: list) -> CharTable:
    flat: list = []  # code, origin, box of every character, one after another
    for span in spans:
        for char in span["chars"]:
            flat.append(char[0])
            flat.extend(char[2])
            flat.extend(char[3])
    rows = np.array(flat, dtype=float).reshape(-1, 7)
    owner = np.repeat(np.arange(len(spans)), [len(span["chars"]) for span in spans]) if spans else np.zeros(0, int)
    return CharTable(rows[:, 0].astype(np.int64), rows[:, 1:3], rows[:, 3:7], owner.astype(int))


def draws_only_paths_and_text(page: pymupdf.Page, odd: list | None = None, contents=None) -> bool:
    """True when the page can draw nothing but vector paths and text: no image in its resources,
    no operator that could paint one, no Type 3 font. Its text trace and drawings then list
    everything it draws, in order, and the bounding-box log (a third run of the page) is not
    needed. odd: the page's image_encoded_contents, when the caller has them; contents: a
    function giving the page's operators (read_contents) when it has no such stream, for a
    caller that reads them again (called only then)."""
    if page.get_images() or (image_encoded_contents(page) if odd is None else odd):
        return False  # (a stream encoded as a picture is never decoded)
    return not _may_draw_pictures(page.read_contents() if contents is None else contents()) \
        and not type3_fonts(page)


def plainly_visible(page: pymupdf.Page, spans: list, log: list | None, drawings: list, shown: np.ndarray,
                    matrix: pymupdf.Matrix, table: CharTable | None = None) -> bool:
    """True when every character of the page is plainly on show, so the second render and the
    pixel comparison of :func:`hidden_runs` can be skipped: each is ordinary filled text, at
    least 1 pt, on the page, with nothing drawn under or over the middle of its box, and some
    ink of its own in the page as rendered (ink outside every other shape on the page).

    Only a page where all of that holds is passed; any doubt, and the page gets the full check.
    Covers of any shape are caught either way: whatever is drawn over a character's middle sends
    its page to the full check."""
    return _doubt(page, spans, log, drawings, shown, matrix, table) is None


def _doubt(page: pymupdf.Page, spans: list, log: list | None, drawings: list, shown: np.ndarray,
           matrix: pymupdf.Matrix, table: CharTable | None = None) -> str | None:
    """Why the page is not plainly visible (None when it is). Whole-page arrays, not a loop over
    spans: this runs on every page and must cost a fraction of a render."""
    if page.first_annot is not None:
        return "annotations"
    if log is not None and type3_fonts(page):  # (draws_only_paths_and_text has said so when log is None)
        return "Type 3 font"
    kept = [(k, span) for k, span in enumerate(spans) if span["chars"]]
    if any(span.get("type") != 0 or span.get("opacity", 1) < 0.99 or span["size"] < 1.0 for _k, span in kept):
        return "not ordinary filled text"
    table = char_table(spans) if table is None else table
    codes = table.codes
    printing = (codes >= len(BLANK)) | ~BLANK[np.minimum(codes, len(BLANK) - 1)]
    if not printing.any():
        return None
    rects = table.boxes[printing]
    owner = table.owner[printing]
    w, h = rects[:, 2] - rects[:, 0], rects[:, 3] - rects[:, 1]
    if (w <= 0).any() or (h <= 0).any():
        return "empty character box"
    bounds = page.rect * page.derotation_matrix
    cx, cy = (rects[:, 0] + rects[:, 2]) / 2, (rects[:, 1] + rects[:, 3]) / 2
    if ((cx < bounds.x0) | (cx > bounds.x1) | (cy < bounds.y0) | (cy > bounds.y1)).any():
        return "off the page"
    boxes, order, is_text = painted_boxes(log, drawings, spans)
    core = np.column_stack([rects[:, 0] + CORE * w, rects[:, 1] + CORE * h, rects[:, 2] - CORE * w, rects[:, 3] - CORE * h])
    # spans against everything drawn, then the characters of the spans that meet something
    span_boxes = np.asarray([spans[k]["bbox"] for k, _span in kept], dtype=float).reshape(-1, 4)
    span_seq = np.asarray([spans[k]["seqno"] for k, _span in kept], dtype=int)
    meets = ((span_boxes[:, None, 0] < boxes[None, :, 2]) & (boxes[None, :, 0] < span_boxes[:, None, 2]) &
             (span_boxes[:, None, 1] < boxes[None, :, 3]) & (boxes[None, :, 1] < span_boxes[:, None, 3]) &
             (order[None, :] != span_seq[:, None]) & (~is_text[None, :] | (order[None, :] > span_seq[:, None])))
    pair_span, pair_box = np.nonzero(meets)
    if len(pair_span):  # each such pair: the span's characters against that shape, all at once
        position = np.searchsorted(np.asarray([k for k, _span in kept]), owner)  # each character's span, 0..
        starts = np.searchsorted(position, np.arange(len(kept)), side="left")
        ends = np.searchsorted(position, np.arange(len(kept)), side="right")
        lengths = ends[pair_span] - starts[pair_span]
        offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        c = core[np.repeat(starts[pair_span], lengths) + offsets]
        o = boxes[np.repeat(pair_box, lengths)]
        if ((c[:, 0] < o[:, 2]) & (o[:, 0] < c[:, 2]) & (c[:, 1] < o[:, 3]) & (o[:, 1] < c[:, 3])).any():
            return "something drawn under or over a character"
    # ink: a pixel under each character darker than the bare page, outside every other shape
    height, width = shown.shape[:2]
    device = device_rects(rects, matrix)
    x0 = np.clip(np.floor(device[:, 0]).astype(int), 0, width)
    y0 = np.clip(np.floor(device[:, 1]).astype(int), 0, height)
    x1 = np.clip(np.ceil(device[:, 2]).astype(int), 0, width)
    y1 = np.clip(np.ceil(device[:, 3]).astype(int), 0, height)
    if ((x1 <= x0) | (y1 <= y0)).any():
        return "outside the render"
    ox, oy, ex, ey = int(x0.min()), int(y0.min()), int(x1.max()), int(y1.max())
    region = shown[oy:ey, ox:ex]
    darkest = np.minimum(np.minimum(region[..., 0], region[..., 1]), region[..., 2]) if region.ndim == 3 else region
    ink = darkest < 255 - VISIBLE_DIFF  # (np.minimum: a min over the last axis of 3 is many times slower)
    shapes = boxes[~is_text & meets.any(axis=0)]  # shapes that reach a span's box: the rest cannot add ink
    if len(shapes):
        d = device_rects(shapes, matrix)
        cols = np.clip(np.column_stack([np.floor(d[:, 0]) - ox, np.ceil(d[:, 2]) - ox]), 0, ink.shape[1]).astype(int)
        rows_ = np.clip(np.column_stack([np.floor(d[:, 1]) - oy, np.ceil(d[:, 3]) - oy]), 0, ink.shape[0]).astype(int)
        for (a, b), (c, e) in zip(rows_.tolist(), cols.tolist()):
            if b > a and e > c:
                ink[a:b, c:e] = False
    x0, x1, y0, y1 = x0 - ox, x1 - ox, y0 - oy, y1 - oy
    if not _all_inked(ink, x0, x1, y0, y1):
        return "a character without ink"
    return None


BANDS = 150  # more distinct character heights than this on a page: one pass of prefix sums instead


def _all_inked(ink: np.ndarray, x0, x1, y0, y1) -> bool:
    """Whether every rectangle [y0:y1, x0:x1] of ink (boolean pixels) holds a pixel of ink.

    The characters of a line mostly share their rows: for each band of rows, the columns with
    ink in it (one OR down the band), then each character's columns summed. A page of many
    different bands (text at many angles or sizes) is summed along every row instead."""
    key = y0.astype(np.int64) * (ink.shape[0] + 1) + y1  # a band as one number (a sort of rows is slow)
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    if len(starts) > BANDS:
        # prefix sums along each row (one pass; a row of ink counts fits 16 bits), then each
        # character's rows summed between its left and right edges
        rows = np.zeros((ink.shape[0], ink.shape[1] + 1), dtype=np.uint16)
        np.cumsum(ink, axis=1, dtype=np.uint16, out=rows[:, 1:])
        tallest = int((y1 - y0).max())
        ys = y0[:, None] + np.arange(tallest)[None, :]
        inside = ys < y1[:, None]
        ys = np.minimum(ys, rows.shape[0] - 1)
        per_row = rows[ys, x1[:, None]].astype(np.int32) - rows[ys, x0[:, None]]
        return not ((per_row * inside).sum(axis=1) <= 0).any()
    ends = np.append(starts[1:], len(key))
    columns = np.zeros(ink.shape[1] + 1, dtype=np.int32)
    for start, end, band in zip(starts.tolist(), ends.tolist(), key[starts].tolist()):
        top, bottom = divmod(band, ink.shape[0] + 1)
        np.cumsum(ink[top:bottom].any(axis=0), out=columns[1:])
        members = order[start:end]
        if (columns[x1[members]] <= columns[x0[members]]).any():
            return False
    return True


def problems_from_runs(runs: list[HiddenRun], pii_texts: set[str]) -> list[Problem]:
    """Turn hidden runs into problems. pii_texts: hidden words the scanner recognised."""
    problems = []
    for run in runs:
        if run.reason == "ocr" or not meaningful(run.word):
            continue
        where = f"[{run.rect.x0:.1f}, {run.rect.y0:.1f}, {run.rect.x1:.1f}, {run.rect.y1:.1f}]"
        if run.reason == "cover":
            problems.append(Problem("text-under-cover", ERROR, f"text under {run.cover.replace('fill-', 'a ')}",
                                    run.page, where, run.text))
        elif run.reason == "ocr-under-box":
            problems.append(Problem("ocr-text-under-cover", ERROR, "invisible OCR text under a blacked-out area",
                                    run.page, where, run.text))
        elif run.reason == "ocr-on-paper":  # a warning: it fails --strict, for a person to look at
            problems.append(Problem("ocr-text-under-cover", WARNING, "invisible OCR text over blank paper (the "
                                    "text layer does not line up with the picture here, or the picture was "
                                    "whited out)", run.page, where, run.text))
        else:
            what = {"colour": "text in the colour of its background", "tiny": "text smaller than 1 pt",
                    "outside": "text outside the visible page", "clipped": "text hidden by clipping",
                    "colour-on-box": "text drawn on a box of its own colour"}[run.reason]
            letters = bool(re.search(r"[^\W\d_]{2}", run.word))
            # words on a box of their own colour are a failed redaction (Word's black highlighter);
            # other hidden text is an error when the scanner finds personal data in it
            severe = run.word in pii_texts or (run.reason == "colour-on-box" and letters)
            problems.append(Problem("hidden-text", ERROR if severe else WARNING, what, run.page, where, run.text))
    return problems

"""Stage 1, extract: turn a PDF page into text plus the box of every character.

Detectors work on plain text; redaction works on rectangles. ``PageText`` keeps both: the text a
recognizer sees, and for each character of it the rectangle it occupies on the page, so a match
at characters [start, end) becomes one rectangle per line it covers.

Boxes are "small glyph" boxes: one font size high, placed on the baseline the way MuPDF places a
glyph, rather than the font's full ascender-to-descender box. The full box of a line set at
ordinary leading overlaps the lines above and below it; a redaction drawn from it would remove
characters of the neighbouring lines (PyMuPDF removes any glyph that merely touches the box).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pymupdf

from redactkit.pdf.streams import check_contents

# Whitespace kept (spaces separate words), ligatures expanded ("ﬁ" -> "f", "i"), text outside
# the page's media box dropped (hidden text is verify's business, not the detectors').
TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
LINE_BREAK = "\n"
SOFT_HYPHEN = "\u00ad"
BLOCK_BREAK = "\n\n"

Rect = tuple[float, float, float, float]
_CHAR, _BBOX = itemgetter("c"), itemgetter("bbox")  # of a rawdict character


@dataclass
class PageText:
    """The text of one page and the box of each of its characters.

    ``boxes[i]`` is the rectangle of ``text[i]`` (NaN for the line and block breaks we insert),
    ``line_of[i]`` the line it belongs to (-1 for breaks). ``number`` is 1-based.
    """

    number: int
    text: str
    boxes: np.ndarray
    line_of: np.ndarray
    width: float
    height: float
    source: str = "text"
    confidence: np.ndarray | None = None  # per character, OCR pages only
    notes: list[str] = field(default_factory=list)
    quality: float | None = None  # OCR pages: estimated reading quality (0 to 1)
    rotation: float = 0  # OCR pages: the turn (degrees) the scan needed to read upright

    def rects_for(self, start: int, end: int) -> list[Rect]:
        """One rectangle per line covered by text[start:end], leading/trailing blanks ignored."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return []
        lines = self.line_of[start:end]
        boxes = self.boxes[start:end]
        keep = lines >= 0
        lines, boxes = lines[keep], boxes[keep]
        rects: list[Rect] = []
        if len(lines) == 0:
            return rects
        if lines[0] == lines[-1] and (lines == lines[0]).all():  # on one line (most): one box
            low, high = boxes.min(axis=0), boxes.max(axis=0)
            return [(float(low[0]), float(low[1]), float(high[2]), float(high[3]))]
        # characters of one line are contiguous in the text, so split where the line id changes
        cuts = np.flatnonzero(np.diff(lines)) + 1
        for group in np.split(boxes, cuts):
            rects.append((float(group[:, 0].min()), float(group[:, 1].min()),
                          float(group[:, 2].max()), float(group[:, 3].max())))
        return rects

    def min_confidence(self, start: int, end: int) -> float | None:
        if self.confidence is None:
            return None
        values = self.confidence[start:end]
        values = values[~np.isnan(values)]
        return float(values.min()) if len(values) else None


class _Builder:
    """Accumulates characters, boxes and line numbers for a PageText."""

    def __init__(self) -> None:
        self.to_page: pymupdf.Matrix | None = None  # OCR: from the reading's upright space to the page
        self.ocr = False  # an OCR reading: its characters' own boxes are kept (see span)
        self.chars: list[str] = []
        self.boxes: list[Rect] = []
        self.lines: list[int] = []
        self.conf: list[float] = []
        self.line = -1
        self.soft_break = False  # the line so far ends in a soft hyphen

    _NAN = (float("nan"),) * 4

    def separator(self, text: str) -> None:
        if not self.chars:
            return
        for ch in text:
            self.chars.append(ch)
            self.boxes.append(self._NAN)
            self.lines.append(-1)
            self.conf.append(float("nan"))

    def new_line(self) -> None:
        self.line += 1
        self.soft_break = False

    def hyphenated(self, next_line: dict) -> bool:
        """Does the line just built end in a hyphen that breaks a word over the line end (a
        wrapped line, or a line broken by hand in the middle of a hyphenated name)?

        A soft hyphen (U+00AD, which :meth:`span` leaves out of the text) always does. A plain
        hyphen after a letter, with a lower-case letter starting the next line, is the
        typesetter's ("Whit-" "field"): left out, so the word reads whole ("Whitfield"); before
        a capital it belongs to the word ("MORGAN-" "PRICE"), kept, and the lines joined."""
        first = next((c["c"] for span in next_line["spans"] for c in span["chars"] if not c["c"].isspace()), "")
        if self.soft_break:
            return bool(first)
        if len(self.chars) < 2 or self.chars[-1] not in "-‐" or not self.chars[-2].isalpha() or not first.isalpha():
            return False
        if first.islower():  # a word broken by the typesetter: its hyphen is not part of it
            for column in (self.chars, self.boxes, self.lines, self.conf):
                column.pop()
        return True

    def char(self, ch: str, box: Rect, confidence: float = float("nan")) -> None:
        self.chars.append(ch)
        self.boxes.append(box)
        self.lines.append(self.line)
        self.conf.append(confidence)

    def span(self, span: dict, horizontal: bool) -> None:
        """All characters of one span (the hot loop of extraction: kept to list operations)."""
        chars = span["chars"]
        text = list(map(_CHAR, chars))
        if SOFT_HYPHEN in text:
            # a soft hyphen is where a word may break, not a character of it ("Whit\u00adfield"):
            # left out (with its box); at the end of a line it joins the line to the next
            self.soft_break = text[-1] == SOFT_HYPHEN
            chars = [c for c in chars if c["c"] != SOFT_HYPHEN]
            text = [ch for ch in text if ch != SOFT_HYPHEN]
        elif chars:
            self.soft_break = False
        if not chars:
            return
        # a newline inside a span would read as a line break: it is a space on the page
        self.chars.extend([" " if ch in "\r\n" else ch for ch in text])
        # an OCR reading's boxes are the rows of each word's ink (ocr.fit_words), or its line's:
        # its font metrics are MuPDF's (the line's height, scaled by the word's width) and its
        # baseline the foot of the whole line, which may run across two rows of a form
        heights = _small_heights(span, chars[0]["origin"][1]) if horizontal and not self.ocr else None
        if heights is None:
            boxes = [tuple(c["bbox"]) for c in chars]
        else:
            top, bottom = heights
            boxes = [(b[0], top, b[2], bottom) for b in map(_BBOX, chars)]
        if self.to_page is not None:
            boxes = [tuple(pymupdf.Rect(b) * self.to_page) for b in boxes]
        self.boxes.extend(boxes)
        self.lines.extend([self.line] * len(chars))
        self.conf.extend([float("nan")] * len(chars))

    def build(self, number: int, width: float, height: float, source: str = "text",
              with_confidence: bool = False) -> PageText:
        boxes = np.array(self.boxes, dtype=np.float32).reshape(-1, 4)
        return PageText(
            number=number,
            text="".join(self.chars),
            boxes=boxes,
            line_of=np.array(self.lines, dtype=np.int32),
            width=width,
            height=height,
            source=source,
            confidence=np.array(self.conf, dtype=np.float32) if with_confidence else None,
        )


def _small_heights(span: dict, baseline: float) -> tuple[float, float] | None:
    """Top and bottom of a box one font size high on this baseline (see module docstring)."""
    asc, desc, size = span["ascender"], span["descender"], span["size"]
    height = asc - desc
    if asc <= 0 or desc > 0 or size <= 0:  # odd font metrics: keep MuPDF's own box
        return None
    return baseline - size * asc / height, baseline - size * desc / height


def _first_word_width(line: dict) -> float:
    chars = [c for span in line["spans"] for c in span["chars"]]
    end = next((i for i, c in enumerate(chars) if c["c"].isspace()), len(chars))
    if end == 0:
        return 0.0
    return chars[end - 1]["bbox"][2] - chars[0]["bbox"][0]


OCR_CELL_GAP = 2.0  # line heights: a gap this wide between two OCR lines on one baseline is a column's


def _same_row(previous: dict, line: dict) -> bool:
    """line continues previous on its baseline, to its right (a form's next cell, or a word
    after a wide gap)."""
    px0, py0, px1, py1 = previous["bbox"]
    x0, y0, x1, y1 = line["bbox"]
    return min(py1, y1) - max(py0, y0) > 0.5 * min(py1 - py0, y1 - y0) and x0 >= px1 - 1


def _prose_rows(lines: list[dict]) -> set[int]:
    """Indices of OCR lines in rows that are one justified line of prose, which Tesseract cut
    into a piece a word ("numbers", "but", "the", "one" with a gap of three line heights each
    after the PostScript round trip), not a table row's cells (a date, "Out", a contact's name,
    a message: pieces of several words)."""
    prose: set[int] = set()
    row = [0] if lines else []
    for i in range(1, len(lines) + 1):
        if i < len(lines) and _same_row(lines[i - 1], lines[i]):
            row.append(i)
            continue
        words = [len("".join(c["c"] for s in lines[j]["spans"] for c in s["chars"]).split()) for j in row]
        if len(row) >= 4 and sum(1 for n in words if n <= 1) >= 0.6 * len(row):
            prose.update(row)
        row = [i]
    return prose


def line_separator(previous: dict, line: dict, block_bbox, ocr: bool = False, prose: bool = False) -> str:
    """What to put between two lines of one block in the text given to detectors.

    MuPDF puts a form's label and value, or a table row's cells, in one block as separate lines
    on the same baseline: those are joined by a tab, so a pattern never runs from one cell into
    the next. OCR splits a line at wide gaps between words as well: there a space, unless the
    gap is a column's (wider than OCR_CELL_GAP line heights, in a row that is not a justified
    line of prose, see _prose_rows: a phone extract's contact and message cells read as one
    sentence after the PostScript round trip). A line that breaks
    because the next word would not fit on it is a wrapped paragraph: joined by a space, so a
    phone number or a name broken over two lines is still one match. Anything else is a real
    line break.
    """
    px0, py0, px1, py1 = previous["bbox"]
    x0, y0, x1, y1 = line["bbox"]
    if _same_row(previous, line):
        if not ocr:
            return "\t"
        wide = x0 - px1 > OCR_CELL_GAP * max(py1 - py0, y1 - y0)
        return "\t" if wide and not prose else " "
    bx0, _by0, bx1, _by1 = block_bbox
    size = max((s["size"] for s in previous["spans"]), default=10.0)
    # the typesetter's own rule: the line broke because the next word did not fit after it
    full = px1 + _first_word_width(line) + 0.25 * size >= bx1 - 1 or px1 >= bx1 - 2 * size
    starts_left = x0 <= bx0 + size
    below = y0 >= py0 + 0.5 * (py1 - py0)
    return " " if full and starts_left and below else LINE_BREAK


def page_text_from_raw(raws: list[dict], page: pymupdf.Page, source: str = "text",
                       to_page: list[pymupdf.Matrix] | None = None) -> PageText:
    """PageText from one or more rawdicts (OCR reads each scanned region separately).

    to_page: for OCR, one matrix per rawdict from the upright space it was read in to the page's
    coordinates. Reading order and line breaks are decided upright (a page scanned upside down
    reads top to bottom as it was written); only the boxes are turned back onto the page.
    """
    builder = _Builder()
    ocr = source == "ocr"
    builder.ocr = ocr
    for index, raw in enumerate(raws):
        builder.to_page = to_page[index] if to_page else None
        blocks = [b for b in raw["blocks"] if b.get("type", 0) == 0]
        if ocr:  # Tesseract's blocks come in its own order: read them top to bottom, left to right
            blocks.sort(key=lambda b: (round(b["bbox"][1] / 4), b["bbox"][0]))
        for block in blocks:
            builder.separator(BLOCK_BREAK)
            previous = None
            prose = _prose_rows(block["lines"]) if ocr else set()
            for position, line in enumerate(block["lines"]):
                if previous is not None:
                    separator = line_separator(previous, line, block["bbox"], ocr, position in prose)
                    if separator != "\t" and builder.hyphenated(line):
                        separator = ""  # "Whit-" + "field", "MORGAN-" + "PRICE": one word again
                    builder.separator(separator)
                previous = line
                builder.new_line()
                dx, dy = line["dir"]
                horizontal = abs(dy) < 1e-3 and dx > 0
                for span in line["spans"]:
                    builder.span(span, horizontal)
    bounds = page.rect * page.derotation_matrix
    return builder.build(page.number + 1, bounds.width, bounds.height, source=source, with_confidence=ocr)


def extract_page(page: pymupdf.Page) -> PageText:
    """Text and character boxes of one page, in PyMuPDF's page coordinates."""
    return page_text_from_raw([page.get_text("rawdict", flags=TEXT_FLAGS, sort=True)], page)


_DAMAGE_WORDS = ("error", "cannot", "failed")


def extract_page_checked(page: pymupdf.Page) -> tuple[PageText, bool]:
    """extract_page, plus whether MuPDF reported damage (a content stream it could not load)
    while reading this page: the text it returned may then be incomplete."""
    check_contents(page)  # a content stream encoded as an image: not read (UnreadableContents)
    pymupdf.TOOLS.reset_mupdf_warnings()
    result = extract_page(page)
    warnings = pymupdf.TOOLS.mupdf_warnings().lower()
    return result, any(word in warnings for word in _DAMAGE_WORDS)

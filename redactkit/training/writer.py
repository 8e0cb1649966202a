"""A page writer for fictional case papers that records where every piece of personal data lands.

The tests' DocBuilder (tests/fixtures/pdfgen.py) records pages only; an answer key needs the
rectangles too, in the proposals file's coordinates, so this writer lays text out with PyMuPDF's
TextWriter, whose append returns the rectangle of what it placed. It ships inside the package
(the trainer's ``redactkit samples`` runs without the source tree) and can use an embedded font
beside the base-14 ones (PyMuPDF's built-in Droid Sans Fallback), as real bundles do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, Union

import pymupdf

BOLD = {"helv": "hebo", "tiro": "tibo", "cour": "cobo", "cjk": "hebo", "tiit": "tibo"}
INK = (0, 0, 0)


@dataclass(frozen=True)
class Pii:
    """A piece of personal data written into a document, and what the default policy does to it."""

    entity: str
    text: str
    person: str = ""
    redact: bool = True


Segment = Union[str, Pii]

_FONTS: dict[str, pymupdf.Font] = {}


def font(name: str) -> pymupdf.Font:
    if name not in _FONTS:
        _FONTS[name] = pymupdf.Font(name)
    return _FONTS[name]


class Writer:
    """One document: text in lines, form rows, tables, columns; items recorded with rectangles."""

    def __init__(self, name: str, fontname: str = "helv", size: float = 10.0, margin: float = 56.0,
                 width: float = 595.0, height: float = 842.0, header: str = "", footer: str = ""):
        self.name = name
        self.fontname, self.size, self.margin = fontname, size, margin
        self.width, self.height = width, height
        self.header, self.footer = header, footer
        self.doc = pymupdf.open()
        self.items: list[dict] = []
        self.left, self.right = margin, width - margin
        self._writers: dict[tuple, pymupdf.TextWriter] = {}  # (colour) -> text of the current page
        self.new_page()

    # -- low level ------------------------------------------------------------------------------
    def _flush_text(self) -> None:
        """Write the page's text in one go per colour (a write per piece costs 5 ms of resource merging)."""
        for writer in self._writers.values():
            writer.write_text(self.page)
        self._writers.clear()

    def new_page(self) -> None:
        if self._writers:
            self._flush_text()
        self.page = self.doc.new_page(width=self.width, height=self.height)
        self.y = self.margin + self.size + (12 if self.header else 0)

    def _ensure(self, height: float) -> None:
        if self.y + height > self.height - self.margin - 10:
            self.new_page()

    def length(self, text: str, fontname: str | None = None, size: float | None = None) -> float:
        return font(fontname or self.fontname).text_length(text, fontsize=size or self.size)

    def put(self, x: float, y: float, text: str, fontname: str | None = None, size: float | None = None,
            color=INK, item: Pii | None = None) -> float:
        """Write text with its baseline at (x, y); returns its width. An item is recorded in the key."""
        if not text:
            return 0.0
        if tuple(color) not in self._writers:
            self._writers[tuple(color)] = pymupdf.TextWriter(self.page.rect, color=color)
        writer = self._writers[tuple(color)]
        face, size = font(fontname or self.fontname), size or self.size
        writer.append((x, y), text, font=face, fontsize=size)
        # the writer's own rect is the union of all it holds: this piece's is worked out from the font
        rect = pymupdf.Rect(x, y - face.ascender * size, x + face.text_length(text, fontsize=size),
                            y - face.descender * size)
        if item is not None:
            self.record(item, [rect])
        return rect.width

    def record(self, item: Pii, rects: Sequence[pymupdf.Rect], page: int | None = None) -> None:
        self.items.append({"document": self.name, "page": (page or self.page.number + 1),
                           "rects": [[round(r.x0, 1), round(r.y0, 1), round(r.x1, 1), round(r.y1, 1)] for r in rects],
                           "entity": item.entity, "text": item.text, "person": item.person, "redact": item.redact})

    # -- layout ---------------------------------------------------------------------------------
    def space(self, points: float = 6.0) -> None:
        self.y += points

    def heading(self, text: str, size: float | None = None, rule: bool = False) -> None:
        size = size or self.size + 3
        self._ensure(size * 2.2)
        self.y += size * 0.4
        self.put(self.left, self.y, text, BOLD.get(self.fontname, "hebo"), size)
        if rule:
            self.page.draw_line((self.left, self.y + 4), (self.right, self.y + 4), color=(0.3, 0.3, 0.3), width=0.8)
        self.y += size * 1.5

    def para(self, segments: Sequence[Segment] | str, indent: float = 0.0, size: float | None = None,
             left: float | None = None, right: float | None = None) -> None:
        """Wrap segments into lines; an item is never split over two lines."""
        size = size or self.size
        segments = [segments] if isinstance(segments, str) else list(segments)
        pieces: list[tuple[str, Pii | None, bool]] = []  # (text, item, space before)
        space_before = False
        for seg in segments:
            if isinstance(seg, Pii):
                pieces.append((seg.text, seg, space_before))
                space_before = False
                continue
            if not seg:
                continue
            words = seg.split()
            for i, word in enumerate(words):
                glued = i == 0 and not seg[0].isspace()
                pieces.append((word, None, space_before if glued else True))
            space_before = seg[-1].isspace()
        if pieces:
            pieces[0] = (pieces[0][0], pieces[0][1], False)
        x0 = (left if left is not None else self.left) + indent
        x1 = right if right is not None else self.right
        space = self.length(" ", size=size)
        line: list[tuple[float, str, Pii | None]] = []
        x = x0

        def flush() -> None:
            self._ensure(size * 1.45)
            for px, text, item in line:
                self.put(px, self.y, text, size=size, item=item)
            self.y += size * 1.45
            line.clear()

        for text, item, before in pieces:
            width = self.length(text, size=size)
            gap = space if (before and line) else 0.0
            if line and x + gap + width > x1:
                flush()
                x, gap = x0, 0.0
            line.append((x + gap, text, item))
            x += gap + width
        if line:
            flush()
        self.y += size * 0.4

    def field(self, label: str, value: Sequence[Segment] | Segment, label_width: float = 150.0,
              boxed: bool = True) -> None:
        """A form row: a bold label, then the value in a ruled box."""
        self._ensure(self.size * 2.4)
        self.put(self.left, self.y, label, BOLD.get(self.fontname, "hebo"))
        vx = self.left + label_width
        if boxed:
            box = pymupdf.Rect(vx - 3, self.y - self.size - 2, self.right, self.y + 5)
            self.page.draw_rect(box, color=(0.45, 0.45, 0.45), width=0.6)
        values = [value] if isinstance(value, (str, Pii)) else list(value)
        x = vx
        for seg in values:
            text = seg.text if isinstance(seg, Pii) else seg
            x += self.put(x, self.y, text, item=seg if isinstance(seg, Pii) else None)
            if isinstance(seg, Pii):
                x += self.length(" ")
        self.y += self.size * 2.1

    def table(self, header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float]) -> None:
        """A ruled table; a cell is a string, an item, or a list of both."""
        size = self.size * 0.9
        row_h = size * 2.0
        bold = BOLD.get(self.fontname, "hebo")

        def row(cells, fontname):
            self._ensure(row_h)
            x = self.left
            top = self.y - size - 3
            for cell, w in zip(cells, widths):
                self.page.draw_rect(pymupdf.Rect(x, top, x + w, top + row_h), color=(0.5, 0.5, 0.5), width=0.5)
                cx = x + 3
                for part in cell if isinstance(cell, list) else [cell]:
                    text = part.text if isinstance(part, Pii) else part
                    cx += self.put(cx, self.y, text, fontname, size, item=part if isinstance(part, Pii) else None)
                x += w
            self.y += row_h

        row(header, bold)
        for cells in rows:
            row(cells, self.fontname)
        self.y += 8

    def columns(self, left: Sequence[Segment], right: Sequence[Segment], gap: float = 18.0) -> None:
        """Two columns of prose side by side (a newsletter-style crime report)."""
        top, middle, first_page = self.y, (self.left + self.right) / 2, self.page.number
        self.para(left, right=middle - gap / 2)
        end_left = self.y
        if self.page.number != first_page:  # the left column ran over: the right one starts on the new page
            top = self.margin + self.size + (12 if self.header else 0)
        self.y = top
        self.para(right, left=middle + gap / 2)
        self.y = max(self.y, end_left)

    # -- output ---------------------------------------------------------------------------------
    def finish(self) -> pymupdf.Document:
        """Headers and footers on every page ("Page n of m"); returns the document."""
        self._flush_text()
        count = self.doc.page_count
        for page in self.doc:
            self.page = page
            if self.header:
                self.put(self.left, self.margin - 8, self.header.format(page=page.number + 1, pages=count),
                         "helv", 8, (0.35, 0.35, 0.35))
                # written apart from the footer: one text object holding both would be one span as
                # tall as the page, over every line of the body (verify's quick look then doubts it)
                self._flush_text()
            if self.footer:
                self.put(self.left, self.height - self.margin / 2, self.footer.format(page=page.number + 1, pages=count),
                         "helv", 8, (0.35, 0.35, 0.35))
            self._flush_text()
        return self.doc

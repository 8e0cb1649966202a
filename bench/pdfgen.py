"""A small PDF writer for realistic case papers, with ground truth.

Used by the sample bundle (``samples/make_samples.py``), the benchmarks and the tests. Text is
given as *segments*: plain strings, and ``(entity, value)`` pairs for personal data. The writer
lays the words out itself (wrapping, page breaks, form rows, tables) and records a
:class:`Label` for every labelled value with the page it landed on, so a benchmark knows exactly
what a perfect detector would find.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Sequence, Union

import pymupdf

Segment = Union[str, tuple[str, str]]

BOLD = {"helv": "hebo", "tiro": "tibo", "cour": "cobo"}


@dataclass
class Label:
    page: int
    entity: str
    text: str


@dataclass
class DocBuilder:
    fontname: str = "helv"
    fontsize: float = 10.5
    margin: float = 56.0
    leading: float = 1.4
    width: float = 595.0
    height: float = 842.0
    metadata: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.doc = pymupdf.open()
        self.labels: list[Label] = []
        self.page = None
        self.y = 0.0
        self.new_page()

    # -- layout ---------------------------------------------------------------------------
    @property
    def line_height(self) -> float:
        return self.fontsize * self.leading

    @property
    def page_number(self) -> int:
        return self.page.number + 1

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=self.width, height=self.height)
        self.y = self.margin + self.fontsize

    def _ensure(self, height: float) -> None:
        if self.y + height > self.height - self.margin:
            self.new_page()

    def space(self, points: float = 6.0) -> None:
        self.y += points

    def _text(self, x: float, text: str, fontname: str | None = None, size: float | None = None,
              color=(0, 0, 0)) -> float:
        fontname = fontname or self.fontname
        size = size or self.fontsize
        self.page.insert_text((x, self.y), text, fontname=fontname, fontsize=size, color=color)
        return pymupdf.get_text_length(text, fontname=fontname, fontsize=size)

    def heading(self, text: str, size: float = 13.0) -> None:
        self._ensure(size * 2)
        self.y += size * 0.4
        self._text(self.margin, text, BOLD.get(self.fontname, self.fontname), size)
        self.y += size * 1.5

    def para(self, segments: Sequence[Segment] | str, indent: float = 0.0, size: float | None = None) -> None:
        """Wrap segments into lines; labelled values are recorded where they land.

        Punctuation written straight after a value ("Clarke,") stays glued to it, as on paper.
        """
        size = size or self.fontsize
        if isinstance(segments, str):
            segments = [segments]
        # words are lists of pieces (text, label index); pieces of one word are never split
        words: list[list[tuple[str, int | None]]] = []
        pending: list[tuple[str, str]] = []
        glue = False  # does the next piece continue the previous word?
        for seg in segments:
            if isinstance(seg, str):
                text, label = seg, None
            else:
                pending.append(seg)
                text, label = seg[1], len(pending) - 1
            if not text:
                continue
            tokens = text.split()
            if text[0].isspace():
                glue = False
            for i, token in enumerate(tokens):
                if i == 0 and glue and words:
                    words[-1].append((token, label))
                else:
                    words.append([(token, label)])
            glue = not text[-1].isspace()
        left = self.margin + indent
        right = self.width - self.margin
        space = pymupdf.get_text_length(" ", fontname=self.fontname, fontsize=size)
        line: list[list[tuple[str, int | None]]] = []
        line_width = 0.0
        placed: dict[int, dict[int, list[str]]] = {}

        def flush() -> None:
            nonlocal line, line_width
            if not line:
                return
            self._ensure(size * self.leading)
            self._text(left, " ".join("".join(t for t, _ in word) for word in line), size=size)
            for word in line:
                for text, label in word:
                    if label is not None:
                        placed.setdefault(label, {}).setdefault(self.page_number, []).append(text)
            self.y += size * self.leading
            line, line_width = [], 0.0

        for word in words:
            width = pymupdf.get_text_length("".join(t for t, _ in word), fontname=self.fontname, fontsize=size)
            if line and line_width + space + width > right - left:
                flush()
            line.append(word)
            line_width += (space if line_width else 0) + width
        flush()
        for index, (entity, value) in enumerate(pending):
            pages = placed.get(index, {})
            if len(pages) == 1:
                self.labels.append(Label(next(iter(pages)), entity, value))
            else:  # split over a page break: one label per part
                for page, parts in pages.items():
                    self.labels.append(Label(page, entity, " ".join(parts)))
        self.y += size * 0.4

    def field(self, label: str, value: Segment | Sequence[Segment], width: float = 150.0,
              boxed: bool = True) -> None:
        """A form row: a bold label, then the value in a ruled box."""
        self._ensure(self.line_height * 1.6)
        x = self.margin
        self._text(x, label, BOLD.get(self.fontname, self.fontname))
        vx = x + width
        if boxed:
            box = pymupdf.Rect(vx - 3, self.y - self.fontsize - 2, self.width - self.margin, self.y + 5)
            self.page.draw_rect(box, color=(0.45, 0.45, 0.45), width=0.6)
        values = [value] if isinstance(value, (str, tuple)) else list(value)
        cursor = vx
        for seg in values:
            text = seg if isinstance(seg, str) else seg[1]
            cursor += self._text(cursor, text) + pymupdf.get_text_length(" ", fontname=self.fontname, fontsize=self.fontsize)
            if not isinstance(seg, str):
                self.labels.append(Label(self.page_number, seg[0], seg[1]))
        self.y += self.line_height * 1.5

    def table(self, header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[float]) -> None:
        """A ruled table. A cell is a string, an (entity, value) pair, or a list of both."""
        size = self.fontsize * 0.9
        row_h = size * 1.9
        bold = BOLD.get(self.fontname, self.fontname)

        def draw_row(cells, font):
            self._ensure(row_h)
            x = self.margin
            top = self.y - size - 3
            for cell, w in zip(cells, widths):
                self.page.draw_rect(pymupdf.Rect(x, top, x + w, top + row_h), color=(0.5, 0.5, 0.5), width=0.5)
                parts = cell if isinstance(cell, list) else [cell]
                text = "".join(p if isinstance(p, str) else p[1] for p in parts)
                self.page.insert_text((x + 3, self.y), text, fontname=font, fontsize=size)
                for part in parts:
                    if not isinstance(part, str):
                        self.labels.append(Label(self.page_number, part[0], part[1]))
                x += w
            self.y += row_h

        draw_row(header, bold)
        for row in rows:
            draw_row(row, self.fontname)
        self.y += 6

    def footer(self, text: str) -> None:
        """The same footer on every page (e.g. a URN and 'Page n of m')."""
        count = self.doc.page_count
        for page in self.doc:
            page.insert_text((self.margin, self.height - self.margin / 2),
                             text.format(page=page.number + 1, pages=count),
                             fontname=self.fontname, fontsize=8, color=(0.3, 0.3, 0.3))

    # -- output ---------------------------------------------------------------------------
    def save(self, path: Path, labels_path: Path | None = None) -> list[Label]:
        if self.metadata:
            self.doc.set_metadata(self.metadata)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(path, garbage=3, deflate=True)
        self.doc.close()
        if labels_path:
            labels_path.write_text(json.dumps([asdict(l) for l in self.labels], indent=1))
        return self.labels

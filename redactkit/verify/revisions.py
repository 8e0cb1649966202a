"""Earlier revisions: check 6 of verify.

A PDF saved incrementally keeps every earlier version after its own ``%%EOF``; a "redaction"
saved that way leaves the original text one ``tail`` away. Each earlier version is opened on its
own and its words compared with the final version's, page by page: words that were removed later
but are still in the file are reported. A scanned page holds no words: its pictures are compared
instead (an image the final page no longer draws, or draws with other pixels), and the places
where the earlier picture shows ink that the final page does not are reported
(:func:`removed_image_regions`).
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pymupdf

from redactkit.core.errors import one_line

EOF_MARK = re.compile(rb"%%EOF[\r\n]*")


def earlier_versions(data: bytes) -> list[bytes]:
    """Each complete earlier version (the bytes up to one of the file's earlier %%EOF marks)."""
    ends = [m.end() for m in EOF_MARK.finditer(data)]
    return [data[:end] for end in ends[:-1]]


def _linearised(data: bytes) -> bool:
    return b"/Linearized" in data[:2048]


def open_versions(data: bytes, gaps: list | None = None):
    """Each earlier version opened (a pymupdf.Document, closed after use). One that MuPDF cannot
    open goes to gaps as (what, reason, page) -- not checked, never passed -- except the first
    section of a linearised file, which is a hint table for the first page, not a version."""
    gaps = [] if gaps is None else gaps
    for index, version in enumerate(earlier_versions(data)):
        try:
            old = pymupdf.open("pdf", version)
        except Exception as exc:
            if not (index == 0 and _linearised(data)):
                gaps.append((f"earlier revision {index + 1}", f"it cannot be opened ({one_line(exc)})", None))
            continue
        with old:
            yield old


def _words(doc: pymupdf.Document) -> dict[int, Counter]:
    return {page.number: Counter(w[4] for w in page.get_text("words")) for page in doc}


def removed_words(data: bytes, final: pymupdf.Document, gaps: list | None = None) -> list[tuple[int, str]]:
    """(1-based page, word) for words in an earlier version that the final version lacks."""
    if final.version_count <= 1 and len(EOF_MARK.findall(data)) <= 1:
        return []
    final_words = _words(final)
    found: dict[tuple[int, str], None] = {}
    for old in open_versions(data, gaps):
        if old.page_count == 0:
            continue  # a fragment (an update holding no page tree): nothing to compare
        try:
            words = _words(old)
        except Exception as exc:
            if gaps is not None:
                gaps.append(("an earlier revision", f"its pages cannot be read ({one_line(exc)})", None))
            continue
        for number, counts in words.items():
            kept = final_words.get(number, Counter())
            for word, count in counts.items():
                if count > kept.get(word, 0):
                    found[(number + 1, word)] = None
    return list(found)


# -- images: a scan "redacted" in an incremental update ----------------------------------------
DPI = 72  # one pixel a point: boxes over values are several pixels high
CELL = 4  # pixels: changed areas are grouped on a grid of 4-point cells
CHANGED = 80  # grey levels: a pixel whose shade moved this far was changed by the later revision
DARK = 128  # grey level below which an earlier revision's pixel is ink
MIN_INK = 4  # ink pixels in a region of the earlier revision that make it content, not a speck


def _grey(page: pymupdf.Page) -> tuple[np.ndarray, pymupdf.Matrix]:
    """The page as shown, in grey at DPI, and the matrix from page space to its pixels."""
    matrix = page.rotation_matrix * pymupdf.Matrix(DPI / 72, DPI / 72)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(DPI / 72, DPI / 72), colorspace=pymupdf.csGRAY, alpha=False)
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    return grey.astype(np.int16), matrix


def _placements(page: pymupdf.Page) -> list[tuple[bytes, pymupdf.Rect]]:
    """(MD5 of the pixels, place) of each picture the page draws: the hash is of the decoded
    pixels, so another encoding of the same picture is the same, and it costs no more than the
    list itself (~15 ms for a page scanned at 150 dpi)."""
    return [(info["digest"], pymupdf.Rect(info["bbox"])) for info in page.get_image_info(hashes=True)]


def _pictures_gone(old: pymupdf.Page, final: pymupdf.Page) -> list[pymupdf.Rect]:
    """Places of the earlier page's pictures that the final page does not draw there with the
    same pixels."""
    earlier = _placements(old)
    if not earlier:
        return []
    shown = _placements(final)
    return [rect for digest, rect in earlier if not any(digest == d and _near(rect, r) for d, r in shown)]


def _near(a: pymupdf.Rect, b: pymupdf.Rect) -> bool:
    return max(abs(u - v) for u, v in zip(a, b)) < 1


def _regions(cells: set[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Cells grouped into touching clusters (a cell apart still touches): each cluster's bounds,
    as (first column, first row, last column, last row)."""
    left = set(cells)
    regions = []
    while left:
        stack = [left.pop()]
        c0 = c1 = stack[0][0]
        r0 = r1 = stack[0][1]
        while stack:
            c, r = stack.pop()
            c0, c1, r0, r1 = min(c0, c), max(c1, c), min(r0, r), max(r1, r)
            for dc in (-2, -1, 0, 1, 2):
                for dr in (-1, 0, 1):
                    near = (c + dc, r + dr)
                    if near in left:
                        left.remove(near)
                        stack.append(near)
        regions.append((c0, r0, c1, r1))
    return sorted(regions, key=lambda b: (b[1], b[0]))


def _shown_less(old: pymupdf.Page, final: pymupdf.Page, areas: list[pymupdf.Rect]) -> list[pymupdf.Rect]:
    """Places inside areas (page space) where the earlier page shows ink that the final page no
    longer shows: the earlier picture's pixels, one revision away."""
    before, matrix = _grey(old)
    after, _ = _grey(final)
    if before.shape != after.shape:
        return [pymupdf.Rect(area) for area in areas]  # a page of another size: the pictures are not the same
    inside = np.zeros(before.shape, dtype=bool)
    height, width = before.shape
    for area in areas:
        box = (area * matrix).irect & pymupdf.IRect(0, 0, width, height)
        if not box.is_empty:
            inside[box.y0:box.y1, box.x0:box.x1] = True
    changed = (np.abs(before - after) >= CHANGED) & inside
    if not changed.any():
        return []
    rows, cols = -(-height // CELL), -(-width // CELL)
    padded = np.zeros((rows * CELL, cols * CELL), dtype=bool)
    padded[:height, :width] = changed
    counts = padded.reshape(rows, CELL, cols, CELL).sum(axis=(1, 3))
    cells = {(int(c), int(r)) for r, c in zip(*np.nonzero(counts >= 2))}
    found = []
    back = ~matrix
    for c0, r0, c1, r1 in _regions(cells):
        y0, y1, x0, x1 = r0 * CELL, min((r1 + 1) * CELL, height), c0 * CELL, min((c1 + 1) * CELL, width)
        was = before[y0:y1, x0:x1]
        ink = int((was < DARK).sum())
        if ink < MIN_INK or ink > 0.9 * was.size:
            continue  # blank paper, or a box the earlier revision had already
        found.append(pymupdf.Rect(x0, y0, x1, y1) * back)
    return found


def removed_image_regions(data: bytes, final: pymupdf.Document,
                          gaps: list | None = None) -> list[tuple[int, pymupdf.Rect]]:
    """(1-based page, place in page space) where an earlier version draws a picture that the final
    version replaced or removed, and that picture showed ink the final page no longer shows: a scan
    blacked out in an incremental update keeps its unredacted pixels in the earlier revision.

    Only pictures are compared (text removed later is :func:`removed_words`'): an image the final
    page still draws, the same pixels in the same place, is left alone."""
    if final.version_count <= 1 and len(EOF_MARK.findall(data)) <= 1:
        return []
    found: dict[tuple[int, tuple], pymupdf.Rect] = {}
    for old in open_versions(data, []):  # a version that cannot be opened is in gaps from removed_words
        for page in old:
            if page.number >= final.page_count:
                continue
            try:
                last = final[page.number]
                gone = _pictures_gone(page, last)
                regions = _shown_less(page, last, gone) if gone else []
            except Exception as exc:  # MuPDF on a damaged revision: not checked, never passed
                if gaps is not None:
                    gaps.append((f"the pictures of an earlier revision of page {page.number + 1}",
                                 f"they cannot be compared ({one_line(exc)})", page.number + 1))
                continue
            for rect in regions:
                found.setdefault((page.number + 1, tuple(round(v) for v in rect)), rect)
    return [(number, rect) for (number, _), rect in found.items()]

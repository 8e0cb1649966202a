"""The characters MuPDF draws on a page, as arrays: the record apply and verify both check against."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pymupdf

BLANK = np.array([chr(c).isspace() for c in range(0x3001)])  # every Unicode blank lies below U+3001


@dataclass
class Trace:
    """The characters drawn on a page, blanks left out, visible or not (OCR layers too)."""

    codes: np.ndarray  # (n,): Unicode code points
    origins: np.ndarray  # (n, 2): where each glyph is placed
    boxes: np.ndarray  # (n, 4): its box

    def subset(self, mask: np.ndarray) -> "Trace":
        return Trace(self.codes[mask], self.origins[mask], self.boxes[mask])


def trace(page: pymupdf.Page) -> Trace:
    """From MuPDF's text trace: several times faster than a rawdict, and it holds invisible text
    too, which must go from under a box as well."""
    flat: list = []  # code, origin x, y, box x0, y0, x1, y1 of each character, one after another
    for span in page.get_texttrace():
        for char in span["chars"]:
            flat.append(char[0])
            flat.extend(char[2])
            flat.extend(char[3])
    rows = np.array(flat, dtype=float).reshape(-1, 7)
    codes = rows[:, 0].astype(np.int64)
    shown = (codes >= len(BLANK)) | ~BLANK[np.minimum(codes, len(BLANK) - 1)]
    rows = rows[shown]
    return Trace(codes[shown], rows[:, 1:3], rows[:, 3:7])

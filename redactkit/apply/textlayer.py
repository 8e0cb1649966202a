"""An invisible text layer for redacted scans, read by OCR after redaction so it holds no redacted word."""

from __future__ import annotations

import math

import pymupdf

from redactkit.extract.ink import render_dpi
from redactkit.extract.ocr import DPI, read_raw, render_matrix


def _words(chars: list[dict]):
    """Split a span's characters into words (runs of non-space characters)."""
    word: list[dict] = []
    for char in chars + [{"c": " "}]:
        if char["c"].isspace():
            if word:
                yield word
            word = []
        else:
            word.append(char)


def add_text_layer(page: pymupdf.Page, rotation: float = 0, boxes: list | None = None, dpi: int = DPI) -> int:
    """Give a (redacted) scan an invisible text layer from its own pixels, so the disclosed copy
    stays searchable. Run after redaction: what OCR can no longer see is not in the layer, and
    what it makes of the black boxes themselves ("EEE", "|||") is left out too.
    Returns the number of words written."""
    raw, _back = read_raw(page, render_matrix(render_dpi(page, dpi), rotation), None)
    covers = [pymupdf.Rect(b) for b in boxes or []]
    words = 0
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            dx, dy = line["dir"]
            angle = -math.degrees(math.atan2(dy, dx))
            for span in line["spans"]:
                size = max(span["size"], 1.0)
                for word in _words(span["chars"]):
                    area = pymupdf.Rect(word[0]["bbox"])
                    for char in word[1:]:
                        area |= pymupdf.Rect(char["bbox"])
                    if any(c.intersects(area) for c in covers):
                        continue
                    text = "".join(c["c"] for c in word)
                    first, last = pymupdf.Point(word[0]["origin"]), pymupdf.Point(word[-1]["origin"])
                    last_width = pymupdf.Rect(word[-1]["bbox"]).width if abs(dy) < 0.1 else pymupdf.Rect(word[-1]["bbox"]).height
                    target = abs(last - first) + last_width
                    natural = pymupdf.get_text_length(text, fontname="helv", fontsize=size) or 1.0
                    morph = (first, pymupdf.Matrix(max(target / natural, 0.1), 1) * pymupdf.Matrix(angle))
                    page.insert_text(first, text, fontsize=size, fontname="helv", render_mode=3, morph=morph)
                    words += 1
    return words

"""An OCR word's box is the rows of its own ink, not its Tesseract line's.

MuPDF's OCR writes each word with its x extent only, set on the foot of its line and one line
box high. On degraded forms Tesseract runs a line across two rows (a value and the label of the
next row, a cell border read as '|'), so the box made from the line's baseline and the font's
metrics lay half a line to a line too low: scan-04's NINO "JT249655C" was boxed on the address
row under it, and the value stayed readable after `run`. fit_words gives each word the rows of
its own ink; the reading (text, lines, order) is left as Tesseract gave it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from redactkit.extract.ocr import fit_words, needs_ocr, ocr_page
from redactkit.extract.text import page_text_from_raw

ZOOM = 3  # 216 dpi, about what a scan is read at
CORPUS = Path(__file__).parent / "corpora" / "producers" / "pdf"


def _picture(rows: list[tuple[float, float, str]]) -> tuple[pymupdf.Pixmap, list[pymupdf.Rect]]:
    """A rendered page holding each (x, baseline, text) in 11 pt Helvetica, and the rectangle of
    each text's ink in pixels."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=200)
    for x, y, text in rows:
        page.insert_text((x, y), text, fontsize=11, fontname="helv")
    pix = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), colorspace=pymupdf.csRGB, alpha=False)
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).min(axis=2)
    inks = []
    for x, y, text in rows:
        width = pymupdf.get_text_length(text, fontname="helv", fontsize=11)
        window = pymupdf.IRect(int(x * ZOOM) - 2, int((y - 12) * ZOOM), int((x + width) * ZOOM) + 2, int((y + 4) * ZOOM))
        ys, xs = np.nonzero(grey[window.y0:window.y1, window.x0:window.x1] < 160)
        inks.append(pymupdf.Rect(window.x0 + xs.min(), window.y0 + ys.min(), window.x0 + xs.max() + 1, window.y0 + ys.max() + 1))
    return pix, inks


def _word_line(text: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    """A line as MuPDF's OCR gives it: characters spread evenly over the word, each one line box high."""
    step = (x1 - x0) / len(text)
    chars = [{"c": c, "origin": (x0 + i * step, bottom), "bbox": (x0 + i * step, top, x0 + (i + 1) * step, bottom)}
             for i, c in enumerate(text)]
    span = {"size": bottom - top, "ascender": 1.0, "descender": -0.001, "bbox": (x0, top, x1, bottom), "chars": chars}
    return {"dir": (1.0, 0.0), "bbox": (x0, top, x1, bottom), "spans": [span]}


def _raw(*lines: dict) -> dict:
    return {"blocks": [{"type": 0, "bbox": line["bbox"], "lines": [line]} for line in lines]}


def _box(line: dict) -> pymupdf.Rect:
    rect = pymupdf.Rect(line["spans"][0]["chars"][0]["bbox"])
    for char in line["spans"][0]["chars"][1:]:
        rect |= pymupdf.Rect(char["bbox"])
    return rect


def _rows_of(box: pymupdf.Rect, ink: pymupdf.Rect) -> float:
    """Share of ink's rows the box covers."""
    return max(0.0, min(box.y1, ink.y1) - max(box.y0, ink.y0)) / ink.height


def test_a_word_on_a_line_run_across_two_rows_is_boxed_on_its_own_row():
    # the value, and under it the next row's longer value, read as a line of its own; the
    # value's line runs down to the next row's label (far left), so its box spans both rows
    pix, (value, under, label) = _picture([(150, 60, "JT249655C"), (150, 80, "Flat 6, Ashburton Court"),
                                           (20, 80, "Address")])
    merged_top, merged_bottom = value.y0, under.y1 + 2
    value_line = _word_line("JT249655C", value.x0, value.x1, merged_top, merged_bottom)
    label_line = _word_line("Address", label.x0, label.x1, merged_top, merged_bottom)
    under_line = _word_line("Flat", under.x0, under.x1, under.y0 - 1, under.y1 + 1)
    raw = _raw(value_line, label_line, under_line)
    assert fit_words(raw, pix, 1, 1) == 3
    box = _box(value_line)
    assert _rows_of(box, value) == 1.0, (box, value)  # all of the value's ink rows
    assert box.y1 < under.y0, (box, under)  # and none of the row under it
    assert _rows_of(_box(under_line), under) == 1.0
    assert _box(under_line).y0 > value.y1
    assert _rows_of(_box(label_line), label) == 1.0 and _box(label_line).y0 > value.y1
    assert _box(value_line).x0 == value.x0 and _box(value_line).x1 == value.x1  # across: as read


def test_the_whole_of_a_words_ink_is_kept_dots_descenders_and_capitals():
    pix, (ink,) = _picture([(40, 60, "Bridget jumping quickly")])
    line = _word_line("Bridget", ink.x0, ink.x0 + pymupdf.get_text_length("Bridget", "helv", 11) * ZOOM,
                      ink.y0 - 6, ink.y1 + 6)
    word = pymupdf.Rect(line["bbox"])
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).min(axis=2)
    ys = np.nonzero((grey[:, int(word.x0):int(word.x1)] < 160).any(axis=1))[0]
    fit_words(_raw(line), pix, 1, 1)
    box = _box(line)
    assert box.y0 <= ys.min() and box.y1 >= ys.max() + 1, (box, ys.min(), ys.max())  # B's top, g's tail
    assert box.height < word.height - 8  # and tighter than the line box it was given


def test_a_word_with_two_rows_under_it_and_nothing_to_tell_them_apart_keeps_both():
    # no other line claims either row: a box too tall, never one on the wrong row
    pix, (first, second) = _picture([(150, 60, "JT249655C"), (150, 80, "HE68 BPF")])
    line = _word_line("JT249655C", first.x0, first.x1, first.y0 - 1, second.y1 + 1)
    fit_words(_raw(line), pix, 1, 1)
    box = _box(line)
    assert _rows_of(box, first) == 1.0 and _rows_of(box, second) == 1.0


def test_a_blank_between_words_is_as_high_as_its_words():
    pix, (ink,) = _picture([(40, 60, "Margarethe LINDQVIST")])
    line = _word_line("Margarethe LINDQVIST", ink.x0, ink.x1, ink.y0 - 15, ink.y1 + 15)
    fit_words(_raw(line), pix, 1, 1)
    blank = next(c for c in line["spans"][0]["chars"] if c["c"] == " ")
    assert blank["bbox"][1] >= ink.y0 - 1 and blank["bbox"][3] <= ink.y1 + 1


def test_ocr_boxes_are_the_characters_own_and_text_boxes_stay_one_font_size_high():
    pix, (ink,) = _picture([(40, 60, "Erik")])
    line = _word_line("Erik", ink.x0, ink.x1, ink.y0 - 30, ink.y1 + 3)
    raw = _raw(line)
    fit_words(raw, pix, 1, 1)
    page = pymupdf.open().new_page(width=pix.width, height=pix.height)
    read = page_text_from_raw([raw], page, source="ocr")
    assert read.text.strip() == "Erik"
    rect = pymupdf.Rect(read.rects_for(0, 4)[0])
    assert abs(rect.y0 - ink.y0) <= 2 and abs(rect.y1 - ink.y1) <= 2, (rect, ink)
    # a text layer's characters: one font size high on the baseline, as before
    typed = page_text_from_raw([raw], page, source="text")
    rect = pymupdf.Rect(typed.rects_for(0, 4)[0])
    assert rect.y1 == pytest.approx(line["bbox"][3], abs=0.1) and rect.height == pytest.approx(line["spans"][0]["size"], abs=0.1)


@pytest.mark.slow
def test_the_nino_on_a_degraded_form_is_boxed_on_its_row():
    # scan-04: "NINO (for DWP form)  JT249655C", the address row under it; the value's ink lies
    # at y 145-157 (page points) and the box used to be drawn at 158-183, on the address
    path = CORPUS / "scan-04-medical-surgery-lindqvist.pdf"
    page = pymupdf.open(path)[0]
    read = ocr_page(page, needs_ocr(page))
    match = re.search(r"JT ?249 ?655 ?C", read.text)
    assert match, "the NINO is no longer read"
    (rect,) = [pymupdf.Rect(r) for r in read.rects_for(match.start(), match.end())]
    assert rect.y0 < 152 and 154 < rect.y1 < 160, rect
    pix = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    box = (rect * (300 / 72)).irect
    assert (grey[box.y0:box.y1, box.x0:box.x1] < 128).mean() > 0.1  # it lies on the value's ink

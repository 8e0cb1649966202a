"""The Tesseract that reads scans (redactkit.extract.tesseract): tesserocr's SIMD build by
default, PyMuPDF's built-in one as the fallback. Real Tesseract, both of them, on rendered pages:
that the default engine reads known words where they are, that the two engines' OCR PDFs give
the same words and boxes, that the fallback is taken when asked for, and that forked readings
make a Tesseract of their own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from scans import scanned_pdf

from redactkit.extract import ocr, tesseract
from redactkit.extract.text import page_text_from_raw

LINES = ["Spoke to Emily CLARKE by phone on 07700 900461.",
         "She lives at 5 Elm Grove, Leeds LS6 2HP.",
         "Her NHS number is 943 476 5919 and she is well."]
ROOT = Path(__file__).resolve().parent.parent


def _typed(lines=LINES) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(lines):
        page.insert_text((60, 120 + 26 * i), line, fontname="helv", fontsize=12)
    return doc


def _pixmap(page: pymupdf.Page) -> tuple[pymupdf.Pixmap, pymupdf.Matrix]:
    matrix = ocr.render_matrix(ocr.DPI)
    return ocr._ocr_ready(page, matrix, None), matrix


def _words(page: pymupdf.Page, pix, matrix, data: bytes) -> list[tuple[str, np.ndarray]]:
    """(word, its box in page coordinates) of an OCR PDF, as ocr_page reads one."""
    raw, back = ocr._parsed(page, matrix, pix, data, upright=True, fit=True)
    text = page_text_from_raw([raw], page, source="ocr", to_page=[back])
    out = []
    for m in re.finditer(r"\S+", text.text):
        boxes = text.boxes[m.start():m.end()]
        out.append((m.group(), np.array([boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()])))
    return out


def test_the_default_engine_is_tesserocr_and_reads_the_words_where_they_are():
    assert tesseract.engine() == "tesserocr"  # installed with redactkit (pyproject): the quick one
    with _typed() as doc:
        page = doc[0]
        typed = [w[4] for w in page.get_text("words")]
        truth = {w[4]: pymupdf.Rect(w[:4]) for w in page.get_text("words") if typed.count(w[4]) == 1}
        pix, matrix = _pixmap(page)
        found = _words(page, pix, matrix, tesseract.ocr_pdf(pix, ocr.tessdata()))
    read = [w for w, _ in found]
    for word in ("CLARKE", "07700", "900461.", "Leeds", "LS6", "2HP.", "5919"):
        assert word in read
    # each word's box lies on the typed word (within 2 pt: MuPDF's words are a font size high)
    checked = 0
    for word, box in found:
        if word in truth and read.count(word) == 1:
            checked += 1
            t = truth[word]
            assert abs(box[0] - t.x0) < 2 and abs(box[2] - t.x1) < 2, word
            assert t.y0 - 2 < box[1] < box[3] < t.y1 + 2, word
    assert checked >= 15


def test_both_engines_give_the_same_words_and_boxes():
    with _typed(LINES + ["Seen at 14:30 on 3 May 2024 with PC 4471 Dawson (collar 4471)."]) as doc:
        page = doc[0]
        pix, matrix = _pixmap(page)
        old = _words(page, pix, matrix, tesseract.ocr_pdf(pix, ocr.tessdata(), "mupdf"))
        new = _words(page, pix, matrix, tesseract.ocr_pdf(pix, ocr.tessdata(), "tesserocr"))
    assert [w for w, _ in new] == [w for w, _ in old]
    deviation = max(float(np.abs(a - b).max()) for (_, a), (_, b) in zip(old, new))
    assert deviation < 0.05  # points: the same Tesseract reading written the same way


def test_the_writer_lays_words_out_as_mupdf_does():
    """Where the two Tesseracts read the same, the content streams are the same, number for
    number (MuPDF prints the shortest digits of a float: read back, they are equal)."""
    with _typed() as doc:
        pix, _matrix = _pixmap(doc[0])
    streams = []
    for which in ("mupdf", "tesserocr"):
        with pymupdf.open("pdf", tesseract.ocr_pdf(pix, ocr.tessdata(), which)) as out:
            assert out[0].rect == pymupdf.Rect(0, 0, pix.width * 72 / pix.xres, pix.height * 72 / pix.yres)
            streams.append(out.xref_stream(out[0].get_contents()[0]).decode())

    def tokens(stream):
        return [np.float32(t) if re.fullmatch(r"-?\d*\.?\d+", t) else t for t in stream.split()]

    assert "Tj" in streams[1] and tokens(streams[1]) == tokens(streams[0])


def _in_child(code: str, **env) -> dict:
    run = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env={**os.environ, **env})
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


READ_A_SCAN = """
import json, pymupdf, sys
sys.path.insert(0, "tests")
from scans import scanned_pdf
from redactkit.extract import ocr, tesseract
import tempfile, pathlib
path = pathlib.Path(tempfile.mkdtemp()) / "scan.pdf"
scanned_pdf(path, {lines!r})
with pymupdf.open(path) as doc:
    text = ocr.ocr_page(doc[0], ocr.needs_ocr(doc[0])).text
print(json.dumps({{"engine": tesseract.engine(), "text": text}}))
"""


@pytest.mark.slow
def test_the_fallback_is_mupdfs_tesseract_when_asked_for():
    out = _in_child(READ_A_SCAN.format(lines=LINES), REDACTKIT_OCR_ENGINE="mupdf")
    assert out["engine"] == "mupdf"
    assert "CLARKE" in out["text"] and "900461" in out["text"]
    doctor = subprocess.run([sys.executable, "-m", "redactkit.doctor"], check=False, capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "REDACTKIT_OCR_ENGINE": "mupdf"}, timeout=300)
    assert "OCR engine: MuPDF" in doctor.stdout


def test_an_unknown_engine_is_a_configuration_error():
    code = ("import json\nfrom redactkit.core.errors import ConfigError\nfrom redactkit.extract import tesseract\n"
            "try:\n    tesseract.engine()\n    print(json.dumps({'raised': False}))\n"
            "except ConfigError as e:\n    print(json.dumps({'raised': True, 'message': str(e)}))\n")
    out = _in_child(code, REDACTKIT_OCR_ENGINE="tesseract-9")
    assert out["raised"] and "REDACTKIT_OCR_ENGINE" in out["message"]


def test_a_forked_reading_makes_its_own_tesseract(tmp_path):
    """read_raws reads all clips but the last in forked children: each child's Tesseract is its
    own (keyed by its pid), and they read what this process reads of the same clip."""
    path = tmp_path / "scan.pdf"
    scanned_pdf(path, LINES)
    with pymupdf.open(path) as doc:
        page = doc[0]
        matrix = ocr.render_matrix(ocr.DPI)
        top, bottom = pymupdf.Rect(0, 0, 595, 150), pymupdf.Rect(0, 150, 595, 842)
        ocr.read_raw(page, matrix, bottom)  # this process's Tesseract exists before the fork
        mine = [key for key in tesseract._APIS if key[0] == os.getpid()]
        assert mine
        forked = ocr.read_raws(page, matrix, [top, bottom])
        alone = [ocr.read_raw(page, matrix, clip) for clip in (top, bottom)]

    def text(raw):
        return "".join(c["c"] for b in raw["blocks"] for line in b.get("lines", []) for s in line["spans"]
                       for c in s["chars"])

    assert "CLARKE" in text(forked[0][0])
    assert [text(r) for r, _ in forked] == [text(r) for r, _ in alone]
    assert [key for key in tesseract._APIS if key[0] == os.getpid()] == mine  # the child's stayed in the child


def test_tesseracts_notes_stay_off_stderr(capfd):
    """A page of noise makes Tesseract print notes ('Empty page!!', 'Line cannot be
    recognized'): none reach this process's stderr."""
    rng = np.random.default_rng(7)
    noise = (rng.random((400, 600)) > 0.5).astype(np.uint8) * 255
    pix = pymupdf.Pixmap(pymupdf.csRGB, 600, 400, np.repeat(noise[..., None], 3, axis=2).tobytes(), 0)
    blank = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 300, 200), 0)
    blank.clear_with(255)
    capfd.readouterr()
    for p in (pix, blank):
        ocr._tesseract(p)
    assert capfd.readouterr().err == ""


def test_a_reading_does_not_depend_on_what_the_engine_read_before():
    """One Tesseract serves every reading of a process (MuPDF makes one a reading): what it read
    last must not change the next reading (the legacy engine's adaptive classifier would)."""
    with _typed() as first, _typed(["Invoice 5531 paid in full", "by cheque on 2 April 2024."]) as other:
        pix, _m = _pixmap(first[0])
        before = tesseract.ocr_pdf(pix, ocr.tessdata(), "tesserocr")
        tesseract.ocr_pdf(_pixmap(other[0])[0], ocr.tessdata(), "tesserocr")
        assert tesseract.ocr_pdf(pix, ocr.tessdata(), "tesserocr") == before

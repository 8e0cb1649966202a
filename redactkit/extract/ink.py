"""Grow a box on a scanned page to the ink it cuts through.

OCR's word boxes are estimates: Tesseract's boxes end a few points short of the last letter, or
start inside the first, and a blurred or skewed scan spreads a letter's ink beyond them. A black
box drawn from such a rectangle leaves half a "B" or the foot of a "7" readable beside it. Here
each box is grown to the whole of every stroke it cuts: the strokes of ink connected to the ink
inside the box (connected components of the page image, found by flooding from the box through
dark pixels), plus a small margin.

Limits, so a box does not run away along something that is not the value: table rules and box
edges (long straight dark runs, also on a skewed scan) are taken out first; the flood stays in
the text lines the box overlaps (line_band: a blurred descender touching the next line's capitals
does not take that line in), inside a window of ``REACH_X`` box heights beyond the ends of the
box and ``REACH_Y`` above and below it, and every round of growing keeps to the first box's
window and lines; a box is never shrunk. The page is looked at in a 300 dpi rendering: at 150 dpi
a blurred letter's thin joins fade and the flood stops half way through the letter.

The flood is a geodesic dilation in numpy over the small window round each box (no image library
needed: scipy or OpenCV would be a large dependency for one loop over a few hundred pixels).
"""

from __future__ import annotations

import numpy as np
import pymupdf

DPI = 300  # a scan's own resolution or finer: at 150 dpi the thin join of an "n"'s arch to its stem
# fades to grey and the flood stops at the stem, leaving the arch beside the box
REACH_X = 1.5  # the flood goes at most this many box heights beyond the box's ends
REACH_Y = 1.0  # ... and this many above and below it (a box half a line low, then the ascenders);
# the text line's own gaps stop it before the next line (line_band)
GAP_Y = 0.6  # the gap between lines is looked for this many box heights beyond a line's body
MARGIN = 1.0  # points added round the grown box
MIN_CONTRAST = 40  # grey levels between paper and ink: less than this, there is no ink to follow
RULE_INCHES = 0.4  # a dark straight run this long across is a rule, not a letter
RULE_UPRIGHT = 0.25  # ... and this long upright (a form's one-line cell; the tallest letters of 16 pt type are shorter)
SKEW_ROWS = 3  # rows (at 300 dpi) a rule may step across while it is looked for: 3 degrees of skew
ON_FILL = 0.6  # this share of the box dark: the box lies on a dark fill, and the type is light

Rect = tuple[float, float, float, float]

MAX_PIXELS = 36_000_000  # a rendering no larger than this (A3 at 300 dpi is 17 million pixels)


def render_dpi(page: pymupdf.Page, dpi: float) -> float:
    """dpi, or less on a page so large that dpi would render more than MAX_PIXELS: MuPDF refuses
    an image that large ("Overly large image", OCRmyPDF's 116-inch hugemono.pdf), and Tesseract
    would take minutes on it. Type on such a page is drawn at the page's scale, so it still reads."""
    area = (page.rect.width / 72) * (page.rect.height / 72)
    if area <= 0 or dpi * dpi * area <= MAX_PIXELS:
        return dpi
    return (MAX_PIXELS / area) ** 0.5


LOOK_PIXELS = 4_000_000  # a look at a page's ink (no reading) in no more pixels than this


def look_dpi(page: pymupdf.Page, dpi: float) -> float:
    """dpi for a quick look at the whole page (where its ink lies, which way its lines run), or
    less on a page so large that dpi would render more than LOOK_PIXELS: OCRmyPDF's 116-inch
    hugemono.pdf at 100 dpi is 136 million pixels, and its type, an inch high, shows at 17 dpi."""
    area = (page.rect.width / 72) * (page.rect.height / 72)
    if area <= 0 or dpi * dpi * area <= LOOK_PIXELS:
        return dpi
    return (LOOK_PIXELS / area) ** 0.5


def page_grey(page: pymupdf.Page, dpi: int = DPI) -> tuple[np.ndarray, pymupdf.Matrix]:
    """The page rendered grey, as shown, and the matrix from the page's unrotated coordinates to
    its pixels (boxes are stored unrotated)."""
    zoom = pymupdf.Matrix(dpi / 72, dpi / 72)
    pix = page.get_pixmap(matrix=zoom, colorspace=pymupdf.csGRAY, alpha=False)
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    to_pixels = page.rotation_matrix * zoom * pymupdf.Matrix(1, 0, 0, 1, -pix.x, -pix.y)
    return grey, to_pixels


def rule_pixels(dark: np.ndarray, dpi: float, h_inches: float = RULE_INCHES, v_inches: float = RULE_UPRIGHT) -> np.ndarray:
    """The dark pixels that lie on a table rule or a box edge: a straight dark run at least
    h_inches long across (v_inches upright), also when the scan is skewed. A rule on a page fed
    1-3 degrees askew steps down a row every 20-60 pixels, so no row holds a long run of it: the
    runs are looked for on the mask with each pixel joined to ``SKEW_ROWS`` rows either side
    (and columns, upright), which makes a skewed rule's steps one run again. Letters are shorter
    than such runs, and their gaps run the whole height of a line, so they are not joined."""
    from redactkit.extract.ocr import _long_runs

    slack = max(int(np.ceil(SKEW_ROWS * dpi / 300)), 1)

    def bridged(mask):  # each row OR-ed with the slack rows above and below it
        out = mask.copy()
        for k in range(1, slack + 1):
            out[k:, :] |= mask[:-k, :]
            out[:-k, :] |= mask[k:, :]
        return out

    rules = _long_runs(bridged(dark), max(int(h_inches * dpi), 2))
    upright = np.ascontiguousarray(dark.T)
    rules |= _long_runs(bridged(upright), max(int(v_inches * dpi), 2)).T
    return dark & rules


def ink_mask(grey: np.ndarray, window: tuple[int, int, int, int], seed: np.ndarray, dpi: float,
             memo: dict | None = None) -> np.ndarray | None:
    """The ink of grey[window] (x0, y0, x1, y1 in pixels), table rules and box edges left out:
    pixels darker than half way from the paper to the darkest ink under the box (seed, over the
    window); light ones where the box lies on a dark fill (white type on a banner: the banner is
    not the value's ink). Rules are looked for a rule's length round the window, so a rule
    crossing a small window is still seen whole. None when there is no ink under the box.
    memo: a dict kept for one grey image: the ink of an area at a threshold is worked out once
    (the rounds of covering flood the same window, mostly at the same threshold)."""
    x0, y0, x1, y1 = window
    part = grey[y0:y1, x0:x1]
    levels, light = _levels(part, seed), False
    if levels is not None and (part[seed] < sum(levels) / 2).mean() > ON_FILL:
        levels, light = _levels(255 - part, seed), True
    if levels is None:
        return None
    paper, ink = levels
    reach = int(RULE_INCHES * dpi) + 1
    h, w = grey.shape
    bx0, by0, bx1, by1 = max(x0 - reach, 0), max(y0 - reach, 0), min(x1 + reach, w), min(y1 + reach, h)
    key = (bx0, by0, bx1, by1, (paper + ink) / 2, light, dpi)
    found = memo.get(key) if memo is not None else None
    if found is None:
        big = grey[by0:by1, bx0:bx1]
        if light:
            big = 255 - big
        dark = big < (paper + ink) / 2
        found = dark & ~rule_pixels(dark, dpi)
        if memo is not None:
            found.flags.writeable = False
            memo[key] = found
    return found[y0 - by0:y1 - by0, x0 - bx0:x1 - bx0]


def _levels(window: np.ndarray, seed: np.ndarray) -> tuple[float, float] | None:
    """(paper, ink): the window's light end and the darkest ink under the box; None when they
    differ by less than MIN_CONTRAST (no ink there), or there is no box."""
    if not seed.any():
        return None
    paper = float(np.percentile(window, 90))
    ink = float(np.percentile(window[seed], 2))
    return None if paper - ink < MIN_CONTRAST else (paper, ink)


def _threshold(window: np.ndarray, seed: np.ndarray) -> float | None:
    levels = _levels(window, seed)
    return None if levels is None else sum(levels) / 2


def dark_pixels(window: np.ndarray, seed: np.ndarray) -> np.ndarray | None:
    """Which pixels of the window are ink: darker than halfway between the paper (the window's
    light end) and the ink under the box (its dark end). None when there is no ink there."""
    threshold = _threshold(window, seed)
    return None if threshold is None else window < threshold


def flood(dark: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """Dark pixels connected (8-neighbours) to the dark pixels of the seed area."""
    reached = dark & seed
    if not reached.any():
        return reached
    while True:
        grown = reached.copy()
        grown[1:, :] |= reached[:-1, :]
        grown[:-1, :] |= reached[1:, :]
        grown[:, 1:] |= grown[:, :-1].copy()
        grown[:, :-1] |= grown[:, 1:].copy()
        grown &= dark
        if np.array_equal(grown, reached):
            return reached
        reached = grown


def pixel_box(rect: Rect, to_pixels: pymupdf.Matrix) -> pymupdf.IRect:
    """The pixels a page rectangle covers: those whose centre lies inside it."""
    r = pymupdf.Rect(rect) * to_pixels
    return pymupdf.IRect(round(r.x0), round(r.y0), round(r.x1), round(r.y1))


def _gap(profile: np.ndarray, lo: int, hi: int, edge: int) -> int:
    """The emptiest row of profile[lo:hi], the nearest to edge of equally empty rows."""
    rows = np.arange(max(lo, 0), min(hi, profile.size))
    if not rows.size:
        return min(max(edge, 0), profile.size)
    rows = rows[np.argsort(np.abs(rows - edge), kind="stable")]
    return int(rows[np.argmin(profile[rows])])


def true_runs(mask: np.ndarray, gap: int = 0) -> list[tuple[int, int]]:
    """[start, end) of each run of True (non-zero) in a 1-d mask, runs at most gap apart joined:
    the rows of a line of ink, the lines of a page."""
    rows = np.flatnonzero(mask)
    if not rows.size:
        return []
    cuts = np.flatnonzero(np.diff(rows) > gap + 1)
    starts = np.concatenate(([rows[0]], rows[cuts + 1]))
    ends = np.concatenate((rows[cuts], [rows[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist()))


def line_band(dark: np.ndarray, box: pymupdf.IRect, reach: int) -> np.ndarray:
    """Where the ink of the text lines a box covers (box in the window's pixels) may lie.

    For each stretch of columns two box heights wide (a skewed line climbs across a long box),
    the rows of ink: the body of a line is a run of rows holding at least half the ink of the
    box's fullest row, and the box's lines are the body of that row and every body a third of
    which lies in the box (an OCR box may sit half a line low, over the foot of its word and the
    top of the next line's: both are covered whole; a grown box's edge over the last rows of the
    next line's letters does not make that line the box's).
    Their ink reaches up and down to the emptiest row within reach of them (the gap between
    lines). Each stretch takes the widest reach of itself and its neighbours, so a letter lying
    across two stretches (an "f"'s hook) is not cut; beyond the box's ends (where its rows may
    hold the next line of a skewed page) the band of its nearest stretch goes on. On a blurred scan a descender touches the
    capitals of the line below, and OCR's box for a word may cut into the next line's
    ascenders: without this the flood would run on into that line and cut it half way."""
    h, w = dark.shape
    top, bottom = max(box.y0, 0), min(box.y1, h)
    allowed = np.zeros(dark.shape, dtype=bool)
    if bottom <= top:
        return allowed
    step = max(2 * (bottom - top), 8)
    left, right = max(box.x0, 0), min(max(box.x1, box.x0 + 1), w)
    starts = list(range(left - ((left + step - 1) // step) * step, w, step))  # aligned on the box's left end
    spans = {}
    for i, c0 in enumerate(starts):
        if c0 + step <= left or c0 >= right:
            continue  # beyond the box's ends: the box's rows may hold another line there
        profile = dark[:, max(c0, 0):c0 + step].sum(axis=1)
        inside = profile[top:bottom]
        if not inside.any():
            continue
        body = profile >= max(inside.max() / 2, 1)
        fullest = top + int(np.argmax(inside))
        first = last = None
        for start, end in true_runs(body):  # the bodies the box covers a third of, and the fullest's
            overlap = min(end, bottom) - max(start, top)
            if start <= fullest < end or overlap * 3 >= end - start:
                first = start if first is None else min(first, start)
                last = end if last is None else max(last, end)
        spans[i] = (_gap(profile, first - reach, first, first - 1), _gap(profile, last, last + reach, last))
    if not spans:
        allowed[top:bottom] = True
        return allowed
    for i, c0 in enumerate(starts):
        j = min(spans, key=lambda k: abs(k - i))  # beyond the ends, or no ink: the nearest stretch's
        near = [spans[k] for k in (j - 1, j, j + 1) if k in spans]
        allowed[min(a for a, _ in near) + 1:max(b for _, b in near), max(c0, 0):c0 + step] = True
    return allowed


def _window(shape, pix_box: pymupdf.IRect, reach_y: float = REACH_Y) -> tuple[int, int, int, int]:
    """The part of the page a box's flood may reach: ``REACH_X`` box heights beyond its ends,
    reach_y above and below."""
    height = max(min(pix_box.height, pix_box.width), 2)
    reach_x, reach_y = int(REACH_X * height) + 2, int(reach_y * height) + 2
    h, w = shape
    return (max(pix_box.x0 - reach_x, 0), max(pix_box.y0 - reach_y, 0),
            min(pix_box.x1 + reach_x, w), min(pix_box.y1 + reach_y, h))


def reached_ink(grey: np.ndarray, box: pymupdf.IRect, window: tuple[int, int, int, int],
                dpi: float, memo: dict | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """In window (pixels x0, y0, x1, y1 of grey): its ink, rules left out (ink_mask), and the ink
    connected to the ink under box (pixels), kept to the text lines box overlaps (line_band);
    None when there is no ink under box. The grower and the bench's measure of what a box
    leaves outside it both start from this."""
    x0, y0, x1, y1 = window
    seed = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    seed[max(box.y0 - y0, 0):max(box.y1 - y0, 0), max(box.x0 - x0, 0):max(box.x1 - x0, 0)] = True
    dark = ink_mask(grey, window, seed, dpi, memo)
    if dark is None:
        return None
    band = line_band(dark, box - (x0, y0, x0, y0), max(int(GAP_Y * box.height), 2)) | seed
    return dark, flood(dark & band, seed)


def grow_rect(grey: np.ndarray, to_pixels: pymupdf.Matrix, rect: Rect, dpi: float = DPI,
              within: Rect | None = None, memo: dict | None = None) -> Rect:
    """rect (page coordinates) grown to the ink it cuts, with a margin round that ink; never
    smaller. The flood stays in the text lines the box overlaps (line_band), inside the window of
    the box within (rect itself when not given): a box grown again from its own grown size would
    reach further each time, along a row of touching letters on a blurred scan or a table rule,
    into the whole table."""
    box = pymupdf.Rect(rect)
    pix_box = pixel_box(box, to_pixels)
    x0, y0, x1, y1 = _window(grey.shape, pixel_box(within, to_pixels) if within else pix_box)
    x0, y0 = min(x0, max(pix_box.x0, 0)), min(y0, max(pix_box.y0, 0))
    x1, y1 = max(x1, min(pix_box.x1, grey.shape[1])), max(y1, min(pix_box.y1, grey.shape[0]))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return rect
    found = reached_ink(grey, pix_box, (x0, y0, x1, y1), dpi, memo)
    if found is None:
        return rect
    dark, reached = found
    if not reached.any():
        return rect
    rows, cols = np.flatnonzero(reached.any(axis=1)), np.flatnonzero(reached.any(axis=0))
    ix0, iy0, ix1, iy1 = int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1
    # a margin round the ink, except on a side where it would reach into other ink (a bracket
    # right after the digits): a box edge lying across a stroke is what verify's ink check reports
    other = dark & ~reached
    pad = max(round(MARGIN * dpi / 72), 1) + 1
    free = {"x0": not other[iy0:iy1, max(ix0 - pad, 0):ix0].any(),
            "x1": not other[iy0:iy1, ix1:ix1 + pad].any(),
            "y0": not other[max(iy0 - pad, 0):iy0, ix0:ix1].any(),
            "y1": not other[iy1:iy1 + pad, ix0:ix1].any()}
    ink = pymupdf.Rect(x0 + ix0, y0 + iy0, x0 + ix1, y0 + iy1) * ~to_pixels
    m = {side: (MARGIN if ok else 0.0) for side, ok in free.items()}
    ink = pymupdf.Rect(ink.x0 - m["x0"], ink.y0 - m["y0"], ink.x1 + m["x1"], ink.y1 + m["y1"])
    grown = box | ink
    return tuple(round(v, 2) for v in grown) if grown != box else rect


def covering(grey: np.ndarray, to_pixels: pymupdf.Matrix, rect: Rect, dpi: float = DPI,
             memo: dict | None = None) -> Rect:
    """grow_rect until it cuts nothing: the margin added round a grown box may itself reach into
    the next stroke (a bracket right after the digits), and a box grown over letters of the next
    line (OCR's box sat half a line low) cuts the rest of that line's letters, which are then
    taken in whole. Every round floods inside the first box's window; a box over two lines may
    take one more letter of each at every round, so there are at most four. memo: see ink_mask."""
    first = rect
    memo = {} if memo is None else memo
    for _ in range(4):
        again = grow_rect(grey, to_pixels, rect, dpi, within=first, memo=memo)
        if again == rect:
            return rect
        rect = again
    return rect


def grow_rects(page: pymupdf.Page, rects: list[list[Rect]], dpi: int = DPI) -> list[list[Rect]]:
    """Each finding's rectangles grown to the ink they cut (one render of the page for all)."""
    if not any(rects):
        return rects
    dpi = render_dpi(page, dpi)
    grey, to_pixels = page_grey(page, dpi)
    memo: dict = {}  # a finding's boxes, and the same value found twice, flood the same areas
    return [[covering(grey, to_pixels, r, dpi, memo) for r in group] for group in rects]


def glyph_bodies(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """The body of every visible glyph of the page's text layer: from its baseline up about a
    font size, in unrotated page coordinates (MuPDF's own box reaches into the next lines)."""
    bodies = []
    for span in page.get_texttrace():
        if span.get("type") == 3 or span.get("opacity", 1) == 0:
            continue
        size = span.get("size") or 10.0
        for char in span["chars"]:
            x0, _y0, x1, _y1 = char[3]
            base = char[2][1]
            if x1 > x0:
                bodies.append(pymupdf.Rect(x0, base - 0.7 * size, x1, base))
    return bodies


def to_whole_glyphs(rect: Rect, bodies: list[pymupdf.Rect]) -> Rect:
    """rect grown over every glyph of the text layer it cuts: a page read by OCR may still have a
    text layer (glyphs without a Unicode map), and a box must not leave half a glyph outside."""
    box = pymupdf.Rect(rect)
    grown = pymupdf.Rect(box)
    for body in bodies:
        if body.intersects(box):
            grown |= body
    return tuple(round(v, 2) for v in grown) if grown != box else rect


def grow_findings(doc: pymupdf.Document, findings, dpi: int = DPI, scanned: frozenset[int] = frozenset()) -> int:
    """Grow the rectangles of the OCR findings (read from the page image) to the ink they cut,
    one render per page; the number of rectangles made larger. On the scanned pages (numbers
    in scanned) the findings of the text layer too: that layer is an invisible one another tool
    made, its words set in a font of its own choosing (pypdf's indirect-rotation.pdf: Courier,
    wider or narrower than the print), and what the page shows is the ink."""
    by_page: dict[int, list] = {}
    for finding in findings:
        if (finding.source == "ocr" or finding.page in scanned) and finding.rects:
            by_page.setdefault(finding.page, []).append(finding)
    changed = 0
    for number, group in sorted(by_page.items()):
        if not 1 <= number <= doc.page_count:
            continue
        page = doc[number - 1]
        grown = grow_rects(page, [[tuple(r) for r in f.rects] for f in group], dpi)
        bodies = glyph_bodies(page) if page.rotation == 0 else []  # texttrace boxes are as shown
        if bodies:
            grown = [[to_whole_glyphs(r, bodies) for r in rects] for rects in grown]
        for finding, rects in zip(group, grown):
            new = [list(r) for r in rects]
            changed += sum(1 for a, b in zip(new, finding.rects) if list(a) != list(b))
            finding.rects = new
    return changed


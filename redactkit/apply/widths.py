"""Take away what a removed word's width gives away.

When MuPDF removes glyphs it keeps the following text in place with one ``TJ`` spacing number
equal to the removed glyphs' width, to a thousandth of an em: ``[(Name: )-4501.999( was here)]TJ``.
That number, and a black box exactly as wide as the word, are enough to pick a short surname from
a list (Bland, Iyer and Levchenko, PoPETs 2023). Two counter-measures, neither of which moves a
single visible character:

* :func:`hide_residue` rewrites each text object that holds such a number so that every piece of
  text is placed with an explicit text matrix (``Tm``) and no spacing number remains; the result
  is checked glyph by glyph against the original positions and undone if anything moved;
* :func:`quantize_box` widens a black box to a multiple of half an em, as far as the space
  between the neighbouring words allows, so the box no longer measures the word.

What cannot be hidden without moving text: the distance between the words either side of a
redaction. That is visible on any printed copy too; the redaction log says so.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from typing import Callable

import pymupdf

from redactkit.pdf.content import (
    TJ_ARRAY,
    ContentError,
    Op,
    array_numbers,
    parse,
    rebuild,
)
from redactkit.pdf.layers import resource_xref

RESIDUE = 200  # thousandths of an em: larger spacing numbers are rewritten (kerning is smaller)
STEP_EM = 0.5
_NUM = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
BASE14 = {
    "Helvetica": "helv", "Helvetica-Bold": "hebo", "Helvetica-Oblique": "heit", "Helvetica-BoldOblique": "hebi",
    "Times-Roman": "tiro", "Times-Bold": "tibo", "Times-Italic": "tiit", "Times-BoldItalic": "tibi",
    "Courier": "cour", "Courier-Bold": "cobo", "Courier-Oblique": "coit", "Courier-BoldOblique": "cobi",
    "Symbol": "symb", "ZapfDingbats": "zadb", "Arial": "helv", "Arial,Bold": "hebo", "TimesNewRoman": "tiro",
}


class Unsupported(Exception):
    """A font or construct whose glyph widths we cannot compute exactly."""


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUM.findall(text)]


def _resolve(doc: pymupdf.Document, xref: int, key: str) -> tuple[str, str]:
    kind, value = doc.xref_get_key(xref, key)
    if kind == "xref":
        target = int(value.split()[0])
        return "object", doc.xref_object(target, compressed=True)
    return kind, value


class FontMetrics:
    """Glyph advances (thousandths of an em) for one font resource."""

    def __init__(self, doc: pymupdf.Document, xref: int):
        subtype = doc.xref_get_key(xref, "Subtype")[1]
        self.two_byte = False
        if subtype == "/Type0":
            self._init_type0(doc, xref)
        elif subtype in ("/Type1", "/TrueType", "/MMType1"):
            self._init_simple(doc, xref)
        else:
            raise Unsupported(f"font subtype {subtype}")

    def _init_simple(self, doc: pymupdf.Document, xref: int) -> None:
        kind, widths = _resolve(doc, xref, "Widths")
        if kind not in ("null", None) and widths:
            first = int(float(doc.xref_get_key(xref, "FirstChar")[1] or 0))
            values = _numbers(widths)
            missing = _numbers(doc.xref_get_key(xref, "FontDescriptor/MissingWidth")[1] or "0") or [0.0]
            table = [missing[0]] * 256
            for i, w in enumerate(values):
                if 0 <= first + i < 256:
                    table[first + i] = w
            self.table = table
            return
        base = doc.xref_get_key(xref, "BaseFont")[1].lstrip("/").split("+")[-1]
        short = BASE14.get(base)
        if short is None:
            raise Unsupported(f"no widths for {base}")
        encoding = doc.xref_get_key(xref, "Encoding")[1]
        codec = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}.get(encoding)
        if codec is None and encoding not in ("null", "", None, "/StandardEncoding") or short in ("symb", "zadb"):
            raise Unsupported(f"encoding {encoding} of {base}")
        self.table = _base14_widths(short, codec or "latin-1")

    def _init_type0(self, doc: pymupdf.Document, xref: int) -> None:
        if doc.xref_get_key(xref, "Encoding")[1] != "/Identity-H":
            raise Unsupported("Type0 font without Identity-H encoding")
        kind, value = doc.xref_get_key(xref, "DescendantFonts")
        if kind == "xref":
            value = doc.xref_object(int(value.split()[0]))
        match = re.search(r"(\d+) 0 R", value or "")
        if not match:
            raise Unsupported("Type0 font without descendant")
        cid_font = int(match.group(1))
        self.default = float((_numbers(doc.xref_get_key(cid_font, "DW")[1] or "1000") or [1000.0])[0])
        self.cids: dict[int, float] = {}
        kind, w = _resolve(doc, cid_font, "W")
        if kind not in ("null", None) and w:
            tokens = re.findall(r"\[|\]|[+-]?(?:\d+\.?\d*|\.\d+)", w)
            if tokens[:1] == ["["] and tokens[-1:] == ["]"]:
                tokens = tokens[1:-1]
            i = 0
            while i < len(tokens):
                first = int(float(tokens[i]))
                if tokens[i + 1] == "[":
                    j, cid = i + 2, first
                    while tokens[j] != "]":
                        self.cids[cid] = float(tokens[j])
                        cid += 1
                        j += 1
                    i = j + 1
                else:
                    last, width = int(float(tokens[i + 1])), float(tokens[i + 2])
                    for cid in range(first, last + 1):
                        self.cids[cid] = width
                    i += 3
        self.two_byte = True

    def advances(self, data: bytes) -> list[tuple[float, bool]]:
        """(width, is single-byte space) for each glyph code in a shown string."""
        if self.two_byte:
            if len(data) % 2:
                raise Unsupported("odd-length string for a two-byte font")
            return [(self.cids.get(int.from_bytes(data[i:i + 2], "big"), self.default), False)
                    for i in range(0, len(data), 2)]
        return [(self.table[b], b == 32) for b in data]


@functools.lru_cache(maxsize=64)
def _base14_widths(short: str, codec: str) -> tuple[float, ...]:
    """Advances of the 256 codes of a standard font without a /Widths array (the same for every
    page that uses it: computed once a process)."""
    font = pymupdf.Font(short)
    table = []
    for code in range(256):
        char = bytes([code]).decode(codec, errors="replace")
        table.append(font.glyph_advance(ord(char)) * 1000 if char != "\ufffd" else 0.0)
    return tuple(table)


def _mul(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


class _TextState:
    def __init__(self):
        self.font = None
        self.size = 0.0
        self.tc = self.tw = self.leading = 0.0
        self.th = 1.0
        self.tm = self.tlm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def move_line(self, tx: float, ty: float) -> None:
        self.tlm = _mul((1, 0, 0, 1, tx, ty), self.tlm)
        self.tm = self.tlm

    def show(self, metrics: FontMetrics, data: bytes) -> None:
        # advance() for each glyph, written out (the same arithmetic, in the same order)
        a, b, c, d, e, f = self.tm
        size, tc, tw, th = self.size, self.tc, self.tw, self.th
        for width, space in metrics.advances(data):
            tx = (width / 1000 * size + tc + (tw if space else 0.0)) * th
            e, f = tx * a + e, tx * b + f
        self.tm = (a, b, c, d, e, f)

    def advance(self, tx: float) -> None:
        a, b, c, d, e, f = self.tm  # _mul((1, 0, 0, 1, tx, 0), tm), written out
        self.tm = (a, b, c, d, tx * a + e, tx * b + f)


def _fonts(doc, page_xref, by_xref: dict | None = None):
    """The metrics of a page's fonts by resource name; by_xref: metrics already read from other
    pages of the document, by font object (a document's pages mostly share their fonts)."""
    cache: dict[str, FontMetrics] = {}
    by_xref = {} if by_xref is None else by_xref

    def get(name: str) -> FontMetrics:
        if name not in cache:
            xref = resource_xref(doc, page_xref, "Font", name)
            if xref is None:
                raise Unsupported(f"font {name} not found")
            if xref not in by_xref:
                by_xref[xref] = FontMetrics(doc, xref)
            cache[name] = by_xref[xref]
        return cache[name]

    return get


SHOW_OPS = {"Tj", "TJ", "'", '"'}
POSITION_OPS = {"Td", "TD", "Tm", "T*"}


def _big(body: bytes) -> bool:
    """Whether the inside of a TJ array holds a large spacing number (its strings set aside)."""
    return any(abs(n) >= RESIDUE for n in array_numbers(body))


def no_residue(data: bytes) -> bool:
    """True when the stream surely holds no large spacing number: every ``TJ`` in it closes an
    array this quick look could read, and none of those arrays holds one. Anything it cannot read
    (a nested string, ``TJ`` inside a string) answers False and the stream is parsed in full."""
    arrays = TJ_ARRAY.findall(data)
    if len(arrays) != data.count(b"TJ"):
        return False
    return not any(_big(body) for body in arrays)


# BT, ET and the operators of text state a text object may inherit from before it (Tc Tw Tz T* '
# "), as pdf.content.operators() finds them, but quicker: the operator's bytes found plainly and
# the characters either side checked only where they are (the look-behind of operators() is
# tried at every byte of the stream, which took longer than the rewrite it was for).
# _quick_operators gives the matches operators() finds (tests/test_apply_quick.py).
_EDGE = frozenset(b" \t\n\r\x0b\x0c()<>[]{}/%")  # \s and the delimiters, as in operators()
_BT_BYTES = re.compile(rb"BT")
_ET_BYTES = re.compile(rb"ET")
_CARRIED_BYTES = re.compile(rb"T[cwz*]|['\"]")


def _quick_operators(pattern: re.Pattern, data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each match of pattern that stands as a token of its own."""
    n = len(data)
    return [m.span() for m in pattern.finditer(data)
            if (m.start() == 0 or data[m.start() - 1] in _EDGE) and (m.end() == n or data[m.end()] in _EDGE)]


def _rewrite_blocks(data: bytes, fonts, arrays: list | None = None) -> bytes | None:
    """The quick way, for streams like those MuPDF's redaction writes: only the text objects that
    hold a large spacing number are parsed and rewritten, each on its own. That is sound when
    nothing in them depends on text state set outside them: no character or word spacing,
    horizontal scaling or leading anywhere in the stream, and the font set inside the object
    before it shows text. Raises Unsupported when that is not so (the caller parses it all);
    the text trace after the rewrite proves the result either way.

    arrays: the TJ arrays of data that hold a large spacing number, when the caller found them
    already (every TJ of data read as an array)."""
    if arrays is None:
        every = list(TJ_ARRAY.finditer(data))
        if len(every) != data.count(b"TJ"):
            raise Unsupported("text state carried between text objects")
        arrays = [array for array in every if _big(array.group(1))]
    if _quick_operators(_CARRIED_BYTES, data):
        raise Unsupported("text state carried between text objects")
    starts = [start for start, _end in _quick_operators(_BT_BYTES, data)]
    ends = [end for _start, end in _quick_operators(_ET_BYTES, data)]
    blocks = set()
    for array in arrays:
        i = bisect.bisect_left(starts, array.start())  # starts and ends are in order
        j = bisect.bisect_right(ends, array.end())
        if i == 0 or j == len(ends):
            raise Unsupported("spacing outside a text object")
        blocks.add((starts[i - 1], ends[j]))
    if not blocks:
        return None
    out, last = [], 0
    for begin, end in sorted(blocks):
        if begin < last:
            raise Unsupported("overlapping text objects")
        block = data[begin:end]
        ops = parse(block)
        shows = [i for i, op in enumerate(ops) if op.operator in SHOW_OPS]
        fonts_set = [i for i, op in enumerate(ops) if op.operator == "Tf"]
        if not ops or ops[0].operator != "BT" or ops[-1].operator != "ET" or not shows or not fonts_set or fonts_set[0] > shows[0]:
            raise Unsupported("text object that relies on state set before it")
        new = _rewrite(block, ops, fonts)
        if new is None:
            raise Unsupported("text object not rewritten")
        out += [data[last:begin], new.rstrip(b"\n")]
        last = end
    out.append(data[last:])
    return b"".join(out)


def _rewrite(data: bytes, ops: list[Op], fonts) -> bytes | None:
    """Text objects holding a large spacing number, rewritten with absolute placement."""
    blocks, start = [], None
    for i, op in enumerate(ops):
        if op.operator == "BT":
            start = i
        elif op.operator == "ET" and start is not None:
            blocks.append((start, i))
            start = None
    big = lambda o: o.operator == "TJ" and o.operands and any(  # noqa: E731
        isinstance(x, (int, float)) and not isinstance(x, bool) and abs(x) >= RESIDUE for x in o.operands[0])
    targets = {b for b in blocks if any(big(ops[i]) for i in range(b[0], b[1]))}
    if not targets:
        return None
    inside = [False] * len(ops)
    for a, b in targets:
        inside[a:b + 1] = [True] * (b + 1 - a)
    state = _TextState()
    saved: list[tuple] = []  # text state parameters belong to the graphics state (q/Q)
    replaced: dict[int, list[Op] | None] = {}

    def place(out: list[Op]) -> None:
        out.append(Op([float(v) for v in state.tm], "Tm", 0, 0))

    for i, op in enumerate(ops):
        name, args = op.operator, op.operands
        in_target = inside[i]
        if name == "BT":
            state.tm = state.tlm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif name == "Tf" and len(args) == 2:
            state.font, state.size = args[0], float(args[1])
        elif name == "Tc" and args:
            state.tc = float(args[0])
        elif name == "Tw" and args:
            state.tw = float(args[0])
        elif name == "Tz" and args:
            state.th = float(args[0]) / 100
        elif name == "TL" and args:
            state.leading = float(args[0])
        elif name == "Td":
            state.move_line(float(args[0]), float(args[1]))
        elif name == "TD":
            state.leading = -float(args[1])
            state.move_line(float(args[0]), float(args[1]))
        elif name == "Tm":
            state.tm = state.tlm = tuple(float(a) for a in args)
        elif name == "T*":
            state.move_line(0, -state.leading)
        elif name == "q":
            saved.append((state.font, state.size, state.tc, state.tw, state.th, state.leading))
        elif name == "Q" and saved:
            state.font, state.size, state.tc, state.tw, state.th, state.leading = saved.pop()
        if not in_target:
            continue
        # inside a text object being rewritten: positioning becomes explicit, spacing disappears
        if name in POSITION_OPS:
            replaced[i] = [Op([float(state.leading)], "TL", 0, 0)] if name == "TD" else None
            continue
        if name in SHOW_OPS:
            metrics = fonts(state.font)
            out: list[Op] = []
            if name in ("'", '"'):
                if name == '"':
                    state.tw, state.tc = float(args[0]), float(args[1])
                    out += [Op([state.tw], "Tw", 0, 0), Op([state.tc], "Tc", 0, 0)]
                state.move_line(0, -state.leading)
                items = [args[-1]]
            else:
                items = args[0] if name == "TJ" else [args[0]]
            pending: list = []
            for item in items:
                if isinstance(item, (bytes, bytearray)):
                    if not pending:
                        place(out)
                    pending.append(bytes(item))
                    state.show(metrics, item)
                elif isinstance(item, (int, float)) and not isinstance(item, bool):
                    if abs(item) >= RESIDUE:
                        if pending:
                            out.append(Op([pending], "TJ", 0, 0))
                            pending = []
                    elif pending:
                        pending.append(item)
                    state.advance(-float(item) / 1000 * state.size * state.th)
            if pending:
                out.append(Op([pending], "TJ", 0, 0))
            replaced[i] = out
    return rebuild(data, ops, replaced)


def _origins(page: pymupdf.Page) -> list[tuple[str, float, float]]:
    """(character, origin x, origin y) of every character drawn but blanks."""
    return [(chr(char[0]), char[2][0], char[2][1])
            for span in page.get_texttrace() for char in span["chars"] if not chr(char[0]).isspace()]


MOVED = "spacing left in place (rewriting would have moved text)"


def rewrite_residue(doc: pymupdf.Document, page: pymupdf.Page,
                    fonts_read: dict | None = None) -> tuple[str | None, Callable[[], None] | None]:
    """Rewrite the page's text without large spacing numbers, unchecked: the caller proves that
    no glyph moved (see :func:`hide_residue`, or :func:`.redact.redact_page`, which checks this
    and its redaction with one text trace). Returns (why the page was left as it was, or None;
    a function that puts the old content back, or None when nothing was changed).

    fonts_read: a dictionary kept over the pages of one document, for the glyph widths of its
    fonts (read once, not once a page)."""
    xrefs = page.get_contents()
    if not xrefs:
        return None, None
    original = [doc.xref_stream(x) or b"" for x in xrefs]
    data = b"\n".join(original)
    every = list(TJ_ARRAY.finditer(data))  # as no_residue looks, kept for _rewrite_blocks
    readable = len(every) == data.count(b"TJ")
    big = [array for array in every if _big(array.group(1))]
    if readable and not big:  # a name at the end of its line leaves none: no need to parse
        return None, None
    fonts = _fonts(doc, page.xref, fonts_read)
    try:
        try:
            if not readable:
                raise Unsupported("a TJ this quick look cannot read")
            new = _rewrite_blocks(data, fonts, big)
        except (Unsupported, ContentError, ValueError, IndexError, TypeError):
            new = _rewrite(data, parse(data), fonts)
    except (ContentError, Unsupported, ValueError, IndexError, TypeError) as exc:
        return f"spacing left in place ({str(exc)[:80]})", None
    if new is None:
        return None, None
    doc.update_stream(xrefs[0], new, compress=0)  # deflated once, by the save
    for extra in xrefs[1:]:
        doc.update_stream(extra, b"", compress=0)

    def undo() -> None:
        for xref, stream in zip(xrefs, original):
            doc.update_stream(xref, stream, compress=0)

    return None, undo


def hide_residue(doc: pymupdf.Document, page: pymupdf.Page) -> str | None:
    """Rewrite the page's text without large spacing numbers, and prove every glyph is drawn in
    the same order at the same place as before. Returns None on success (or when there was
    nothing to do), or the reason the page was left as it was."""
    before = _origins(page)
    note, undo = rewrite_residue(doc, page)
    if undo is None:
        return note
    after = _origins(page)
    same = len(before) == len(after) and all(
        a[0] == b[0] and abs(a[1] - b[1]) < 0.01 and abs(a[2] - b[2]) < 0.01 for a, b in zip(before, after))
    if not same:
        undo()
        return MOVED
    return None


def quantize_box(box: pymupdf.Rect, left_limit: float, right_limit: float) -> pymupdf.Rect:
    """Widen a box to a multiple of half an em (its height), centred, within the free space
    between the nearest visible characters on either side."""
    step = max(box.height * STEP_EM, 1.0)
    target = math.ceil(box.width / step - 1e-9) * step
    if target - box.width < step / 4:
        # an exact multiple would measure the word, and so would one a hair over it (30 pt at a
        # 5.005 pt step grew by 0.03 pt): always add a good part of a step
        target += step
    grow = target - box.width
    room_left = max(0.0, box.x0 - left_limit)
    room_right = max(0.0, right_limit - box.x1)
    left = min(room_left, grow / 2)
    right = min(room_right, grow - left)
    left = min(room_left, grow - right)
    return pymupdf.Rect(box.x0 - left, box.y0, box.x1 + right, box.y1)

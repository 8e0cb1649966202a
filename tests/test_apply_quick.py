"""apply's quick ways give what the slow ways they replaced gave: the paint log of images and
paths (get_bboxlog's, without its calls for every piece of text), the widening limits of all a
page's boxes at once (one box at a time), the letters-and-digits table (str.isalnum)."""

import numpy as np
import pymupdf

from redactkit.apply.document import _limits_all
from redactkit.apply.page import _punctuation, on_line, paint_log


def _page_of_everything(doc: pymupdf.Document, rotation: int = 0) -> pymupdf.Page:
    page = doc.new_page(width=400, height=300)
    page.insert_text((40, 60), "Text is not logged by paint_log, paths and images are", fontsize=9)
    page.draw_rect(pymupdf.Rect(40, 80, 120, 120), color=(0, 0, 0), fill=(0.8, 0.8, 0.8), width=2)  # fill + stroke
    page.draw_line((40, 140), (300, 140), color=(0, 0, 0), width=4)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pix.set_rect(pix.irect, (200, 30, 30))
    page.insert_image(pymupdf.Rect(200, 160, 280, 240), pixmap=pix)
    mask = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 8, 8), True)  # an image with a soft mask
    mask.set_rect(mask.irect, (90, 128))
    page.insert_image(pymupdf.Rect(300, 200, 360, 260), pixmap=mask)
    page.set_rotation(rotation)
    return page


def test_paint_log_gives_the_images_and_paths_of_the_bbox_log():
    doc = pymupdf.open()
    for rotation in (0, 90, 270):
        page = _page_of_everything(doc, rotation)
        log = page.get_bboxlog()
        images = [tuple(r) for kind, r in log if kind in ("fill-image", "fill-imgmask", "fill-shade")]
        paths = [tuple(r) for kind, r in log if kind in ("fill-path", "stroke-path")]
        assert len(images) == 2 and len(paths) >= 3
        assert paint_log(page) == (images, paths)
        assert page.rotation == rotation  # set back as it was


def _limits_one(chars: np.ndarray, box: pymupdf.Rect) -> tuple[float, float]:
    """The rule one box at a time, as apply had it."""
    line = chars[on_line(chars, box)]
    centres = (line[:, 0] + line[:, 2]) / 2
    left_of = line[centres <= box.x0, 2]
    right_of = line[centres >= box.x1, 0]
    left = min(float(left_of.max()), box.x0) if len(left_of) else -1e9
    right = max(float(right_of.min()), box.x1) if len(right_of) else 1e9
    return left + 0.3, right - 0.3


def test_the_limits_of_all_boxes_at_once_are_those_of_each_box_alone():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 500, 400)
    y = rng.choice(np.arange(50, 700, 12.0), 400) + rng.uniform(-1, 1, 400)
    chars = np.column_stack([x, y, x + rng.uniform(1, 8, 400), y + rng.choice([0.1, 9, 11], 400)])
    boxes = []
    for i in range(60):
        x0, y0 = rng.uniform(0, 480), rng.choice(np.arange(50, 700, 12.0)) - 1
        boxes.append(pymupdf.Rect(x0, y0, x0 + rng.uniform(5, 60), y0 + rng.choice([10, 12, 14])))
    boxes.append(pymupdf.Rect(600, 900, 650, 912))  # nothing on its line
    assert _limits_all(chars, boxes) == [_limits_one(chars, b) for b in boxes]
    assert _limits_all(chars[:0], boxes[:2]) == [(-1e9 + 0.3, 1e9 - 0.3)] * 2


def test_the_punctuation_table_agrees_with_isalnum_everywhere():
    codes = np.arange(0, 0x20000, dtype=np.int64)
    expected = np.array([not chr(int(c)).isalnum() for c in codes])
    assert (_punctuation(codes) == expected).all()


def test_the_document_written_into_a_buffer_is_the_one_tobytes_writes(tmp_path):
    from redactkit.apply.document import _tobytes

    doc = pymupdf.open()
    _page_of_everything(doc, 90)
    doc.set_metadata({"title": "a title"})
    doc.embfile_add("note.txt", b"attached")  # PyMuPDF's save cleans the /EmbeddedFiles names first
    options = {"garbage": 4, "deflate": True, "deflate_images": True, "deflate_fonts": True}
    ours, theirs = _tobytes(doc, **options), doc.tobytes(**options)
    # MuPDF makes the second half of the trailer's /ID anew at each write: all else is the same,
    # byte for byte
    def parts(data: bytes) -> tuple[bytes, bytes]:
        at = data.rindex(b"/ID[")
        return data[:at], data[data.index(b"startxref", at):]

    assert parts(ours) == parts(theirs) and len(ours) == len(theirs)
    assert pymupdf.open(stream=ours).page_count == 1


def test_the_quick_operator_look_finds_what_the_regular_expression_finds():
    import random

    from redactkit.apply import widths
    from redactkit.pdf.content import operators

    alphabet = [b"BT", b"ET", b"Tc", b"Tw", b"Tz", b"T*", b"'", b'"', b"T", b"B", b"E", b"c", b" ", b"\n",
                b"\x0b", b"\x00", b"(", b")", b"<", b">", b"[", b"]", b"/", b"%", b"{", b"x", b"1"]
    rng = random.Random(3)
    streams = [b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    streams += [b"BT/helv 10.5 Tf 56 750.8 TD[(O'Brien said \"no\")-5389.001(.)]TJ ET", b"BTBT ET", b"(BT)ET"]
    for data in streams:
        for slow, quick in ((operators(rb"BT"), widths._BT_BYTES), (operators(rb"ET"), widths._ET_BYTES),
                            (operators(rb"Tc|Tw|Tz|T\*|'|\""), widths._CARRIED_BYTES)):
            assert [m.span() for m in slow.finditer(data)] == widths._quick_operators(quick, data), data

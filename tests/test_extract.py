"""Page text and character boxes: what detectors read and where redactions go."""

import pymupdf

from redactkit.extract.text import extract_page


def test_text_and_boxes_line_up():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Name: Emily CLARKE", fontsize=11)
    text = extract_page(page)
    start = text.text.index("Emily")
    (rect,) = text.rects_for(start, start + len("Emily CLARKE"))
    words = [w for w in page.get_text("words") if w[4] in ("Emily", "CLARKE")]
    assert abs(rect[0] - words[0][0]) < 0.5 and abs(rect[2] - words[1][2]) < 0.5
    assert rect[1] < 100 < rect[3]  # baseline inside the box


def test_boxes_are_one_font_size_high_so_lines_do_not_overlap():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "first line of text", fontsize=11)
    page.insert_text((72, 112), "second line close below", fontsize=11)  # 12 pt leading
    text = extract_page(page)
    first = text.rects_for(0, len("first line of text"))[0]
    start = text.text.index("second")
    second = text.rects_for(start, start + 6)[0]
    assert first[3] <= second[1], "boxes of adjacent lines overlap"
    assert abs((first[3] - first[1]) - 11) < 0.5


def test_wrapped_value_gives_one_rect_per_line_and_joins_words():
    doc = pymupdf.open()
    page = doc.new_page()
    lines = ["The complainant says that the man rang her mobile on 07700",
             "900461 several times that night and again in the morning.",
             "She kept the phone.",
             "Signed"]
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + 14 * i), line, fontsize=11)
    text = extract_page(page)
    start = text.text.index("07700")
    end = text.text.index("900461") + 6
    assert text.text[start:end] == "07700 900461", "a soft line wrap must read as a space"
    rects = text.rects_for(start, end)
    assert len(rects) == 2 and rects[1][1] >= rects[0][3] - 0.5
    assert "phone.\nSigned" in text.text, "after a short line comes a real line break"


def test_form_label_and_value_are_separated_by_a_tab():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((56, 100), "Mobile", fontsize=10)
    page.insert_text((206, 100), "07700 900461", fontsize=10)
    assert "Mobile\t07700 900461" in extract_page(page).text


def test_ocr_lines_on_one_baseline_are_one_sentence_unless_a_column_gap_parts_them():
    """Tesseract splits a line at wide gaps between words: a gap of a word or two is still the
    sentence (a space), one of several line heights is a table's column (a tab, as on a text
    layer), so a contact name and the message beside it are not read as one."""
    from redactkit.extract.text import line_separator

    def line(x0, x1):
        return {"bbox": (x0, 100, x1, 112), "spans": [{"size": 12, "chars": []}]}

    block = (50, 100, 550, 112)
    assert line_separator(line(50, 150), line(170, 300), block, ocr=True) == " "
    assert line_separator(line(50, 150), line(200, 300), block, ocr=True) == "\t"
    assert line_separator(line(50, 150), line(170, 300), block) == "\t"


def test_a_justified_ocr_line_cut_into_single_words_stays_one_sentence():
    """Tesseract cuts a widely justified line into a piece a word, with gaps of three line
    heights: that row is prose (spaces), while a table row of several-word cells keeps its tabs."""
    from redactkit.extract.text import _prose_rows

    def row(*pieces, x=50.0):
        lines = []
        for piece in pieces:
            width = 10.0 * len(piece)
            lines.append({"bbox": (x, 100, x + width, 112),
                          "spans": [{"size": 12, "chars": [{"c": c} for c in piece]}]})
            x += width + 40  # 40 pt: over three line heights
        return lines

    assert _prose_rows(row("numbers", "but", "the", "one", "I", "know")) == {0, 1, 2, 3, 4, 5}
    assert _prose_rows(row("19/05/2026 14:40", "Out", "grace x", "call me when ur free")) == set()


def test_empty_page():
    doc = pymupdf.open()
    text = extract_page(doc.new_page())
    assert text.text == "" and text.rects_for(0, 0) == []


# -- text layers that are not readable text (redactkit.extract.readable) -----------------------

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from redactkit.extract.readable import unreadable_reason  # noqa: E402

PRODUCERS = Path(__file__).parent / "corpora" / "producers" / "pdf"


def test_control_characters_and_dingbats_are_not_readable_text():
    assert unreadable_reason("\x01\x02\x03\x04\x05\x06\x07\x08\x07\t\n\x05\x0b\x0c\r\x07\x0e\x02\x05\x0f\x05\x10\x11\x12" * 2)
    assert unreadable_reason("✁✂✄☎✁✆ ✝✞✟✠ ✡✞☛ ✞☞✠✌✠☛✍ ✎✏✑✠☛✍ ✞☛✒")
    assert unreadable_reason("\ue001\ue002\ue003 \ue004\ue005 \ue006\ue007\ue008\ue009 \ue00a\ue00b\ue00c\ue00d\ue00e" * 2)
    assert unreadable_reason("bcdfg hjklm npqrst vwxz " * 4)  # shifted codes: letters that make no words


def test_ordinary_text_forms_and_short_text_are_readable():
    assert unreadable_reason("I live at 14 Maes-y-Coed, Cardiff CF14 2AB. My phone is 07700 900145.") is None
    assert unreadable_reason("URN 62CF0931526 PNC ID 2008/0567882J CRO 524052/08Y DOB 11/12/1989 ✓ ☐") is None
    assert unreadable_reason("Zoë WHITFIELD-ADEYEMI, Bartłomiej Kowalczyk, Mai Nguyễn: 12 Heol y Felin") is None
    assert unreadable_reason("\x01\x02\x03") is None  # too little to judge: the picture test decides
    assert unreadable_reason("") is None


def test_a_postscript_round_trip_page_is_read_by_ocr():
    """pdf2ps then ps2pdf of a LibreOffice export: fonts without a Unicode map, no pictures."""
    from redactkit.extract.ocr import needs_ocr

    with pymupdf.open(PRODUCERS / "ps-01-mg11-whitfield-adeyemi.pdf") as doc:
        assert not doc[0].get_images()
        assert "not readable text" in needs_ocr(doc[0]).reason
        assert needs_ocr(doc[0], "never").reason is None
    with pymupdf.open(PRODUCERS / "ps-06-mg5-garnant.pdf") as doc:  # from pdfLaTeX: the text survives
        assert needs_ocr(doc[0]).reason is None
    with pymupdf.open(PRODUCERS / "lo-01-mg11-whitfield-adeyemi.pdf") as doc:
        assert needs_ocr(doc[0]).reason is None


# -- boxes on scans grown to the ink they cut (redactkit.extract.ink) --------------------------


def _scanned(text: str, dpi: int = 200, rule: bool = True):
    """A typed page, its rendering as an image-only page, and the true boxes of each word."""
    src = pymupdf.open()
    page = src.new_page(width=595, height=842)
    page.insert_text((72, 100), text, fontsize=11, fontname="helv")
    if rule:
        page.draw_line((60, 107), (520, 107), width=0.8)  # a table rule just under the line
    words = {w[4]: pymupdf.Rect(w[:4]) for w in page.get_text("words")}
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    scan = pymupdf.open()
    scan.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=pix)
    return scan, words


def ink_outside(page, value: pymupdf.Rect, boxes, dpi: int = 300) -> float:
    """Share of the value's ink pixels (inside its true glyph box, a little widened) not under
    any of boxes."""
    from redactkit.extract.ink import page_grey

    grey, to_pixels = page_grey(page, dpi)
    area = ((value + (-2, -2, 2, 1)) * to_pixels).irect
    ink = grey[area.y0:area.y1, area.x0:area.x1] < 128
    covered = np.zeros_like(ink)
    for box in boxes:
        b = (pymupdf.Rect(box) * to_pixels).irect
        covered[max(b.y0 - area.y0, 0):max(b.y1 - area.y0, 0), max(b.x0 - area.x0, 0):max(b.x1 - area.x0, 0)] = True
    return float((ink & ~covered).sum() / max(ink.sum(), 1))


def test_a_box_short_of_the_ink_is_grown_to_cover_all_of_it():
    from redactkit.extract.ink import grow_rect, page_grey

    scan, words = _scanned("Phone 07700 900145 call")
    true = words["07700"] | words["900145"]
    short = (true.x0 + 2, true.y0 + 2.5, true.x1 - 3.5, true.y1 - 1)  # OCR's box: ends 3.5 pt short
    grey, to_pixels = page_grey(scan[0])
    grown = grow_rect(grey, to_pixels, short)
    assert ink_outside(scan[0], true, [short]) > 0.03  # the last digit half shows
    assert ink_outside(scan[0], true, [grown]) <= 0.01
    # it stops at the value: not along the rule under it, not into the next words
    assert grown[2] < words["call"].x0 + 1 and grown[0] > words["Phone"].x1 - 1
    assert grown[3] < 106.5


def test_growing_never_shrinks_a_box_and_leaves_blank_paper_alone():
    from redactkit.extract.ink import grow_rect, page_grey

    scan, _words = _scanned("x", rule=False)
    grey, to_pixels = page_grey(scan[0])
    blank = (300.0, 400.0, 360.0, 412.0)
    assert grow_rect(grey, to_pixels, blank) == blank


def _wrapped(lines):
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + 14 * i), line, fontsize=11)
    return doc, extract_page(page)


def test_a_word_hyphenated_at_a_line_end_reads_whole():
    _doc, text = _wrapped(["I live there with my daughter Amara Whitfield-Adeyemi and her friend Whit-",
                           "field and his brother MORGAN-",
                           "PRICE came round later that evening, as they did most days in the week.",
                           "Signed"])
    assert "friend Whitfield and" in text.text  # the typesetter's hyphen goes
    assert "MORGAN-PRICE came" in text.text  # a hyphen before a capital is the name's own
    start = text.text.index("Whitfield and")
    rects = text.rects_for(start, start + len("Whitfield"))
    assert len(rects) == 2 and rects[0][0] > 300 and rects[1][0] < 80  # both halves are covered


def test_soft_hyphens_are_left_out_and_join_the_lines():
    _doc, text = _wrapped(["The neighbour who saw him from across the road was Mrs Lind\u00ad",
                           "qvist, who rang the police at once and then went to help the woman.",
                           "Signed"])
    assert "Mrs Lindqvist, who" in text.text and "\u00ad" not in text.text
    assert len(text.text) == len(text.boxes) == len(text.line_of)


# -- verify: boxes that leave part of a value showing (redactkit.verify.ink) -------------------


def test_verify_reports_ink_running_out_of_a_box_on_a_scan_and_passes_a_grown_box():
    from redactkit.extract.ink import grow_rect, page_grey
    from redactkit.verify.ink import ink_cut_problems

    scan, words = _scanned("Phone 07700 900145 call")
    true = words["07700"] | words["900145"]
    short = pymupdf.Rect(true.x0 + 2, true.y0 + 2.5, true.x1 - 3.5, true.y1 - 1)
    grey, to_pixels = page_grey(scan[0])
    grown = pymupdf.Rect(grow_rect(grey, to_pixels, tuple(short)))
    for box, expected in ((short, True), (grown, False)):
        page = scan[0]
        shape = page.new_shape()
        shape.draw_rect(box)
        shape.finish(fill=(0, 0, 0), color=None)
        shape.commit()
        problems = ink_cut_problems(page, [box])
        assert bool(problems) is expected, problems
        if expected:
            assert problems[0].check == "ink-cut-by-box" and problems[0].page == 1 and "edge" in problems[0].detail


def test_verify_reports_a_letter_partly_outside_a_box_on_a_text_page():
    from redactkit.verify.ink import glyph_outside_problems

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Tel 07700 900145.", fontsize=11)
    words = {w[4]: pymupdf.Rect(w[:4]) for w in page.get_text("words")}
    value = words["900145."]
    half = pymupdf.Rect(words["07700"].x0, value.y0, value.x1 - 6, value.y1)  # the last digit half out
    page.draw_rect(half, fill=(0, 0, 0), color=None)
    problems = glyph_outside_problems(page, page.get_texttrace())
    assert [p.check for p in problems] == ["glyph-outside-box"] and problems[0].text and problems[0].text[-1].isdigit()
    doc2 = pymupdf.open()
    page2 = doc2.new_page()
    page2.insert_text((72, 100), "Tel 07700 900145.", fontsize=11)
    whole = words["07700"] | pymupdf.Rect(value.x0, value.y0, value.x1 - 2.5, value.y1)  # all but the full stop
    page2.draw_rect(whole, fill=(0, 0, 0), color=None)
    assert glyph_outside_problems(page2, page2.get_texttrace()) == []

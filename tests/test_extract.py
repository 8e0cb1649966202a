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


def test_empty_page():
    doc = pymupdf.open()
    text = extract_page(doc.new_page())
    assert text.text == "" and text.rects_for(0, 0) == []

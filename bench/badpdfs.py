"""A corpus of failed and sound redactions, one file per failure mode, for verify.

Each ``make_*`` function writes one PDF and says whether it is bad (something redacted can be
recovered) and which verify check should catch it. The bad files are the ways redactions fail in
practice (../shared/domain/verification.md): boxes drawn over live text in every shape and colour,
unapplied annotations, scans whose pixels survive under a box, invisible OCR text, hidden text,
hidden layers, names left in metadata and other channels, earlier revisions, width residue. The
sound files are the look-alikes that must pass: real redactions, text on dark shapes, logos,
rules, stamps, boxes over white space, scans with burned-in boxes and an OCR layer.

    python -m bench.badpdfs OUTDIR    # writes the corpus and corpus.json
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pymupdf

NAME = "Emily Clarke"
LINE = f"The complainant {NAME} (DOB 04/07/1994) lives at 14 Acacia Avenue, Leeds LS6 3DF."
SECOND = "She was seen by PC 4471 COLLINS on the evening of 14 September 2024 at 23:15 hours."
THIRD = "Her mobile number 07700 900461 was recorded on the MG11 reverse by the officer."


@dataclass
class Case:
    file: str
    bad: bool
    check: str  # the verify check expected to fire ("" for sound files)
    what: str


def _page(doc: pymupdf.Document, lines=(LINE, SECOND, THIRD), size: float = 11) -> pymupdf.Page:
    page = doc.new_page(width=595, height=842)
    for i, text in enumerate(lines):
        page.insert_text((56, 100 + 16 * i), text, fontname="helv", fontsize=size)
    return page


def _name_rect(page: pymupdf.Page, text: str = NAME) -> pymupdf.Rect:
    return page.search_for(text)[0]


def _save(doc: pymupdf.Document, path: Path, **kwargs) -> None:
    doc.save(path, garbage=3, deflate=True, **kwargs)


def _scan_pixmap(lines, black_boxes=(), dpi=150) -> tuple[pymupdf.Pixmap, float]:
    """A greyscale 'scan' of some lines, optionally with black boxes burned in."""
    doc = pymupdf.open()
    page = _page(doc, lines)
    for rect in black_boxes:
        page.draw_rect(rect, color=None, fill=(0, 0, 0))
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    return pix, dpi / 72


# -- bad -------------------------------------------------------------------------------------

def bad_black_box(path):
    doc = pymupdf.open(); page = _page(doc)
    page.draw_rect(_name_rect(page), color=None, fill=(0, 0, 0))
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "black rectangle drawn over live text")


def bad_white_box(path):
    doc = pymupdf.open(); page = _page(doc)
    page.draw_rect(_name_rect(page) + (-1, -1, 1, 1), color=None, fill=(1, 1, 1))
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "white rectangle drawn over live text (white-out)")


def bad_grey_rounded(path):
    doc = pymupdf.open(); page = _page(doc)
    page.draw_rect(_name_rect(page) + (-2, -2, 2, 2), color=None, fill=(0.5, 0.5, 0.5), radius=0.3)
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "grey rounded shape (not a rectangle) over live text")


def bad_image_overlay(path):
    doc = pymupdf.open(); page = _page(doc)
    black = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 10), False)
    black.clear_with(0)
    page.insert_image(_name_rect(page) + (-1, -1, 1, 1), pixmap=black)
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "black image placed over live text")


def bad_square_annot(path):
    doc = pymupdf.open(); page = _page(doc)
    annot = page.add_rect_annot(_name_rect(page))
    annot.set_colors(stroke=(1, 0, 0), fill=(0, 0, 0))
    annot.update()
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "black Square annotation with a red border over text")


def bad_dark_highlight(path):
    doc = pymupdf.open(); page = _page(doc)
    annot = page.add_highlight_annot(_name_rect(page))
    annot.set_colors(stroke=(0, 0, 0))
    annot.set_blendmode(pymupdf.PDF_BM_Normal)
    annot.update()
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "black Highlight annotation over text")


def bad_freetext_cover(path):
    doc = pymupdf.open(); page = _page(doc)
    annot = page.add_freetext_annot(_name_rect(page) + (-1, -2, 1, 2), "", fill_color=(1, 1, 1))
    annot.update(fill_color=(1, 1, 1))
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "white FreeText annotation over text, blank")


def bad_cross_hatch(path):
    doc = pymupdf.open(); page = _page(doc)
    r = _name_rect(page)
    page.draw_rect(r, color=None, fill=(0, 0, 0))
    shape = page.new_shape()
    x = r.x0
    while x < r.x1:
        shape.draw_line((x, r.y0), (min(x + r.height, r.x1), r.y1))
        shape.draw_line((min(x + r.height, r.x1), r.y0), (x, r.y1))
        x += 4
    shape.finish(color=(0.6, 0.6, 0.6), width=0.6)
    shape.commit()
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "cross-hatched box over text")


def bad_two_shapes(path):
    doc = pymupdf.open(); page = _page(doc)
    r = _name_rect(page)
    mid = (r.x0 + r.x1) / 2
    page.draw_rect(pymupdf.Rect(r.x0, r.y0, mid + 1, r.y1), color=None, fill=(0, 0, 0))
    page.draw_rect(pymupdf.Rect(mid - 1, r.y0, r.x1, r.y1), color=None, fill=(0.05, 0.05, 0.05))
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "cover made of two shapes")


def bad_partial(path):
    doc = pymupdf.open(); page = _page(doc)
    r = page.search_for("Clarke")[0]
    page.draw_rect(pymupdf.Rect(r.x0 - 1, r.y0, r.x0 + r.width * 0.6, r.y1), color=None, fill=(0, 0, 0))
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "box covering part of a word (covered letters recoverable)")


def bad_unapplied(path):
    doc = pymupdf.open(); page = _page(doc)
    page.add_redact_annot(_name_rect(page), fill=(0, 0, 0))
    _save(doc, path)
    return Case(path.name, True, "unapplied-redaction", "Redact annotation never applied")


def _scan_with_box(path, rotation: int = 0) -> None:
    """A scanned page (the name in its pixels) with a black box drawn over the name, on a page
    turned by /Rotate rotation: the box is drawn through the rotation, as a viewer shows it."""
    pix, _scale = _scan_pixmap([LINE, SECOND, THIRD])
    doc = pymupdf.open(); page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, pixmap=pix)
    tmp = pymupdf.open(); name = _name_rect(_page(tmp))
    if rotation:
        page.set_rotation(rotation)
    page.draw_rect(name + (-1, -1, 1, 1), color=None, fill=(0, 0, 0))
    _save(doc, path)


def bad_scan_box(path):
    _scan_with_box(path)
    return Case(path.name, True, "image-under-cover", "scan with a black box drawn over the image (pixels survive)")


def bad_ocr_under_box(path):
    tmp = pymupdf.open(); name = _name_rect(_page(tmp))
    pix, _ = _scan_pixmap([LINE, SECOND, THIRD], black_boxes=[name + (-1, -1, 1, 1)])
    doc = pymupdf.open(); page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, pixmap=pix)
    for i, text in enumerate((LINE, SECOND, THIRD)):  # an OCR layer made before the box was burned in
        page.insert_text((56, 100 + 16 * i), text, fontname="helv", fontsize=11, render_mode=3)
    _save(doc, path)
    return Case(path.name, True, "ocr-text-under-cover", "scan with a burned-in box, invisible OCR text still under it")


def bad_box_on_rotated_page(path):
    doc = pymupdf.open(); page = _page(doc)
    rect = _name_rect(page)
    page.set_rotation(90)  # drawing and checking must both go through the page's /Rotate
    page.draw_rect(rect, color=None, fill=(0, 0, 0))
    _save(doc, path)
    return Case(path.name, True, "text-under-cover", "black rectangle over live text on a page with /Rotate 90")


def bad_scan_box_rotated(path):
    _scan_with_box(path, rotation=270)
    return Case(path.name, True, "image-under-cover", "scan on a page with /Rotate 270, black box over the image")


def bad_white_text(path):
    doc = pymupdf.open(); page = _page(doc, (SECOND,))
    page.insert_text((56, 200), f"Witness: {NAME}, 07700 900461", fontname="helv", fontsize=11, color=(1, 1, 1))
    _save(doc, path)
    return Case(path.name, True, "hidden-text", "white text on a white page")


def bad_black_on_black(path):
    doc = pymupdf.open(); page = doc.new_page(width=595, height=842)
    page.insert_text((56, 100), SECOND, fontname="helv", fontsize=11)
    page.draw_rect(pymupdf.Rect(56, 108, 300, 122), color=None, fill=(0, 0, 0))
    page.insert_text((58, 119), f"Victim {NAME}", fontname="helv", fontsize=11, color=(0, 0, 0))
    _save(doc, path)
    return Case(path.name, True, "hidden-text", "black text on a black highlight (Word's highlighter)")


def bad_tiny_text(path):
    doc = pymupdf.open(); page = _page(doc, (SECOND,))
    page.insert_text((56, 200), f"Witness {NAME} mobile 07700 900461", fontname="helv", fontsize=0.5)
    _save(doc, path)
    return Case(path.name, True, "hidden-text", "text set at half a point")


def bad_off_page(path):
    doc = pymupdf.open(); page = _page(doc, (SECOND,))
    page.insert_text((56, 100), f"Witness {NAME} mobile 07700 900461", fontname="helv", fontsize=11)
    page.set_cropbox(pymupdf.Rect(0, 150, 595, 842))  # the line above the crop box is off the page
    page.insert_text((56, 300), SECOND, fontname="helv", fontsize=11)
    _save(doc, path)
    return Case(path.name, True, "hidden-text", "text outside the crop box")


def bad_hidden_layer(path):
    doc = pymupdf.open(); page = _page(doc, (SECOND,))
    ocg = doc.add_ocg("Notes", on=False)
    page.insert_text((56, 200), f"Informant: {NAME}, 07700 900461", fontname="helv", fontsize=11, oc=ocg)
    _save(doc, path)
    return Case(path.name, True, "hidden-layer", "text in an optional-content layer switched off")


def _pymupdf_redacted(doc: pymupdf.Document) -> pymupdf.Page:
    """Redacted with PyMuPDF's own redaction: text removed, but box and spacing keep the width."""
    page = _page(doc)
    for rect in page.search_for(NAME) + page.search_for("07700 900461"):
        page.add_redact_annot(rect, fill=(0, 0, 0))
    page.apply_redactions()
    return page


def _properly_redacted(doc: pymupdf.Document) -> pymupdf.Page:
    """Redacted the redactkit way: text removed, spacing residue rewritten, boxes widened."""
    from redactkit.apply.page import redact_page
    from redactkit.apply.widths import hide_residue, quantize_box

    page = _page(doc)
    rects = page.search_for(NAME) + page.search_for("07700 900461")
    redact_page(page, rects)
    hide_residue(doc, page)
    for r in rects:
        page.draw_rect(quantize_box(r, r.x0 - 3, r.x1 + 3), color=None, fill=(0, 0, 0))
    return page


def bad_metadata(path):
    doc = pymupdf.open(); _properly_redacted(doc)
    doc.set_metadata({"title": f"MG11 statement of {NAME}", "author": "PC 4471 COLLINS"})
    _save(doc, path)
    return Case(path.name, True, "hidden-channel", "redacted on the page, name left in the document title")


def bad_xmp(path):
    doc = pymupdf.open(); _properly_redacted(doc)
    doc.set_xml_metadata('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                         '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>'
                         f"Statement of {NAME}, mobile 07700 900461</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>")
    _save(doc, path)
    return Case(path.name, True, "hidden-channel", "name and phone number left in XMP metadata")


def bad_comment(path):
    doc = pymupdf.open(); page = _properly_redacted(doc)
    note = page.add_text_annot((500, 90), f"Check with {NAME} on 07700 900461")
    note.update()
    _save(doc, path)
    return Case(path.name, True, "hidden-channel", "sticky-note comment holding the redacted name")


def bad_form_field(path):
    doc = pymupdf.open(); page = _properly_redacted(doc)
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "witness"
    widget.field_value = f"{NAME} 07700 900461"
    widget.rect = pymupdf.Rect(56, 300, 300, 320)
    widget.field_flags = 0
    page.add_widget(widget)
    doc.xref_set_key(page.first_widget.xref, "F", "2")  # hidden field
    _save(doc, path)
    return Case(path.name, True, "hidden-channel", "hidden form field holding the name")


def bad_bookmark(path):
    doc = pymupdf.open(); _properly_redacted(doc)
    doc.set_toc([[1, f"Statement of {NAME}", 1]])
    _save(doc, path)
    return Case(path.name, True, "hidden-channel", "bookmark titled with the redacted name")


def bad_mailto(path):
    doc = pymupdf.open(); page = _properly_redacted(doc)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(56, 300, 200, 320),
                      "uri": "mailto:emily.clarke@example.co.uk"})
    _save(doc, path)
    return Case(path.name, True, "hidden-channel", "mailto link with the redacted person's e-mail address")


def bad_attachment(path):
    doc = pymupdf.open(); _properly_redacted(doc)
    doc.embfile_add("notes.txt", f"Unredacted: {NAME}, 07700 900461, 14 Acacia Avenue".encode(), filename="notes.txt")
    _save(doc, path)
    return Case(path.name, True, "hidden-channel", "attached file holding the unredacted details")


def bad_alt_text(path):
    doc = pymupdf.open(); page = _properly_redacted(doc)
    xref = doc.get_new_xref()
    doc.update_object(xref, f"<< /Type /StructElem /S /Figure /P {doc.pdf_catalog()} 0 R /Alt (Photo of {NAME}, 07700 900461) >>")
    doc.xref_set_key(doc.pdf_catalog(), "StructTreeRoot", f"<< /Type /StructTreeRoot /K {xref} 0 R >>")
    _save(doc, path)
    return Case(path.name, True, "hidden-channel", "structure-tree alternate text holding the name")


def bad_revision(path):
    doc = pymupdf.open(); _page(doc)
    doc.save(path)
    doc.close()
    doc = pymupdf.open(path)
    page = doc[0]
    for rect in page.search_for(NAME):
        page.add_redact_annot(rect, fill=(0, 0, 0))
    page.apply_redactions()
    doc.save(path, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    return Case(path.name, True, "earlier-revision", "redacted, then saved incrementally: the original revision is still in the file")


def bad_width_residue(path):
    doc = pymupdf.open(); _pymupdf_redacted(doc)
    _save(doc, path)
    return Case(path.name, True, "width-residue", "PyMuPDF redaction: box width and TJ spacing equal the removed word (strict)")


# -- sound -----------------------------------------------------------------------------------

def ok_white_on_black(path):
    doc = pymupdf.open(); page = doc.new_page(width=595, height=842)
    page.draw_rect(pymupdf.Rect(40, 40, 555, 80), color=None, fill=(0, 0, 0))
    page.insert_text((56, 66), "WEST YORKSHIRE POLICE - RESTRICTED", fontname="hebo", fontsize=14, color=(1, 1, 1))
    page.insert_text((56, 120), SECOND, fontname="helv", fontsize=11)
    _save(doc, path)
    return Case(path.name, False, "", "white text drawn on top of a black header")


def ok_logo(path):
    doc = pymupdf.open(); page = _page(doc, (SECOND,))
    logo = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 60), False)
    logo.clear_with(20)
    page.insert_image(pymupdf.Rect(480, 30, 540, 90), pixmap=logo)
    _save(doc, path)
    return Case(path.name, False, "", "dark logo with nothing beneath it")


def ok_table(path):
    doc = pymupdf.open(); page = doc.new_page(width=595, height=842)
    for i in range(5):
        y = 100 + 20 * i
        page.draw_rect(pymupdf.Rect(50, y - 14, 545, y + 6), color=(0.3, 0.3, 0.3), fill=(0.85, 0.85, 0.85) if i % 2 else None, width=0.5)
        page.insert_text((56, y), f"Item {i + 1}   MG6C schedule entry   {12 + i}/09/2024", fontname="helv", fontsize=10)
    page.draw_line((50, 300), (545, 300), color=(0, 0, 0), width=0.8)
    _save(doc, path)
    return Case(path.name, False, "", "table with shaded rows and rules")


def ok_stamp(path):
    doc = pymupdf.open(); page = _properly_redacted(doc)
    page.draw_rect(pymupdf.Rect(400, 300, 540, 330), color=None, fill=(0, 0, 0))
    page.insert_text((410, 320), "REDACTED", fontname="hebo", fontsize=14, color=(1, 1, 1))
    _save(doc, path)
    return Case(path.name, False, "", "box with a REDACTED stamp on top; real redactions elsewhere")


def ok_whitespace_box(path):
    doc = pymupdf.open(); page = _page(doc, (SECOND, "", THIRD))
    page.draw_rect(pymupdf.Rect(56, 106, 400, 118), color=None, fill=(0, 0, 0))
    _save(doc, path)
    return Case(path.name, False, "", "black bar over an empty line")


def ok_scan_burned(path):
    tmp = pymupdf.open(); name = _name_rect(_page(tmp))
    pix, _ = _scan_pixmap([LINE, SECOND, THIRD], black_boxes=[name + (-1, -1, 1, 1)])
    doc = pymupdf.open(); page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, pixmap=pix)
    redacted = LINE.replace(NAME, " " * len(NAME))
    for i, text in enumerate((redacted, SECOND, THIRD)):  # OCR layer made after the box was burned in
        page.insert_text((56, 100 + 16 * i), text, fontname="helv", fontsize=11, render_mode=3)
    page.draw_rect(name + (-1, -1, 1, 1), color=None, fill=(0, 0, 0))  # and a vector box on top too
    _save(doc, path)
    return Case(path.name, False, "", "scan with a burned-in box, box drawn again on top, OCR layer without the name")


def ok_scan_burned_rotated(path):
    ok_scan_burned(path)
    doc = pymupdf.open(path)
    doc[0].set_rotation(90)
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    path.write_bytes(data)
    return Case(path.name, False, "", "the sound burned-in scan with its OCR layer, on a page with /Rotate 90")


def ok_redactkit_rotated(path):
    doc = pymupdf.open(); page = _properly_redacted(doc)
    page.set_rotation(180)
    _save(doc, path)
    return Case(path.name, False, "", "redacted the redactkit way on a page with /Rotate 180")


def ok_redactkit(path):
    doc = pymupdf.open(); _properly_redacted(doc)
    _save(doc, path)
    return Case(path.name, False, "", "redacted the redactkit way (text removed, residue hidden)")


MAKERS = [v for k, v in sorted(globals().items()) if k.startswith(("bad_", "ok_")) and callable(v)]


def build(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    cases = [maker(folder / f"{maker.__name__}.pdf") for maker in MAKERS]
    (folder / "corpus.json").write_text(json.dumps([asdict(c) for c in cases], indent=1))
    return cases


if __name__ == "__main__":
    for case in build(Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/badpdfs")):
        print(("BAD " if case.bad else "OK  ") + case.file, "-", case.what)

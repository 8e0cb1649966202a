"""Guard against PyMuPDF's redaction moving the text that follows a redaction.

PyMuPDF 2.0 (MuPDF 1.28.5) shifts every word after an applied redaction about 6 pt to the left,
so visible characters slide under the next black box (../shared/domain/pymupdf-notes.md); 1.28.2,
which we pin, does not. These tests fail on 2.0: keep them when upgrading.
"""

import pymupdf
import pytest

LINE = "The complainant Emily Clarke (DOB 04/07/2009) lives at 12 Acacia Avenue."


def _words(page):
    return [(w[4], round(w[0], 2), round(w[1], 2)) for w in page.get_text("words")]


def _page_with_line(font: str):
    doc = pymupdf.open()
    page = doc.new_page()
    if font == "embedded":
        page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("tiro").buffer)
        page.insert_text((72, 100), LINE, fontname="F0", fontsize=11)
    else:
        page.insert_text((72, 100), LINE, fontname=font, fontsize=11)
    return doc, page


@pytest.mark.parametrize("font", ["helv", "cour", "embedded"])
def test_words_after_a_redaction_stay_put(font):
    doc, page = _page_with_line(font)
    before = _words(page)
    target = page.search_for("Emily Clarke")[0]
    page.add_redact_annot(target, fill=(0, 0, 0))
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)
    after = {w[0]: w[1:] for w in _words(page)}
    kept = [w for w in before if w[0] not in ("Emily", "Clarke")]
    assert kept, "nothing left to compare"
    for word, x, y in kept:
        assert word in after, f"{word!r} disappeared"
        assert abs(after[word][0] - x) < 0.05 and abs(after[word][1] - y) < 0.05, (
            f"{word!r} moved from {x} to {after[word][0]}: this PyMuPDF shifts text after redactions")


def test_pinned_version():
    assert pymupdf.VersionBind == "1.28.2", "re-run the regression tests before changing the pin"

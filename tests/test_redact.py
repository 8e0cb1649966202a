"""redact_page: the one check after the redaction (and the spacing rewrite) catches what either
got wrong, and undoes a rewrite that moved or added text rather than let it through."""

import re

import numpy as np
import pymupdf
import pytest

from redactkit.apply.page import REWRITE_TOLERANCE, _apply, _moved, band, redact_page
from redactkit.pdf.trace import Trace, trace
from redactkit.apply.widths import MOVED, Unsupported, _fonts, _rewrite_blocks, rewrite_residue

LINE = "Witness Emily Clarke rang from work"


def _page(vertical: bool = False):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((56, 100), LINE, fontname="helv", fontsize=11)
    page.insert_text((56, 114), "The next line stays where it is, gjpqy.", fontname="helv", fontsize=11)
    if vertical:
        page.insert_text((400, 300), "VERTICAL", fontname="helv", fontsize=11, rotate=90)
    return doc, page


def _words(page):
    return sorted((w[4], round(w[0], 2), round(w[3], 2)) for w in page.get_text("words"))


def test_a_good_rewrite_is_kept_and_checked_with_the_redaction():
    doc, page = _page()
    box = page.search_for("Emily Clarke")[0]
    before = [w for w in _words(page) if w[0] not in ("Emily", "Clarke")]
    outcome = redact_page(page, [box], rewrite=lambda: rewrite_residue(doc, page))
    assert outcome.rewrite_note is None and not outcome.lost_outside and not outcome.second_pass
    assert _words(page) == before
    stream = b"".join(doc.xref_stream(x) for x in page.get_contents())
    assert b"TJ" in stream and not [n for n in _spacing(doc, page) if n >= 200]


def test_a_rewrite_that_moves_text_is_undone():
    doc, page = _page()
    box = page.search_for("Emily Clarke")[0]
    before = [w for w in _words(page) if w[0] not in ("Emily", "Clarke")]

    def shifting_rewrite():
        xrefs = page.get_contents()
        original = [doc.xref_stream(x) for x in xrefs]
        doc.update_stream(xrefs[0], b"q 1 0 0 1 0.5 0 cm\n" + b"\n".join(original) + b"\nQ")
        for extra in xrefs[1:]:
            doc.update_stream(extra, b"")

        def undo():
            for xref, stream in zip(xrefs, original):
                doc.update_stream(xref, stream)
        return None, undo

    outcome = redact_page(page, [box], rewrite=shifting_rewrite)
    assert outcome.rewrite_note == MOVED
    assert not outcome.lost_outside
    assert _words(page) == before  # the redaction stays, the shift is gone


def test_a_rewrite_that_adds_text_is_undone():
    doc, page = _page()
    box = page.search_for("Emily Clarke")[0]

    def adding_rewrite():
        xrefs = page.get_contents()
        original = [doc.xref_stream(x) for x in xrefs]
        page.insert_text((300, 400), "extra", fontname="helv", fontsize=11)
        added = [x for x in page.get_contents() if x not in xrefs]

        def undo():
            for xref, stream in zip(xrefs, original):
                doc.update_stream(xref, stream)
            for xref in added:
                doc.update_stream(xref, b"")
        return None, undo

    outcome = redact_page(page, [box], rewrite=adding_rewrite)
    assert outcome.rewrite_note == MOVED
    assert "extra" not in page.get_text()


def test_text_the_band_misses_goes_in_a_second_pass_and_the_rewrite_still_runs():
    doc, page = _page(vertical=True)
    vertical = page.search_for("VERTICAL")[0]
    name = page.search_for("Emily Clarke")[0]
    assert vertical.height > 3 * vertical.width  # the band through the middle misses its ends
    outcome = redact_page(page, [vertical, name], rewrite=lambda: rewrite_residue(doc, page))
    assert outcome.second_pass > 0
    text = page.get_text()
    assert "Emily" not in text and "Clarke" not in text
    assert not [c for c in trace(page).boxes if vertical.contains(pymupdf.Point((c[0] + c[2]) / 2, (c[1] + c[3]) / 2))]
    assert not outcome.lost_outside and outcome.rewrite_note is None


def test_moved_matches_exact_places_and_allows_the_tolerance_only():
    before = Trace(np.array([97, 98, 99, 97]), np.array([[0, 0], [1, 0], [2, 0], [3, 0.0]]), np.zeros((4, 4)))
    keep = np.array([True, True, True, True])
    same_order = Trace(before.codes.copy(), before.origins + REWRITE_TOLERANCE / 2, np.zeros((4, 4)))
    assert _moved(before, keep, same_order, REWRITE_TOLERANCE) == ([], 0)
    shuffled = Trace(before.codes[::-1].copy(), before.origins[::-1].copy(), np.zeros((4, 4)))
    assert _moved(before, keep, shuffled, REWRITE_TOLERANCE) == ([], 0)
    moved = Trace(np.array([97, 99, 97, 122]), np.array([[0, 0], [2.02, 0], [3, 0], [9, 9.0]]), np.zeros((4, 4)))
    lost, extra = _moved(before, keep, moved, REWRITE_TOLERANCE)
    assert lost == [("b", 1.0, 0.0), ("c", 2.0, 0.0)] and extra == 2
    assert _moved(before, keep, moved, 0.05) == ([("b", 1.0, 0.0)], 1)
    assert _moved(before, np.array([True, False, True, True]), moved, 0.05) == ([], 1)


def _residue_page(content: bytes):
    """A page drawn from a hand-written content stream (font /F1 is Helvetica)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((0, 0), " ", fontname="helv")  # puts a Helvetica resource on the page
    name = page.get_fonts()[0][4]
    doc.update_stream(page.get_contents()[0], content.replace(b"/F1", b"/" + name.encode()))
    return doc, doc.reload_page(page)


def _spacing(doc, page):
    """Every number in the page's TJ arrays (its strings taken out first)."""
    stream = b"".join(doc.xref_stream(x) for x in page.get_contents())
    arrays = [re.sub(rb"\((?:[^()\\]|\\.)*\)|<[^>]*>", b" ", a) for a in re.findall(rb"\[([^\]]*)\]\s*TJ", stream)]
    return [abs(float(n)) for a in arrays for n in re.findall(rb"[+-]?(?:\d+\.?\d*|\.\d+)", a)]


def test_text_state_set_outside_the_text_object_is_rewritten_the_long_way():
    """Character spacing or horizontal scaling set before BT cannot be rewritten a text object at
    a time: the quick way refuses, the whole stream is parsed instead, and no glyph moves."""
    for content in (b"0.5 Tc BT /F1 11 Tf 56 742 Td (Witness Emily Clarke rang from work) Tj ET",
                    b"90 Tz BT /F1 11 Tf 56 742 Td (Witness Emily Clarke rang from work) Tj ET"):
        doc, page = _residue_page(content)
        box = page.search_for("Emily Clarke")[0]
        before = [w for w in _words(page) if w[0] not in ("Emily", "Clarke")]
        probe_doc, probe = _residue_page(content)
        _apply(probe, [band(box)], pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE,
               pymupdf.PDF_REDACT_TEXT_REMOVE)
        stream = b"".join(probe_doc.xref_stream(x) for x in probe.get_contents())
        assert [n for n in _spacing(probe_doc, probe) if n >= 200]  # the redaction left a residue
        with pytest.raises(Unsupported):
            _rewrite_blocks(stream, _fonts(probe_doc, probe.xref))
        outcome = redact_page(page, [box], rewrite=lambda: rewrite_residue(doc, page))
        assert outcome.rewrite_note is None and not outcome.lost_outside
        assert _words(page) == before
        assert not [n for n in _spacing(doc, page) if n >= 200]

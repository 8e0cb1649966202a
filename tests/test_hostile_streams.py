"""Content streams that must not be decoded: one encoded as an image is a decompression bomb
(pdf.js's bomb_giant.pdf: 120 KB of JBIG2 that PyMuPDF's read_contents spent 95 s expanding).
MuPDF will not draw such a stream; redactkit must not read it either, and fails closed: the page
is reported as not read and redacted whole."""

from __future__ import annotations

import time
from pathlib import Path

import pymupdf
import pytest

from redactkit.jobs.run import RunOptions, run
from redactkit.jobs.scan import ScanOptions
from redactkit.pdf.streams import UnreadableContents, check_contents, image_encoded_contents, wipe_contents

BOMB = Path(__file__).parent / "corpora" / "public" / "pdfjs--bomb_giant.pdf"


def _image_encoded(path: Path) -> Path:
    """A page whose first stream says "Peter Quince 07700 900123" and whose second is marked
    JBIG2 (garbage bytes: what matters is that nothing tries to decode it as operators)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Witness Peter Quince, phone 07700 900123.", fontsize=11)
    odd = doc.get_new_xref()
    doc.update_object(odd, "<< /Filter /JBIG2Decode >>")
    doc.update_stream(odd, b"\x97\x4a\x42\x32" * 64, compress=False)
    doc.xref_set_key(odd, "Filter", "/JBIG2Decode")
    contents = page.get_contents()
    doc.xref_set_key(page.xref, "Contents", "[" + " ".join(f"{x} 0 R" for x in contents + [odd]) + "]")
    doc.save(path)
    return path


def test_an_image_encoded_content_stream_is_found_and_refused(tmp_path):
    doc = pymupdf.open(_image_encoded(tmp_path / "odd.pdf"))
    assert [name for _xref, name in image_encoded_contents(doc[0])] == ["JBIG2Decode"]
    with pytest.raises(UnreadableContents, match="JBIG2Decode"):
        check_contents(doc[0])
    ordinary = pymupdf.open()
    ordinary.new_page().insert_text((72, 72), "text")
    check_contents(ordinary[0])  # Flate or nothing: fine
    wipe_contents(doc[0])
    assert doc[0].get_text() == "" and not image_encoded_contents(doc[0])


def test_run_redacts_such_a_page_whole_and_says_so(tmp_path, detector):
    (tmp_path / "in").mkdir()
    source = _image_encoded(tmp_path / "in" / "odd.pdf")
    result = run([source], tmp_path / "out", RunOptions(scan=ScanOptions(workers=1)), detector=detector)
    (row,) = result.documents
    assert row.exit_code == 5  # a page not read: said, redacted whole
    out = pymupdf.open(row.output)
    assert out[0].get_text().strip() in ("", "UNREADABLE_PAGE") and "Quince" not in out[0].get_text()
    assert not image_encoded_contents(out[0])
    pix = out[0].get_pixmap(dpi=36)
    light = sum(1 for value in pix.samples if value > 100) / len(pix.samples)
    assert light < 0.02  # black all over (but the page's anti-aliased edge): nothing of it shows


@pytest.mark.slow
def test_the_pdfjs_bomb_is_not_decoded(tmp_path, detector):
    started = time.monotonic()
    result = run([BOMB], tmp_path / "out", RunOptions(scan=ScanOptions(workers=1)), detector=detector)
    assert time.monotonic() - started < 45  # decoding it took 95 s of the run's 120 s limit
    (row,) = result.documents
    assert row.exit_code == 5 and row.output and result.checked.files[0].status(False) == "pass"


def test_layers_are_switched_on_when_the_layer_settings_are_objects_of_their_own(tmp_path):
    """/OCProperties and its /D as indirect objects (pdf.js's visibility_expressions.pdf): MuPDF
    refuses to set a key through them ("path to 'AS' has indirects"), and apply withheld every
    page of the file for it. The hidden layer must still be switched on and its text removed."""
    from redactkit.pdf.layers import with_all_layers_on

    doc = pymupdf.open()
    page = doc.new_page()
    ocg = doc.add_ocg("hidden notes", on=False)
    page.insert_text((72, 72), "Visible line.", fontsize=11)
    page.insert_text((72, 100), "Hidden Peter Quince", fontsize=11, oc=ocg)
    catalog = doc.pdf_catalog()
    kind, properties = doc.xref_get_key(catalog, "OCProperties")
    assert kind == "dict"
    d_xref = doc.get_new_xref()
    doc.update_object(d_xref, doc.xref_get_key(catalog, "OCProperties/D")[1])
    props_xref = doc.get_new_xref()
    doc.update_object(props_xref, doc.xref_get_key(catalog, "OCProperties")[1])
    doc.xref_set_key(props_xref, "D", f"{d_xref} 0 R")
    doc.xref_set_key(catalog, "OCProperties", f"{props_xref} 0 R")
    doc.xref_set_key(d_xref, "AS", "[]")
    path = tmp_path / "indirect-layers.pdf"
    doc.save(path)
    reopened = pymupdf.open(path)
    assert "Quince" not in reopened[0].get_text()  # the layer is off as saved
    assert "Quince" in with_all_layers_on(reopened)[0].get_text()


def test_verify_says_such_a_stream_was_not_checked_and_does_not_decode_it(tmp_path):
    from redactkit.jobs.verify import verify
    from redactkit.verify.document import VerifyOptions

    source = _image_encoded(tmp_path / "odd.pdf")
    report = verify([source], VerifyOptions(workers=1)).files[0]
    assert [p.check for p in report.problems if "JBIG2Decode" in p.detail] == ["not-checked"]
    assert report.status(strict=True) == "fail"  # never passed when strict
    started = time.monotonic()
    bomb = verify([BOMB], VerifyOptions(workers=1)).files[0]
    assert time.monotonic() - started < 30  # it spent 59 s expanding the JBIG2 streams
    assert {p.check for p in bomb.problems} >= {"not-checked"}

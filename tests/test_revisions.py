"""Earlier revisions of scanned pages (verify/revisions.py): a scan "redacted" in an incremental
update keeps the unredacted picture in the earlier revision; verify finds where."""

from __future__ import annotations

import io

import pymupdf
import pytest

from redactkit.jobs.verify import verify
from redactkit.verify.document import VerifyOptions
from redactkit.verify.revisions import removed_image_regions

LINES = ["Note for file - Operation Larkspur", "Spoke to Siobhan AHMED on 07700 900970.",
         "She is staying with her mother until the trial."]


def _scan(path) -> pymupdf.Rect:
    """A one-page scan (a greyscale picture, no text layer) of three typed lines; returns the
    rectangle of the phone number, in page space."""
    typed = pymupdf.open()
    page = typed.new_page(width=595, height=842)
    for k, line in enumerate(LINES):
        page.insert_text((72, 120 + 30 * k), line, fontsize=14, fontname="tiro")
    number = page.search_for("07700 900970")[0]
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    scan = pymupdf.open()
    out = scan.new_page(width=595, height=842)
    out.insert_image(out.rect, stream=pix.tobytes("png"))
    scan.save(path)
    return number


def _black_out_in_an_update(path, rect: pymupdf.Rect) -> None:
    """What a careful tool does to the picture (pixels under the box blackened), saved the
    careless way: as an incremental update, the original picture left in the file."""
    doc = pymupdf.open(path)
    doc[0].add_redact_annot(rect, fill=(0, 0, 0))
    doc[0].apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS)
    doc.saveIncr()
    doc.close()


def _regions(path) -> list:
    data = path.read_bytes()
    gaps: list = []
    with pymupdf.open("pdf", data) as doc:
        found = removed_image_regions(data, doc, gaps)
    assert not gaps, gaps
    return found


def test_a_scan_blacked_out_in_an_incremental_update_is_found_where_it_was(tmp_path):
    path = tmp_path / "note.pdf"
    number = _scan(path)
    clean = path.read_bytes()
    _black_out_in_an_update(path, number)
    assert path.read_bytes().startswith(clean)  # the unredacted revision is all still there
    regions = _regions(path)
    assert regions and all(page == 1 for page, _ in regions)
    assert all(rect.intersects(number) for _, rect in regions)  # only where the number was
    covered = regions[0][1]
    for _, rect in regions[1:]:
        covered |= rect
    assert covered.intersects(number) and (covered & number).get_area() >= 0.8 * number.get_area()

    (report,) = verify([path], VerifyOptions(workers=1)).files
    found = [p for p in report.problems if p.check == "earlier-revision"]
    assert found and report.status() == "fail"
    assert all(p.severity == "error" and p.page == 1 and p.where.startswith("[") for p in found)
    assert not found[0].text  # no text read off the picture, so nothing to show


def test_the_same_scan_saved_whole_passes(tmp_path):
    """The same redaction written as a new file (no earlier revision): nothing to report."""
    path = tmp_path / "note.pdf"
    number = _scan(path)
    doc = pymupdf.open(path)
    doc[0].add_redact_annot(number, fill=(0, 0, 0))
    doc[0].apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS)
    whole = tmp_path / "whole.pdf"
    doc.save(whole, garbage=4, deflate=True)
    doc.close()
    assert _regions(whole) == []
    (report,) = verify([whole], VerifyOptions(workers=1)).files
    assert not [p for p in report.problems if p.check == "earlier-revision"]


def test_updates_that_leave_the_picture_as_it_was_are_not_reported(tmp_path):
    """An update that changes the metadata only, one that puts the same pixels back in another
    encoding, and one that blacks out blank paper: the earlier revision shows nothing the final
    one hides."""
    path = tmp_path / "note.pdf"
    _scan(path)
    doc = pymupdf.open(path)
    doc.set_metadata({"title": "Note for file"})
    doc.saveIncr()
    doc.close()
    assert _regions(path) == []

    doc = pymupdf.open(path)
    page = doc[0]
    (xref, *_rest) = page.get_images()[0]
    pix = pymupdf.Pixmap(doc, xref)
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("L", (pix.width, pix.height), pix.samples).save(buffer, "TIFF")  # same pixels, other encoding
    page.replace_image(xref, stream=buffer.getvalue())
    doc.saveIncr()
    doc.close()
    with pymupdf.open(path) as check:
        assert check.version_count >= 3
    assert _regions(path) == []

    _black_out_in_an_update(path, pymupdf.Rect(300, 600, 420, 640))  # blank paper under the box
    assert _regions(path) == []


def test_a_picture_removed_in_an_update_is_reported(tmp_path):
    path = tmp_path / "note.pdf"
    _scan(path)
    doc = pymupdf.open(path)
    page = doc[0]
    page.add_redact_annot(page.rect, fill=(1, 1, 1))  # the whole picture taken out, a white page left
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_REMOVE)
    assert not page.get_images()
    doc.saveIncr()
    doc.close()
    regions = [rect for _page, rect in _regions(path)]
    lines = [pymupdf.Rect(72, 104 + 30 * k, 400, 124 + 30 * k) for k in range(len(LINES))]
    assert all(any(rect.intersects(line) for rect in regions) for line in lines)  # every line of writing


@pytest.mark.slow
def test_an_earlier_revision_of_a_generated_scan_is_caught_and_graded(tmp_path):
    """The badly redacted copies of a scanned bundle: the earlier-revision copy is found by
    earlier-revision (the key says so), at the places of the items redacted, and marked improper."""
    import json

    from redactkit.training.bundle import make_bundle
    from redactkit.training.grade import grade

    bundle = make_bundle(tmp_path, seed=5, docs=5, scanned=True, badly=True)
    (failure,) = [f for f in bundle.failures if f["mode"] == "earlier-revision"]
    assert failure["found_by"] == "earlier-revision"
    key = json.loads((tmp_path / "badly-redacted-key.json").read_text())
    assert {"document": failure["document"], "mode": "earlier-revision", "found_by": "earlier-revision"}.items() \
        <= next(f for f in key["failures"] if f["mode"] == "earlier-revision").items()
    copy = tmp_path / "badly-redacted" / failure["document"]
    (report,) = verify([copy], VerifyOptions(workers=1)).files
    places = [pymupdf.Rect(json.loads(p.where)) for p in report.problems if p.check == "earlier-revision"]
    redacted = [i for i in bundle.items if i["document"] == failure["document"] and i["redact"]]
    assert places and redacted
    for item in redacted:  # every value blacked out is found in the earlier revision
        assert any(place.intersects(pymupdf.Rect(r)) for place in places for r in item["rects"]), item["entity"]
    for place in places:  # and nothing else is
        assert any(place.intersects(pymupdf.Rect(r)) for i in redacted for r in i["rects"]), place

    marks = grade(bundle.key, [str(copy)])
    statuses = {m.status for m in marks.marks if m.item["redact"]}
    assert statuses == {"improper"} and marks.score == 0
    assert marks.count("improper") == len(redacted)

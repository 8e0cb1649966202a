"""apply: content under boxes is removed, hidden data is stripped, nothing else moves, and bad
input is refused before anything is written. Each test opens the output and looks."""

import json
import os
import re

import numpy as np
import pymupdf
import pytest

from helpers import everywhere, proposals_for, words_at
from redactkit.apply.document import ApplyOptions
from redactkit.apply.log import log_paths
from redactkit.jobs.apply import apply
from redactkit.core.errors import EncryptedError, MismatchError, OutputError
from redactkit.pdf.inputs import sha256_file
from redactkit.model.proposals import DocumentProposals, Finding, Proposals

SECRET = "Emily Clarke"
PHONE = "07700 900461"


def dirty_pdf(path):
    """A statement with the secret on the page and in every hidden channel we know of."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines = [f"The complainant {SECRET} lives at 14 Acacia Avenue and uses {PHONE}.",
             "A second line of text set close to the first, with descenders gjpqy.",
             f"She ({SECRET}) said the man shouted. Kdbl ascenders on this line."]
    for i, text in enumerate(lines):
        page.insert_text((56, 100 + 12 * i), text, fontname="helv", fontsize=11)  # tight 12 pt leading
    doc.set_metadata({"title": f"Statement of {SECRET}", "author": SECRET, "subject": PHONE, "keywords": SECRET})
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{SECRET}</dc></x:xmpmeta>")
    note = page.add_text_annot((500, 60), f"Ring {SECRET} on {PHONE}")
    note.set_info(title=SECRET)
    note.update()
    page.add_file_annot((520, 60), f"{SECRET} {PHONE}".encode(), "contact.txt")
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "witness"
    widget.field_value = SECRET
    widget.rect = pymupdf.Rect(56, 300, 300, 320)
    page.add_widget(widget)
    doc.embfile_add("notes.txt", f"{SECRET} {PHONE}".encode())
    doc.set_toc([[1, f"Statement of {SECRET}", 1], [1, "Exhibits", 1]])
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(56, 400, 200, 410),
                      "uri": "mailto:emily.clarke@example.co.uk"})
    ocg = doc.add_ocg("hidden notes", on=False)
    page.insert_text((56, 500), f"Informant {SECRET}", fontname="helv", fontsize=11, oc=ocg)
    js = doc.get_new_xref()
    doc.update_object(js, f"<< /S /JavaScript /JS (app.alert('{SECRET}')) >>")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{js} 0 R")
    elem = doc.get_new_xref()
    doc.update_object(elem, f"<< /Type /StructElem /S /P /Alt ({SECRET}) /ActualText ({SECRET}) >>")
    doc.xref_set_key(doc.pdf_catalog(), "StructTreeRoot", f"<< /Type /StructTreeRoot /K {elem} 0 R >>")
    private = doc.get_new_xref()  # a producer's own page key, no viewer shows (qpdf's /Other)
    doc.update_object(private, "<< >>")
    doc.update_stream(private, f"case notes: {SECRET} {PHONE}".encode(), compress=False)
    doc.xref_set_key(page.xref, "ProducerNotes", f"{private} 0 R")
    doc.save(path)
    doc.close()
    # an earlier revision: an incremental update on top
    doc = pymupdf.open(path)
    doc[0].insert_text((56, 600), "Added later.", fontname="helv", fontsize=11)
    doc.save(path, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    doc.close()
    return path


@pytest.fixture
def dirty(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    return dirty_pdf(folder / "statement.pdf")


def test_secret_is_gone_from_every_layer(dirty, tmp_path):
    assert len(everywhere(dirty, SECRET)) > 8  # the test can fail: the input has it everywhere
    props = proposals_for(dirty, [SECRET, PHONE])
    result = apply([dirty], props, tmp_path / "out")
    out = result.documents[0].output_path
    assert everywhere(out, SECRET) == []
    assert everywhere(out, PHONE) == []
    removed = result.documents[0].cleaning.removed
    for what in ("earlier revisions (incremental updates)", "embedded file", "form field", "XMP metadata packet",
                 "hidden optional content (layer switched off)", "JavaScript", "structure tree: Alt",
                 "page: private key (not of the PDF standard)"):
        assert removed[what] >= 1, what
    with pymupdf.open(out) as doc:
        assert doc.get_toc() == [[1, "Statement of [REDACTED]", 1], [1, "Exhibits", 1]]
        assert not list(doc[0].annots()) and not list(doc[0].widgets())
        assert doc.embfile_count() == 0 and doc.version_count == 1


def test_neighbours_do_not_move_and_are_not_removed(dirty, tmp_path):
    props = proposals_for(dirty, [SECRET, PHONE])
    out = apply([dirty], props, tmp_path / "out").documents[0].output_path
    with pymupdf.open(dirty) as before_doc, pymupdf.open(out) as after_doc:
        before = [w for w in words_at(before_doc[0]) if not re.search(r"Emily|Clarke|07700|900461", w[0])
                  and w[0] not in ("Informant",) and w[2] < 200]
        after = words_at(after_doc[0])
    for word in before:
        assert word in after, f"{word} moved or disappeared"


def test_input_is_never_changed(dirty, tmp_path):
    digest = sha256_file(dirty)
    stat = os.stat(dirty)
    apply([dirty], proposals_for(dirty, [SECRET]), tmp_path / "out")
    assert sha256_file(dirty) == digest and os.stat(dirty).st_mtime == stat.st_mtime


def test_image_pixels_under_a_box_are_replaced(tmp_path):
    # a "scan": text rendered into an image, no text layer
    src = pymupdf.open()
    page = src.new_page(width=595, height=842)
    page.insert_text((56, 100), f"Witness {SECRET} 07700 900461", fontsize=14)
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    scan = pymupdf.open()
    spage = scan.new_page(width=595, height=842)
    spage.insert_image(spage.rect, pixmap=pix)
    path = tmp_path / "scan.pdf"
    scan.save(path)
    box = pymupdf.Rect(110, 85, 215, 105)
    props = proposals_for(path, [])
    props.documents[0].findings.append(Finding(id="f1", page=1, entity="PERSON", text=SECRET, score=1.0,
                                               rects=[list(box)], recognizer="test", reason="test"))
    out = apply([path], props, tmp_path / "out").documents[0].output_path
    with pymupdf.open(out) as doc:
        (info,) = doc[0].get_image_info(xrefs=True)
        image = pymupdf.Pixmap(doc, info["xref"])
        a = np.frombuffer(image.samples, dtype=np.uint8).reshape(image.height, image.width, image.n)
        bbox = pymupdf.Rect(info["bbox"])
        sx, sy = image.width / bbox.width, image.height / bbox.height
        region = a[int((box.y0 - bbox.y0) * sy) + 2:int((box.y1 - bbox.y0) * sy) - 2,
                   int((box.x0 - bbox.x0) * sx) + 2:int((box.x1 - bbox.x0) * sx) - 2]
        assert region.size and region.max() - region.min() <= 2, "pixels under the box are not uniform"
        # and outside the box the scan is untouched
        before = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
        assert (before[:100, :] == a[:100, :]).all()


def test_hide_widths_removes_the_measure(dirty, tmp_path):
    props = proposals_for(dirty, [SECRET])
    with pymupdf.open(dirty) as doc:
        width = doc[0].search_for(SECRET)[0].width
        size = 11.0

    def spacing_numbers(path):
        with pymupdf.open(path) as doc:
            content = doc[0].read_contents().decode("latin-1")
        arrays = re.findall(r"\[([^\]]*)\]\s*TJ", content)
        return [abs(float(n)) / 1000 * size for a in arrays for n in re.findall(r"-?\d+\.?\d*(?![^(]*\))", a)]

    plain = apply([dirty], props, tmp_path / "plain", ApplyOptions(hide_widths=False)).documents[0].output_path
    assert any(abs(n - width) < 0.05 for n in spacing_numbers(plain)), "without hiding, the width is in the TJ"
    hidden = apply([dirty], props, tmp_path / "hidden").documents[0].output_path
    assert not any(abs(n - width) < 0.5 for n in spacing_numbers(hidden))
    with pymupdf.open(hidden) as doc:
        boxes = [d["rect"] for d in doc[0].get_drawings() if d.get("fill") == (0.0, 0.0, 0.0)]
    assert boxes and all(abs(b.width - width) > 0.5 for b in boxes)


def test_labels_are_drawn_in_white(dirty, tmp_path):
    props = proposals_for(dirty, [SECRET])
    out = apply([dirty], props, tmp_path / "out", ApplyOptions(label="entity")).documents[0].output_path
    with pymupdf.open(out) as doc:
        spans = [s for s in doc[0].get_texttrace() if "PERSON" in "".join(chr(c[0]) for c in s["chars"])]
    assert spans and all(s["color"] == (1.0, 1.0, 1.0) for s in spans)


def test_redaction_log(dirty, tmp_path):
    props = proposals_for(dirty, [SECRET, PHONE])
    result = apply([dirty], props, tmp_path / "out", ApplyOptions(operator="DC 2290"))
    json_log, csv_log = log_paths(tmp_path / "out", "statement.pdf")
    record = json.loads(json_log.read_text())
    assert record["operator"] == "DC 2290" and record["output_sha256"] == sha256_file(result.documents[0].output_path)
    assert record["input_sha256"] == sha256_file(dirty) and record["rules"] == "test"
    assert len(record["redactions"]) == sum(len(f.rects) for f in props.documents[0].findings) >= 3
    text = json_log.read_text() + csv_log.read_text()
    assert SECRET not in text and PHONE not in text, "the log travels with the disclosure: no redacted text"
    assert csv_log.read_text().splitlines()[0].startswith("kind,document,page,x0")
    apply([dirty], props, tmp_path / "internal", ApplyOptions(log_text=True))
    assert SECRET in log_paths(tmp_path / "internal", "statement.pdf")[0].read_text()


def test_sha_mismatch_is_refused_before_writing(dirty, tmp_path):
    props = proposals_for(dirty, [SECRET])
    props.documents[0].sha256 = "0" * 64
    with pytest.raises(MismatchError, match="SHA-256"):
        apply([dirty], props, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_rectangle_outside_the_page_is_refused(dirty, tmp_path):
    props = proposals_for(dirty, [SECRET])
    props.documents[0].findings[0].rects = [[700, 900, 800, 950]]
    with pytest.raises(MismatchError, match="outside page"):
        apply([dirty], props, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_page_that_does_not_exist_is_refused(dirty, tmp_path):
    props = proposals_for(dirty, [SECRET])
    props.documents[0].findings[0].page = 7
    with pytest.raises(MismatchError, match="does not exist"):
        apply([dirty], props, tmp_path / "out")


def test_file_missing_from_proposals(dirty, tmp_path, make_pdf):
    other = make_pdf("other.pdf", ["Nothing to see"])
    with pytest.raises(MismatchError, match="not in the proposals"):
        apply([other], proposals_for(dirty, [SECRET]), tmp_path / "out")


def test_encrypted_needs_its_password(tmp_path):
    path = tmp_path / "locked.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), f"Witness {SECRET}")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    sha = sha256_file(path)
    props = Proposals(created="x", rules="t", policy="t", model="t",
                      documents=[DocumentProposals(path="locked.pdf", sha256=sha, pages=1, findings=[])])
    with pytest.raises(EncryptedError):
        apply([path], props, tmp_path / "out")
    out = apply([path], props, tmp_path / "out", ApplyOptions(password="pw")).documents[0].output_path
    with pymupdf.open(out) as doc:
        assert not doc.needs_pass  # the redacted copy is not encrypted


def test_output_inside_input_folder_is_refused(dirty, tmp_path):
    with pytest.raises(OutputError, match="inside an input folder"):
        apply([dirty.parent], proposals_for(dirty, [SECRET]), dirty.parent / "out")


def test_output_over_input_is_refused(dirty):
    with pytest.raises(OutputError, match="overwrite an input"):
        apply([dirty], proposals_for(dirty, [SECRET]), dirty.parent)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_folder(dirty, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            apply([dirty], proposals_for(dirty, [SECRET]), locked / "out")
    finally:
        locked.chmod(0o700)


def test_unwritable_output_folder_as_a_file(dirty, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(OutputError):
        apply([dirty], proposals_for(dirty, [SECRET]), blocker / "out")


def test_rejected_findings_are_kept(dirty, tmp_path):
    props = proposals_for(dirty, [SECRET, PHONE])
    for finding in props.documents[0].findings:
        if finding.text == PHONE:
            finding.decision = "rejected"
    out = apply([dirty], props, tmp_path / "out").documents[0].output_path
    with pymupdf.open(out) as doc:
        text = doc[0].get_text()
    assert PHONE in text and SECRET not in text


def test_existing_redact_annotations_are_applied(tmp_path):
    path = tmp_path / "marked.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), f"Victim {SECRET} attended.", fontsize=11)
    page.add_redact_annot(page.search_for(SECRET)[0], fill=(0, 0, 0))  # marked, never applied
    doc.save(path)
    props = Proposals(created="x", rules="t", policy="t", model="t", documents=[
        DocumentProposals(path="marked.pdf", sha256=sha256_file(path), pages=1, findings=[])])
    out = apply([path], props, tmp_path / "out").documents[0].output_path
    assert everywhere(out, SECRET) == []


def test_unreadable_pages_are_redacted_whole(dirty, tmp_path):
    props = proposals_for(dirty, [])
    props.documents[0].unreadable_pages = [1]
    out = apply([dirty], props, tmp_path / "out").documents[0].output_path
    with pymupdf.open(out) as doc:
        assert doc[0].get_text().strip() == ""


def test_workers_do_not_change_the_output(tmp_path):
    """Documents redacted in worker processes come out as they do in one process, in input order."""
    folder = tmp_path / "bundle"
    folder.mkdir()
    documents = []
    for n in range(4):
        doc = pymupdf.open()
        for p in range(4):  # 16 pages in all: above the size apply keeps to one process
            page = doc.new_page(width=595, height=842)
            page.insert_text((56, 100), f"Page {p + 1} of file {n}: {SECRET} rang {PHONE}.", fontname="helv", fontsize=11)
        path = folder / f"file{n}.pdf"
        doc.save(path)
        doc.close()
        documents += proposals_for(path, [SECRET, PHONE]).documents
    props = proposals_for(folder / "file0.pdf", [SECRET])
    props.documents = documents
    one = apply([folder], props, tmp_path / "one", ApplyOptions(workers=1))
    two = apply([folder], props, tmp_path / "two", ApplyOptions(workers=2))
    assert [d.relpath for d in one.documents] == [d.relpath for d in two.documents] == [f"file{n}.pdf" for n in range(4)]
    assert [d.boxes for d in one.documents] == [d.boxes for d in two.documents] == [8] * 4
    for a, b in zip(one.documents, two.documents):
        with pymupdf.open(a.output_path) as x, pymupdf.open(b.output_path) as y:
            assert [p.get_text() for p in x] == [p.get_text() for p in y]
            assert all(SECRET not in p.get_text() and PHONE not in p.get_text() for p in y)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_and_offset_pages_are_redacted_where_the_box_is(tmp_path, rotation):
    """Boxes are in unrotated page space; a rotated page with a media box that does not start at
    the origin loses the word under the box and nothing else."""
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "rotated.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((56, 100), f"Witness {SECRET} rang {PHONE} from work.", fontname="helv", fontsize=11)
    page.insert_text((56, 112), "The next line stays exactly where it was, gjpqy.", fontname="helv", fontsize=11)
    doc.xref_set_key(page.xref, "MediaBox", "[20 30 615 872]")
    page.set_rotation(rotation)
    doc.save(path)
    doc.close()
    props = proposals_for(path, [SECRET])
    out = apply([path], props, tmp_path / "out").documents[0].output_path
    with pymupdf.open(path) as before_doc, pymupdf.open(out) as after_doc:
        assert after_doc[0].rotation == rotation
        text = after_doc[0].get_text()
        assert "Emily" not in text and "Clarke" not in text
        before = [w for w in words_at(before_doc[0]) if w[0] not in ("Emily", "Clarke")]
        assert before and sorted(words_at(after_doc[0])) == sorted(before)
        page = after_doc[0]  # and the black box is drawn where the name was, as the page is shown
        shown = pymupdf.Rect(props.documents[0].findings[0].rects[0]) * page.rotation_matrix
        pix = page.get_pixmap(dpi=72)
        assert pix.pixel(int((shown.x0 + shown.x1) / 2), int((shown.y0 + shown.y1) / 2)) == (0, 0, 0)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_box_in_one_document_of_many_leaves_nothing_behind(tmp_path, workers):
    """Boxes are checked as each document is opened (in a worker too): one bad rectangle in the
    last document refuses the whole job, and no output folder, staged file or log is left."""
    folder = tmp_path / "bundle"
    folder.mkdir()
    documents = []
    for n in range(4):
        doc = pymupdf.open()
        for _p in range(4):
            page = doc.new_page(width=595, height=842)
            page.insert_text((56, 100), f"{SECRET} rang {PHONE}.", fontname="helv", fontsize=11)
        path = folder / f"file{n}.pdf"
        doc.save(path)
        doc.close()
        documents += proposals_for(path, [SECRET]).documents
    documents[-1].findings[-1].rects = [[700, 900, 800, 950]]
    props = proposals_for(folder / "file0.pdf", [SECRET])
    props.documents = documents
    out = tmp_path / "deep" / "out"
    with pytest.raises(MismatchError, match="outside page"):
        apply([folder], props, out, ApplyOptions(workers=workers))
    assert not (tmp_path / "deep").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


class _CtrlC:
    """A progress reporter whose user presses Ctrl-C when the first document is done: the
    interrupt arrives where a real one would, inside the job."""

    def start(self, documents):
        pass

    def advance(self, document, pages):
        pass

    def document_done(self, document, count, what=""):
        raise KeyboardInterrupt

    def close(self):
        pass


def test_an_interrupted_apply_leaves_nothing(dirty, tmp_path):
    out = tmp_path / "new" / "out"
    with pytest.raises(KeyboardInterrupt):
        apply([dirty], proposals_for(dirty, [SECRET]), out, progress=_CtrlC())
    assert not (tmp_path / "new").exists()  # the folders it made go too, staging and all


def test_a_non_empty_output_folder_is_refused_unless_overwrite(dirty, tmp_path, make_pdf):
    """Outputs of an earlier run must not mix with new ones: refused (exit 6); --overwrite
    removes what redactkit wrote before (an output whose input has left the bundle too), and
    still refuses a folder holding a file redactkit did not write."""
    out = tmp_path / "out"
    props = proposals_for(dirty, [SECRET])
    apply([dirty], props, out)
    (out / "statement.pdf").rename(out / "dropped-since.pdf")  # stands for a document no longer in the bundle
    from redactkit.jobs.outdir import MANIFEST
    listed = json.loads((out / MANIFEST).read_text())
    listed["files"].append("dropped-since.pdf")
    (out / MANIFEST).write_text(json.dumps(listed))
    with pytest.raises(OutputError, match="not empty") as refused:
        apply([dirty], props, out)
    assert refused.value.exit_code == 6
    apply([dirty], props, out, ApplyOptions(overwrite=True))
    assert (out / "statement.pdf").exists() and not (out / "dropped-since.pdf").exists()
    (out / "notes-of-a-person.txt").write_text("not redactkit's")
    with pytest.raises(OutputError, match="other file"):
        apply([dirty], props, out, ApplyOptions(overwrite=True))
    assert (out / "notes-of-a-person.txt").exists() and (out / "statement.pdf").exists()  # nothing removed


def test_form_fields_leave_no_value_choice_or_name_behind(tmp_path):
    """A widget taken off its page stayed in the file while the structure tree pointed at it:
    its choices (/Opt), value and name (PDF.js's choice-widget and the 1040 form did)."""
    from redactkit.jobs.verify import verify
    from redactkit.verify.document import VerifyOptions

    path = tmp_path / "in" / "form.pdf"
    path.parent.mkdir()
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), f"Witness: {SECRET}", fontsize=11)
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_COMBOBOX
    widget.field_name = "EmilyClarkeChoice"
    widget.choice_values = [SECRET, "Someone Else"]
    widget.field_value = SECRET
    widget.rect = pymupdf.Rect(72, 200, 272, 220)
    page.add_widget(widget)
    struct = doc.get_new_xref()  # the structure tree's pointer to the widget, as tagged forms have
    doc.update_object(struct, f"<</Type/OBJR/Obj {page.first_widget.xref} 0 R>>")
    doc.xref_set_key(doc.pdf_catalog(), "KeepAlive", f"{struct} 0 R")
    doc.save(path)
    props = proposals_for(path, [SECRET])
    out = apply([path], props, tmp_path / "out").documents[0].output_path
    (report,) = verify([out], VerifyOptions(proposals=props)).files
    assert not [p for p in report.problems if p.check == "redacted-value-present"], report.problems
    raw = b"".join(pymupdf.open(out).xref_object(x, compressed=False).encode("latin-1", "replace")
                   for x in range(1, pymupdf.open(out).xref_length()))
    assert b"Someone Else" not in raw and b"Choice" not in raw


@pytest.mark.parametrize("offset", [30, 0])
def test_an_invisible_layer_made_elsewhere_goes_from_a_scan(tmp_path, offset):
    """A scan read by OCR whose invisible text layer (made by another tool) is a line away from
    the pixels: boxes drawn where the layer puts a value miss it, and the layer's other words
    end up under boxes drawn where OCR read it. The layer goes; the scan is the page."""
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).parent))
    from scans import scanned_pdf

    (tmp_path / "in").mkdir()
    path = scanned_pdf(tmp_path / "in" / "scan.pdf", [f"Witness: {SECRET}", "Seen at the station."])
    with pymupdf.open(path) as doc:
        # offset 30: a line too low; 0: where the pixels are (Courier, as scans.typed_page)
        doc[0].insert_text((60, 120 + offset), f"Witness: {SECRET}", fontsize=12, render_mode=3, fontname="cour")
        doc[0].insert_text((60, 146.4 + offset), "Seen at the station.", fontsize=12, render_mode=3, fontname="cour")
        doc.saveIncr()
    from scans import typed_page

    props = proposals_for(path, [SECRET])
    layer = props.documents[0].findings[0]
    with typed_page([f"Witness: {SECRET}"]) as typed:  # where the pixels show it: what OCR read
        read = typed[0].search_for(SECRET)[0]
    props.documents[0].findings.append(Finding(
        id="f-ocr", page=1, entity=layer.entity, text=SECRET, score=1.0, rects=[list(read)],
        recognizer="test", reason=layer.reason, source="ocr"))
    props.documents[0].ocr_pages = [{"page": 1, "reason": "pictures with no visible text layer",
                                     "quality": 0.95, "rotation": 0.0}]
    result = apply([path], props, tmp_path / "out")
    with pymupdf.open(result.documents[0].output_path) as out:
        text = out[0].get_text()
    assert SECRET not in text
    if offset:
        assert text.strip() == ""
        assert any("invisible text layer" in k for k in result.documents[0].cleaning.removed)
    else:  # a layer that agrees with the pixels stays searchable
        assert "station" in text


def test_a_glyph_a_tenth_of_a_point_high_still_stops_a_widened_box():
    """ps-02 of the producers corpus: a Type 3 font set at 0.1 pt and scaled up by its matrix
    gives every glyph a box 0.1 pt high on the baseline. Such a glyph right of an OCR box was not
    'on the line' (its box missed the middle half of the box's height), so the box widened over
    half of it and verify found a glyph partly outside a box."""
    import numpy as np

    from redactkit.apply.document import _limits

    box = pymupdf.Rect(264.68, 320.12, 295.4, 329.8)
    chars = np.array([[258.5, 328.6, 262.78, 328.7], [295.4, 328.6, 298.15, 328.7],
                      [300.8, 328.6, 307.52, 328.7],
                      [296.0, 331.5, 301.0, 340.0]])  # the next line down: not a neighbour
    left, right = _limits(chars, box)
    assert left <= 263.1 and right <= 295.4 - 0.29
    assert _limits(chars[3:], box)[1] > 1e8  # a glyph of the next line does not stop it


def test_a_box_a_hair_short_of_a_step_is_still_widened_by_a_good_part_of_one():
    """The sample bundle's record of interview: a name 30 pt wide on a line 10.01 pt high, the
    step half of that (5.005 pt): the next multiple, 30.03 pt, widened the box by 0.03 pt, and the
    box still measured the name (verify: width-residue)."""
    from redactkit.apply.widths import quantize_box

    box = pymupdf.Rect(174.0, 160.33, 204.0, 170.34)
    wider = quantize_box(box, 168.3, 209.7)
    assert wider.width - box.width >= box.height / 8
    for width in (29.9, 30.0, 31.0, 47.2):  # and never an exact multiple, never a hair over the word
        grown = quantize_box(pymupdf.Rect(100, 0, 100 + width, 10), 0, 1000).width
        assert grown - width >= 10 * 0.5 / 4 - 1e-9


def test_a_value_between_touching_brackets_is_boxed_over_them_and_its_width_hidden(tmp_path):
    """'To: Joy <joy.adebayo@example.com> today': the address touches its brackets, so its box
    could not be widened and exactly filled the gap between them (the sample bundle's e-mail
    chain failed verify --strict: width-residue). The box takes the closing bracket with it and
    is widened into the space beyond; the letters around are untouched."""
    from redactkit.verify.document import VerifyOptions
    from redactkit.jobs.verify import verify

    source = tmp_path / "in" / "mail.pdf"
    source.parent.mkdir()
    doc = pymupdf.open()
    doc.new_page().insert_text((56, 100), "To: Joy <joy.adebayo@example.com> today, and more text.", fontsize=11)
    doc.save(source)
    value = "joy.adebayo@example.com"
    props = proposals_for(source, [value], entity="EMAIL_ADDRESS")
    out = apply([source], props, tmp_path / "out").documents[0].output_path
    with pymupdf.open(out) as redacted:
        text = redacted[0].get_text()
        boxes = [r for d in redacted[0].get_drawings() for kind, r, *_ in d["items"] if kind == "re"]
    assert value not in text and "To: Joy <" in text and "today, and more text." in text
    with pymupdf.open(source) as original:
        gap = original[0].search_for(value)[0]
    assert len(boxes) == 1 and boxes[0].width > gap.width + 1  # wider than the value: its width is hidden
    report = verify([out], VerifyOptions(proposals=props, strict=True)).files[0]
    assert report.status(strict=True) == "pass", [(p.check, p.detail) for p in report.problems]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names an fsynced file by /proc/self/fd (Linux)")
def test_every_output_is_on_disk_before_it_takes_its_name(dirty, tmp_path, monkeypatch):
    """Each staged file (the redacted PDF and its logs) is fsynced before the rename that gives
    it its final name, and the folders after: a power cut leaves the old file or the whole new
    one, never a redacted PDF of zero bytes under the final name."""
    import redactkit.jobs.apply as job

    synced, renamed = [], []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        synced.append(os.path.realpath(f"/proc/self/fd/{fd}"))
        return real_fsync(fd)

    def replace(src, dst):
        assert os.path.realpath(src) in synced, f"{src} renamed before it was synced"
        renamed.append(str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(job.os, "fsync", fsync)
    monkeypatch.setattr(job.os, "replace", replace)
    out = tmp_path / "out"
    result = apply([dirty], proposals_for(dirty, [SECRET]), out)
    assert str(result.documents[0].output_path) in renamed and len(renamed) >= 3  # the PDF and its two logs
    assert str(out) in synced or os.path.realpath(out) in synced  # the folder that holds the renames

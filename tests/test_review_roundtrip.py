"""Round trips: a preview PDF edited as a viewer would (with PyMuPDF), and a CSV edited as a
spreadsheet would; refusals for files made for other documents or that move a finding."""

from __future__ import annotations

import csv

import pymupdf
import pytest
from typer.testing import CliRunner

from redactkit.cli import app
from redactkit.model.proposals import Proposals
from redactkit.review.preview import preview
from tests.helpers import proposals_for

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, list(map(str, args)))


@pytest.fixture
def case(make_pdf, tmp_path):
    pdf = make_pdf("st.pdf", "Emily Clarke rang 07700 900461 about Tom Reid.", "Later Tom Reid left.")
    props = proposals_for(pdf, ["Emily Clarke", "07700 900461", "Tom Reid"])
    path = tmp_path / "p.json"
    props.save(path)
    return pdf, path


def _by_text(props):
    out = {}
    for f in props.documents[0].findings:
        out.setdefault(f.text, []).append(f)
    return out


def test_preview_edited_in_a_viewer_becomes_decisions(case, tmp_path):
    pdf, path = case
    [result] = preview([pdf], Proposals.load(path), tmp_path / "prev")
    edited = tmp_path / "edited.pdf"
    with pymupdf.open(result.path) as doc:
        page = doc[0]
        for annot in list(page.annots(types=[pymupdf.PDF_ANNOT_REDACT])):
            if "07700" in page.get_textbox(annot.rect):
                page.delete_annot(annot)  # the reviewer keeps the phone number
            elif "Emily" in page.get_textbox(annot.rect):
                r = annot.rect
                annot.set_rect(pymupdf.Rect(r.x0 - 2, r.y0, r.x1 + 20, r.y1))  # widened
                annot.update()
        page.add_redact_annot(pymupdf.Rect(300, 300, 400, 320))  # drawn by the reviewer
        doc.save(edited)
    result = _run("review", path, "--from-preview", edited, "--by", "DC Jones")
    assert result.exit_code == 0, result.output
    assert "rejected: 1 (PERSON 1)" in result.output or "rejected: 1" in result.output
    props = Proposals.load(path)
    got = _by_text(props)
    phone = got["07700 900461"][0]
    assert phone.decision == "rejected" and phone.history[-1]["via"] == "preview"
    emily = got["Emily Clarke"][0]
    assert emily.decision == "accepted" and emily.rects[0][2] > 0
    manual = got[""][0]
    assert manual.source == "manual" and manual.rects == [[300, 300, 400, 320]]
    assert all(f.decision == "proposed" for f in got["Tom Reid"])
    again = _run("review", path, "--from-preview", edited)
    assert "nothing changed" in again.output  # the drawn box is not added twice


def test_a_preview_of_another_document_is_refused(case, make_pdf, tmp_path):
    _pdf, path = case
    other = make_pdf("other.pdf", "Someone else entirely, Tom Reid.")
    other_props = proposals_for(other, ["Tom Reid"])
    [result] = preview([other], other_props, tmp_path / "prev2")
    before = path.read_bytes()
    refused = _run("review", path, "--from-preview", result.path)
    assert refused.exit_code == 7 and "not in the proposals file" in refused.output
    plain = _run("review", path, "--from-preview", other)
    assert plain.exit_code == 7 and "not a redactkit preview" in plain.output
    assert path.read_bytes() == before


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_csv_round_trip_changes_decisions_notes_and_adds(case, tmp_path):
    _pdf, path = case
    sheet = tmp_path / "review.csv"
    assert _run("review", path, "--export-csv", sheet).exit_code == 0
    rows = _rows(sheet)
    assert len(rows) == 4 and {"document", "page", "box", "entity", "text", "score", "reason", "decision", "note"} <= set(rows[0])
    for row in rows:
        if row["text"] == "Tom Reid":
            row["decision"], row["note"] = "keep", "named in the charge"
    rows.append({**rows[0], "id": "", "text": "", "box": "100 100 200 120", "decision": "redact", "note": "signature"})
    _write(sheet, rows)
    result = _run("review", path, "--import-csv", sheet, "--by", "DC Jones")
    assert result.exit_code == 0, result.output
    got = _by_text(Proposals.load(path))
    assert all(f.decision == "rejected" and f.note == "named in the charge" and f.history[-1]["via"] == "csv"
               for f in got["Tom Reid"])
    assert got[""][0].rects == [[100, 100, 200, 120]] and got[""][0].decision == "accepted"
    assert "nothing changed" in _run("review", path, "--import-csv", sheet).output


@pytest.mark.parametrize("column, value, says", [
    ("text", "Emily Clark", "text of finding"), ("box", "1 2 3 4", "position"), ("page", "2", "position"),
    ("document", "other.pdf", "not in the proposals file"), ("decision", "maybe", "not one of"),
])
def test_csv_that_changes_a_finding_is_refused(case, tmp_path, column, value, says):
    _pdf, path = case
    sheet = tmp_path / "review.csv"
    _run("review", path, "--export-csv", sheet)
    rows = _rows(sheet)
    rows[0][column] = value
    _write(sheet, rows)
    before = path.read_bytes()
    result = _run("review", path, "--import-csv", sheet)
    assert result.exit_code in (3, 7) and says in result.output, result.output
    assert path.read_bytes() == before


def test_xfdf_round_trip_as_acrobat_would(case, tmp_path):
    import xml.etree.ElementTree as ET

    pdf, path = case
    folder = pdf.parent
    out = tmp_path / "xfdf"
    assert _run("review", path, "--export-xfdf", out, "--bundle", folder).exit_code == 0
    [xfdf] = list(out.rglob("*.xfdf"))
    ns = "{http://ns.adobe.com/xfdf/}"
    tree = ET.parse(xfdf)
    annots = tree.getroot().find(f"{ns}annots")
    with pymupdf.open(pdf) as doc:
        height = doc[0].mediabox.y1
        for element in list(annots):
            x0, y0, x1, y1 = map(float, element.get("rect").split(","))
            if "07700" in doc[0].get_textbox(pymupdf.Rect(x0, height - y1, x1, height - y0)):
                annots.remove(element)  # deleted in Acrobat
    ET.SubElement(annots, f"{ns}redact", {"page": "0", "rect": f"100,{height - 220},200,{height - 200}"})
    tree.write(xfdf, xml_declaration=True, encoding="utf-8")
    assert _run("review", path, "--import-xfdf", xfdf, "--bundle", folder).exit_code == 0
    got = _by_text(Proposals.load(path))
    assert got["07700 900461"][0].decision == "rejected" and got["07700 900461"][0].history[-1]["via"] == "xfdf"
    assert got[""][0].rects == [[100, 200, 200, 220]]
    assert all(f.decision == "proposed" for f in got["Tom Reid"])
    assert "needs the documents" in _run("review", path, "--import-xfdf", xfdf).output


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_redact_boxes_read_off_the_dictionaries_are_what_pymupdf_loads(tmp_path, rotation):
    """The quick reading of a preview's boxes (review/roundtrip._redact_boxes) gives each Redact
    annotation's rectangle and name exactly as loading the annotation does, on pages turned or
    not, whose MediaBox and CropBox do not start at 0, for boxes written backwards or indirectly."""
    from redactkit.review.roundtrip import _redact_boxes

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=600)
    doc.xref_set_key(page.xref, "MediaBox", "[-30 17 450 640]")
    doc.xref_set_key(page.xref, "CropBox", "[-10 27.5 430 620]")
    page.set_rotation(rotation)
    boxes = [(20, 30, 120, 48), (200.333, 400.25, 260.5, 415.75), (5, 5, 60, 9)]
    for i, box in enumerate(boxes):
        annot = page.add_redact_annot(pymupdf.Rect(box) * page.derotation_matrix)
        if i < 2:
            annot.set_name(f"redactkit:f{i:015x}:0")
            doc.xref_set_key(annot.xref, "NM", f"(redactkit:f{i:015x}:0)")
    page.add_highlight_annot(pymupdf.Rect(10, 10, 50, 20))  # not a Redact annotation: left out
    first, second = [x for x, kind, _ in page.annot_xrefs() if kind == pymupdf.PDF_ANNOT_REDACT][:2]
    x0, y0, x1, y1 = (float(v) for v in doc.xref_get_key(first, "Rect")[1].strip("[]").split())
    doc.xref_set_key(first, "Rect", f"[{x1} {y1} {x0} {y0}]")  # written backwards
    indirect = doc.get_new_xref()
    doc.update_object(indirect, doc.xref_get_key(second, "Rect")[1])
    doc.xref_set_key(second, "Rect", f"{indirect} 0 R")  # an indirect /Rect
    path = tmp_path / "p.pdf"
    doc.save(path)
    with pymupdf.open(path) as pdf:
        page = pdf[0]
        loaded = [([round(v, 2) for v in a.rect], a.info.get("id", ""))
                  for a in page.annots(types=[pymupdf.PDF_ANNOT_REDACT])]
        assert list(_redact_boxes(pdf, page)) == loaded
        assert len(loaded) == 3 and loaded[0][1].startswith("redactkit:")

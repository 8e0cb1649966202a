"""Recall and precision floors on a small subset of the producers corpus (tests/corpora/producers:
documents made by LibreOffice, Chromium, pdfLaTeX and a PostScript round trip, with their truth).
The whole corpus, per producer and entity, is ``make bench``'s (bench/producers.py); this keeps a
regression from passing the fast tests unnoticed. Floors sit a little under what the subset
scores now, so they fail on a real loss, not on noise."""

from pathlib import Path

import pytest

from bench.producers import CORPUS, evaluate, load_truth
from redactkit.jobs.scan import ScanOptions, scan

SUBSET = ["pdf/lo-11-safeguarding-referral.pdf", "pdf/web-05-phone-extract-whitfield.pdf",
          "pdf/tex-08-mg11-nic-giolla-phadraig.pdf", "pdf/lo-01-mg11-whitfield-adeyemi.pdf"]
FLOORS = (0.88, 0.85)  # recall, precision over the subset


def _findings(result):
    by_name = {Path(d).name: d for d in SUBSET}
    return {by_name[Path(doc.path).name]: [
        {"page": f.page, "entity": f.entity, "text": f.text, "decision": f.decision, "source": f.source,
         "rects": [list(r) for r in f.rects]} for f in doc.findings] for doc in result.proposals.documents}


@pytest.mark.slow
def test_recall_and_precision_floors_on_documents_from_real_producers(detector):
    truth = {d: t for d, t in load_truth().items() if d in SUBSET}
    assert len(truth) == len(SUBSET)
    result = scan([str(CORPUS / d) for d in SUBSET], ScanOptions(policy="police-to-cps", workers=1,
                                                                 people_file=CORPUS / "case.yaml"), detector=detector)
    report = evaluate(truth, _findings(result))
    items = sum(c["items"] for c in report["producers"].values())
    found = sum(c.get("found", 0) for c in report["producers"].values())
    findings = sum(c.get("findings", 0) for c in report["producers"].values())
    tp = sum(c.get("tp", 0) for c in report["producers"].values())
    assert found / items >= FLOORS[0], f"recall {found}/{items}"
    assert tp / findings >= FLOORS[1], f"precision {tp}/{findings}"
    # the dates of birth and the school year in table columns are among what is found
    missed = {m["text"] for m in report["misses"]}
    assert not missed & {"2nd June 2016", "21st February 2022", "19/04/1992", "Year 4"}


@pytest.mark.slow
def test_a_postscript_round_trip_with_a_garbage_text_layer_is_read_by_ocr(detector):
    """pdf2ps then ps2pdf of a LibreOffice export: its text layer is control characters. It used
    to give no finding at all (a silent leak); it is read by OCR now."""
    doc = "pdf/ps-07-crime-report-tilbrook.pdf"
    result = scan([str(CORPUS / doc)], ScanOptions(workers=1, people_file=CORPUS / "case.yaml"), detector=detector)
    (props,) = result.proposals.documents
    assert props.ocr_pages and "not readable text" in props.ocr_pages[0]["reason"]
    report = evaluate({doc: load_truth()[doc]}, {doc: [
        {"page": f.page, "entity": f.entity, "text": f.text, "decision": f.decision, "source": f.source,
         "rects": [list(r) for r in f.rects]} for f in props.findings]})
    counts = report["producers"]["ps-roundtrip"]
    assert counts.get("found", 0) / counts["items"] >= 0.6


@pytest.mark.slow
def test_run_on_a_postscript_round_trip_passes_its_own_verification(tmp_path, detector):
    """A PostScript round trip draws spaces with glyphs that have no Unicode map, and apply fills
    all of a page's boxes as one path: verify read the unmapped spaces between the boxes as text
    under the path's outline (37 errors on this page), and apply's OCR-found boxes kept the
    words' exact widths over real glyphs. Now run's output passes verify, boxes widened."""
    from redactkit.jobs.run import RunOptions, run
    from redactkit.jobs.scan import ScanOptions as Scan

    doc = CORPUS / "pdf" / "ps-04-medical-ed-discharge.pdf"
    result = run([doc], tmp_path / "out", RunOptions(scan=Scan(workers=1, people_file=CORPUS / "case.yaml")),
                 detector=detector)
    (report,) = result.checked.files
    assert report.status() in ("pass", "pass with warnings"), [(p.check, p.where) for p in report.errors(False)]
    assert not [p for p in report.problems if p.check == "text-under-cover"]

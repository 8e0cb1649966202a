"""The boxes of OCR findings are grown to their ink in the scan's workers (jobs.scan._grow_pages),
a few pages a job: the proposals must not depend on how many workers grew them, and a page that
cannot be grown is reported, not lost."""

from __future__ import annotations

import pytest

from redactkit.jobs.scan import GROW_PAGES, ScanOptions, _grow_jobs, scan
from redactkit.model.proposals import DocumentProposals, Finding, Source

from scans import scanned_pdf

LINES = ["Spoke to Emily CLARKE by phone on 07700 900461.",
         "She lives at 5 Elm Grove, Leeds LS6 2HP.",
         "Her NHS number is 943 476 5919 and she is well."]


def _finding(page: int, source: str = Source.OCR) -> Finding:
    return Finding(id=f"f{page}", page=page, entity="PHONE_NUMBER", text="07700 900461", score=0.9,
                   rects=[[10.0, 10.0, 50.0, 20.0]], recognizer="test", reason="test", source=source)


def test_grow_jobs_share_a_long_document_out_and_skip_pages_with_nothing_to_grow():
    doc = DocumentProposals(path="a.pdf", sha256="0", pages=12)
    doc.findings = [_finding(p) for p in range(1, 11)] + [_finding(11, Source.TEXT)]
    doc.ocr_pages = [{"page": 12, "reason": "pictures with no visible text layer", "quality": 1.0, "rotation": 0}]
    doc.findings.append(_finding(12, Source.TEXT))  # a text-layer finding on a scanned page is grown too
    jobs = _grow_jobs([doc])
    pages = [p for _doc, chunk in jobs for p in chunk]
    assert pages == list(range(1, 11)) + [12]  # page 11's text-layer finding is not grown
    assert all(len(chunk) <= GROW_PAGES for _doc, chunk in jobs)


@pytest.mark.slow
def test_boxes_grown_by_two_workers_are_those_grown_by_one(tmp_path, detector):
    for name in ("a", "b", "c"):
        scanned_pdf(tmp_path / f"{name}.pdf", LINES)
    one = scan([str(tmp_path)], ScanOptions(workers=1), detector=detector).proposals
    two = scan([str(tmp_path)], ScanOptions(workers=2), detector=detector).proposals
    assert [d.path for d in one.documents] == [d.path for d in two.documents]
    grown = 0
    for a, b in zip(one.documents, two.documents):
        assert [(f.page, f.entity, f.text, f.rects) for f in a.findings] == \
            [(f.page, f.entity, f.text, f.rects) for f in b.findings]
        assert a.warnings == b.warnings == []
        grown += sum(1 for f in a.findings if f.source == Source.OCR)
    assert grown >= 6


def test_a_document_that_cannot_be_grown_is_reported(tmp_path, detector, monkeypatch):
    import redactkit.jobs.scan as scan_job

    scanned_pdf(tmp_path / "a.pdf", LINES)

    def broken(*_args, **_kwargs):
        raise RuntimeError("no pixels")

    monkeypatch.setattr(scan_job, "grow_findings", broken)
    result = scan([str(tmp_path)], ScanOptions(workers=1), detector=detector)
    doc = result.proposals.documents[0]
    assert any("could not be grown" in w and "no pixels" in w for w in doc.warnings)
    assert result.exit_code != 0

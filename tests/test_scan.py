"""The scan job end to end: real PDFs in, proposals out."""

import json

import pymupdf
import pytest

from redactkit.core.errors import ExitCode
from redactkit.model.proposals import Proposals
from redactkit.jobs.scan import ScanOptions, scan


@pytest.fixture
def bundle(tmp_path, make_pdf):
    folder = tmp_path / "bundle"
    folder.mkdir()
    make_pdf("bundle/a.pdf", ["Her mobile is 07700 900461 and NHS number 943 476 5919."])
    (folder / "sub").mkdir()
    make_pdf("bundle/sub/b.pdf", ["Vehicle AB12 CDE was seen.", "PC 4471 COLLINS attended."])
    (folder / "readme.txt").write_text("not a pdf")
    return folder


def test_scan_bundle(bundle, detector):
    result = scan([bundle], ScanOptions(workers=1), detector=detector)
    props = result.proposals
    assert [d.path for d in props.documents] == ["a.pdf", "sub/b.pdf"]
    a = props.documents[0]
    assert {(f.entity, f.text) for f in a.findings} >= {("PHONE_NUMBER", "07700 900461"), ("UK_NHS", "943 476 5919")}
    b = props.documents[1]
    collar = [f for f in b.findings if f.entity == "UK_COLLAR_NUMBER"][0]
    assert collar.decision == "rejected" and "officer" in collar.reason  # police-to-cps keeps collar numbers
    vrm = [f for f in b.findings if f.entity == "UK_VEHICLE_REGISTRATION"][0]
    assert vrm.decision == "proposed" and vrm.reason == "third-party personal data"
    assert props.skipped == [{"path": str(bundle / "readme.txt"), "reason": "not a PDF (skipped)", "error": False}]
    assert result.exit_code == ExitCode.OK


def test_finding_rects_cover_the_text(bundle, detector):
    result = scan([bundle / "a.pdf"], ScanOptions(workers=1), detector=detector)
    finding = [f for f in result.proposals.documents[0].findings if f.entity == "PHONE_NUMBER"][0]
    with pymupdf.open(bundle / "a.pdf") as doc:
        inside = doc[0].get_text("text", clip=pymupdf.Rect(finding.rects[0])).strip()
    assert inside == "07700 900461"
    assert finding.page == 1 and finding.source == "text"


def test_ids_are_stable_and_workers_do_not_change_the_result(bundle, detector, tmp_path):
    one = scan([bundle], ScanOptions(workers=1), detector=detector).proposals
    again = scan([bundle], ScanOptions(workers=1), detector=detector).proposals
    two = scan([bundle], ScanOptions(workers=2), detector=detector).proposals
    strip = lambda p: json.dumps([d.to_dict() for d in p.documents], sort_keys=True)  # noqa: E731
    assert strip(one) == strip(again) == strip(two)
    ids = [f.id for d in one.documents for f in d.findings]
    assert len(ids) == len(set(ids))


def test_parallel_scan_really_forks(tmp_path, make_pdf, detector):
    paths = [make_pdf(f"p{i}.pdf", *[f"Call 07700 900{i:03d} now."] * 3) for i in range(14)]
    result = scan(paths, ScanOptions(workers=2), detector=detector)
    assert result.workers == 2
    assert sum(len(d.findings) for d in result.proposals.documents) == 14 * 3


def test_bad_files_do_not_lose_the_others(tmp_path, make_pdf, detector):
    good = make_pdf("good.pdf", ["Call 07700 900461 now."])
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello")
    locked = tmp_path / "locked.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret 07700 900999")
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="pw2")
    result = scan([empty, good, fake, locked, tmp_path / "nope.pdf"], ScanOptions(workers=1), detector=detector)
    assert [d.path for d in result.proposals.documents] == ["good.pdf"]
    reasons = {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in result.proposals.skipped}
    assert "empty" in reasons["empty.pdf"] and "not a PDF" in reasons["fake.pdf"]
    assert "encrypted" in reasons["locked.pdf"] and "no such" in reasons["nope.pdf"]
    assert result.exit_code == ExitCode.BAD_INPUT  # the first problem, in input order

    unlocked = scan([locked], ScanOptions(workers=1, password="pw"), detector=detector)
    assert unlocked.exit_code == ExitCode.OK
    assert [f.text for f in unlocked.proposals.documents[0].findings] == ["07700 900999"]


def test_damaged_file_is_scanned_as_far_as_possible(tmp_path, detector):
    doc = pymupdf.open()
    for i in range(6):
        doc.new_page().insert_text((72, 72), f"Page {i} mobile 07700 900{i:03d}")
    data = doc.tobytes(garbage=0, deflate=False)
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    result = scan([path], ScanOptions(workers=1), detector=detector)
    assert result.exit_code == ExitCode.DAMAGED
    (document,) = result.proposals.documents
    assert document.warnings and document.unreadable_pages
    assert {f.text for f in document.findings} >= {"07700 900000", "07700 900001"}


def test_proposals_round_trip_and_schema(bundle, detector, tmp_path):
    props = scan([bundle], ScanOptions(workers=1), detector=detector).proposals
    out = tmp_path / "p.json"
    props.save(out)
    data = json.loads(out.read_text())
    assert data["version"] == 1 and data["rules"].startswith(detector.rules.version + "+sha256:")
    again = Proposals.load(out)
    assert again.to_dict() == props.to_dict()
    finding = data["documents"][0]["findings"][0]
    assert {"id", "page", "entity", "text", "score", "rects", "recognizer", "reason", "decision"} <= finding.keys()
    assert len(data["documents"][0]["sha256"]) == 64


@pytest.mark.slow
def test_page_over_the_time_limit_is_not_read_and_redacted_whole(tmp_path, detector):
    """A scanned page still being read at its time limit is stopped and listed unreadable, so
    apply blacks it out whole (fail closed); the typed page after it is scanned as usual."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from scans import scanned_pdf

    from redactkit.apply.document import ApplyOptions
    from redactkit.jobs.apply import apply

    scan_path = scanned_pdf(tmp_path / "scan.pdf", ["Witness: Mary Jones", "Tel 07700 900461"])
    with pymupdf.open(scan_path) as doc:
        page = doc.new_page()
        page.insert_text((72, 100), "Her mobile is 07700 900461.")
        doc.saveIncr()
    result = scan([scan_path], ScanOptions(workers=1, page_seconds=1e-6), detector=detector)
    doc = result.proposals.documents[0]
    assert doc.unreadable_pages == [1]
    assert any("time limit" in w for w in doc.warnings)
    assert result.exit_code == ExitCode.DAMAGED
    assert any(f.page == 2 and f.entity == "PHONE_NUMBER" for f in doc.findings)
    applied = apply([scan_path], result.proposals, tmp_path / "out", ApplyOptions(workers=1))
    with pymupdf.open(applied.documents[0].output_path) as out:
        assert not out[0].get_images()  # the scan is gone: the page was redacted whole
        assert "07700" not in out[1].get_text()

    limited = scan([scan_path], ScanOptions(workers=1, document_seconds=1e-9), detector=detector)
    assert limited.proposals.documents[0].unreadable_pages == [1, 2]
    assert any("document's time limit" in w for w in limited.proposals.documents[0].warnings)

"""run as a function of the API: each document stands alone, and counts are paired by path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from redactkit.core.errors import ExitCode
from redactkit.jobs.run import INTERNAL, RunOptions, run
from redactkit.jobs.scan import ScanOptions


def _copy(samples_dir: Path, dest: Path, *names: str) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(samples_dir / name, dest / Path(name).name)


def _encrypted(path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Witness: Emily Clarke, 07700 900461")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")


def _options() -> RunOptions:
    return RunOptions(scan=ScanOptions(workers=1))


@pytest.mark.slow
def test_one_bad_file_does_not_stop_the_others(samples_dir, tmp_path, detector):
    bundle = tmp_path / "bundle"
    _copy(samples_dir, bundle, "statements/02-MG11-complainant.pdf", "04-custody-record.pdf")
    (bundle / "00-damaged.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<\n" + b"\x00garbage" * 40)
    _encrypted(bundle / "03-encrypted.pdf")
    (bundle / "notes.docx").write_bytes(b"PK\x03\x04 not a pdf")
    before = {p: p.read_bytes() for p in bundle.iterdir()}

    result = run([bundle], tmp_path / "out", _options(), detector=detector)

    by_path = {d.path: d for d in result.documents}
    assert by_path["02-MG11-complainant.pdf"].status == "pass"
    assert by_path["04-custody-record.pdf"].status == "pass"
    assert (tmp_path / "out" / "02-MG11-complainant.pdf").exists()
    assert (tmp_path / "out" / "04-custody-record.pdf").exists()
    assert "not redacted" in by_path["03-encrypted.pdf"].status
    assert by_path["03-encrypted.pdf"].exit_code == ExitCode.ENCRYPTED
    assert not (tmp_path / "out" / "03-encrypted.pdf").exists()
    assert by_path["00-damaged.pdf"].exit_code != 0
    assert any(d.path.endswith("notes.docx") and d.status.startswith("not a PDF") for d in result.documents)
    assert result.exit_code == by_path["00-damaged.pdf"].exit_code  # the first failure in input order
    assert (tmp_path / "out" / INTERNAL / "verify-report.json").exists()
    assert {p: p.read_bytes() for p in bundle.iterdir()} == before  # inputs untouched


@pytest.mark.slow
def test_counts_are_paired_with_documents_by_path(samples_dir, tmp_path, detector):
    loose = tmp_path / "loose" / "09-medical-note.pdf"
    _copy(samples_dir, loose.parent, "unused/09-medical-note.pdf")
    folder = tmp_path / "folder"
    _copy(samples_dir, folder, "01-MG5-case-summary.pdf", "statements/03-MG11-witness.pdf")

    result = run([loose, folder], tmp_path / "out", _options(), detector=detector)

    assert result.exit_code == 0, [(d.path, d.status, d.error) for d in result.documents]
    for doc in result.documents:
        props = result.proposals.document(doc.path)
        assert props is not None, doc.path
        assert doc.found == len(props.findings)
        assert doc.pages == props.pages
        assert doc.boxes == next(d.boxes for d in result.applied.documents if d.relpath == doc.path)
    assert [d.path for d in result.documents][0] == "09-medical-note.pdf"
    assert {d.path: d.pages for d in result.documents}["03-MG11-witness.pdf"] == 2


class _CtrlCWhileVerifying:
    """Progress for run: Ctrl-C pressed as verification reports its first document."""

    def __init__(self, verb):
        self.verb = verb

    def start(self, documents):
        pass

    def advance(self, document, pages):
        pass

    def document_done(self, document, count, what=""):
        if self.verb == "verify":
            raise KeyboardInterrupt

    def close(self):
        pass


@pytest.mark.slow
def test_an_interrupted_verification_says_so_and_a_second_run_needs_overwrite(samples_dir, tmp_path, detector):
    from redactkit.core.errors import OutputError
    from redactkit.jobs.run import NOT_VERIFIED

    bundle = tmp_path / "bundle"
    _copy(samples_dir, bundle, "04-custody-record.pdf")
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt, match="interrupted.*NOT verified"):
        run([bundle], out, _options(), progress=_CtrlCWhileVerifying, detector=detector)
    marker = out / INTERNAL / NOT_VERIFIED
    assert marker.exists() and "04-custody-record.pdf" in marker.read_text()
    assert not (out / INTERNAL / "verify-report.json").exists()

    with pytest.raises(OutputError, match="not empty"):  # stale and new outputs never mix
        run([bundle], out, _options(), detector=detector)
    options = _options()
    options.apply.overwrite = True
    result = run([bundle], out, options, detector=detector)
    assert result.exit_code == 0
    assert not marker.exists() and (out / INTERNAL / "verify-report.json").exists()


def test_every_mention_of_a_value_redacted_once_is_redacted(tmp_path):
    """The detector decides per mention, verify per value: run redacts the other mentions (in
    any case, possessives too), leaves a mention that was kept on purpose, and its output then
    passes verification with the proposals."""
    from helpers import proposals_for
    from redactkit.jobs.apply import apply
    from redactkit.jobs.mentions import add_every_mention
    from redactkit.jobs.verify import verify
    from redactkit.model.proposals import Decision
    from redactkit.verify.document import VerifyOptions

    path = tmp_path / "in" / "form.pdf"
    path.parent.mkdir()
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Spouse: Emily Clarke", fontsize=11)
    page.insert_text((72, 130), "If your SPOUSE was born before 1950, tick here.", fontsize=11)
    page.insert_text((72, 160), "The spouse's signature goes below.", fontsize=11)
    doc.new_page().insert_text((72, 100), "Spouse (continued)", fontsize=11)
    doc.save(path)
    props = proposals_for(path, ["Spouse"])
    first = props.documents[0].findings
    assert len(first) >= 3
    props.documents[0].findings = first[:1]  # the detector took only the first for a name
    with pymupdf.open(path) as pdf:
        added = add_every_mention(pdf, props.documents[0])
    assert added == 3
    assert all(f.derived_from == first[0].id for f in props.documents[0].findings[1:])
    out = apply([path], props, tmp_path / "out").documents[0].output_path
    (report,) = verify([out], VerifyOptions(proposals=props)).files
    assert not [p for p in report.problems if p.check == "redacted-value-present"], report.problems

    kept = proposals_for(path, ["Spouse"])
    kept.documents[0].findings[1].decision = Decision.REJECTED  # a reviewer kept "SPOUSE" on line 2
    kept.documents[0].findings = kept.documents[0].findings[:2]
    with pymupdf.open(path) as pdf:
        assert add_every_mention(pdf, kept.documents[0]) == 0  # part of something kept: not looked for


@pytest.mark.slow
def test_a_file_apply_cannot_redact_is_withheld_whole_and_said(samples_dir, tmp_path, detector, monkeypatch):
    """When MuPDF's redaction raises on a file (pdf.js's visibility_expressions.pdf did, with an
    /AS reached through indirect objects, until layers.py walked into them), run used to leave it
    out. Fail closed: every page black, exit 5, and the reason in the summary; the other
    documents of the bundle are redacted as usual. No file of the public corpus makes MuPDF
    raise there any more, so the error MuPDF raised on it is raised for one copy here; the file
    itself is now redacted and verified like any other."""
    import numpy as np

    import redactkit.jobs.apply as jobs_apply

    bundle = tmp_path / "bundle"
    _copy(samples_dir, bundle, "04-custody-record.pdf")
    hostile = Path(__file__).parent / "corpora" / "public" / "pdfjs--visibility_expressions.pdf"
    shutil.copy(hostile, bundle / "visibility.pdf")
    shutil.copy(hostile, bundle / "refused.pdf")
    real = jobs_apply.redact_document

    def redact_or_fail(path, props, options, relpath, member=None):
        if relpath == "refused.pdf":
            raise RuntimeError("path to 'AS' has indirects")  # what MuPDF raised on it
        return real(path, props, options, relpath, member)

    monkeypatch.setattr(jobs_apply, "redact_document", redact_or_fail)
    result = run([bundle], tmp_path / "out", _options(), detector=detector)
    by_path = {d.path: d for d in result.documents}
    assert by_path["04-custody-record.pdf"].output.exists()
    assert by_path["visibility.pdf"].exit_code == 0 and by_path["visibility.pdf"].status == "pass"
    odd = by_path["refused.pdf"]
    assert odd.exit_code == ExitCode.DAMAGED and "withheld" in odd.error
    with pymupdf.open(odd.output) as out:
        for page in out:
            pix = page.get_pixmap(dpi=36, colorspace=pymupdf.csGRAY)
            assert np.frombuffer(pix.samples, np.uint8).mean() < 40  # black but for the one-line label
    assert odd.status == "pass"  # and its own verification passes

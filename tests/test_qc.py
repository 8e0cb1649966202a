"""verify --missed, the no-redaction warning, and redactkit qc's report."""

from __future__ import annotations

import json

import pymupdf
import pytest

from redactkit.jobs.verify import verify
from redactkit.training.badly import redact_properly
from redactkit.training.bundle import make_bundle
from redactkit.verify.document import VerifyOptions


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return make_bundle(tmp_path_factory.mktemp("qc"), seed=4, docs=2)


def _misses(bundle, tmp_path):
    """Each document redacted properly except its first two redactable items, left visible."""
    items = json.loads(bundle.key.read_text())["items"]
    left = []
    for name in bundle.documents:
        mine = [i for i in items if i["document"] == name and i["redact"]]
        left += mine[:2]
        with pymupdf.open(bundle.folder / name) as doc:
            redact_properly(doc, mine[2:])
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            doc.save(tmp_path / name)
    return left


@pytest.mark.slow
def test_missed_reports_what_is_still_visible(bundle, tmp_path):
    left = _misses(bundle, tmp_path / "out")
    result = verify([tmp_path / "out"], VerifyOptions(missed=True, people_file=bundle.people, workers=1))
    for item in left:
        report = next(r for r in result.files if r.path == item["document"])
        hits = [p for p in report.problems if p.check == "visible-personal-data" and p.page == item["page"]
                and pymupdf.Rect(json.loads(p.where)).intersects(pymupdf.Rect(item["rects"][0]))]
        assert hits and hits[0].severity == "warning", item
    visible = [p for r in result.files for p in r.problems if p.check == "visible-personal-data"]
    assert len(visible) <= len(left) + 2  # the redacted items are not reported
    strict = verify([tmp_path / "out"], VerifyOptions(missed=True, strict=True, people_file=bundle.people, workers=1))
    assert strict.exit_code == 1
    assert {p.severity for r in strict.files for p in r.problems if p.check == "visible-personal-data"} == {"error"}


@pytest.mark.slow
def test_unredacted_originals_do_not_pass_silently(bundle):
    result = verify([bundle.folder], VerifyOptions(workers=1))
    for report in result.files:
        warnings = [p for p in report.problems if p.check == "visible-personal-data"]
        assert len(warnings) == 1 and warnings[0].detail.startswith("no redactions found; ")
        assert report.status() == "pass with warnings"
    assert verify([bundle.folder], VerifyOptions(strict=True, workers=1)).exit_code == 1


@pytest.mark.slow
def test_qc_report_shows_problems_without_personal_data(bundle, tmp_path):
    from typer.testing import CliRunner

    from redactkit.cli import app

    left = _misses(bundle, tmp_path / "out")
    report = tmp_path / "qc.pdf"
    result = CliRunner().invoke(app, ["qc", str(tmp_path / "out"), "--people", str(bundle.people),
                                      "--report", str(report), "-q", "-j", "1"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    data = json.loads(report.with_suffix(".json").read_text())
    assert any(p["check"] == "visible-personal-data" for f in data["files"] for p in f["problems"])
    with pymupdf.open(report) as pdf:
        text = " ".join(page.get_text() for page in pdf)
        assert "visible-personal-data" in text and len(pdf[0].get_images()) >= 1
        for item in left:
            assert item["text"] not in text and item["text"] not in result.output

"""Re-scanning keeps decisions: carried to the same finding of the same file, the rest listed."""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

from redactkit.cli import app
from redactkit.model.proposals import Proposals
from redactkit.review.carryover import carry_over
from redactkit.review.decisions import add_manual
from redactkit.review.history import record
from tests.helpers import proposals_for

runner = CliRunner()


@pytest.fixture
def scanned(make_pdf):
    path = make_pdf("st.pdf", "Emily Clarke rang 07700 900461 and Tom Reid.")
    return path, proposals_for(path, ["Emily Clarke", "07700 900461", "Tom Reid"])


def test_decisions_notes_and_boxes_are_carried_to_the_same_findings(scanned):
    _path, old = scanned
    fresh = copy.deepcopy(old)
    a, b, c = old.documents[0].findings
    record(a, "rejected", "DC Jones", "cli", "named in the charge")
    record(b, "accepted", "DC Jones", "cli")
    add_manual(old, old.documents[0].path, 1, [10, 10, 50, 30], "added", by="DC Jones")
    fresh.documents[0].findings.pop()  # the third is not found again (other rules)
    record(c, "rejected", "DC Jones", "cli")
    report = carry_over(fresh, old, "old.json")
    assert (report.carried, report.manual) == (2, 1)
    assert [why for _d, _id, why in report.lost] == ["the PERSON on page 1 was not found again"]
    got = {f.id: f for f in fresh.documents[0].findings}
    assert got[a.id].decision == "rejected" and got[a.id].note == "named in the charge"
    assert got[a.id].history[-1]["by"] == "DC Jones" and got[b.id].decision == "accepted"
    assert sum(f.source == "manual" for f in got.values()) == 1
    assert carry_over(fresh, old).manual == 1 and len(fresh.documents[0].findings) == 3  # not added twice


def test_a_changed_document_carries_nothing_and_says_why(scanned):
    _path, old = scanned
    fresh = copy.deepcopy(old)
    fresh.documents[0].sha256 = "0" * 64
    record(old.documents[0].findings[0], "rejected", "DC Jones", "cli")
    report = carry_over(fresh, old)
    assert report.carried == 0 and "changed" in report.lost[0][2]
    assert fresh.documents[0].findings[0].decision == "proposed"


def test_policy_decisions_are_not_carried(scanned):
    _path, old = scanned
    fresh = copy.deepcopy(old)
    old.documents[0].findings[0].decision = "rejected"  # by the policy: no history
    assert carry_over(fresh, old).carried == 0 and fresh.documents[0].findings[0].decision == "proposed"


@pytest.mark.slow
def test_scan_onto_a_reviewed_file_keeps_its_decisions(make_pdf, tmp_path):
    pdf = make_pdf("st.pdf", "Statement of Emily Clarke, mobile 07700 900461.")
    out = tmp_path / "p.json"
    assert runner.invoke(app, ["scan", str(pdf), "--out", str(out), "-j", "1", "-q"]).exit_code == 0
    assert runner.invoke(app, ["review", str(out), "--reject", "entity=PHONE_NUMBER", "--by", "DC Jones"]).exit_code == 0
    old = tmp_path / "old.json"
    old.write_text(out.read_text())
    again = runner.invoke(app, ["scan", str(pdf), "--out", str(tmp_path / "new.json"), "--previous", str(old), "-j", "1", "-q"])
    assert again.exit_code == 0 and "carried over" in again.output
    onto = runner.invoke(app, ["scan", str(pdf), "--out", str(out), "-j", "1", "-q"])
    for target in (tmp_path / "new.json", out):
        phones = [f for d in json.loads(target.read_text())["documents"] for f in d["findings"] if f["entity"] == "PHONE_NUMBER"]
        assert phones and all(f["decision"] == "rejected" and f["history"][-1]["by"] == "DC Jones" for f in phones)
    assert onto.exit_code == 0
    Proposals.load(out)

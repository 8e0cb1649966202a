"""The proposals file is a contract: it is validated on every read and refused when wrong."""

import json

import pytest

from redactkit.core.errors import ExitCode, MismatchError
from redactkit.model.proposals import Proposals, finding_id, validate

GOOD = {
    "version": 1, "created": "2026-11-21T10:00:00+00:00", "rules": "2026.11.1+sha256:abc",
    "documents": [{"path": "a.pdf", "sha256": "0" * 64, "pages": 1, "findings": [
        {"id": "f1", "page": 1, "entity": "UK_NHS", "text": "943 476 5919", "score": 0.95,
         "rects": [[10, 10, 50, 20]], "recognizer": "UkNhsNumberRecognizer",
         "reason": "third-party personal data", "decision": "proposed"}]}],
}


def test_minimal_file_from_the_issue_is_valid():
    validate(GOOD)
    assert Proposals.from_dict(GOOD).documents[0].findings[0].redact


@pytest.mark.parametrize("change,message", [
    (lambda d: d.update(version=2), "version 2 is not supported"),
    (lambda d: d["documents"][0]["findings"][0].update(decision="maybe"), "decision"),
    (lambda d: d["documents"][0]["findings"][0].update(page=0), "page"),
    (lambda d: d["documents"][0]["findings"][0].update(rects=[[1, 2, 3]]), "rects"),
    (lambda d: d["documents"][0].update(sha256="xyz"), "sha256"),
    (lambda d: d.pop("documents"), "documents"),
])
def test_invalid_files_are_refused(change, message):
    data = json.loads(json.dumps(GOOD))
    change(data)
    with pytest.raises(MismatchError, match=message) as info:
        Proposals.from_dict(data)
    assert info.value.exit_code == ExitCode.MISMATCH


def test_unreadable_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{not json")
    with pytest.raises(MismatchError, match="not a readable proposals file"):
        Proposals.load(path)
    with pytest.raises(MismatchError, match="not found"):
        Proposals.load(tmp_path / "missing.json")


def test_rejected_is_the_only_decision_that_keeps_text():
    data = json.loads(json.dumps(GOOD))
    finding = data["documents"][0]["findings"][0]
    for decision, redact in (("proposed", True), ("accepted", True), ("rejected", False)):
        finding["decision"] = decision
        assert Proposals.from_dict(data).documents[0].findings[0].redact is redact


def test_finding_ids_are_deterministic():
    assert finding_id("a" * 64, 1, "UK_NHS", "3:15") == finding_id("a" * 64, 1, "UK_NHS", "3:15")
    assert finding_id("a" * 64, 1, "UK_NHS", "3:15") != finding_id("a" * 64, 2, "UK_NHS", "3:15")

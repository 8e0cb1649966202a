"""Configuration files are checked once, on load: an error names the file, the key and the line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from redactkit.config.policy import load_policy
from redactkit.config.rules import default_rules_dir, load_rules
from redactkit.core.errors import ConfigError, MismatchError
from redactkit.detect.people import PeopleIndex, load_case_list
from redactkit.model.proposals import Proposals


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    return folder


def _error(call) -> str:
    with pytest.raises(ConfigError) as caught:
        call()
    return str(caught.value)


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_shipped_rules_and_policies_load(rules):
    assert {"police-to-cps", "redact-all"} <= set(rules.policies)
    assert len(rules.recognizers) > 20


def test_a_misspelt_policy_key_names_file_key_and_line(rules_copy):
    policy = rules_copy / "policies" / "police-to-cps.yaml"
    text = policy.read_text().replace("reason: officer acting in a professional capacity",
                                      "reasn: officer acting in a professional capacity", 1)
    policy.write_text(text)
    message = _error(lambda: load_policy(policy))
    line = _line_of(policy, "reasn:")
    assert message.startswith(f"{policy}:{line - 1}") or message.startswith(f"{policy}:{line}"), message
    assert "roles.officer.PERSON" in message


def test_an_unknown_action_in_a_policy_is_refused(rules_copy):
    policy = rules_copy / "policies" / "redact-all.yaml"
    policy.write_text(policy.read_text().replace("action: redact", "action: redcat", 1))
    assert "redact-all.yaml:" in _error(lambda: load_policy(policy))


def test_an_unknown_role_in_a_policy_is_refused(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("name: p\ndefault: redact\nroles:\n  oficer:\n    PERSON: keep\n")
    message = _error(lambda: load_policy(policy))
    assert f"{policy}:4" in message and "oficer" in message


def test_a_misspelt_rules_setting_is_not_ignored(rules_copy):
    manifest = rules_copy / "rules.yaml"
    manifest.write_text(manifest.read_text().replace("min_score: 0.4", "min_scor: 0.4"))
    message = _error(lambda: load_rules(rules_copy))
    assert f"rules.yaml:{_line_of(manifest, 'min_scor:')}" in message
    assert "unknown key 'min_scor'" in message


def test_a_misspelt_recognizer_key_names_its_line(rules_copy):
    path = rules_copy / "recognizers" / "uk-nhs.yaml"
    text = path.read_text()
    assert "supported_entity:" in text
    path.write_text(text.replace("supported_entity:", "suported_entity:", 1))
    message = _error(lambda: load_rules(rules_copy))
    assert f"uk-nhs.yaml:{_line_of(path, 'suported_entity:')}" in message
    assert "suported_entity" in message


def test_a_bad_regex_names_the_recognizer_and_line(rules_copy):
    path = rules_copy / "recognizers" / "uk-nhs.yaml"
    path.write_text(path.read_text().replace("regex: ", "regex: '(unclosed' # ", 1))
    message = _error(lambda: load_rules(rules_copy))
    assert "uk-nhs.yaml:" in message and "not a valid regex" in message


def test_a_score_out_of_range_is_refused(rules_copy):
    path = rules_copy / "recognizers" / "uk-nhs.yaml"
    text = path.read_text()
    import re
    path.write_text(re.sub(r"score: [0-9.]+", "score: 7", text, count=1))
    assert "score" in _error(lambda: load_rules(rules_copy))


def test_broken_yaml_gives_its_line(rules_copy):
    path = rules_copy / "recognizers" / "uk-nhs.yaml"
    path.write_text("recognizers:\n  - name: X\n    patterns: [\n")
    message = _error(lambda: load_rules(rules_copy))
    assert "uk-nhs.yaml:" in message and "not valid YAML" in message


def test_case_list_typo_and_bad_role(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("people:\n  - name: Emily Clarke\n    role: complainant\n  - name: Sarah Collins\n    rol: officer\n")
    message = _error(lambda: load_case_list(case, PeopleIndex(ambiguous=set(), not_names=set())))
    assert f"{case}:5" in message and "rol" in message
    case.write_text("people:\n  - name: Emily Clarke\n    role: victim\n")
    message = _error(lambda: load_case_list(case, PeopleIndex(ambiguous=set(), not_names=set())))
    assert f"{case}:3" in message and "role" in message


def test_case_list_that_is_a_bare_list_still_loads(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("- name: Emily Clarke\n  role: Complainant\n")
    people = load_case_list(case, PeopleIndex(ambiguous=set(), not_names=set()))
    assert [p.role for p in people] == ["complainant"]


def test_a_missing_case_list_is_a_config_error(tmp_path):
    assert "case list not found" in _error(lambda: load_case_list(tmp_path / "nope.yaml",
                                                                 PeopleIndex(ambiguous=set(), not_names=set())))


def test_a_hand_edited_proposals_file_with_an_extra_key_is_refused(tmp_path, samples_dir):
    data = {"version": 1, "created": "2026-01-01T00:00:00+00:00", "rules": "x", "documents": [
        {"path": "a.pdf", "sha256": "0" * 64, "pages": 1, "findings": [
            {"id": "f1", "page": 1, "entity": "PERSON", "text": "Emily", "score": 1.0,
             "rects": [[1, 1, 2, 2]], "recognizer": "r", "reason": "", "decison": "rejected"}]}]}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    with pytest.raises(MismatchError) as caught:
        Proposals.load(path)
    assert "decison" in str(caught.value)

"""Loading a proposals file quickly (every review command does it): the quick schema check
(model/quickcheck.py) never accepts what the schema refuses, and accepts the files redactkit writes."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from redactkit.core.errors import MismatchError
from redactkit.model import quickcheck
from redactkit.model.proposals import _schema, validate

SHA = "ab" * 32


def _full() -> dict:
    """A document with every optional field the schema knows, in use."""
    return {
        "version": 1, "created": "2026-12-01T00:00:00+00:00", "tool": "redactkit 0.1.0", "rules": "r",
        "policy": "p", "model": "m",
        "skipped": [{"path": "a.txt", "reason": "not a PDF"}, {"path": "b.pdf", "reason": "damaged", "error": True}],
        "documents": [{
            "path": "s/01.pdf", "sha256": SHA, "pages": 2, "warnings": ["w"], "unreadable_pages": [2],
            "ocr_pages": [{"page": 1, "reason": "scanned", "quality": 0.9, "rotation": 90, "extra": "allowed"}],
            "findings": [
                {"id": "f1", "page": 1, "entity": "PERSON", "text": "Emily", "score": 0.85,
                 "rects": [[1, 2.5, 3, 4]], "recognizer": "R", "reason": "r", "decision": "proposed"},
                {"id": "f2", "page": 2, "entity": "UK_NHS", "text": "", "score": 1, "rects": [[0, 0, 1, 1], [1, 1, 2, 2]],
                 "recognizer": "R", "reason": "r", "decision": "rejected", "source": "ocr", "span": [0, 5],
                 "confidence": 80, "derived_from": "f1", "note": "n", "role": "witness", "person": "E",
                 "history": [{"decision": "rejected", "by": "DC1", "at": "t", "via": "cli", "note": "n"},
                             {"decision": "accepted", "by": "DC1", "at": "t"}]},
            ]}],
    }


ODD_VALUES = [None, True, False, 0, 1, -1, 0.5, 1.0, 1.5, 100, 101, 359.5, 360, float("nan"), float("inf"),
              "", "x", "proposed", "witness", SHA, SHA + "\n", SHA.upper(), [], [1, 2], [1, 2, 3, 4], ["x"],
              [[1, 2, 3, 4]], {}, {"x": 1}]


def _places(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _places(value, path + (i,))


def _at(doc, path):
    for step in path:
        doc = doc[step]
    return doc


def _mutants():
    base = _full()
    for path in _places(base):
        if path:
            parent = path[:-1]
            for value in ODD_VALUES:
                m = copy.deepcopy(base)
                _at(m, parent)[path[-1]] = value
                yield m
            m = copy.deepcopy(base)
            del _at(m, parent)[path[-1]]
            yield m
        node = _at(base, path)
        if isinstance(node, dict):
            m = copy.deepcopy(base)
            _at(m, path)["unknown"] = "x"
            yield m
        if isinstance(node, list):
            for value in ODD_VALUES[:20]:
                m = copy.deepcopy(base)
                _at(m, path).append(value)
                yield m


def test_the_quick_check_is_written_for_this_schema():
    assert quickcheck.enabled(), ("proposals-v1.schema.json changed: bring redactkit/model/quickcheck.py up to "
                                  "date with it, then set its SCHEMA_SHA256")


def test_the_quick_check_accepts_what_redactkit_writes():
    assert quickcheck.conforms(_full())
    minimal = {"version": 1, "created": "c", "rules": "r", "documents": []}
    assert quickcheck.conforms(minimal)


def test_the_quick_check_never_accepts_what_the_schema_refuses():
    reference = jsonschema.Draft202012Validator(_schema())
    accepted = refused = 0
    for mutant in _mutants():
        if quickcheck.conforms(mutant):
            accepted += 1
            assert reference.is_valid(mutant), json.dumps(mutant, default=str)[:600]
        else:
            refused += 1
    # both sides are exercised: many mutants are valid (a changed note), many are not
    assert accepted > 100 and refused > 1000, (accepted, refused)


@pytest.mark.parametrize("path,value,words", [
    (("documents", 0, "findings", 0, "score"), 1.5, "score"),
    (("documents", 0, "sha256"), SHA + "\n", None),  # the schema's $ allows a final newline: not refused
    (("documents", 0, "findings", 1, "history", 0, "decision"), "maybe", "decision"),
])
def test_a_file_the_quick_check_passes_by_is_still_decided_by_the_schema(path, value, words):
    doc = _full()
    _at(doc, path[:-1])[path[-1]] = value
    assert not quickcheck.conforms(doc)
    if words is None:
        validate(doc)
        return
    with pytest.raises(MismatchError, match=words):
        validate(doc)

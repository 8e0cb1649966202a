"""Shared fixtures. Every test runs with the network forbidden (redactkit.offline), which is how
the suite proves that redactkit works offline: any attempted connection raises NetworkBlocked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.fixtures

from redactkit.core.offline import forbid_network  # noqa: E402

forbid_network()


@pytest.fixture(autouse=True)
def _network_stays_blocked():
    """Fail any test that switched the guard off and did not switch it back on."""
    from redactkit.core.offline import network_forbidden

    assert network_forbidden()
    yield
    assert network_forbidden(), "a test left the network guard off"


@pytest.fixture(scope="session")
def rules():
    from redactkit.config.rules import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def detector(rules):
    from redactkit.detect.engine import Detector

    return Detector(rules)


@pytest.fixture(scope="session")
def find(detector):
    """find(text) -> list of (entity, matched text) the detector reports."""

    def _find(text: str) -> list[tuple[str, str]]:
        return [(d.entity, d.text) for d in detector.detect_texts([text])[0]]

    return _find


@pytest.fixture
def make_pdf(tmp_path):
    """make_pdf(name, [segments...]) -> Path of a one-or-more-page PDF with those paragraphs."""
    from tests.fixtures.pdfgen import DocBuilder

    def _make(name: str, *paragraphs, **kwargs) -> Path:
        builder = DocBuilder(**kwargs)
        for para in paragraphs:
            builder.para(para)
        path = tmp_path / name
        builder.save(path)
        return path

    return _make


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The sample bundle (made by ``redactkit samples``: make samples); its key is samples_key."""
    return ROOT / "samples" / "bundle"


class SampleKey:
    """The sample bundle's answer key: what each document holds and whether the policy redacts it."""

    def __init__(self, path: Path):
        import json

        self.path = path
        self.items: list[dict] = json.loads(path.read_text())["items"]

    def values(self, document: str | None = None, entity: str | None = None, redact: bool | None = True) -> list[str]:
        """Texts of the key's items (in key order, no repeats), by document (a path in the bundle,
        or a prefix such as "statements/"), entity and what the policy does with them."""
        found: dict[str, None] = {}
        for item in self.items:
            if document is not None and not item["document"].startswith(document):
                continue
            if (entity is None or item["entity"] == entity) and (redact is None or item["redact"] == redact):
                found[item["text"]] = None
        return list(found)

    def value(self, document: str | None = None, entity: str | None = None, redact: bool | None = True) -> str:
        values = self.values(document, entity, redact)
        assert values, (document, entity, redact)
        return values[0]


@pytest.fixture(scope="session")
def samples_key() -> SampleKey:
    return SampleKey(ROOT / "samples" / "answer-key.json")

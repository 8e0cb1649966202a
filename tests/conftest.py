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
    return ROOT / "samples" / "bundle"

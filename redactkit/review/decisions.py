"""Stage 4, review: decisions recorded in the proposals file, and boxes a reviewer adds.

Accept means redact, reject means keep. :func:`decide` sets the decision of every finding a
FILTER selects (see :mod:`redactkit.review.filters`) and records who decided in its history;
:func:`add` adds what a person asks for: every occurrence of a term or regular expression, a box
on a page, a whole page, or a region of every page of a kind. The CLI saves the file once, at the
end, atomically.
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from redactkit.core.errors import InputError, MismatchError, UsageError
from redactkit.model.proposals import (
    DECISIONS,
    Decision,
    DocumentProposals,
    Finding,
    Proposals,
    Source,
    finding_id,
)
from redactkit.review.filters import MANUAL_ENTITY, parse_filter
from redactkit.review.history import record

ADD_FORMS = ("term:TEXT", "regex:PATTERN", "box:DOC:PAGE:x0,y0,x1,y1", "page:DOC:PAGES",
             "region:DOC_GLOB:PAGES:x0,y0,x1,y1 (fractions of the page, 0-1; PAGES: all, odd, even, 2-5)")
DEFAULT_REASON = "added in review"


@dataclass
class Change:
    """What one run of review changed: the findings, and the filters that matched nothing."""

    changed: list[tuple[DocumentProposals, Finding]] = field(default_factory=list)
    added: list[tuple[DocumentProposals, Finding]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added)


def by_type(findings: Iterable[tuple[DocumentProposals, Finding]]) -> str:
    """'12 (PERSON 10, ADDRESS 2)': how many, and of which types, most first."""
    counts = Counter(f.entity for _d, f in findings)
    total = sum(counts.values())
    return f"{total} ({', '.join(f'{e} {n}' for e, n in counts.most_common())})" if total else "0"


def decide(proposals: Proposals, decision: str, filters: Sequence[str], by: str, via: str = "cli",
           note: str | None = None, change: Change | None = None) -> Change:
    """Give every finding that one of the filters selects this decision (history recorded)."""
    if decision not in DECISIONS:
        raise UsageError(f"decision must be one of {', '.join(DECISIONS)}")
    change = Change() if change is None else change
    for text in filters:
        selected = list(parse_filter(text, proposals).select(proposals))
        if not selected:
            change.unmatched.append(text)
        for doc, finding in selected:
            if record(finding, decision, by, via, note):
                change.changed.append((doc, finding))
    return change


def overlapping(proposals: Proposals, accept: Sequence[str], reject: Sequence[str],
                undecide: Sequence[str]) -> int:
    """How many findings two of the option groups select at once (refused: which should win?)."""
    groups = [{f.id for _d, f in parse_filter(t, proposals).select(proposals)} for t in accept], \
             [{f.id for _d, f in parse_filter(t, proposals).select(proposals)} for t in reject], \
             [{f.id for _d, f in parse_filter(t, proposals).select(proposals)} for t in undecide]
    sets = [set().union(*g) if g else set() for g in groups]
    return len((sets[0] & sets[1]) | (sets[0] & sets[2]) | (sets[1] & sets[2]))


# -- additions ---------------------------------------------------------------------------------

def _numbers(spec: str, text: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise UsageError(f"--add {spec!r}: expected four numbers x0,y0,x1,y1")
    if values[2] <= values[0] or values[3] <= values[1]:
        raise UsageError(f"--add {spec!r}: a box needs x0 < x1 and y0 < y1")
    return values


def _page_set(spec: str, text: str, pages: int, strict: bool = True) -> list[int]:
    text = text.strip().lower()
    if text in ("all", "*"):
        return list(range(1, pages + 1))
    if text in ("odd", "even"):
        return list(range(1 if text == "odd" else 2, pages + 1, 2))
    wanted: list[int] = []
    for part in text.split("|"):
        first, dash, last = part.partition("-")
        try:
            lo = int(first)
            hi = int(last) if dash else lo
        except ValueError:
            raise UsageError(f"--add {spec!r}: {part!r} is not a page, a range, all, odd or even") from None
        if lo < 1 or hi < lo:
            raise UsageError(f"--add {spec!r}: {part!r} is not a page or a range of pages")
        if hi > pages and not strict:
            hi = pages  # a region over documents of different lengths: the pages each one has
        elif hi > pages:
            raise UsageError(f"--add {spec!r}: page {hi} does not exist ({pages} pages)")
        wanted += range(lo, hi + 1)
    return wanted


def _manual(doc: DocumentProposals, page: int, rects: list[list[float]], text: str, reason: str,
            entity: str, by: str, note: str | None) -> Finding:
    key = ";".join(",".join(f"{v:.2f}" for v in r) for r in rects)
    finding = Finding(id=finding_id(doc.sha256, page, entity, f"manual:{key}"), page=page, entity=entity,
                      text=text, score=1.0, rects=rects, recognizer="manual", reason=reason,
                      decision=Decision.PROPOSED, source=Source.MANUAL)
    record(finding, Decision.ACCEPTED, by, "add", note)
    return finding


def _document(proposals: Proposals, relpath: str) -> DocumentProposals:
    doc = proposals.document(relpath)
    if doc is None:
        raise MismatchError(f"{relpath!r} is not in the proposals file")
    return doc


def _within(spec: str, rect: Sequence[float], bounds: Sequence[float], page: int) -> None:
    x0, y0, x1, y1 = rect
    bx0, by0, bx1, by1 = bounds
    if x0 < bx0 - 0.5 or y0 < by0 - 0.5 or x1 > bx1 + 0.5 or y1 > by1 + 0.5:
        raise UsageError(f"--add {spec!r}: the box lies outside page {page} "
                         f"({bx1 - bx0:.0f} x {by1 - by0:.0f} points)")


def _occurrences(bundle, doc: DocumentProposals, pattern: re.Pattern) -> list[tuple[int, str, list[list[float]]]]:
    found = []
    for page in range(1, doc.pages + 1):
        seen: set[str] = set()
        for text in bundle.page_texts(doc.path, page):
            for m in pattern.finditer(text.text):
                if m.end() <= m.start():
                    continue
                rects = [list(r) for r in text.rects_for(m.start(), m.end())]
                key = ";".join(",".join(f"{v:.1f}" for v in r) for r in rects)
                if rects and key not in seen:  # the text layer and OCR can read the same words
                    seen.add(key)
                    found.append((page, m.group(0), rects))
    return found


def term_pattern(kind: str, value: str, spec: str) -> re.Pattern:
    if kind == "regex":
        try:
            return re.compile(value)
        except re.error as exc:
            raise UsageError(f"--add {spec!r}: not a regular expression ({exc})") from None
    escaped = re.escape(value)
    left = r"\b" if re.match(r"\w", value) else ""
    right = r"\b" if re.search(r"\w$", value) else ""
    return re.compile(f"{left}{escaped}{right}", re.IGNORECASE)  # a term: any case, whole words


def add(proposals: Proposals, spec: str, bundle, by: str, reason: str | None = None,
        entity: str | None = None, note: str | None = None) -> list[tuple[DocumentProposals, Finding]]:
    """Add what spec asks for (see ADD_FORMS) as accepted manual findings; what is already there
    (the same box on the same page) is not added again. Needs the documents (bundle)."""
    kind, _colon, rest = spec.partition(":")
    kind = kind.strip().lower()
    reason = reason or DEFAULT_REASON
    entity = entity or MANUAL_ENTITY
    if kind not in ("term", "regex", "box", "page", "region") or not rest:
        raise UsageError(f"--add {spec!r}: expected one of {'; '.join(ADD_FORMS)}")
    if bundle is None:
        raise UsageError("--add needs the documents: give --bundle with the folder (or files) that were scanned")
    new: list[tuple[DocumentProposals, Finding]] = []
    if kind in ("term", "regex"):
        pattern = term_pattern(kind, rest, spec)
        for doc in proposals.documents:
            if not bundle.has(doc.path):
                raise InputError(f"{doc.path} is not among the documents given (--bundle): "
                                 "a term is added to every document")
            for page, text, rects in _occurrences(bundle, doc, pattern):
                new.append((doc, _manual(doc, page, rects, text, reason, entity, by, note)))
    elif kind == "box":
        try:
            relpath, page_text, coords = rest.rsplit(":", 2)
            page = int(page_text)
        except ValueError:
            raise UsageError(f"--add {spec!r}: expected box:DOC:PAGE:x0,y0,x1,y1") from None
        doc = _document(proposals, relpath)
        if not 1 <= page <= doc.pages:
            raise UsageError(f"--add {spec!r}: page {page} does not exist ({doc.pages} pages)")
        rect = _numbers(spec, coords)
        _within(spec, rect, bundle.bounds(doc.path, page), page)
        new.append((doc, _manual(doc, page, [rect], "", reason, entity, by, note)))
    elif kind == "page":
        relpath, _c, pages_text = rest.rpartition(":")
        doc = _document(proposals, relpath)
        for page in _page_set(spec, pages_text, doc.pages):
            new.append((doc, _manual(doc, page, [list(bundle.bounds(doc.path, page))], "", reason, entity, by, note)))
    else:
        try:
            glob, pages_text, coords = rest.rsplit(":", 2)
        except ValueError:
            raise UsageError(f"--add {spec!r}: expected region:DOC_GLOB:PAGES:x0,y0,x1,y1") from None
        fractions = _numbers(spec, coords)
        if min(fractions) < 0 or max(fractions) > 1:
            raise UsageError(f"--add {spec!r}: a region is given in fractions of the page, from 0 to 1")
        docs = [d for d in proposals.documents if fnmatch.fnmatchcase(d.path, glob)]
        if not docs:
            raise UsageError(f"--add {spec!r}: no document matches {glob!r}")
        for doc in docs:
            for page in _page_set(spec, pages_text, doc.pages, strict=False):
                bx0, by0, bx1, by1 = bundle.bounds(doc.path, page)
                w, h = bx1 - bx0, by1 - by0
                rect = [bx0 + fractions[0] * w, by0 + fractions[1] * h, bx0 + fractions[2] * w, by0 + fractions[3] * h]
                new.append((doc, _manual(doc, page, [rect], "", reason, entity, by, note)))
    added = []
    for doc, finding in new:
        if any(f.id == finding.id for f in doc.findings):
            continue  # the same addition made before
        doc.findings.append(finding)
        added.append((doc, finding))
    return added


def add_manual(proposals: Proposals, relpath: str, page: int, rect: Sequence[float], reason: str,
               entity: str = MANUAL_ENTITY, by: str = "unknown", bounds: Sequence[float] | None = None) -> Finding | None:
    """One box, from the Python API (round trips use it); None when the same box is there already."""
    doc = _document(proposals, relpath)
    if not 1 <= page <= doc.pages:
        raise MismatchError(f"page {page} does not exist in {relpath} ({doc.pages} pages)")
    x0, y0, x1, y1 = (float(v) for v in rect)
    if x1 <= x0 or y1 <= y0:
        raise InputError("a box needs x0 < x1 and y0 < y1")
    if bounds is not None:
        _within(f"box:{relpath}:{page}", (x0, y0, x1, y1), bounds, page)
    finding = _manual(doc, page, [[x0, y0, x1, y1]], "", reason, entity, by, None)
    if any(f.id == finding.id for f in doc.findings):
        return None
    doc.findings.append(finding)
    return finding

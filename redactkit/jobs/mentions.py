"""Every mention of a value redacted once: run's proposals made consistent before apply.

verify, given the proposals, reports a redacted value found anywhere else in the file
(``redacted-value-present``): a name blacked out in one line and printed in the next is a leak.
On the public corpus that was the commonest reason run's output failed run's own verification
(a form's "Spouse" or a score's "Sequence" taken for a name in one place and left in the others:
the detector decides per mention, verify per value). run cannot leave its own output failing
for that, and the fail-closed answer is to redact the other mentions too, on the text layer,
with the same matching verify uses (whole words, any case, any spacing). What a person kept on
purpose stays: a value that is part of a kept finding is not looked for (verify skips it too),
and a mention under a kept finding's box is left. Mentions on scanned pages are not in a text
layer; scan's own bundle-wide pass is what finds them.
"""

from __future__ import annotations

import re

import pymupdf

from redactkit.model.proposals import Decision, DocumentProposals, Finding, Source, finding_id

MIN_TEXT = 3  # letters or digits, as verify (redactkit.verify.secrets.MIN_TEXT): shorter ones are not looked for
HUGE = pymupdf.Rect(-1e5, -1e5, 1e5, 1e5)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _pattern(value: str) -> re.Pattern:
    """verify's pattern (redactkit.verify.secrets): the value's words, any spacing, whole words."""
    return re.compile(r"(?<!\w)" + r"\s*".join(re.escape(w) for w in value.split()) + r"(?!\w)", re.IGNORECASE)


def _occurrences(page: pymupdf.Page, value: str, words: list) -> list[pymupdf.Rect]:
    pattern = _pattern(value)
    if len(value.split()) == 1:  # a word of the page holding the value as a whole word ("Spouse's")
        return [pymupdf.Rect(w[:4]) for w in words if pattern.search(w[4])]
    found = []
    for quad in page.search_for(value, clip=HUGE):  # substring search: keep whole-word matches
        wider = pymupdf.Rect(quad.x0 - 2, quad.y0, quad.x1 + 2, quad.y1)
        if pattern.search(page.get_text("text", clip=wider)):
            found.append(pymupdf.Rect(quad))
    return found


def _inside(rect: pymupdf.Rect, boxes: list[pymupdf.Rect]) -> bool:
    centre = (rect.tl + rect.br) / 2
    return any(box.contains(centre) for box in boxes)


def add_every_mention(doc: pymupdf.Document, props: DocumentProposals) -> int:
    """Add a finding for every text-layer mention of a redacted value that no box covers.
    Returns how many were added."""
    redacted = [f for f in props.findings if f.redact and f.text.strip()]
    if not redacted:
        return 0
    kept_text = " | ".join(_norm(f.text) for f in props.findings if not f.redact)
    values: dict[str, Finding] = {}
    for finding in redacted:
        value = _norm(finding.text)
        if len(re.findall(r"[^\W_]", value)) < MIN_TEXT or value in values:
            continue
        if re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", kept_text):
            continue  # part of something deliberately kept
        values[value] = finding
    added = 0
    for page in doc:
        number = page.number + 1
        bounds = page.rect * page.derotation_matrix
        covered = [pymupdf.Rect(r) for f in redacted if f.page == number for r in f.rects]
        kept = [pymupdf.Rect(r) for f in props.findings if f.page == number and not f.redact for r in f.rects]
        words = page.get_text("words", clip=HUGE)
        for value, source in values.items():
            for i, rect in enumerate(_occurrences(page, value, words)):
                rect = rect & bounds
                if rect.is_empty or _inside(rect, covered) or _inside(rect, kept):
                    continue  # off the page (apply removes that text anyway), redacted, or kept
                props.findings.append(Finding(
                    id=finding_id(props.sha256, number, source.entity, f"mention:{value}:{i}:{rect.x0:.1f}:{rect.y0:.1f}"),
                    page=number, entity=source.entity, text=source.text, score=source.score,
                    rects=[[rect.x0, rect.y0, rect.x1, rect.y1]], recognizer="run-every-mention",
                    reason=source.reason, decision=Decision.PROPOSED, source=Source.TEXT,
                    derived_from=source.id, role=source.role, person=source.person,
                    note="another mention of a value redacted elsewhere in this document"))
                covered.append(rect)
                added += 1
    return added

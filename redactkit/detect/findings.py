"""Detections on a page's text turned into findings with rectangles on the page."""

from __future__ import annotations

import math
from typing import Iterable

from redactkit.extract.text import PageText
from redactkit.model.detection import Detection
from redactkit.model.proposals import Decision, Finding, Source, finding_id


def _round_out(rect: Iterable[float]) -> list[float]:
    """Round to 1/100 pt outwards, so rounding never shrinks a box."""
    x0, y0, x1, y1 = rect
    return [math.floor(x0 * 100) / 100, math.floor(y0 * 100) / 100,
            math.ceil(x1 * 100) / 100, math.ceil(y1 * 100) / 100]


def make_findings(doc_sha256: str, page: PageText, detections: Iterable[Detection]) -> list[Finding]:
    """Findings (with rectangles) for one page's detections; the policy decides later."""
    findings = []
    for det in detections:
        rects = page.rects_for(det.start, det.end)
        if not rects:
            continue
        confidence = page.min_confidence(det.start, det.end)
        findings.append(Finding(
            id=finding_id(doc_sha256, page.number, det.entity,
                          f"{det.start}:{det.end}" if page.source == Source.TEXT else f"{page.source}:{det.start}:{det.end}"),
            page=page.number,
            entity=det.entity,
            text=det.text,
            score=det.score,
            rects=[_round_out(r) for r in rects],
            recognizer=det.recognizer,
            reason=det.reason or "",
            decision=Decision.PROPOSED,
            source=det.source or page.source,
            span=[det.start, det.end],
            confidence=round(confidence, 1) if confidence is not None else None,
            derived_from=det.derived_from,
            role=det.role,
            person=det.person,
            note=det.doubt,
        ))
    return findings

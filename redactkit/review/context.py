"""A short line of the page around a finding, so a reviewer can decide without opening the PDF.

Without ``--show-text`` the finding's own value is masked (``«PERSON»``), and so is every other
finding on the same page, so the context line never prints personal data the scan found. With it,
the value is shown between « ».
"""

from __future__ import annotations

import numpy as np

from redactkit.model.proposals import DocumentProposals, Finding, Source

WIDTH = 32  # characters either side


def _reading(texts, finding: Finding):
    if finding.source == Source.OCR and len(texts) > 1:
        return texts[1]
    return texts[0]


def locate(text, finding: Finding) -> tuple[int, int] | None:
    """[start, end) of the finding in the page text: its span when the text there is the finding's,
    else the characters whose centres lie in its boxes."""
    if finding.span and finding.text and text.text[finding.span[0]:finding.span[1]] == finding.text:
        return finding.span[0], finding.span[1]
    if len(text.text) == 0:
        return None
    boxes = text.boxes
    cx = (boxes[:, 0] + boxes[:, 2]) / 2
    cy = (boxes[:, 1] + boxes[:, 3]) / 2
    inside = np.zeros(len(text.text), dtype=bool)
    for x0, y0, x1, y1 in finding.rects:
        inside |= (cx >= x0) & (cx <= x1) & (cy >= y0) & (cy <= y1)
    where = np.flatnonzero(inside)
    if len(where) == 0:
        return None
    return int(where[0]), int(where[-1]) + 1


def _located(bundle, doc: DocumentProposals, finding: Finding, text) -> list:
    """Every finding of the page read the same way (text layer or OCR) as finding, and where it
    lies in text: worked out once per page and reading, for all the page's context lines."""
    ocr = finding.source == Source.OCR
    cache = bundle.located
    key = (doc.path, finding.page, ocr, id(text), len(doc.findings))
    if key not in cache:
        cache[key] = [(other, locate(text, other) if other.span or other.rects else None)
                      for other in doc.findings
                      if other.page == finding.page and (other.source == Source.OCR) == ocr]
    return cache[key]


def context_line(bundle, doc: DocumentProposals, finding: Finding, show_text: bool = False,
                 width: int = WIDTH) -> str:
    """'... statement of «PERSON», aged ...' (empty when the documents are not at hand)."""
    if bundle is None or not bundle.has(doc.path):
        return ""
    texts = bundle.page_texts(doc.path, finding.page)
    text = _reading(texts, finding)
    here = locate(text, finding)
    if here is None and finding.source == Source.MANUAL:
        for other in texts[1:]:
            if (here := locate(other, finding)) is not None:
                text = other
                break
    if here is None:
        return "(no text under the box)"
    start, end = here
    lo, hi = max(0, start - width), min(len(text.text), end + width)
    spans = []
    for other, where in _located(bundle, doc, finding, text):
        if other is finding:
            continue
        if where and where[1] > lo and where[0] < hi and not (where[1] <= start or where[0] >= end):
            continue  # overlaps the finding itself: masked with it
        if where and where[1] > lo and where[0] < hi:
            spans.append((max(where[0], lo), min(where[1], hi), other.entity))
    pieces = []
    pos = lo
    marks = sorted(spans + [(start, end, None)])
    for s, e, entity in marks:
        if s < pos:
            continue
        pieces.append(text.text[pos:s])
        if entity is None:
            pieces.append(f"«{text.text[s:e]}»" if show_text else f"«{finding.entity}»")
        else:
            pieces.append(text.text[s:e] if show_text else f"[{entity}]")
        pos = e
    pieces.append(text.text[pos:hi])
    line = "".join(pieces)
    line = " ".join(line.split())
    return ("…" if lo > 0 else "") + line + ("…" if hi < len(text.text) else "")

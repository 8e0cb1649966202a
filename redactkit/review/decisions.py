"""Stage 4, review: preview PDFs, and decisions recorded in the proposals file.

A preview is a copy of the document with every proposal as a real PDF Redact annotation, not
applied: any PDF viewer shows the boxes, coloured by entity type, with the entity, reason and
score in the annotation, and Acrobat can apply them. Findings the policy keeps are shown as
green dashed frames. Every page carries a banner, and the file name says PREVIEW, so a preview
can never be mistaken for a redacted document (it still holds everything).

Decisions: :func:`decide` accepts or rejects findings by id (or all of one entity type) and
:func:`add_manual` adds a box the scan missed; both rewrite the proposals file atomically.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from redactkit.core.errors import InputError, MismatchError
from redactkit.model.proposals import (
    DECISIONS,
    Decision,
    Finding,
    Proposals,
    Source,
    finding_id,
)

# -- decisions --------------------------------------------------------------------------------

def decide(proposals: Proposals, decision: str, ids: Iterable[str] = (), entities: Iterable[str] = (),
           note: str | None = None) -> int:
    """Set the decision of findings chosen by id or by entity type; returns how many changed."""
    if decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}")
    ids, entities = set(ids), set(entities)
    known = {f.id for d in proposals.documents for f in d.findings}
    unknown = ids - known
    if unknown:
        raise MismatchError(f"no finding with id {', '.join(sorted(unknown))}")
    changed = 0
    for doc in proposals.documents:
        for finding in doc.findings:
            if finding.id in ids or finding.entity in entities:
                if finding.decision != decision:
                    finding.decision = decision
                    changed += 1
                if note:
                    finding.note = note
    return changed


def add_manual(proposals: Proposals, relpath: str, page: int, rect: Sequence[float], reason: str,
               entity: str = "MANUAL") -> Finding:
    """A reviewer's own box, accepted from the start."""
    doc = proposals.document(relpath)
    if doc is None:
        raise MismatchError(f"{relpath!r} is not in the proposals file")
    if not 1 <= page <= doc.pages:
        raise MismatchError(f"page {page} does not exist in {relpath} ({doc.pages} pages)")
    x0, y0, x1, y1 = (float(v) for v in rect)
    if x1 <= x0 or y1 <= y0:
        raise InputError("a box needs x0 < x1 and y0 < y1")
    finding = Finding(id=finding_id(doc.sha256, page, entity, f"manual:{x0:.2f},{y0:.2f},{x1:.2f},{y1:.2f}"),
                      page=page, entity=entity, text="", score=1.0, rects=[[x0, y0, x1, y1]],
                      recognizer="manual", reason=reason, decision=Decision.ACCEPTED, source=Source.MANUAL)
    doc.findings.append(finding)
    return finding

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

import colorsys
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pymupdf

from .apply import plan
from .atomic import write_bytes
from .errors import InputError, MismatchError, OutputError
from .inputs import open_pdf
from .propose import DECISIONS, Finding, Proposals, finding_id

PREVIEW_SUFFIX = ".PREVIEW-not-redacted.pdf"
BANNER = "PREVIEW - NOT REDACTED - proposals shown as annotations; this file still holds everything"
KEPT_COLOUR = (0.1, 0.6, 0.2)


def entity_colour(entity: str) -> tuple[float, float, float]:
    """A stable, distinct colour per entity type."""
    hue = int(hashlib.sha1(entity.encode()).hexdigest()[:4], 16) / 0xFFFF
    return colorsys.hsv_to_rgb(hue, 0.85, 0.85)


def preview_path(out_dir: Path, relpath: str) -> Path:
    rel = Path(relpath)
    return out_dir / rel.parent / (rel.stem + PREVIEW_SUFFIX)


@dataclass
class PreviewResult:
    relpath: str
    path: Path
    proposed: int
    kept: int


def _annotate(page: pymupdf.Page, finding: Finding) -> None:
    colour = entity_colour(finding.entity)
    for rect in finding.rects:
        r = pymupdf.Rect(rect)
        if finding.redact:
            annot = page.add_redact_annot(r, fill=(0, 0, 0), cross_out=False)
            annot.set_colors(stroke=colour)
            annot.set_info(title="redactkit", subject=finding.entity,
                           content=f"{finding.entity} ({finding.decision}, score {finding.score:.2f}): "
                                   f"{finding.reason} [id {finding.id}]")
        else:
            annot = page.add_rect_annot(r)
            annot.set_colors(stroke=KEPT_COLOUR)
            annot.set_border(width=0.8, dashes=[2, 2])
            annot.set_info(title="redactkit", subject=f"KEPT {finding.entity}",
                           content=f"KEPT {finding.entity}: {finding.reason} [id {finding.id}]")
        annot.update()


def preview(paths: Sequence[str | os.PathLike], proposals: Proposals, out_dir: Path,
            password: str | None = None) -> list[PreviewResult]:
    """Write a preview PDF for each input (checked against the proposals like apply)."""
    out_dir = Path(out_dir)
    work = plan(paths, proposals, out_dir, password)
    results = []
    for item, props in work:
        with open_pdf(item.path, password, max_pages=0) as doc:
            if props.pages != doc.page_count:
                raise MismatchError("page count differs from the proposals", path=str(item.path))
            proposed = kept = 0
            for finding in props.findings:
                if not 1 <= finding.page <= doc.page_count:
                    raise MismatchError(f"finding {finding.id} is on a page that does not exist", path=str(item.path))
                _annotate(doc[finding.page - 1], finding)
                if finding.redact:
                    proposed += 1
                else:
                    kept += 1
            for page in doc:
                width = page.rect.width
                banner = page.add_freetext_annot(pymupdf.Rect(10, 2, width - 10, 14), BANNER, fontsize=7,
                                                 text_color=(0.8, 0, 0), fill_color=(1, 1, 0.85))
                banner.set_info(title="redactkit")
                banner.update()
            target = preview_path(out_dir, item.relpath)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"cannot create the folder ({exc.strerror})", path=str(target.parent)) from None
            write_bytes(target, doc.tobytes(garbage=3, deflate=True))
        results.append(PreviewResult(item.relpath, target, proposed, kept))
    return results


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
                      recognizer="manual", reason=reason, decision="accepted", source="manual")
    doc.findings.append(finding)
    return finding

"""``review --from-preview``: a preview PDF a reviewer edited in Acrobat (or any viewer) back into decisions.

The preview carries, in an embedded file, the document's hash and the findings it drew, and in
each Redact annotation's name (/NM) the finding and box it stands for. Reading it back:

- a drawn finding none of whose boxes is left was deleted by the reviewer: rejected (kept);
- a box moved or resized: the finding takes the new rectangles (and is accepted);
- a Redact annotation with no redactkit name was drawn by the reviewer: a manual finding;
- everything else is left as it was.

A preview of another document, or of another version of it, is refused (exit 7): its boxes
would land on the wrong words.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pymupdf

from redactkit.core.errors import InputError, MismatchError
from redactkit.model.proposals import Decision, Proposals
from redactkit.review.decisions import Change, add_manual
from redactkit.review.history import record
from redactkit.review.preview import MANIFEST

TOLERANCE = 0.5  # points: a viewer that saves a box may round its corners


def _manifest(pdf: pymupdf.Document, path: Path) -> dict:
    if MANIFEST not in pdf.embfile_names():
        raise MismatchError("not a redactkit preview (it has no redactkit-preview.json); make one with "
                            "redactkit preview", path=str(path))
    try:
        data = json.loads(pdf.embfile_get(MANIFEST))
        return {"sha256": str(data["sha256"]), "pages": int(data["pages"]), "redact": list(data["redact"]),
                "document": str(data["document"])}
    except (ValueError, KeyError, TypeError):
        raise MismatchError("the preview's redactkit-preview.json is damaged", path=str(path)) from None


def _parse_name(name: str) -> tuple[str, int] | None:
    parts = name.split(":")
    if len(parts) == 3 and parts[0] == "redactkit" and parts[2].isdigit():
        return parts[1], int(parts[2])
    return None


def _same(a, b) -> bool:
    return len(a) == len(b) and all(
        all(abs(float(x) - float(y)) <= TOLERANCE for x, y in zip(ra, rb)) for ra, rb in zip(sorted(a), sorted(b)))


def _redact_boxes(pdf: pymupdf.Document, page: pymupdf.Page):
    """(rectangle in unrotated page space, rounded to 0.01 pt; /NM) of each Redact annotation of
    the page: what annot.rect and annot.info["id"] say, read off the annotation's dictionary (three
    times quicker than loading each annotation: 14,000 boxes on a 1,000-page bundle). On a page
    that is turned (/Rotate), or for a /Rect that is not four numbers written out, the annotation
    is loaded."""
    redacts = [(xref, name) for xref, kind, name in page.annot_xrefs() if kind == pymupdf.PDF_ANNOT_REDACT]
    if not redacts:
        return
    # MuPDF's annotation rectangle is its /Rect through the page's transformation (with no turn,
    # the whole of it); derotation_matrix is then the identity
    ctm = page.transformation_matrix if page.rotation % 360 == 0 else None
    for xref, name in redacts:
        rect = None
        kind, value = pdf.xref_get_key(xref, "Rect")
        if ctm is not None and kind == "array":
            try:
                numbers = [float(v) for v in value.strip("[] ").split()]
            except ValueError:
                numbers = []
            if len(numbers) == 4:
                x0, y0, x1, y1 = numbers
                rect = pymupdf.Rect(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)) * ctm
        if rect is None:
            rect = page.load_annot(xref).rect
        yield [round(v, 2) for v in rect], name or ""


def import_preview(proposals: Proposals, path: Path, by: str, note: str | None = None,
                   change: Change | None = None) -> Change:
    """Turn the edits made to a preview into decisions (see the module docstring)."""
    change = Change() if change is None else change
    path = Path(path)
    try:
        pdf = pymupdf.open(path)
    except (RuntimeError, ValueError, FileNotFoundError) as exc:
        raise InputError(f"cannot open the preview ({exc})", path=str(path)) from None
    with pdf:
        manifest = _manifest(pdf, path)
        doc = next((d for d in proposals.documents if d.sha256 == manifest["sha256"]), None)
        if doc is None:
            raise MismatchError("this preview was made from a document that is not in the proposals file "
                                "(or from another version of it)", path=str(path))
        if pdf.page_count != doc.pages:
            raise MismatchError(f"the preview has {pdf.page_count} pages, the document {doc.pages}", path=str(path))
        boxes: dict[str, list[list[float]]] = defaultdict(list)
        drawn: list[tuple[int, list[float]]] = []
        for page in pdf:
            for rect, name in _redact_boxes(pdf, page):
                named = _parse_name(name)
                if named is None:
                    bounds = page.rect * page.derotation_matrix
                    clipped = [max(rect[0], bounds.x0), max(rect[1], bounds.y0), min(rect[2], bounds.x1), min(rect[3], bounds.y1)]
                    if clipped[2] > clipped[0] and clipped[3] > clipped[1]:
                        drawn.append((page.number + 1, clipped))
                else:
                    boxes[named[0]].append(rect)
        apply_boxes(proposals, doc, manifest["redact"], boxes, drawn, by, note, "preview", change, str(path))
    return change


def apply_boxes(proposals: Proposals, doc, shown: list[str], boxes: dict[str, list[list[float]]],
                drawn: list[tuple[int, list[float]]], by: str, note: str | None, via: str, change: Change,
                where: str) -> None:
    """Decisions from the boxes a reviewer left (by finding id), given the ids that were shown:
    shared by the preview and XFDF round trips."""
    findings = {f.id: f for f in doc.findings}
    unknown = sorted(set(boxes) - set(findings))
    if unknown:
        raise MismatchError(f"the file has boxes for {len(unknown)} finding(s) the proposals file does not "
                            f"have (e.g. {unknown[0]}): it was made from other proposals", path=where)
    for fid in shown:
        finding = findings.get(fid)
        if finding is None:
            continue  # removed from the proposals since the preview was made
        if fid not in boxes:
            if record(finding, Decision.REJECTED, by, via, note or f"box deleted in the {via}"):
                change.changed.append((doc, finding))
        elif not _same(boxes[fid], finding.rects):
            finding.rects = boxes[fid]
            record(finding, Decision.ACCEPTED, by, via, note or f"box moved or resized in the {via}")
            change.changed.append((doc, finding))
    for page, rect in drawn:
        added = add_manual(proposals, doc.path, page, rect, f"drawn in the {via}", by=by)
        if added is not None:
            change.added.append((doc, added))

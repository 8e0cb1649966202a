"""CSV export and import: one row per finding, for review in a spreadsheet.

The reviewer changes the decision (accepted = redact, rejected = keep, proposed) and the note,
and may add rows with no id for boxes to add (document, page, box). Everything else in a row is
there to decide by and must come back unchanged: an import that changes a finding's text, page
or box, or that names a document the proposals file does not have, is refused (exit 7) before
anything is changed. The standard library's csv module is enough: the format is plain RFC 4180.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from redactkit.core.atomic import write_text
from redactkit.core.errors import InputError, MismatchError
from redactkit.model.proposals import DECISIONS, Proposals
from redactkit.review.decisions import Change, add_manual
from redactkit.review.history import last, record

COLUMNS = ("document", "sha256", "page", "id", "box", "entity", "text", "score", "recognizer", "source",
           "reason", "decision", "note", "decided_by", "decided_at")
REQUIRED = ("document", "page", "id", "box", "text", "decision", "note")
SYNONYMS = {"redact": "accepted", "accept": "accepted", "keep": "rejected", "reject": "rejected",
            "undecided": "proposed", "": "proposed"}
TOLERANCE = 0.05


def format_box(rects) -> str:
    return "; ".join(" ".join(f"{v:.2f}" for v in r) for r in rects)


def parse_box(text: str, where: str) -> list[list[float]]:
    rects = []
    for part in text.split(";"):
        try:
            values = [float(v) for v in part.replace(",", " ").split()]
        except ValueError:
            values = []
        if len(values) != 4 or values[2] <= values[0] or values[3] <= values[1]:
            raise InputError(f"{where}: box {part.strip()!r} is not x0 y0 x1 y1")
        rects.append(values)
    return rects


def export_csv(proposals: Proposals, target: Path, show_text: bool = True) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    rows = 0
    for doc in proposals.documents:
        for f in doc.findings:
            who = last(f) or {}
            writer.writerow([doc.path, doc.sha256, f.page, f.id, format_box(f.rects), f.entity,
                             f.text if show_text else "", f"{f.score:.2f}", f.recognizer, f.source or "text",
                             f.reason, f.decision, f.note or "", who.get("by", ""), who.get("at", "")])
            rows += 1
    write_text(Path(target), buffer.getvalue())
    return rows


def _decision(value: str, where: str) -> str:
    value = value.strip().lower()
    value = SYNONYMS.get(value, value)
    if value not in DECISIONS:
        raise InputError(f"{where}: decision {value!r} is not one of accepted (redact), rejected (keep), proposed")
    return value


def _same_box(a, b) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= TOLERANCE + 0.006 for ra, rb in zip(a, b) for x, y in zip(ra, rb))


def import_csv(proposals: Proposals, source: Path, by: str, change: Change | None = None, bundle=None) -> Change:
    """Decisions, notes and added rows from an exported sheet; added boxes are checked against
    their page when the documents are at hand (bundle), else apply clips or refuses them."""
    change = Change() if change is None else change
    try:
        text = Path(source).read_text(encoding="utf-8-sig")  # a spreadsheet may add a byte-order mark
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the CSV ({exc})", path=str(source)) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise MismatchError(f"not a redactkit review CSV (no column {', '.join(missing)})", path=str(source))
    index = {(d.path, f.id): (d, f) for d in proposals.documents for f in d.findings}
    docs = {d.path: d for d in proposals.documents}
    plan = []
    for number, row in enumerate(reader, start=2):
        where = f"{source}: row {number}"
        relpath = (row.get("document") or "").strip()
        doc = docs.get(relpath)
        if doc is None or (row.get("sha256") and row["sha256"].strip() != doc.sha256):
            raise MismatchError(f"{where}: made for a document that is not in the proposals file ({relpath or 'none'})")
        decision = _decision(row.get("decision") or "", where)
        note = (row.get("note") or "").strip() or None
        fid = (row.get("id") or "").strip()
        if not fid:
            try:
                page = int(row["page"])
            except (TypeError, ValueError):
                raise InputError(f"{where}: page {row.get('page')!r} is not a number") from None
            if not 1 <= page <= doc.pages:
                raise InputError(f"{where}: page {page} does not exist in {relpath} ({doc.pages} pages)")
            plan.append(("add", doc, page, parse_box(row.get("box") or "", where), note))
            continue
        found = index.get((relpath, fid))
        if found is None:
            raise MismatchError(f"{where}: no finding {fid} in {relpath}")
        _doc, finding = found
        if (row.get("text") or "") != finding.text and (row.get("text") or "") != "":
            raise MismatchError(f"{where}: the text of finding {fid} was changed; only decision and note may change")
        if str(row.get("page", "")).strip() != str(finding.page) or not _same_box(parse_box(row.get("box") or "", where), finding.rects):
            raise MismatchError(f"{where}: the position of finding {fid} was changed; only decision and note may change")
        plan.append(("decide", doc, finding, decision, note))
    for action in plan:
        if action[0] == "add":
            _a, doc, page, rects, note = action
            for rect in rects:
                bounds = bundle.bounds(doc.path, page) if bundle is not None and bundle.has(doc.path) else None
                added = add_manual(proposals, doc.path, page, rect, note or "added in the CSV", by=by, bounds=bounds)
                if added is not None:
                    change.added.append((doc, added))
        else:
            _a, doc, finding, decision, note = action
            if record(finding, decision, by, "csv", note):
                change.changed.append((doc, finding))
    return change

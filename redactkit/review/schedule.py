"""The redaction schedule: what a supervisor signs off before the bundle is disclosed.

For the whole bundle, one row per finding: every box that will be redacted and every finding the
policy or a reviewer kept, with document, page, entity, reason code, what happens to it, who
decided and when, then the totals. No personal data unless asked for (``show_text``): the
schedule travels further than the proposals file. CSV for a spreadsheet, PDF to sign (drawn with
PyMuPDF, already a dependency, in a fixed-width font so the columns line up without a layout
engine).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from redactkit.core.atomic import write_bytes, write_text
from redactkit.model.proposals import Decision, Proposals
from redactkit.review.history import last

COLUMNS = ("document", "page", "id", "entity", "reason", "outcome", "decision", "decided_by", "decided_at")


@dataclass
class Row:
    document: str
    page: int
    id: str
    entity: str
    reason: str
    outcome: str  # redacted or kept
    decision: str
    decided_by: str  # a person, or "policy" (the scan's decision, nobody changed it)
    decided_at: str
    text: str = ""


def rows(proposals: Proposals, show_text: bool = False) -> list[Row]:
    out = []
    for doc in proposals.documents:
        for f in sorted(doc.findings, key=lambda f: (f.page, f.rects[0][1], f.rects[0][0])):
            who = last(f)
            by = who["by"] if who else ("unreviewed" if f.decision == Decision.PROPOSED else "policy")
            out.append(Row(doc.path, f.page, f.id, f.entity, f.reason, "redacted" if f.redact else "kept",
                           f.decision, by, who["at"] if who else proposals.created,
                           f.text if show_text else ""))
    return out


def totals(table: list[Row]) -> list[tuple[str, int]]:
    outcome = Counter(r.outcome for r in table)
    decided = Counter(r.decision for r in table)
    return [("findings", len(table)), ("redacted", outcome["redacted"]), ("kept", outcome["kept"]),
            ("accepted by a reviewer", sum(1 for r in table if r.decision == "accepted" and r.decided_by not in ("policy", "unreviewed"))),
            ("rejected by a reviewer", sum(1 for r in table if r.decision == "rejected" and r.decided_by not in ("policy", "unreviewed"))),
            ("kept by the policy", sum(1 for r in table if r.decision == "rejected" and r.decided_by == "policy")),
            ("never reviewed (redacted)", decided["proposed"]),
            ("documents", len({r.document for r in table}))]


def write_csv(proposals: Proposals, target: Path, show_text: bool = False) -> list[Row]:
    table = rows(proposals, show_text)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS + (("text",) if show_text else ()))
    for r in table:
        writer.writerow([r.document, r.page, r.id, r.entity, r.reason, r.outcome, r.decision, r.decided_by,
                         r.decided_at] + ([r.text] if show_text else []))
    writer.writerow([])
    for name, value in totals(table):
        writer.writerow(["total", name, value])
    write_text(Path(target), buffer.getvalue())
    return table


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "~"


def write_pdf(proposals: Proposals, target: Path, show_text: bool = False) -> list[Row]:
    table = rows(proposals, show_text)
    widths = [30, 4, 16, 18, 30, 8, 8, 14, 25] + ([24] if show_text else [])
    fontsize, leading, margin = 6.5, 9.0, 28
    doc = pymupdf.open()
    page = None
    y = 0.0

    def line(text: str, bold: bool = False) -> None:
        nonlocal page, y
        if page is None or y > page.rect.height - margin:
            page = doc.new_page(width=842, height=595)  # A4 landscape
            y = margin
            page.insert_text((margin, y), f"Redaction schedule - {proposals.created} - rules {proposals.rules} - "
                             f"policy {proposals.policy} - page {doc.page_count}", fontsize=fontsize, fontname="cour")
            y += leading * 2
        page.insert_text((margin, y), text, fontsize=fontsize, fontname="cobo" if bold else "cour")
        y += leading

    def cells(values) -> str:
        return " ".join(_cut(str(v), w).ljust(w) for v, w in zip(values, widths))

    line(cells([c.replace("_", " ") for c in COLUMNS] + (["text"] if show_text else [])), bold=True)
    for r in table:
        line(cells([r.document, r.page, r.id, r.entity, r.reason, r.outcome, r.decision, r.decided_by,
                    r.decided_at] + ([r.text] if show_text else [])))
    y += leading
    line("Totals", bold=True)
    for name, value in totals(table):
        line(f"  {name}: {value}")
    y += leading * 2
    for label in ("Reviewed by (name, rank, number)", "Signature", "Date"):
        line(f"{label}: " + "_" * 60)
        y += leading
    write_bytes(Path(target), doc.tobytes(garbage=3, deflate=True))
    doc.close()
    return table

"""The tables the commands print: findings, OCR pages, boxes, verification problems (counts; text only on request)."""

from __future__ import annotations

from collections import Counter

from rich.markup import escape
from rich.table import Table

from redactkit.cli.app import out


def findings_table(proposals, title: str = "Findings") -> Table:
    """Findings per entity type per document: redact (proposed or accepted) and kept (rejected)."""
    table = Table(title=title, show_lines=False)
    table.add_column("Document")
    table.add_column("Entity")
    table.add_column("Redact", justify="right")
    table.add_column("Kept", justify="right")
    totals: Counter = Counter()
    for doc in proposals.documents:
        counts: Counter = Counter()
        for f in doc.findings:
            counts[(f.entity, f.redact)] += 1
        entities = sorted({e for e, _r in counts})
        if not entities:
            table.add_row(escape(doc.path), "(none)", "0", "0")
        for i, entity in enumerate(entities):
            redact, kept = counts[(entity, True)], counts[(entity, False)]
            totals["redact"] += redact
            totals["kept"] += kept
            table.add_row(escape(doc.path) if i == 0 else "", entity, str(redact), str(kept))
        table.add_section()
    table.add_row("[bold]Total[/bold]", f"{len(proposals.documents)} document(s)",
                  f"[bold]{totals['redact']}[/bold]", f"[bold]{totals['kept']}[/bold]")
    return table

def print_findings_with_text(proposals) -> None:
    table = Table(title="Findings (personal data shown because --show-text was given)")
    for column in ("Document", "Page", "Entity", "Score", "Decision", "Text"):
        table.add_column(column)
    for doc in proposals.documents:
        for f in doc.findings:
            table.add_row(escape(doc.path), str(f.page), f.entity, f"{f.score:.2f}", f.decision, escape(f.text))
    out.print(table)

def page_list(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> "1-3, 5"."""
    runs, start, prev = [], None, None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            runs.append((start, prev))
            start = prev = n
    if start is not None:
        runs.append((start, prev))
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)

def ocr_table(proposals) -> Table | None:
    """Pages read by OCR per document, and those whose reading is poor (a person should look)."""
    from redactkit.extract.ocr import POOR_QUALITY
    from redactkit.model.proposals import Source

    rows = [d for d in proposals.documents if d.ocr_pages]
    if not rows:
        return None
    table = Table(title="Pages read by OCR")
    for column in ("Document", "OCR pages", "Poor readings (check by eye)", "Low-confidence findings"):
        table.add_column(column)
    for doc in rows:
        poor = [o["page"] for o in doc.ocr_pages if o.get("quality", 1.0) < POOR_QUALITY]
        low = sum(1 for f in doc.findings if f.source == Source.OCR and f.confidence is not None and f.confidence < 80)
        table.add_row(escape(doc.path), page_list([o["page"] for o in doc.ocr_pages]),
                      f"[red]{page_list(poor)}[/red]" if poor else "none", str(low))
    return table

def apply_tables(result) -> Table:
    table = Table(title=f"Redacted into {escape(str(result.out_dir))}")
    for column in ("Document", "Pages", "Boxes", "Hidden items removed"):
        table.add_column(column, justify="left" if column == "Document" else "right")
    totals = Counter()
    for doc in result.documents:
        removed = sum(doc.cleaning.removed.values())
        totals.update(doc.entities)
        table.add_row(escape(doc.relpath), str(doc.pages), str(doc.boxes), str(removed))
    table.add_section()
    table.add_row("[bold]Total[/bold]", str(sum(d.pages for d in result.documents)),
                  str(sum(d.boxes for d in result.documents)),
                  str(sum(sum(d.cleaning.removed.values()) for d in result.documents)))
    by_type = Table(title="Boxes by entity type")
    by_type.add_column("Entity")
    by_type.add_column("Boxes", justify="right")
    for entity, count in sorted(totals.items()):
        by_type.add_row(entity, str(count))
    return table, by_type

def verify_table(result, show_text: bool, strict: bool) -> Table:
    table = Table(title="Verification problems")
    columns = ["File", "Page", "Severity", "Check", "Where", "Detail"] + (["Text"] if show_text else [])
    for column in columns:
        table.add_column(column)
    for report in result.files:
        if report.error:
            table.add_row(escape(report.path), "", "[red]unreadable[/red]", "", "", escape(report.error))
        for p in report.problems:
            severity = "error" if (p.severity == "error" or strict) else "warning"
            colour = "red" if severity == "error" else "yellow"
            row = [escape(report.path), str(p.page or ""), f"[{colour}]{severity}[/{colour}]", p.check,
                   escape(p.where), escape(p.detail)]
            table.add_row(*(row + ([escape(p.text or "")] if show_text else [])))
    return table

def verdicts_table(result, strict: bool) -> Table:
    table = Table(title="Verification")
    for column in ("File", "Pages", "Result", "Errors", "Warnings"):
        table.add_column(column)
    for report in result.files:
        status = report.status(strict)
        colour = {"pass": "green", "pass with warnings": "yellow"}.get(status, "red")
        errors = len(report.errors(strict))
        table.add_row(escape(report.path), str(report.pages), f"[{colour}]{status}[/{colour}]", str(errors),
                      str(len(report.problems) - errors))
    return table

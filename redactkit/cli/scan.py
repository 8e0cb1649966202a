"""``redactkit scan``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from redactkit.cli.app import app, err, fail, out, report_problems
from redactkit.cli.carry import carry_decisions, print_carry_report
from redactkit.cli.helpfmt import epilog
from redactkit.cli.options import QuietOpt, ScanGroup, ShowTextOpt, scan_options
from redactkit.cli.tables import findings_table, ocr_table, print_findings_with_text
from redactkit.core.errors import RedactkitError

SCAN_EPILOG = epilog(
    ["redactkit scan case/ --out p.json --people case.yaml",
     "redactkit scan case/ --out p.json --previous reviewed.json --ocr always"],
    "0 proposals written; 2 bad option; 3 missing input, not a PDF or too many pages; 4 encrypted PDF, no or a "
    "wrong password; 5 damaged PDF (what could be read was scanned); 6 cannot write --out; 7 --previous is not a "
    "proposals file; 8 rules, policy or model problem; 130 interrupted.")


@app.command(epilog=SCAN_EPILOG)
@scan_options
def scan(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively).", metavar="PDF_OR_FOLDER...")],
    out_file: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help="Where to write the proposals file (JSON).")],
    options: ScanGroup,
    previous: Annotated[Optional[Path], typer.Option("--previous", metavar="OLD.json", help="Carry the review decisions of this proposals file over (default: the --out file, if there is one).")] = None,
    show_text: ShowTextOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Find personal data in PDFs and write proposals for review."""
    from redactkit.core.progress import make_progress
    from redactkit.jobs.scan import scan as run_scan

    try:
        result = run_scan([str(p) for p in paths], options, progress=make_progress("scan", quiet))
        report_problems(result.problems)
        carried = carry_decisions(result.proposals, previous, out_file)
        result.proposals.save(out_file)
    except RedactkitError as exc:
        fail(exc)
    for skipped in result.proposals.skipped:
        if not skipped.get("error"):
            err.print(f"redactkit: skipped: {escape(skipped['path'])}: {escape(skipped['reason'])}")
    if carried is not None:
        print_carry_report(carried)
    if show_text:
        print_findings_with_text(result.proposals)
    out.print(findings_table(result.proposals))
    if (table := ocr_table(result.proposals)) is not None:
        out.print(table)
    rate = result.pages / result.seconds if result.seconds else 0.0
    out.print(f"{result.pages} page(s) in {result.seconds:.1f} s ({rate:.1f} pages/s, "
              f"{result.workers} worker(s)); proposals written to {escape(str(out_file))}")
    for doc in result.proposals.documents:
        for warning in doc.warnings:
            err.print(f"redactkit: warning: {escape(doc.path)}: {escape(warning)}")
    raise typer.Exit(result.exit_code)

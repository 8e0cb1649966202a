"""``redactkit scan``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from redactkit.cli.app import (
    AllowOpt,
    ClusterOpt,
    DocumentTimeoutOpt,
    PageTimeoutOpt,
    DenyOpt,
    MaxPagesOpt,
    ModelOpt,
    OcrOpt,
    PasswordOpt,
    PeopleOpt,
    PolicyOpt,
    QuietOpt,
    RulesOpt,
    ShowTextOpt,
    WorkersOpt,
    fail,
    report_problems,
    app,
    err,
    out,
)
from redactkit.cli.carry import carry_decisions, print_carry_report
from redactkit.cli.tables import print_findings_with_text, findings_table, ocr_table
from redactkit.core.errors import RedactkitError


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively).")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Where to write the proposals file (JSON).")],
    rules: RulesOpt = None,
    policy: PolicyOpt = None,
    workers: WorkersOpt = 0,
    password: PasswordOpt = None,
    model: ModelOpt = None,
    max_pages: MaxPagesOpt = 5000,
    people: PeopleOpt = None,
    deny: DenyOpt = None,
    allow: AllowOpt = None,
    ocr: OcrOpt = "auto",
    show_text: ShowTextOpt = False,
    quiet: QuietOpt = False,
    cluster: ClusterOpt = None,
    page_timeout: PageTimeoutOpt = 120.0,
    document_timeout: DocumentTimeoutOpt = 0.0,
    previous: Annotated[Optional[Path], typer.Option("--previous", metavar="OLD.json", help="Carry the review decisions of this proposals file over (default: the --out file, if there is one).")] = None,
) -> None:
    """Find personal data in PDFs and write proposals for review."""
    from redactkit.core.progress import make_progress
    from redactkit.jobs.scan import ScanOptions
    from redactkit.jobs.scan import scan as run_scan

    options = ScanOptions(rules_dir=rules, policy=policy, workers=workers, password=password,
                          model=model, max_pages=max_pages, people_file=people,
                          deny_files=list(deny or []), allow_files=list(allow or []), ocr=ocr,
                          cluster=cluster, page_seconds=page_timeout, document_seconds=document_timeout)
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

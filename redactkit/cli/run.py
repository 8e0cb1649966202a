"""``redactkit run``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from redactkit.cli.app import (
    AllowOpt,
    ClusterOpt,
    DocumentTimeoutOpt,
    PageTimeoutOpt,
    DenyOpt,
    HideOpt,
    LabelOpt,
    MaxPagesOpt,
    ModelOpt,
    OcrLayerOpt,
    OcrOpt,
    OperatorOpt,
    OutDirOpt,
    PasswordOpt,
    PeopleOpt,
    PolicyOpt,
    QuietOpt,
    RulesOpt,
    WorkersOpt,
    fail,
    app,
    err,
    out,
)
from redactkit.cli.tables import apply_tables, verify_table, ocr_table
from redactkit.core.errors import RedactkitError


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders: the bundle.")],
    out_dir: OutDirOpt,
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
    label: LabelOpt = "none",
    hide_widths: HideOpt = True,
    ocr_layer: OcrLayerOpt = False,
    operator: OperatorOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Verification warnings count as failures.")] = False,
    quiet: QuietOpt = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an earlier redactkit run in OUT_DIR (what it wrote there is removed first); without it a non-empty OUT_DIR is refused (exit 6).")] = False,
    cluster: ClusterOpt = None,
    page_timeout: PageTimeoutOpt = 120.0,
    document_timeout: DocumentTimeoutOpt = 0.0,
) -> None:
    """Scan, apply and verify a whole bundle in one go (each document on its own)."""
    from redactkit.apply.document import ApplyOptions
    from redactkit.core.progress import make_progress
    from redactkit.jobs.run import RunOptions
    from redactkit.jobs.run import run as run_job
    from redactkit.jobs.scan import ScanOptions

    options = RunOptions(
        scan=ScanOptions(rules_dir=rules, policy=policy, workers=workers, password=password,
                         model=model, max_pages=max_pages, people_file=people,
                         deny_files=list(deny or []), allow_files=list(allow or []), ocr=ocr,
                         cluster=cluster, page_seconds=page_timeout, document_seconds=document_timeout),
        apply=ApplyOptions(overwrite=overwrite, label=label, hide_widths=hide_widths, password=password, operator=operator,
                           ocr_layer=ocr_layer, workers=workers),
        strict=strict)
    try:
        result = run_job([str(p) for p in paths], out_dir, options, progress=lambda verb: make_progress(verb, quiet))
    except RedactkitError as exc:
        fail(exc)
    table = Table(title=f"redactkit run: {escape(str(out_dir))}")
    for column in ("Document", "Pages", "Found", "Redacted", "Kept", "Verification"):
        table.add_column(column)
    for doc in result.documents:
        colour = {"pass": "green", "pass with warnings": "yellow"}.get(doc.status, "red")
        table.add_row(escape(doc.path), str(doc.pages), str(doc.found), str(doc.boxes), str(doc.kept),
                      f"[{colour}]{escape(doc.status)}[/{colour}]")
    out.print(table)
    if result.applied is not None:
        out.print(apply_tables(result.applied)[1])
    if (ocr_pages := ocr_table(result.proposals)) is not None:
        out.print(ocr_pages)
    if result.checked is not None and any(r.problems for r in result.checked.files):
        out.print(verify_table(result.checked, False, strict))
    if result.applied is not None:
        out.print(f"proposals and the verification report (they hold personal data) are in {escape(str(result.internal))}")
    for doc in result.documents:
        if doc.error:
            label_ = "skipped" if doc.status.startswith("not a PDF") else "error"
            err.print(f"redactkit: {label_}: {escape(doc.path)}: {escape(doc.error)}")
    for doc in result.applied.documents if result.applied else []:
        for warning in doc.warnings:
            err.print(f"redactkit: warning: {escape(doc.relpath)}: {escape(warning)}")
    for doc in result.proposals.documents:
        for warning in doc.warnings:
            err.print(f"redactkit: warning: {escape(doc.path)}: {escape(warning)}")
    raise typer.Exit(result.exit_code)

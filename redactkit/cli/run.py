"""``redactkit run``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from redactkit.cli.app import app, err, fail, out
from redactkit.cli.helpfmt import epilog
from redactkit.cli.options import (
    HideOpt,
    LabelOpt,
    OcrLayerOpt,
    OperatorOpt,
    OutDirOpt,
    OverwriteOpt,
    QuietOpt,
    ScanGroup,
    StrictOpt,
    scan_options,
)
from redactkit.cli.tables import apply_tables, ocr_table, verify_table
from redactkit.core.errors import RedactkitError

RUN_EPILOG = epilog(
    ["redactkit run case/ --out redacted/ --people case.yaml",
     "redactkit run case/ --out redacted/ --overwrite --strict"],
    "0 redacted and verified; 1 verification found a problem (or a warning, with --strict); 2 bad option; "
    "3 missing input, not a PDF or too many pages; 4 encrypted PDF, no or a wrong password; 5 damaged PDF; "
    "6 cannot write the output folder, or it is not empty (--overwrite); 8 rules, policy or model problem; "
    "130 interrupted (what was not verified is listed).",
    before="Everything found is redacted as the policy says, without a review; for a review, use scan, "
           "review and apply.")


@app.command(epilog=RUN_EPILOG)
@scan_options
def run(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders: the bundle.", metavar="PDF_OR_FOLDER...")],
    out_dir: OutDirOpt,
    options: ScanGroup,
    label: LabelOpt = "none",
    hide_widths: HideOpt = True,
    ocr_layer: OcrLayerOpt = False,
    operator: OperatorOpt = None,
    strict: StrictOpt = False,
    overwrite: OverwriteOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Scan, apply and verify a bundle in one go.

    Each document is scanned, redacted and verified on its own."""
    from redactkit.apply.document import ApplyOptions
    from redactkit.core.progress import make_progress
    from redactkit.jobs.run import RunOptions
    from redactkit.jobs.run import run as run_job

    job = RunOptions(
        scan=options,
        apply=ApplyOptions(overwrite=overwrite, label=label, hide_widths=hide_widths, password=options.password,
                           operator=operator, ocr_layer=ocr_layer, workers=options.workers),
        strict=strict)
    try:
        result = run_job([str(p) for p in paths], out_dir, job, progress=lambda verb: make_progress(verb, quiet))
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

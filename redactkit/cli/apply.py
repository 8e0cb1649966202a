"""``redactkit apply``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from redactkit.cli.app import app, err, fail, out
from redactkit.cli.helpfmt import epilog
from redactkit.cli.options import (
    ClusterOpt,
    HideOpt,
    LabelOpt,
    LogTextOpt,
    OcrLayerOpt,
    OperatorOpt,
    OutDirOpt,
    OverwriteOpt,
    PasswordOpt,
    ProposalsOpt,
    QuietOpt,
    WorkersOpt,
)
from redactkit.cli.tables import apply_tables
from redactkit.core.errors import RedactkitError

APPLY_EPILOG = epilog(
    ["redactkit apply case/ -p p.json --out redacted/",
     "redactkit apply case/ -p p.json --out redacted/ --label reason --overwrite"],
    "0 redacted; 2 bad option; 3 missing input; 4 encrypted PDF, no or a wrong password; 5 damaged PDF (pages "
    "that could not be redacted are withheld whole); 6 cannot write the output folder, or it is not empty "
    "(--overwrite); 7 a file differs from the one scanned; 130 interrupted.",
    before="Everything found is redacted except what review rejected (reject = keep).")


@app.command("apply", epilog=APPLY_EPILOG)
def apply_command(
    paths: Annotated[list[Path], typer.Argument(help="The PDFs or folders that were scanned.", metavar="PDF_OR_FOLDER...")],
    proposals: ProposalsOpt,
    out_dir: OutDirOpt,
    label: LabelOpt = "none",
    hide_widths: HideOpt = True,
    password: PasswordOpt = None,
    operator: OperatorOpt = None,
    log_text: LogTextOpt = False,
    ocr_layer: OcrLayerOpt = False,
    workers: WorkersOpt = 0,
    quiet: QuietOpt = False,
    overwrite: OverwriteOpt = False,
    cluster: ClusterOpt = None,
) -> None:
    """Redact the PDFs as the proposals say, with a redaction log.

    Every finding is redacted except those review rejected; the originals are never changed."""
    from redactkit.apply.document import ApplyOptions
    from redactkit.core.progress import make_progress
    from redactkit.jobs.apply import apply
    from redactkit.model.proposals import Proposals

    try:
        props = Proposals.load(proposals)
        result = apply([str(p) for p in paths], props, out_dir,
                       ApplyOptions(overwrite=overwrite, label=label, hide_widths=hide_widths, password=password,
                                    operator=operator, log_text=log_text, ocr_layer=ocr_layer,
                                    workers=workers),
                       progress=make_progress("apply", quiet), cluster=cluster)
    except RedactkitError as exc:
        fail(exc)
    for table in apply_tables(result):
        out.print(table)
    for doc in result.documents:
        for warning in doc.warnings:
            err.print(f"redactkit: warning: {escape(doc.relpath)}: {escape(warning)}")

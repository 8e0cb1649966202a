"""``redactkit apply``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from redactkit.cli.app import (
    ClusterOpt,
    HideOpt,
    LabelOpt,
    LogTextOpt,
    OcrLayerOpt,
    OperatorOpt,
    OutDirOpt,
    PasswordOpt,
    ProposalsOpt,
    QuietOpt,
    WorkersOpt,
    fail,
    app,
    err,
    out,
)
from redactkit.cli.tables import apply_tables
from redactkit.core.errors import RedactkitError


@app.command("apply")
def apply_command(
    paths: Annotated[list[Path], typer.Argument(help="The PDFs or folders that were scanned.")],
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
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an earlier redactkit run in OUT_DIR (what it wrote there is removed first); without it a non-empty OUT_DIR is refused (exit 6).")] = False,
    cluster: ClusterOpt = None,
) -> None:
    """Redact the inputs as the proposals say (everything not rejected), with a redaction log."""
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

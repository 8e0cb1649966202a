"""``redactkit verify``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from redactkit.cli.app import app, fail, out
from redactkit.cli.helpfmt import epilog
from redactkit.cli.options import (
    ClusterOpt,
    JsonOpt,
    PasswordOpt,
    PeopleOpt,
    PolicyOpt,
    QuietOpt,
    ShowTextOpt,
    StrictOpt,
    WorkersOpt,
)
from redactkit.cli.tables import verdicts_table, verify_table
from redactkit.core.errors import RedactkitError

VERIFY_EPILOG = epilog(
    ["redactkit verify redacted/ -p p.json --original case/",
     "redactkit verify received.pdf --missed --json report.json"],
    "0 pass; 1 a check failed (or a warning, with --strict); 2 bad option; 3 missing input or not a PDF; "
    "4 encrypted PDF, no or a wrong password; 5 damaged PDF; 6 cannot write --json; 7 the proposals do not "
    "match the originals.")


@app.command(epilog=VERIFY_EPILOG)
def verify(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders to check (any PDF, from any tool).", metavar="PDF_OR_FOLDER...")],
    proposals: Annotated[Optional[Path], typer.Option("--proposals", "-p", metavar="FILE", help="Proposals file: also check every redacted value is gone.")] = None,
    original: Annotated[Optional[list[Path]], typer.Option("--original", metavar="PATH", help="Folder or file of the originals (matched by relative path).")] = None,
    json_report: JsonOpt = None,
    strict: StrictOpt = False,
    missed: Annotated[bool, typer.Option("--missed", help="Also report personal data the policy would redact that is still visible.")] = False,
    policy: PolicyOpt = None,
    people: PeopleOpt = None,
    password: PasswordOpt = None,
    workers: WorkersOpt = 0,
    show_text: ShowTextOpt = False,
    quiet: QuietOpt = False,
    cluster: ClusterOpt = None,
) -> None:
    """Prove that nothing redacted can be recovered from the PDFs.

    Checks the text layer, hidden and overlaid text, images, annotations, metadata, attachments,
    earlier revisions and the pixels under each box; with --proposals, that every redacted value
    is gone; with --missed, personal data still visible that the policy would redact."""
    from redactkit.core.progress import make_progress
    from redactkit.jobs.verify import verify as run_verify
    from redactkit.jobs.verify import write_report
    from redactkit.model.proposals import Proposals
    from redactkit.verify.document import VerifyOptions

    try:
        props = Proposals.load(proposals) if proposals else None
        result = run_verify([str(p) for p in paths],
                            VerifyOptions(proposals=props, originals=[str(o) for o in original or []],
                                          password=password, strict=strict, workers=workers,
                                          missed=missed, policy=policy, people_file=people),
                            progress=make_progress("verify", quiet), cluster=cluster)
        if json_report:
            write_report(result, json_report, show_text)
    except RedactkitError as exc:
        fail(exc)
    if any(r.problems or r.error for r in result.files):
        out.print(verify_table(result, show_text, strict))
    out.print(verdicts_table(result, strict))
    raise typer.Exit(result.exit_code)

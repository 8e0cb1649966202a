"""``redactkit qc``: the pre-disclosure quality check of a bundle redacted elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from redactkit.cli.app import app, fail, out
from redactkit.cli.helpfmt import epilog
from redactkit.cli.options import (
    PasswordOpt,
    PeopleOpt,
    PolicyOpt,
    QuietOpt,
    ShowTextOpt,
    WorkersOpt,
)
from redactkit.cli.tables import verdicts_table, verify_table
from redactkit.core.errors import RedactkitError

QC_EPILOG = epilog(
    ["redactkit qc redacted/ --report qc.pdf --people case.yaml"],
    "0 pass; 1 problems found (or warnings, with --strict); 2 bad option; 3 missing input or not a PDF; "
    "4 encrypted PDF, no or a wrong password; 5 damaged PDF; 6 cannot write the report; 8 policy or case "
    "list problem.")


@app.command(epilog=QC_EPILOG)
def qc(
    paths: Annotated[list[Path], typer.Argument(help="The redacted bundle: PDF files or folders.", metavar="PDF_OR_FOLDER...")],
    report: Annotated[Path, typer.Option("--report", metavar="REPORT.pdf", help="The supervisor's report (PDF); its JSON twin goes beside it.")],
    json_report: Annotated[Optional[Path], typer.Option("--json", metavar="FILE", help="Where the JSON report goes (default: REPORT.json).")] = None,
    people: PeopleOpt = None,
    policy: PolicyOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings (personal data still visible among them) count as failures.")] = False,
    password: PasswordOpt = None,
    workers: WorkersOpt = 0,
    show_text: ShowTextOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Check a bundle redacted elsewhere; a report a supervisor signs.

    What verify --missed checks (recoverable text, personal data still visible), as a PDF report
    with its JSON twin."""
    from redactkit.core.progress import make_progress
    from redactkit.jobs.qc import qc as run_qc
    from redactkit.jobs.qc import write_qc
    from redactkit.verify.document import VerifyOptions

    options = VerifyOptions(password=password, strict=strict, workers=workers, policy=policy, people_file=people)
    names = [str(p) for p in paths]
    try:
        result = run_qc(names, options, progress=make_progress("qc", quiet))
        json_path = write_qc(result, names, report, json_report, options, show_text)
    except RedactkitError as exc:
        fail(exc)
    if any(r.problems or r.error for r in result.files):
        out.print(verify_table(result, show_text, strict))
    out.print(verdicts_table(result, strict))
    out.print(f"report: {escape(str(report))} and {escape(str(json_path))}")
    raise typer.Exit(result.exit_code)

"""``redactkit verify``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from redactkit.cli.app import (
    ClusterOpt,
    PasswordOpt,
    PeopleOpt,
    PolicyOpt,
    QuietOpt,
    ShowTextOpt,
    WorkersOpt,
    fail,
    app,
    out,
)
from redactkit.cli.tables import verdicts_table, verify_table
from redactkit.core.errors import RedactkitError


@app.command()
def verify(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders to check (any PDF, from any tool).")],
    proposals: Annotated[Optional[Path], typer.Option("--proposals", "-p", help="Proposals file: also check every redacted value is gone.")] = None,
    original: Annotated[Optional[list[Path]], typer.Option("--original", help="Folder or file of the originals (matched by relative path).")] = None,
    json_report: Annotated[Optional[Path], typer.Option("--json", help="Also write the report as JSON here.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings count as failures.")] = False,
    missed: Annotated[bool, typer.Option("--missed", help="Also report personal data the policy would redact that is still visible.")] = False,
    policy: PolicyOpt = None,
    people: PeopleOpt = None,
    password: PasswordOpt = None,
    workers: WorkersOpt = 0,
    show_text: ShowTextOpt = False,
    quiet: QuietOpt = False,
    cluster: ClusterOpt = None,
) -> None:
    """Prove that nothing redacted can be recovered (exit 0 pass, 1 problems found)."""
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

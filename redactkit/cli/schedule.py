"""``redactkit schedule``: the sign-off schedule of a reviewed bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from redactkit.cli.app import app, fail, out
from redactkit.cli.helpfmt import epilog
from redactkit.cli.options import ShowTextOpt
from redactkit.core.errors import RedactkitError


@app.command(epilog=epilog(
    ["redactkit schedule p.json --out schedule.pdf", "redactkit schedule p.json --out schedule.csv"],
    "0 written; 6 cannot write the output; 7 not a proposals file.",
    before="Accepted = redacted; rejected = kept; findings nobody decided are redacted."))
def schedule(
    proposals: Annotated[Path, typer.Argument(help="The reviewed proposals file.", metavar="PROPOSALS")],
    out_file: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help="schedule.csv (spreadsheet) or schedule.pdf (to sign); the suffix decides.")],
    show_text: ShowTextOpt = False,
) -> None:
    """Write the redaction schedule a supervisor signs.

    Every redaction and every finding kept, with document, page, entity, reason, decision, who
    decided and when, and the totals. No personal data in it unless --show-text."""
    from redactkit.model.proposals import Proposals
    from redactkit.review.schedule import totals, write_csv, write_pdf

    try:
        props = Proposals.load(proposals)
        writer = write_pdf if out_file.suffix.lower() == ".pdf" else write_csv
        table = writer(props, out_file, show_text)
    except RedactkitError as exc:
        fail(exc)
    summary = ", ".join(f"{name} {value}" for name, value in totals(table))
    out.print(f"schedule written to {escape(str(out_file))}: {summary}")

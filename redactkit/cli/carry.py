"""Re-scan carry-over for ``redactkit scan --previous`` (kept out of cli/scan.py, which others own)."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from redactkit.cli.app import err, out
from redactkit.model.proposals import Proposals


def carry_decisions(new: Proposals, previous: Path | None, out_file: Path):
    """Carry the decisions of --previous (or of the file about to be replaced) into new."""
    from redactkit.review.carryover import carry_over, previous_proposals

    found = previous_proposals(previous, out_file)
    if found is None:
        return None
    old, name = found
    return carry_over(new, old, name)


def print_carry_report(report) -> None:
    out.print(escape(report.summary()))
    for document, finding, why in report.lost[:50]:
        err.print(f"redactkit: not carried: {escape(document)}: {finding}: {escape(why)}")
    if len(report.lost) > 50:
        err.print(f"redactkit: not carried: {len(report.lost) - 50} more")

"""``redactkit preview`` and ``redactkit review``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from redactkit.cli.app import (
    OutDirOpt,
    PasswordOpt,
    ProposalsOpt,
    ShowTextOpt,
    fail,
    app,
    out,
)
from redactkit.core.errors import InputError, RedactkitError


@app.command()
def preview(
    paths: Annotated[list[Path], typer.Argument(help="The PDFs or folders that were scanned.")],
    proposals: ProposalsOpt,
    out_dir: OutDirOpt,
    password: PasswordOpt = None,
) -> None:
    """Write preview copies with the proposals as (unapplied) Redact annotations."""
    from redactkit.model.proposals import Proposals
    from redactkit.review.preview import preview as make_preview

    try:
        results = make_preview([str(p) for p in paths], Proposals.load(proposals), out_dir, password)
    except RedactkitError as exc:
        fail(exc)
    table = Table(title="Previews (NOT redacted)")
    for column in ("Document", "Proposed", "Kept", "Preview"):
        table.add_column(column)
    for r in results:
        table.add_row(escape(r.relpath), str(r.proposed), str(r.kept), escape(str(r.path)))
    out.print(table)

@app.command()
def review(
    proposals: Annotated[Path, typer.Argument(help="The proposals file to change.")],
    accept: Annotated[Optional[list[str]], typer.Option("--accept", help="Accept this finding id (repeatable).")] = None,
    reject: Annotated[Optional[list[str]], typer.Option("--reject", help="Reject (keep) this finding id (repeatable).")] = None,
    accept_entity: Annotated[Optional[list[str]], typer.Option("--accept-entity", help="Accept every finding of this type.")] = None,
    reject_entity: Annotated[Optional[list[str]], typer.Option("--reject-entity", help="Reject every finding of this type.")] = None,
    add: Annotated[Optional[list[str]], typer.Option("--add", help="Add a box: 'DOC:PAGE:x0,y0,x1,y1:reason'.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Note recorded on the findings changed.")] = None,
    show_text: ShowTextOpt = False,
) -> None:
    """Record review decisions in a proposals file, or list its findings."""
    from redactkit.model.proposals import Decision, Proposals
    from redactkit.review.decisions import add_manual, decide

    try:
        props = Proposals.load(proposals)
        changed = 0
        changed += decide(props, Decision.ACCEPTED, accept or [], accept_entity or [], note)
        changed += decide(props, Decision.REJECTED, reject or [], reject_entity or [], note)
        for spec in add or []:
            try:
                doc, page, box, reason = spec.rsplit(":", 3)
                rect = [float(v) for v in box.split(",")]
                page_no = int(page)
            except ValueError:
                raise InputError(f"--add needs DOC:PAGE:x0,y0,x1,y1:reason, not {spec!r}") from None
            add_manual(props, doc, page_no, rect, reason)
            changed += 1
        if changed:
            props.save(proposals)
    except RedactkitError as exc:
        fail(exc)
    table = Table(title=f"{escape(str(proposals))}: {changed} change(s) saved" if changed else escape(str(proposals)))
    for column in ["Document", "Page", "Id", "Entity", "Score", "Decision", "Reason"] + (["Text"] if show_text else []):
        table.add_column(column)
    for doc in props.documents:
        for f in doc.findings:
            row = [escape(doc.path), str(f.page), f.id, f.entity, f"{f.score:.2f}", f.decision, escape(f.reason)]
            table.add_row(*(row + ([escape(f.text)] if show_text else [])))
    out.print(table)

"""``redactkit preview``, ``redactkit review`` and ``redactkit stats``."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from redactkit.cli.app import app, err, fail, out
from redactkit.cli.helpfmt import epilog
from redactkit.cli.options import OutDirOpt, PasswordOpt, ProposalsOpt, ShowTextOpt
from redactkit.core.errors import OutputError, RedactkitError, UsageError

FILTER_HELP = ("FILTER: terms joined by commas, all must hold: entity=PERSON|ADDRESS, score<0.5, "
               "recognizer=NAME, source=text|ocr|manual, doc=GLOB, page=3 or 2-5, role=witness, "
               "decision=proposed, id=ID, text=EXACT or text~REGEX (also !=, !~), person=, reason=; "
               "'all' for every finding.")

PREVIEW_EPILOG = epilog(
    ["redactkit preview case/ -p p.json -o preview/"],
    "0 written; 3 missing input; 6 cannot write; 7 the files differ from the proposals.")

REVIEW_EPILOG = epilog(
    ["redactkit review p.json --list 'decision=proposed' --bundle case/",
     "redactkit review p.json --reject 'entity=DATE_OF_BIRTH,score<0.5' --by DC1",
     "redactkit review p.json --add 'term:Flat 4' --bundle case/",
     "redactkit review p.json --from-preview prev/02.PREVIEW-not-redacted.pdf"],
    "0 done; 2 bad option or filter; 3 missing input; 6 proposals file read-only or not writable; 7 a file "
    "made for other documents, or an import that changes a finding.",
    before="Accept = redact; reject = keep (not redacted). Findings nobody decided are redacted.\n\n" + FILTER_HELP)


def refuse_read_only(path: Path) -> None:
    """A proposals file that is read-only (or in a folder that is) is never rewritten: exit 6.
    The mode bits are checked as well as access(), because root may write any file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # Proposals.load reports a missing file
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise OutputError("the proposals file is read-only; nothing was changed", path=str(path))
    if not os.access(folder, os.W_OK):
        raise OutputError("the folder of the proposals file is not writable; nothing was changed", path=str(folder))


def _print_change(change, by: str) -> None:
    from redactkit.review.decisions import by_type

    for text in change.unmatched:
        err.print(f"redactkit: {escape(repr(text))} matches no finding")
    decided: dict[str, list] = {}
    for doc, finding in change.changed:
        decided.setdefault(finding.decision, []).append((doc, finding))
    for decision, items in decided.items():
        out.print(f"{decision}: {escape(by_type(items))}")
    if change.added:
        out.print(f"added (accepted): {escape(by_type(change.added))}")


def list_findings(props, where: str, bundle, show_text: bool, limit: int, skip: int) -> None:
    from redactkit.review.context import context_line
    from redactkit.review.filters import parse_filter
    from redactkit.review.history import last

    selected = list(parse_filter(where, props).select(props))
    shown = selected[skip:skip + limit] if limit else selected[skip:]
    table = Table(title=f"{len(selected)} finding(s)" + (f" matching {escape(where)!r}" if where.strip() else ""))
    for column in ("Document", "Page", "Id", "Entity", "Score", "Source", "Decision", "By", "Context"):
        table.add_column(column, overflow="fold")
    for doc, f in shown:
        who = last(f)
        table.add_row(escape(doc.path), str(f.page), f.id, f.entity, f"{f.score:.2f}", f.source or "text",
                      f.decision, escape(who["by"]) if who else "", escape(context_line(bundle, doc, f, show_text)))
    out.print(table)
    if len(shown) < len(selected):
        out.print(f"showing {skip + 1}-{skip + len(shown)} of {len(selected)}; --skip {skip + len(shown)} for more")
    if bundle is None and shown:
        out.print("(give --bundle with the scanned documents to see each finding's context)")


@app.command(epilog=PREVIEW_EPILOG)
def preview(
    paths: Annotated[list[Path], typer.Argument(help="The PDFs or folders that were scanned.", metavar="PDF_OR_FOLDER...")],
    proposals: ProposalsOpt,
    out_dir: OutDirOpt,
    password: PasswordOpt = None,
) -> None:
    """Write preview PDFs: the proposed boxes as Redact annotations.

    Nothing is redacted in a preview.

    Open a preview in Acrobat or any viewer, delete the boxes to keep, move or resize boxes, draw new Redact boxes, save, then: redactkit review p.json --from-preview FILE.
    """
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


FilterOpt = Optional[list[str]]


@app.command(epilog=REVIEW_EPILOG)
def review(
    proposals: Annotated[Path, typer.Argument(help="The proposals file to change.", metavar="PROPOSALS")],
    where: Annotated[str, typer.Argument(help="FILTER for --list and --interactive (default: all).", metavar="[FILTER]")] = "",
    accept: Annotated[FilterOpt, typer.Option("--accept", metavar="FILTER", help="Accept (redact) the findings FILTER selects. Repeatable.")] = None,
    reject: Annotated[FilterOpt, typer.Option("--reject", metavar="FILTER", help="Reject (keep, do not redact) the findings FILTER selects. Repeatable.")] = None,
    undecide: Annotated[FilterOpt, typer.Option("--undecide", metavar="FILTER", help="Set the findings FILTER selects back to proposed (redacted unless rejected). Repeatable.")] = None,
    add: Annotated[FilterOpt, typer.Option("--add", metavar="SPEC", help="Add a redaction: term:TEXT, regex:PATTERN (every occurrence), box:DOC:PAGE:x0,y0,x1,y1, page:DOC:PAGES, region:DOC_GLOB:PAGES:x0,y0,x1,y1 (fractions). Needs --bundle. Repeatable.")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="Reason recorded on what --add adds.")] = None,
    entity: Annotated[Optional[str], typer.Option("--entity", metavar="TYPE", help="Entity type of what --add adds (default MANUAL).")] = None,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="Note recorded with every decision made.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", envvar="REDACTKIT_OPERATOR", show_envvar=True, help="Who decides, for the history and the schedule (default: your user name).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the findings FILTER selects, with context.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, metavar="N", help="--list: at most N rows (0: all).")] = 100,
    skip: Annotated[int, typer.Option("--skip", min=0, metavar="N", help="--list: skip the first N rows.")] = 0,
    interactive: Annotated[bool, typer.Option("--interactive", "-i", help="Walk the undecided findings FILTER selects in a terminal UI.")] = False,
    bundle: Annotated[Optional[list[Path]], typer.Option("--bundle", "-b", metavar="PATH", help="The scanned folder or PDFs: for context lines and --add.")] = None,
    from_preview: Annotated[Optional[list[Path]], typer.Option("--from-preview", metavar="PREVIEW.pdf", help="Decisions from a preview PDF edited in a viewer: deleted box = reject, moved = new box, drawn = added. Repeatable.")] = None,
    export_csv: Annotated[Optional[Path], typer.Option("--export-csv", metavar="FILE", help="Write one row per finding (opens in a spreadsheet).")] = None,
    import_csv: Annotated[Optional[Path], typer.Option("--import-csv", metavar="FILE", help="Read decisions and notes from an exported CSV.")] = None,
    export_xfdf: Annotated[Optional[Path], typer.Option("--export-xfdf", metavar="DIR", help="Write one XFDF file of Redact mark-up per document (Acrobat: Comments > Import).")] = None,
    import_xfdf: Annotated[Optional[list[Path]], typer.Option("--import-xfdf", metavar="FILE", help="Read decisions from an XFDF file Acrobat exported. Repeatable.")] = None,
    show_text: ShowTextOpt = False,
    password: PasswordOpt = None,
) -> None:
    """Decide what is redacted (accept) and what is kept (reject).

    In bulk by FILTER, one by one in a terminal UI (--interactive), or from an edited preview, CSV
    or XFDF file.

    Every decision records who made it (--by), when, and the --note, in the proposals file.
    """
    if "numpy" not in sys.modules:  # nothing here multiplies matrices: numpy (loaded for the page
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # texts) need not start OpenBLAS's threads (0.1 s CPU)
    from redactkit.model.proposals import Decision, Proposals
    from redactkit.review import decisions
    from redactkit.review.history import operator

    who = operator(by)
    wants_change = bool(accept or reject or undecide or add or from_preview or import_csv or import_xfdf or interactive)
    try:
        if wants_change:
            refuse_read_only(proposals)
        props = Proposals.load(proposals)
        docs = None
        if bundle:
            from redactkit.review.documents import Bundle

            docs = Bundle(props, [str(p) for p in bundle], password)
        # parse every filter first: a typo in the last one must not leave the first ones applied
        from redactkit.review.filters import parse_filter

        for text in [*(accept or []), *(reject or []), *(undecide or []), where]:
            parse_filter(text, props)
        if decisions.overlapping(props, accept or [], reject or [], undecide or []):
            raise UsageError("some findings are selected by two of --accept, --reject and --undecide; "
                             "make the filters exclusive")
        change = decisions.Change()
        for path in from_preview or []:
            from redactkit.review.roundtrip import import_preview

            import_preview(props, path, who, note, change)
        if import_csv:
            from redactkit.review.csvio import import_csv as read_csv

            read_csv(props, import_csv, who, change, docs)
        for path in import_xfdf or []:
            from redactkit.review.xfdf import import_xfdf as read_xfdf

            read_xfdf(props, path, who, note, change, docs)
        for spec in add or []:
            change.added += decisions.add(props, spec, docs, who, reason, entity, note)
        decisions.decide(props, Decision.ACCEPTED, accept or [], who, "cli", note, change)
        decisions.decide(props, Decision.REJECTED, reject or [], who, "cli", note, change)
        decisions.decide(props, Decision.PROPOSED, undecide or [], who, "cli", note, change)
        if change:
            props.save(proposals)
        _print_change(change, who)
        if export_csv:
            from redactkit.review.csvio import export_csv as write_csv

            rows = write_csv(props, export_csv, show_text=True)
            out.print(f"{rows} row(s) written to {escape(str(export_csv))} (holds the text found: personal data)")
        if export_xfdf:
            from redactkit.review.xfdf import export_xfdf as write_xfdf

            written = write_xfdf(props, export_xfdf, docs)
            out.print(f"{len(written)} XFDF file(s) written to {escape(str(export_xfdf))}")
        if interactive:
            from redactkit.review.interactive import run_review

            run_review(proposals, props, where, docs, who, show_text)
        elif wants_change and not change and not change.unmatched and not list_:
            out.print("nothing changed: the findings selected already had those decisions")
        elif list_ or not (wants_change or export_csv or export_xfdf):
            list_findings(props, where, docs, show_text, limit, skip)
    except RedactkitError as exc:
        fail(exc)


@app.command(epilog=epilog(["redactkit stats p.json"], "0 done; 7 not a proposals file.",
                           before="Accepted = redacted; rejected = kept; undecided findings are redacted."))
def stats(
    proposals: Annotated[Path, typer.Argument(help="The proposals file.", metavar="PROPOSALS")],
) -> None:
    """Decided and undecided findings, per document and entity type."""
    from redactkit.model.proposals import Proposals
    from redactkit.review.stats import stats as count

    try:
        props = Proposals.load(proposals)
    except RedactkitError as exc:
        fail(exc)
    per_doc, per_entity, total = count(props)
    for title, rows in (("Per document", per_doc), ("Per entity type", per_entity)):
        table = Table(title=title)
        for column in ("", "Findings", "Undecided", "Accepted (redact)", "Rejected (keep)", "By a reviewer"):
            table.add_column(column, justify="left" if column == "" else "right")
        for name, c in rows.items():
            table.add_row(escape(name), str(c.total), str(c.undecided), str(c.accepted), str(c.rejected), str(c.by_reviewer))
        table.add_row("[b]all[/b]", str(total.total), str(total.undecided), str(total.accepted), str(total.rejected),
                      str(total.by_reviewer))
        out.print(table)

"""The ``redactkit`` command line: a thin typer layer over the Python API.

Each command parses options, calls one API function, prints a summary and exits with a code
from :class:`redactkit.errors.ExitCode`. Errors are one line on stderr. Text found in documents
is printed only when the user asks for it (``--show-text``).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from redactkit import __version__
from redactkit.core.errors import ExitCode, InputError, RedactkitError, one_line
from redactkit.core.offline import forbid_network

app = typer.Typer(
    name="redactkit",
    help="Find, remove and prove the removal of personal data in UK criminal case files (PDF).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# on a pipe or in a log, tables get a width that fits file names rather than rich's default 80
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, highlight=False, soft_wrap=True)

RulesOpt = Annotated[Optional[Path], typer.Option("--rules", help="Rules folder (default: the rules shipped with redactkit).")]
PolicyOpt = Annotated[Optional[str], typer.Option("--policy", help="Policy name from rules/policies, or a policy file.")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-j", min=0, help="Parallel worker processes (0: one per CPU, at most 4).")]
PasswordOpt = Annotated[Optional[str], typer.Option("--password", envvar="REDACTKIT_PASSWORD", help="Password for encrypted PDFs (or set REDACTKIT_PASSWORD).")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", envvar="REDACTKIT_SPACY_MODEL", help="Installed spaCy model to use instead of the rules' default.")]
MaxPagesOpt = Annotated[int, typer.Option("--max-pages", min=0, help="Refuse documents with more pages than this (0: no limit).")]
ShowTextOpt = Annotated[bool, typer.Option("--show-text", help="Print the personal data found (off by default).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]
PeopleOpt = Annotated[Optional[Path], typer.Option("--people", help="Case list (YAML): the people of the case, their roles, aliases and identifiers.")]
DenyOpt = Annotated[Optional[list[Path]], typer.Option("--deny", help="File of terms always redacted (one per line; repeatable).")]
AllowOpt = Annotated[Optional[list[Path]], typer.Option("--allow", help="File of terms never redacted (one per line; repeatable).")]
OcrOpt = Annotated[str, typer.Option("--ocr", help="OCR: auto (scanned pages and scanned inserts), always (every page) or never.")]
OcrLayerOpt = Annotated[bool, typer.Option("--ocr-layer", help="Give redacted scans an invisible text layer, read after redaction, so they stay searchable.")]


def _fail(exc: RedactkitError) -> None:
    err.print(f"redactkit: error: {escape(str(exc))}")
    raise typer.Exit(int(exc.exit_code))


def _report_problems(problems) -> None:
    for problem in problems:
        label = "error" if problem.exit_code is not None else "skipped"
        err.print(f"redactkit: {label}: {escape(problem.path)}: {escape(problem.reason)}")


def _version(value: bool) -> None:
    if value:
        out.print(f"redactkit {__version__}")
        raise typer.Exit()


_DEBUG = {"on": bool(os.environ.get("REDACTKIT_DEBUG"))}


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False,
          debug: Annotated[bool, typer.Option("--debug", envvar="REDACTKIT_DEBUG",
                                              help="Show the traceback of an unexpected error.")] = False) -> None:
    """Find, remove and prove the removal of personal data in UK criminal case files (PDF)."""
    _DEBUG["on"] = _DEBUG["on"] or debug


def findings_table(proposals, title: str = "Findings") -> Table:
    """Findings per entity type per document: redact (proposed or accepted) and kept (rejected)."""
    table = Table(title=title, show_lines=False)
    table.add_column("Document")
    table.add_column("Entity")
    table.add_column("Redact", justify="right")
    table.add_column("Kept", justify="right")
    totals: Counter = Counter()
    for doc in proposals.documents:
        counts: Counter = Counter()
        for f in doc.findings:
            counts[(f.entity, f.redact)] += 1
        entities = sorted({e for e, _r in counts})
        if not entities:
            table.add_row(escape(doc.path), "(none)", "0", "0")
        for i, entity in enumerate(entities):
            redact, kept = counts[(entity, True)], counts[(entity, False)]
            totals["redact"] += redact
            totals["kept"] += kept
            table.add_row(escape(doc.path) if i == 0 else "", entity, str(redact), str(kept))
        table.add_section()
    table.add_row("[bold]Total[/bold]", f"{len(proposals.documents)} document(s)",
                  f"[bold]{totals['redact']}[/bold]", f"[bold]{totals['kept']}[/bold]")
    return table


def _show_text(proposals) -> None:
    table = Table(title="Findings (personal data shown because --show-text was given)")
    for column in ("Document", "Page", "Entity", "Score", "Decision", "Text"):
        table.add_column(column)
    for doc in proposals.documents:
        for f in doc.findings:
            table.add_row(escape(doc.path), str(f.page), f.entity, f"{f.score:.2f}", f.decision, escape(f.text))
    out.print(table)


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively).")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Where to write the proposals file (JSON).")],
    rules: RulesOpt = None,
    policy: PolicyOpt = None,
    workers: WorkersOpt = 0,
    password: PasswordOpt = None,
    model: ModelOpt = None,
    max_pages: MaxPagesOpt = 5000,
    people: PeopleOpt = None,
    deny: DenyOpt = None,
    allow: AllowOpt = None,
    ocr: OcrOpt = "auto",
    show_text: ShowTextOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Find personal data in PDFs and write proposals for review."""
    from redactkit.core.progress import make_progress
    from redactkit.jobs.scan import ScanOptions
    from redactkit.jobs.scan import scan as run_scan

    options = ScanOptions(rules_dir=rules, policy=policy, workers=workers, password=password,
                          model=model, max_pages=max_pages, people_file=people,
                          deny_files=list(deny or []), allow_files=list(allow or []), ocr=ocr)
    try:
        result = run_scan([str(p) for p in paths], options, progress=make_progress("scan", quiet))
        _report_problems(result.problems)
        result.proposals.save(out_file)
    except RedactkitError as exc:
        _fail(exc)
    for skipped in result.proposals.skipped:
        if not skipped.get("error"):
            err.print(f"redactkit: skipped: {escape(skipped['path'])}: {escape(skipped['reason'])}")
    if show_text:
        _show_text(result.proposals)
    out.print(findings_table(result.proposals))
    if (table := ocr_table(result.proposals)) is not None:
        out.print(table)
    rate = result.pages / result.seconds if result.seconds else 0.0
    out.print(f"{result.pages} page(s) in {result.seconds:.1f} s ({rate:.1f} pages/s, "
              f"{result.workers} worker(s)); proposals written to {escape(str(out_file))}")
    for doc in result.proposals.documents:
        for warning in doc.warnings:
            err.print(f"redactkit: warning: {escape(doc.path)}: {escape(warning)}")
    raise typer.Exit(result.exit_code)


def _page_list(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> "1-3, 5"."""
    runs, start, prev = [], None, None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            runs.append((start, prev))
            start = prev = n
    if start is not None:
        runs.append((start, prev))
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def ocr_table(proposals) -> Table | None:
    """Pages read by OCR per document, and those whose reading is poor (a person should look)."""
    from redactkit.extract.ocr import POOR_QUALITY
    from redactkit.model.proposals import Source

    rows = [d for d in proposals.documents if d.ocr_pages]
    if not rows:
        return None
    table = Table(title="Pages read by OCR")
    for column in ("Document", "OCR pages", "Poor readings (check by eye)", "Low-confidence findings"):
        table.add_column(column)
    for doc in rows:
        poor = [o["page"] for o in doc.ocr_pages if o.get("quality", 1.0) < POOR_QUALITY]
        low = sum(1 for f in doc.findings if f.source == Source.OCR and f.confidence is not None and f.confidence < 80)
        table.add_row(escape(doc.path), _page_list([o["page"] for o in doc.ocr_pages]),
                      f"[red]{_page_list(poor)}[/red]" if poor else "none", str(low))
    return table


LabelOpt = Annotated[str, typer.Option("--label", help="Text in each box: none, entity (type) or reason (code).")]
HideOpt = Annotated[bool, typer.Option("--hide-widths/--no-hide-widths", help="Widen boxes to half-em steps and remove the spacing that measures a removed word (default on).")]
OperatorOpt = Annotated[Optional[str], typer.Option("--operator", envvar="REDACTKIT_OPERATOR", help="Who is redacting, for the log (default: your user name).")]
LogTextOpt = Annotated[bool, typer.Option("--log-text", help="Put the redacted text in the log (internal copies only).")]
ProposalsOpt = Annotated[Path, typer.Option("--proposals", "-p", help="The proposals file written by scan.")]
OutDirOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder (the input tree is mirrored in it).")]


def _apply_table(result) -> Table:
    table = Table(title=f"Redacted into {escape(str(result.out_dir))}")
    for column in ("Document", "Pages", "Boxes", "Hidden items removed"):
        table.add_column(column, justify="left" if column == "Document" else "right")
    totals = Counter()
    for doc in result.documents:
        removed = sum(doc.cleaning.removed.values())
        totals.update(doc.entities)
        table.add_row(escape(doc.relpath), str(doc.pages), str(doc.boxes), str(removed))
    table.add_section()
    table.add_row("[bold]Total[/bold]", str(sum(d.pages for d in result.documents)),
                  str(sum(d.boxes for d in result.documents)),
                  str(sum(sum(d.cleaning.removed.values()) for d in result.documents)))
    by_type = Table(title="Boxes by entity type")
    by_type.add_column("Entity")
    by_type.add_column("Boxes", justify="right")
    for entity, count in sorted(totals.items()):
        by_type.add_row(entity, str(count))
    return table, by_type


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
) -> None:
    """Redact the inputs as the proposals say (everything not rejected), with a redaction log."""
    from redactkit.apply.document import ApplyOptions
    from redactkit.core.progress import make_progress
    from redactkit.jobs.apply import apply
    from redactkit.model.proposals import Proposals

    try:
        props = Proposals.load(proposals)
        result = apply([str(p) for p in paths], props, out_dir,
                       ApplyOptions(label=label, hide_widths=hide_widths, password=password,
                                    operator=operator, log_text=log_text, ocr_layer=ocr_layer,
                                    workers=workers),
                       progress=make_progress("apply", quiet))
    except RedactkitError as exc:
        _fail(exc)
    for table in _apply_table(result):
        out.print(table)
    for doc in result.documents:
        for warning in doc.warnings:
            err.print(f"redactkit: warning: {escape(doc.relpath)}: {escape(warning)}")


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
        _fail(exc)
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
        _fail(exc)
    table = Table(title=f"{escape(str(proposals))}: {changed} change(s) saved" if changed else escape(str(proposals)))
    for column in ["Document", "Page", "Id", "Entity", "Score", "Decision", "Reason"] + (["Text"] if show_text else []):
        table.add_column(column)
    for doc in props.documents:
        for f in doc.findings:
            row = [escape(doc.path), str(f.page), f.id, f.entity, f"{f.score:.2f}", f.decision, escape(f.reason)]
            table.add_row(*(row + ([escape(f.text)] if show_text else [])))
    out.print(table)


def _verify_table(result, show_text: bool, strict: bool) -> Table:
    table = Table(title="Verification problems")
    columns = ["File", "Page", "Severity", "Check", "Where", "Detail"] + (["Text"] if show_text else [])
    for column in columns:
        table.add_column(column)
    for report in result.files:
        if report.error:
            table.add_row(escape(report.path), "", "[red]unreadable[/red]", "", "", escape(report.error))
        for p in report.problems:
            severity = "error" if (p.severity == "error" or strict) else "warning"
            colour = "red" if severity == "error" else "yellow"
            row = [escape(report.path), str(p.page or ""), f"[{colour}]{severity}[/{colour}]", p.check,
                   escape(p.where), escape(p.detail)]
            table.add_row(*(row + ([escape(p.text or "")] if show_text else [])))
    return table


def _verdicts(result, strict: bool) -> Table:
    table = Table(title="Verification")
    for column in ("File", "Pages", "Result", "Errors", "Warnings"):
        table.add_column(column)
    for report in result.files:
        status = report.status(strict)
        colour = {"pass": "green", "pass with warnings": "yellow"}.get(status, "red")
        errors = len(report.errors(strict))
        table.add_row(escape(report.path), str(report.pages), f"[{colour}]{status}[/{colour}]", str(errors),
                      str(len(report.problems) - errors))
    return table


@app.command()
def verify(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders to check (any PDF, from any tool).")],
    proposals: Annotated[Optional[Path], typer.Option("--proposals", "-p", help="Proposals file: also check every redacted value is gone.")] = None,
    original: Annotated[Optional[list[Path]], typer.Option("--original", help="Folder or file of the originals (matched by relative path).")] = None,
    json_report: Annotated[Optional[Path], typer.Option("--json", help="Also write the report as JSON here.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings count as failures.")] = False,
    password: PasswordOpt = None,
    workers: WorkersOpt = 0,
    show_text: ShowTextOpt = False,
    quiet: QuietOpt = False,
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
                                          password=password, strict=strict, workers=workers),
                            progress=make_progress("verify", quiet))
        if json_report:
            write_report(result, json_report, show_text)
    except RedactkitError as exc:
        _fail(exc)
    if any(r.problems or r.error for r in result.files):
        out.print(_verify_table(result, show_text, strict))
    out.print(_verdicts(result, strict))
    raise typer.Exit(result.exit_code)


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders: the bundle.")],
    out_dir: OutDirOpt,
    rules: RulesOpt = None,
    policy: PolicyOpt = None,
    workers: WorkersOpt = 0,
    password: PasswordOpt = None,
    model: ModelOpt = None,
    max_pages: MaxPagesOpt = 5000,
    people: PeopleOpt = None,
    deny: DenyOpt = None,
    allow: AllowOpt = None,
    ocr: OcrOpt = "auto",
    label: LabelOpt = "none",
    hide_widths: HideOpt = True,
    ocr_layer: OcrLayerOpt = False,
    operator: OperatorOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Verification warnings count as failures.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Scan, apply and verify a whole bundle in one go (each document on its own)."""
    from redactkit.apply.document import ApplyOptions
    from redactkit.core.progress import make_progress
    from redactkit.jobs.run import RunOptions
    from redactkit.jobs.run import run as run_job
    from redactkit.jobs.scan import ScanOptions

    options = RunOptions(
        scan=ScanOptions(rules_dir=rules, policy=policy, workers=workers, password=password,
                         model=model, max_pages=max_pages, people_file=people,
                         deny_files=list(deny or []), allow_files=list(allow or []), ocr=ocr),
        apply=ApplyOptions(label=label, hide_widths=hide_widths, password=password, operator=operator,
                           ocr_layer=ocr_layer, workers=workers),
        strict=strict)
    try:
        result = run_job([str(p) for p in paths], out_dir, options, progress=lambda verb: make_progress(verb, quiet))
    except RedactkitError as exc:
        _fail(exc)
    table = Table(title=f"redactkit run: {escape(str(out_dir))}")
    for column in ("Document", "Pages", "Found", "Redacted", "Kept", "Verification"):
        table.add_column(column)
    for doc in result.documents:
        colour = {"pass": "green", "pass with warnings": "yellow"}.get(doc.status, "red")
        table.add_row(escape(doc.path), str(doc.pages), str(doc.found), str(doc.boxes), str(doc.kept),
                      f"[{colour}]{escape(doc.status)}[/{colour}]")
    out.print(table)
    if result.applied is not None:
        out.print(_apply_table(result.applied)[1])
    if (ocr_pages := ocr_table(result.proposals)) is not None:
        out.print(ocr_pages)
    if result.checked is not None and any(r.problems for r in result.checked.files):
        out.print(_verify_table(result.checked, False, strict))
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


def main() -> None:
    """Console-script entry point: offline guard on, then the typer app."""
    forbid_network()
    try:
        app()
    except KeyboardInterrupt:
        err.print("redactkit: interrupted; nothing was written")
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as exc:  # never a traceback for the user; --debug shows it
        if _DEBUG["on"]:
            raise
        err.print(f"redactkit: error: unexpected {type(exc).__name__}: {escape(one_line(exc))} "
                  "(run with --debug for the traceback)")
        sys.exit(int(ExitCode.INTERNAL))


if __name__ == "__main__":
    main()

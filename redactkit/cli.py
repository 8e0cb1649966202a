"""The ``redactkit`` command line: a thin typer layer over the Python API.

Each command parses options, calls one API function, prints a summary and exits with a code
from :class:`redactkit.errors.ExitCode`. Errors are one line on stderr. Text found in documents
is printed only when the user asks for it (``--show-text``).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .errors import ExitCode, RedactkitError
from .offline import forbid_network

app = typer.Typer(
    name="redactkit",
    help="Find, remove and prove the removal of personal data in UK criminal case files (PDF).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

RulesOpt = Annotated[Optional[Path], typer.Option("--rules", help="Rules folder (default: the rules shipped with redactkit).")]
PolicyOpt = Annotated[Optional[str], typer.Option("--policy", help="Policy name from rules/policies, or a policy file.")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-j", min=0, help="Parallel worker processes (0: one per CPU, at most 4).")]
PasswordOpt = Annotated[Optional[str], typer.Option("--password", envvar="REDACTKIT_PASSWORD", help="Password for encrypted PDFs (or set REDACTKIT_PASSWORD).")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", envvar="REDACTKIT_SPACY_MODEL", help="Installed spaCy model to use instead of the rules' default.")]
MaxPagesOpt = Annotated[int, typer.Option("--max-pages", min=0, help="Refuse documents with more pages than this (0: no limit).")]
ShowTextOpt = Annotated[bool, typer.Option("--show-text", help="Print the personal data found (off by default).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]


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


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    """Find, remove and prove the removal of personal data in UK criminal case files (PDF)."""


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
    show_text: ShowTextOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Find personal data in PDFs and write proposals for review."""
    from .progress import make_progress
    from .scan import ScanOptions, scan as run_scan

    options = ScanOptions(rules_dir=rules, policy=policy, workers=workers, password=password,
                          model=model, max_pages=max_pages)
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
    rate = result.pages / result.seconds if result.seconds else 0.0
    out.print(f"{result.pages} page(s) in {result.seconds:.1f} s ({rate:.1f} pages/s, "
              f"{result.workers} worker(s)); proposals written to {escape(str(out_file))}")
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


if __name__ == "__main__":
    main()

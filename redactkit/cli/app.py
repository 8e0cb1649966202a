"""The typer application, its consoles and the options the commands share; main() is the console script."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from redactkit import __version__
from redactkit.core.errors import ExitCode, RedactkitError, one_line
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

ClusterOpt = Annotated[Optional[str], typer.Option("--cluster", envvar="REDACTKIT_CLUSTER", help="Run on a Dask cluster: its scheduler's address (tcp://HOST:8786, tls:// when remote). Documents cross the network: trusted networks only.")]

PageTimeoutOpt = Annotated[float, typer.Option("--page-timeout", min=0, help="Seconds a page may take to read (0: no limit); a page stopped at it is not read and is redacted whole.")]

DocumentTimeoutOpt = Annotated[float, typer.Option("--document-timeout", min=0, help="Seconds a document may take to scan (0: no limit); pages not reached are redacted whole.")]

OcrLayerOpt = Annotated[bool, typer.Option("--ocr-layer", help="Give redacted scans an invisible text layer, read after redaction, so they stay searchable.")]

def fail(exc: RedactkitError) -> None:
    err.print(f"redactkit: error: {escape(str(exc))}")
    raise typer.Exit(int(exc.exit_code))

def report_problems(problems) -> None:
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

LabelOpt = Annotated[str, typer.Option("--label", help="Text in each box: none, entity (type) or reason (code).")]

HideOpt = Annotated[bool, typer.Option("--hide-widths/--no-hide-widths", help="Widen boxes to half-em steps and remove the spacing that measures a removed word (default on).")]

OperatorOpt = Annotated[Optional[str], typer.Option("--operator", envvar="REDACTKIT_OPERATOR", help="Who is redacting, for the log (default: your user name).")]

LogTextOpt = Annotated[bool, typer.Option("--log-text", help="Put the redacted text in the log (internal copies only).")]

ProposalsOpt = Annotated[Path, typer.Option("--proposals", "-p", help="The proposals file written by scan.")]

OutDirOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder (the input tree is mirrored in it).")]

def main() -> None:
    """Console-script entry point: offline guard on, then the typer app."""
    forbid_network()
    try:
        app()
    except KeyboardInterrupt as exc:  # a job that left something says what (run: not verified)
        err.print(f"redactkit: {escape(str(exc)) if str(exc) else 'interrupted; nothing was written'}")
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as exc:  # never a traceback for the user; --debug shows it
        if _DEBUG["on"]:
            raise
        err.print(f"redactkit: error: unexpected {type(exc).__name__}: {escape(one_line(exc))} "
                  "(run with --debug for the traceback)")
        sys.exit(int(ExitCode.INTERNAL))

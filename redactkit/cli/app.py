"""The typer application and its consoles; main() is the console script. The options the commands
share are in cli/options.py."""

from __future__ import annotations

import os
import signal
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from redactkit import __version__
from redactkit.cli.helpfmt import CleanGroup, CleanTyper, epilog
from redactkit.core.errors import ExitCode, RedactkitError, one_line
from redactkit.core.offline import forbid_network

EXIT_CODES = ("0 success; 1 verify found a problem; 2 bad command line; 3 bad input (no such file, not a "
              "PDF, too many pages); 4 encrypted PDF, no or a wrong password; 5 damaged PDF (what could be "
              "read was processed); 6 cannot write the output; 7 the proposals file does not match the "
              "documents; 8 rules, policy or model problem; 9 unexpected error (--debug shows it); "
              "130 interrupted (Ctrl-C or SIGTERM).")

class _Commands(CleanGroup):
    order = ("scan", "review", "preview", "stats", "apply", "verify", "run", "schedule", "qc", "samples", "exercise")


app = CleanTyper(
    cls=_Commands,
    name="redactkit",
    help="Find, remove and prove the removal of personal data in UK criminal case files (PDF).",
    epilog=epilog(["redactkit run case/ --out redacted/", "redactkit scan case/ --out p.json; redactkit review p.json --list",
                   "redactkit COMMAND --help"], EXIT_CODES,
                  before="Stages: scan (find) -> review (decide: accept = redact, reject = keep) -> apply (redact) "
                         "-> verify (prove). run does scan, apply and verify in one go."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# on a pipe or in a log, tables get a width that fits file names rather than rich's default 80
out = Console(highlight=False, emoji=False, soft_wrap=True, width=None if sys.stdout.isatty() else 150)

err = Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)

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

def _stop_on_sigterm() -> None:
    """SIGTERM (a scheduler's time limit, systemd, kill) ends a job as Ctrl-C does: the job's
    finally blocks remove its temporary files (a scan's private folder of character boxes, a
    half-written output) and the exit code is 130. Python's default for SIGTERM is to die at
    once, leaving them behind. Forked workers inherit the handler: there it falls back to the
    default, so a pool that terminates its workers still can."""
    main_pid = os.getpid()

    def terminated(signum, _frame):
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, terminated)
    except ValueError:  # not the main thread (redactkit's main() called from a thread): leave it
        pass


def _interrupt_behind(exc: BaseException) -> KeyboardInterrupt | None:
    """The KeyboardInterrupt an exit was raised from (typer: Exit(130) from it, then sys.exit)."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, KeyboardInterrupt):
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def _say_interrupted(exc: KeyboardInterrupt) -> None:
    err.print(f"redactkit: {escape(str(exc)) if str(exc) else 'interrupted; nothing half-written is left'}")


def main() -> None:
    """Console-script entry point: offline guard on, SIGTERM handled as Ctrl-C, then the typer app."""
    forbid_network()
    _stop_on_sigterm()
    try:
        app()
    except KeyboardInterrupt as exc:  # a job that left something says what (run: not verified)
        _say_interrupted(exc)
        sys.exit(int(ExitCode.INTERRUPTED))
    except SystemExit as exc:
        # typer turns a KeyboardInterrupt into a silent exit 130: find it, and say what it said
        interrupt = _interrupt_behind(exc)
        if interrupt is not None:
            _say_interrupted(interrupt)
            sys.exit(int(ExitCode.INTERRUPTED))
        raise
    except Exception as exc:  # never a traceback for the user; --debug shows it
        if _DEBUG["on"]:
            raise
        err.print(f"redactkit: error: unexpected {type(exc).__name__}: {escape(one_line(exc))} "
                  "(run with --debug for the traceback)")
        sys.exit(int(ExitCode.INTERNAL))

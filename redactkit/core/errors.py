"""Errors and exit codes.

Every failure a user can cause has its own exception class and exit code, so scripts can tell
"this file is encrypted" from "this file is not a PDF" without parsing messages. The codes follow
OCRmyPDF's habit of one code per kind of failure. Messages never contain text taken from a
document: they are printed on a terminal and may end up in a log.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    FINDINGS = 1  # verify: at least one file failed a check
    USAGE = 2  # bad command line (typer/click also use 2)
    BAD_INPUT = 3  # path missing, not a PDF, empty, too large
    ENCRYPTED = 4  # encrypted PDF and no (or a wrong) password
    DAMAGED = 5  # damaged PDF: what could be read was processed, the rest is reported
    OUTPUT = 6  # output cannot be written (folder missing, read-only, would overwrite input)
    MISMATCH = 7  # proposals file does not match the input (sha256, path, version)
    CONFIG = 8  # rules, policy, model or other configuration problem
    INTERNAL = 9  # an error redactkit did not foresee (a bug): one line, --debug shows the traceback
    INTERRUPTED = 130


class RedactkitError(Exception):
    """Base class. ``exit_code`` says how the command line should exit."""

    exit_code: ExitCode = ExitCode.CONFIG

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:  # one line, path first, like a compiler error
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(RedactkitError):
    """The input is missing, not a PDF, empty or too large."""

    exit_code = ExitCode.BAD_INPUT


class EncryptedError(InputError):
    """The PDF needs a password that was not given, or the password is wrong."""

    exit_code = ExitCode.ENCRYPTED


class DamagedError(InputError):
    """The PDF is damaged: it cannot be opened, or parts of it could not be read."""

    exit_code = ExitCode.DAMAGED


class OutputError(RedactkitError):
    """The output cannot be written where it was asked for."""

    exit_code = ExitCode.OUTPUT


class MismatchError(RedactkitError):
    """The proposals file does not describe this input."""

    exit_code = ExitCode.MISMATCH


class ConfigError(RedactkitError):
    """Rules, policies, models or settings are missing or invalid."""

    exit_code = ExitCode.CONFIG


class UsageError(RedactkitError):
    """An option has a value the command does not accept."""

    exit_code = ExitCode.USAGE


def one_line(exc: BaseException, limit: int = 160) -> str:
    """An exception from a library (MuPDF above all) as one short line for a message: its first
    line, or its type's name when it says nothing."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:limit]

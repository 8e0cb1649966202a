"""The ``redactkit`` command line: a thin typer layer over the Python API.

Each command parses options, calls one API function, prints a summary and exits with a code
from :class:`redactkit.core.errors.ExitCode`. Errors are one line on stderr. Text found in documents
is printed only when the user asks for it (``--show-text``).
"""

from redactkit.cli import apply, exercise, qc, review, run, samples, scan, verify  # noqa: F401  (each registers its commands on app)
from redactkit.cli import schedule  # noqa: F401,E402  (issue 14: redactkit schedule)
from redactkit.cli.app import app, main

__all__ = ["app", "main"]

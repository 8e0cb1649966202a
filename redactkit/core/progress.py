"""Progress reporting for long jobs: a rich progress bar on a terminal, plain lines otherwise.

Only file names and counts are shown: never a word taken from inside a document.
"""

from __future__ import annotations

import sys
from typing import Sequence, TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)


class PlainProgress:
    """One line per document when it is done, for logs and pipes."""

    def __init__(self, verb: str, stream: TextIO | None = None):
        self.verb = verb
        self.stream = stream or sys.stderr
        self.total_docs = 0
        self.done_docs = 0
        self.pages: dict[str, int] = {}

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def start(self, documents: Sequence[tuple[str, int]]) -> None:
        self.total_docs = len(documents)
        self.pages = dict(documents)
        total = sum(self.pages.values())
        size = f", {total} page(s)" if total else ""
        self._print(f"{self.verb}: {self.total_docs} document(s){size}")

    def advance(self, document: str, pages: int) -> None:
        pass

    def document_done(self, document: str, count: int, what: str = "finding(s)") -> None:
        self.done_docs += 1
        pages = self.pages.get(document, 0)
        size = f"{pages} page(s), " if pages else ""
        self._print(f"{self.verb}: [{self.done_docs}/{self.total_docs}] {document}: {size}{count} {what}")

    def close(self) -> None:
        pass


class BarProgress:
    """An overall bar (pages done / total) and one bar per document in progress."""

    def __init__(self, verb: str, console: Console | None = None):
        self.verb = verb
        self.console = console or Console(stderr=True)
        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("pages"), TimeElapsedColumn(), console=self.console, transient=False)
        self.overall = None
        self.tasks: dict[str, int] = {}

    def start(self, documents: Sequence[tuple[str, int]]) -> None:
        total = sum(p for _d, p in documents)
        self.bar.start()
        self.overall = self.bar.add_task(f"{self.verb} {len(documents)} document(s)", total=total)
        for name, pages in documents:
            self.tasks[name] = self.bar.add_task(f"  {escape(name)}", total=pages, visible=False)

    def advance(self, document: str, pages: int) -> None:
        task = self.tasks.get(document)
        if task is not None:
            self.bar.update(task, advance=pages, visible=True)
        self.bar.update(self.overall, advance=pages)

    def document_done(self, document: str, count: int, what: str = "finding(s)") -> None:
        task = self.tasks.pop(document, None)
        if task is not None:
            self.bar.remove_task(task)
        self.console.print(f"  [green]done[/green] {escape(document)}: {count} {escape(what)}",
                           highlight=False, markup=True)

    def close(self) -> None:
        self.bar.stop()


def make_progress(verb: str, quiet: bool = False):
    if quiet:
        return None
    if sys.stderr.isatty():
        return BarProgress(verb)
    return PlainProgress(verb)

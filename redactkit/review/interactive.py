"""``review --interactive``: walk the undecided findings one by one in a terminal UI.

Textual draws it (it works over SSH and in a plain 80x24 terminal, and its Pilot lets the tests
drive it with key presses); raw terminal handling would be ours to debug on every terminal. Each
decision is saved at once (atomically, like every write of the proposals file), so quitting, or
losing the connection, keeps everything decided so far, and the next start resumes with the
findings still undecided.

The value itself is masked unless ``--show-text``, as everywhere else: the line around it, the
entity, score, reason, recognizer and source are usually enough to decide, and the reviewer who
needs the value asks for it.
"""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from redactkit.model.proposals import Decision, DocumentProposals, Finding, Proposals
from redactkit.review.context import context_line
from redactkit.review.filters import parse_filter
from redactkit.review.history import record

CONTEXT_WIDTH = 110  # characters either side: a few lines of an 80-column terminal


class ReviewApp(App):
    """One finding at a time: a accept (redact), r reject (keep), A/R all with the same text,
    e/E all of the same type, s skip, b back, q quit."""

    TITLE = "redactkit review"
    CSS = """
    #where { height: 1; background: $boost; }
    #context { height: auto; max-height: 12; border: round $accent; padding: 0 1; }
    #details { height: auto; padding: 0 1; }
    #status { height: 1; color: $success; padding: 0 1; }
    """
    BINDINGS = [
        Binding("a", "decide('accepted')", "accept (redact)"),
        Binding("r", "decide('rejected')", "reject (keep)"),
        Binding("A", "decide_all('accepted', 'text')", "accept same text"),
        Binding("R", "decide_all('rejected', 'text')", "reject same text"),
        Binding("e", "decide_all('accepted', 'entity')", "accept type"),
        Binding("E", "decide_all('rejected', 'entity')", "reject type"),
        Binding("s,space,right", "skip", "skip"),
        Binding("b,left", "back", "back"),
        Binding("q,escape", "quit", "quit"),
    ]

    def __init__(self, path: Path, proposals: Proposals, where: str = "", bundle=None, by: str = "unknown",
                 show_text: bool = False):
        super().__init__()
        self.path = Path(path)
        self.proposals = proposals
        self.bundle = bundle
        self.by = by
        self.show_text = show_text
        selected = parse_filter(where, proposals).select(proposals)
        self.queue: list[tuple[DocumentProposals, Finding]] = [
            (d, f) for d, f in selected if f.decision == Decision.PROPOSED]
        self.position = 0
        self.decided = 0
        self.saves = 0

    def compose(self) -> ComposeResult:
        yield Static(id="where")
        yield Static(id="context")
        yield Static(id="details")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    # -- drawing -------------------------------------------------------------------------------

    def current(self) -> tuple[DocumentProposals, Finding] | None:
        return self.queue[self.position] if 0 <= self.position < len(self.queue) else None

    def show(self, status: str = "") -> None:
        item = self.current()
        where, context, details = self.query_one("#where", Static), self.query_one("#context", Static), \
            self.query_one("#details", Static)
        if item is None:
            where.update(f"{len(self.queue)} finding(s) walked; {self.decided} decided this session")
            context.update("Nothing left to review here. Press q to quit (every decision is saved).")
            details.update("")
        else:
            doc, f = item
            where.update(escape(f"{self.position + 1}/{len(self.queue)}  {doc.path}  page {f.page}"))
            line = context_line(self.bundle, doc, f, self.show_text, CONTEXT_WIDTH) or \
                "(start with --bundle FOLDER to see the text around each finding)"
            context.update(escape(line).replace("«", "[reverse]«").replace("»", "»[/reverse]"))
            value = f"  text: {escape(f.text)}" if self.show_text else "  (value masked: --show-text to see it)"
            details.update(
                f"[b]{escape(f.entity)}[/b]  score {f.score:.2f}  source {escape(f.source or 'text')}  "
                f"recognizer {escape(f.recognizer)}\nreason: {escape(f.reason)}\n"
                f"decision: {escape(f.decision)}" + (f"  note: {escape(f.note)}" if f.note else "") + f"\n{value}")
        self.query_one("#status", Static).update(escape(status))

    # -- actions -------------------------------------------------------------------------------

    def _save(self) -> None:
        self.proposals.save(self.path)  # atomic: a temporary file renamed over the old one
        self.saves += 1

    def action_decide(self, decision: str) -> None:
        item = self.current()
        if item is None:
            return
        if record(item[1], decision, self.by, "interactive"):
            self.decided += 1
            self._save()
        self.position += 1
        self.show(f"{item[1].entity} {decision}; saved")

    def action_decide_all(self, decision: str, like: str) -> None:
        item = self.current()
        if item is None:
            return
        _doc, this = item
        same = (lambda f: f.text == this.text) if like == "text" else (lambda f: f.entity == this.entity)
        changed = 0
        for _d, f in ((d, f) for d in self.proposals.documents for f in d.findings):
            if f.decision == Decision.PROPOSED and same(f) and record(f, decision, self.by, "interactive"):
                changed += 1
        if changed:
            self.decided += changed
            self._save()
        self.position += 1
        while self.current() is not None and self.current()[1].decision != Decision.PROPOSED:
            self.position += 1  # those just decided are passed over
        what = "with the same text" if like == "text" else f"of type {this.entity}"
        self.show(f"{changed} finding(s) {what} {decision}; saved")

    def action_skip(self) -> None:
        if self.current() is not None:
            self.position += 1
        self.show("skipped")

    def action_back(self) -> None:
        self.position = max(0, self.position - 1)
        self.show()


def run_review(path: Path, proposals: Proposals, where: str = "", bundle=None, by: str = "unknown",
               show_text: bool = False) -> ReviewApp:
    app = ReviewApp(path, proposals, where, bundle, by, show_text)
    app.run()
    return app

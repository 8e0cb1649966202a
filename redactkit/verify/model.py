"""What verify reports: problems found in a file, and a verdict per file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"

# The checks, by the names used in reports (and in the README).
CHECKS = {
    "text-under-cover": "text hidden under an opaque box, shape, image or annotation",
    "unapplied-redaction": "Redact annotation that was never applied",
    "image-under-cover": "image pixels still present under a box",
    "ocr-text-under-cover": "invisible (OCR) text under a blacked-out area",
    "hidden-text": "text that is on the page but cannot be seen (colour, size, clipping, off the page)",
    "hidden-layer": "text in an optional-content layer that is switched off",
    "hidden-channel": "personal data in metadata, annotations, form fields, bookmarks, links, attachments, "
                      "structure tree or JavaScript",
    "active-content": "JavaScript, embedded files or other content that should not travel with a disclosure",
    "earlier-revision": "text, or a scan's pixels, removed in a later revision but still in the file",
    "redacted-value-present": "a value that was redacted is still somewhere in the file",
    "width-residue": "a box or a spacing number that measures the removed text",
    "ink-cut-by-box": "on a scanned page, ink that runs out of a box across its edge (part of the value shows)",
    "glyph-outside-box": "a character partly under a box and partly outside it",
    "not-checked": "a check that could not run on a page or a part of the file (the reason is given): "
                   "a warning, so the file fails under --strict",
}


@dataclass
class Problem:
    check: str
    severity: str
    detail: str
    page: int | None = None  # 1-based; None for document-level problems
    where: str = ""
    text: str | None = None  # recovered text: shown only when asked for

    def to_dict(self, show_text: bool = False) -> dict:
        data = {k: v for k, v in asdict(self).items() if v not in (None, "")}
        if not show_text:
            data.pop("text", None)
        return data


def not_checked(what: str, reason: str, page: int | None = None, where: str = "") -> Problem:
    """A check that could not run: never a pass. A warning (the file fails under --strict) since the
    check found nothing wrong either; the reason says what a person should look at."""
    return Problem("not-checked", WARNING, f"{what} could not be checked: {reason}", page, where)


@dataclass
class FileReport:
    path: str
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None  # the file could not be read
    exit_code: int = 0  # for unreadable files: the input error's code
    seconds: float = 0.0
    # whether a page shows a sign of redaction (a dark box, a Redact annotation); None: not known
    # (a page could not be read). Not reported: the verify job scans the files that show none.
    shows_redaction: bool | None = None

    def add(self, *problems: Problem) -> None:
        self.problems.extend(problems)

    def errors(self, strict: bool = False) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR or strict]

    def status(self, strict: bool = False) -> str:
        if self.error:
            return "unreadable"
        if self.errors(strict):
            return "fail"
        if self.problems:
            return "pass with warnings"
        return "pass"

    def to_dict(self, strict: bool = False, show_text: bool = False) -> dict:
        data = {"path": self.path, "status": self.status(strict), "pages": self.pages,
                "problems": [p.to_dict(show_text) for p in self.problems]}
        if self.error:
            data["error"] = self.error
        return data

"""Who decided what, and when: the history each finding keeps in the proposals file.

The redaction log and the sign-off schedule must say who approved each box, so every decision a
person makes (by any route: the command line, the interactive review, a preview, a spreadsheet)
appends an entry to the finding's ``history`` rather than only overwriting ``decision``.
"""

from __future__ import annotations

import getpass
import os

from redactkit.model.proposals import Finding, now_iso


def operator(by: str | None = None) -> str:
    """--by, else $REDACTKIT_OPERATOR, else the user name (as apply's --operator)."""
    if by and by.strip():
        return by.strip()
    env = os.environ.get("REDACTKIT_OPERATOR", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name (a container without a passwd entry)
        return "unknown"


def record(finding: Finding, decision: str, by: str, via: str, note: str | None = None,
           at: str | None = None) -> bool:
    """Set a decision and append it to the history; False (and nothing recorded) when neither the
    decision nor the note changes."""
    note = note.strip() if note and note.strip() else None
    if finding.decision == decision and (note is None or note == finding.note):
        return False
    entry = {"decision": str(decision), "by": by, "at": at or now_iso(), "via": via}
    if note:
        entry["note"] = note
        finding.note = note
    finding.decision = str(decision)
    finding.history = [*(finding.history or []), entry]
    return True


def last(finding: Finding) -> dict | None:
    """The entry in force: who made the present decision and when (None: nobody has yet)."""
    return finding.history[-1] if finding.history else None

"""Re-scanning keeps decisions: what a reviewer decided on the last scan, carried to the new one.

A finding's id comes from the document's hash, the page, the entity type and the position of the
text, so the same finding in the same file has the same id in every scan. What a person did (a
decision with a history, a note, a box they added) is carried to the finding with the same id in
the document with the same hash; everything that cannot be matched that way is listed, never
guessed at: a document that changed must be reviewed again.

Decisions the policy made (no history) are not carried: the new scan's policy decides them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from redactkit.core.errors import RedactkitError
from redactkit.model.proposals import Proposals, Source


@dataclass
class CarryReport:
    previous: str
    carried: int = 0  # decisions and notes carried to the same finding
    manual: int = 0  # boxes a reviewer added, carried
    lost: list[tuple[str, str, str]] = field(default_factory=list)  # (document, finding id, why)

    def summary(self) -> str:
        text = (f"carried over from {self.previous}: {self.carried} decision(s), {self.manual} added box(es)")
        return text + (f"; {len(self.lost)} could not be carried" if self.lost else "")


def reviewed(finding) -> bool:
    return bool(finding.history) or finding.source == Source.MANUAL


def carry_over(new: Proposals, old: Proposals, previous: str = "the previous scan") -> CarryReport:
    """Copy every person's decision, note and added box from old to new (see the module docstring)."""
    report = CarryReport(previous)
    by_sha = {doc.sha256: doc for doc in new.documents}
    for old_doc in old.documents:
        mine = [f for f in old_doc.findings if reviewed(f)]
        if not mine:
            continue
        new_doc = by_sha.get(old_doc.sha256)
        if new_doc is None:
            why = ("the document changed since (its hash differs)" if new.document(old_doc.path) is not None
                   else "the document is not in the new scan")
            report.lost += [(old_doc.path, f.id, why) for f in mine]
            continue
        findings = {f.id: f for f in new_doc.findings}
        for f in mine:
            target = findings.get(f.id)
            if f.source == Source.MANUAL:
                if target is None:
                    new_doc.findings.append(f)
                    findings[f.id] = f
                report.manual += 1
            elif target is None:
                report.lost.append((old_doc.path, f.id, f"the {f.entity} on page {f.page} was not found again"))
            else:
                target.decision, target.note = f.decision, f.note
                target.history = [*(f.history or []), *(target.history or [])]
                report.carried += 1
    return report


def previous_proposals(previous: Path | None, out_file: Path) -> tuple[Proposals, str] | None:
    """The proposals to carry from: --previous (which must load), else the file the scan is about to
    replace, when it is a proposals file (anything else there is simply replaced, as before)."""
    if previous is not None:
        return Proposals.load(previous), str(previous)
    if Path(out_file).is_file():
        try:
            return Proposals.load(out_file), str(out_file)
        except RedactkitError:
            return None
    return None

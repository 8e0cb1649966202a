"""How far the review has got: decided and undecided findings per document and per entity type."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from redactkit.model.proposals import Decision, Proposals


@dataclass
class Counts:
    undecided: int = 0  # proposed: nobody has decided; redacted (fail-safe)
    accepted: int = 0  # redact
    rejected: int = 0  # keep
    by_reviewer: int = 0  # decisions a person made (history), of the accepted and rejected

    @property
    def total(self) -> int:
        return self.undecided + self.accepted + self.rejected

    def add(self, finding) -> None:
        if finding.decision == Decision.ACCEPTED:
            self.accepted += 1
        elif finding.decision == Decision.REJECTED:
            self.rejected += 1
        else:
            self.undecided += 1
        if finding.history and finding.decision != Decision.PROPOSED:
            self.by_reviewer += 1


def stats(proposals: Proposals) -> tuple[dict[str, Counts], dict[str, Counts], Counts]:
    """(per document, per entity type, all)."""
    per_doc: dict[str, Counts] = {}
    per_entity: dict[str, Counts] = defaultdict(Counts)
    total = Counts()
    for doc in proposals.documents:
        counts = per_doc[doc.path] = Counts()
        for finding in doc.findings:
            counts.add(finding)
            per_entity[finding.entity].add(finding)
            total.add(finding)
    return per_doc, dict(sorted(per_entity.items())), total

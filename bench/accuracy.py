"""Recall and precision per entity type, findings against the generator's labels.

A label is found when a finding on the same page, of the same entity type, covers its text
(after collapsing whitespace): equal, containing it ("Mrs Clarke" covers "Clarke"), or a large
part of it. Matching is one-to-one, so a value written twice on a page needs two findings.
Findings of a type that is labelled nowhere in the bundle are not scored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

# An address finding covers the postcode written inside it (issue 3 reports them as one).
CONTAINERS = {"UK_POSTCODE": {"ADDRESS"}}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def covers(finding_text: str, label_text: str) -> bool:
    f, l = norm(finding_text), norm(label_text)
    return f == l or l in f or (f in l and len(f) >= 0.6 * len(l))


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    missed: list = field(default_factory=list)
    false: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")

    @property
    def precision(self) -> float:
        found = self.tp + self.fp
        return (self.tp / found) if found else float("nan")


def score(truth: dict[str, list[dict]], findings: dict[str, list[dict]], entities=None) -> dict[str, Score]:
    """truth: {doc: [{page, entity, text}]}; findings: {doc: [{page, entity, text}]}."""
    labelled = {l["entity"] for labels in truth.values() for l in labels}
    entities = set(entities) if entities else labelled
    scores: dict[str, Score] = defaultdict(Score)
    for doc, labels in truth.items():
        found = [f for f in findings.get(doc, []) if f["entity"] in entities or f["entity"] in labelled]
        used = [False] * len(found)
        wanted = [l for l in labels if l["entity"] in entities]
        hits: dict[int, int | None] = {}

        def candidates(label):
            accept = {label["entity"]} | CONTAINERS.get(label["entity"], set())
            return [i for i, f in enumerate(found)
                    if f["page"] == label["page"] and f["entity"] in accept and covers(f["text"], label["text"])]

        # exact matches first, so a short label cannot take the finding a longer one needs
        for n, label in enumerate(wanted):
            for i in candidates(label):
                if not used[i] and norm(found[i]["text"]) == norm(label["text"]):
                    hits[n], used[i] = i, True
                    break
        for n, label in enumerate(wanted):
            if n in hits:
                continue
            options = candidates(label)
            free = [i for i in options if not used[i]]
            # a longer finding may hold several labels (an address over several lines)
            longer = [i for i in options if len(norm(found[i]["text"])) > len(norm(label["text"]))]
            pick = (free or longer or [None])[0]
            hits[n] = pick
            if pick is not None:
                used[pick] = True
        for n, label in enumerate(wanted):
            s = scores[label["entity"]]
            if hits.get(n) is None:
                s.fn += 1
                s.missed.append((doc, label["page"], label["text"]))
            else:
                s.tp += 1
        for i, f in enumerate(found):
            if used[i] or f["entity"] not in entities:
                continue
            # a finding that covers a label of its own type already used (the same value found twice
            # by two recognizers) is not a false positive
            if any(l["page"] == f["page"] and l["entity"] == f["entity"] and covers(f["text"], l["text"])
                   for l in labels):
                continue
            s = scores[f["entity"]]
            s.fp += 1
            s.false.append((doc, f["page"], f["text"]))
    return dict(scores)

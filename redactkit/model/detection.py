"""A detection: one value a recognizer found in one page's text (before it has rectangles)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Detection:
    """A span of a page's text that a recognizer believes is personal data."""

    start: int
    end: int
    entity: str
    score: float
    recognizer: str
    text: str
    reason: str | None = None  # the recognizer's own reason, when its rules file gives one
    source: str | None = None  # None: the page's own source (text or ocr)
    derived_from: str | None = None
    role: str | None = None
    person: str | None = None
    doubt: str | None = None  # why the reading may be wrong (OCR), for the reviewer


def within(inner: tuple[int, int] | list[int], outer: tuple[int, int] | list[int]) -> bool:
    """The span [start, end) inner lies wholly inside outer (the same span counts)."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]

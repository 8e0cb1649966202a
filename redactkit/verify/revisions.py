"""Earlier revisions: check 6 of verify.

A PDF saved incrementally keeps every earlier version after its own ``%%EOF``; a "redaction"
saved that way leaves the original text one ``tail`` away. Each earlier version is opened on its
own and its words compared with the final version's, page by page: words that were removed later
but are still in the file are reported.
"""

from __future__ import annotations

import re
from collections import Counter

import pymupdf

from redactkit.core.errors import one_line

EOF_MARK = re.compile(rb"%%EOF[\r\n]*")


def earlier_versions(data: bytes) -> list[bytes]:
    """Each complete earlier version (the bytes up to one of the file's earlier %%EOF marks)."""
    ends = [m.end() for m in EOF_MARK.finditer(data)]
    return [data[:end] for end in ends[:-1]]


def _linearised(data: bytes) -> bool:
    return b"/Linearized" in data[:2048]


def open_versions(data: bytes, gaps: list | None = None):
    """Each earlier version opened (a pymupdf.Document, closed after use). One that MuPDF cannot
    open goes to gaps as (what, reason, page) -- not checked, never passed -- except the first
    section of a linearised file, which is a hint table for the first page, not a version."""
    gaps = [] if gaps is None else gaps
    for index, version in enumerate(earlier_versions(data)):
        try:
            old = pymupdf.open("pdf", version)
        except Exception as exc:
            if not (index == 0 and _linearised(data)):
                gaps.append((f"earlier revision {index + 1}", f"it cannot be opened ({one_line(exc)})", None))
            continue
        with old:
            yield old


def _words(doc: pymupdf.Document) -> dict[int, Counter]:
    return {page.number: Counter(w[4] for w in page.get_text("words")) for page in doc}


def removed_words(data: bytes, final: pymupdf.Document, gaps: list | None = None) -> list[tuple[int, str]]:
    """(1-based page, word) for words in an earlier version that the final version lacks."""
    if final.version_count <= 1 and len(EOF_MARK.findall(data)) <= 1:
        return []
    final_words = _words(final)
    found: dict[tuple[int, str], None] = {}
    for old in open_versions(data, gaps):
        if old.page_count == 0:
            continue  # a fragment (an update holding no page tree): nothing to compare
        try:
            words = _words(old)
        except Exception as exc:
            if gaps is not None:
                gaps.append(("an earlier revision", f"its pages cannot be read ({one_line(exc)})", None))
            continue
        for number, counts in words.items():
            kept = final_words.get(number, Counter())
            for word, count in counts.items():
                if count > kept.get(word, 0):
                    found[(number + 1, word)] = None
    return list(found)

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

EOF_MARK = re.compile(rb"%%EOF[\r\n]*")


def earlier_versions(data: bytes) -> list[bytes]:
    """Each complete earlier version (the bytes up to one of the file's earlier %%EOF marks)."""
    ends = [m.end() for m in EOF_MARK.finditer(data)]
    return [data[:end] for end in ends[:-1]]


def _words(doc: pymupdf.Document) -> dict[int, Counter]:
    return {page.number: Counter(w[4] for w in page.get_text("words")) for page in doc}


def removed_words(data: bytes, final: pymupdf.Document) -> list[tuple[int, str]]:
    """(1-based page, word) for words in an earlier version that the final version lacks."""
    if final.version_count <= 1 and len(EOF_MARK.findall(data)) <= 1:
        return []
    final_words = _words(final)
    found: dict[tuple[int, str], None] = {}
    for version in earlier_versions(data):
        try:
            with pymupdf.open("pdf", version) as old:
                if old.page_count == 0:
                    continue
                for number, words in _words(old).items():
                    kept = final_words.get(number, Counter())
                    for word, count in words.items():
                        if count > kept.get(word, 0):
                            found[(number + 1, word)] = None
        except Exception:  # a linearisation section or a fragment: not a whole document
            continue
    return list(found)

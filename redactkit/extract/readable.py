"""Is a page's text layer readable text, or glyph garbage that only looks like a text layer?

A document printed to PDF through a PostScript driver (pdf2ps then ps2pdf, "Microsoft Print to
PDF", many scanners' "searchable" output) often keeps its fonts but loses their Unicode map: the
page shows words, the text layer gives control characters, dingbats or private-use codes. The
detectors find nothing in that, the page is not a picture, so without this check it was neither
read by OCR nor reported: personal data left on the page with verify passing (a silent leak).

The test is on the characters themselves, so it does not depend on how the font was broken:
ordinary text is mostly letters and digits; garbage is mostly control characters (C0 codes that
are not whitespace), private-use and unassigned code points, U+FFFD, and "other symbols" (the
Dingbats block a Type 3 font's codes land in). A page whose text is lower-case Latin words that
hold no vowel at all (a font whose codes were shifted) is garbage too. Too little text to tell
is taken as readable: it is the image test's business.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

MIN_CHARS = 20  # fewer visible characters than this: nothing to judge
BAD_SHARE = 0.25  # this share of garbage characters makes a text layer unreadable
WORD_SHARE = 0.4  # ... as does fewer letters and digits than this share
VOWELLESS_SHARE = 0.5  # ... or this share of lower-case words without a vowel
_BAD_CATEGORIES = {"Cc", "Co", "Cs", "Cn", "So", "No"}
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
_VOWEL = re.compile(r"[aeiouy]")


def garbage_share(text: str) -> tuple[int, float, float]:
    """(visible characters, share of garbage characters, share of letters and digits)."""
    visible = bad = wordish = 0
    for ch, count in Counter(text).items():  # each character once: a page has a few dozen
        if ch.isspace():
            continue
        visible += count
        category = unicodedata.category(ch)
        if category in _BAD_CATEGORIES or ch == "\ufffd":
            bad += count
        elif category[0] == "L" or category == "Nd":
            wordish += count
    if not visible:
        return 0, 0.0, 1.0
    return visible, bad / visible, wordish / visible


UNREADABLE_LAYER = "text layer is not readable text"  # how every reason below starts (apply reads it)


def unreadable_reason(text: str) -> str | None:
    """Why this text layer is not readable text (a reason for OCR), or None when it reads."""
    visible, bad, wordish = garbage_share(text)
    if visible < MIN_CHARS:
        return None
    if bad >= BAD_SHARE or wordish < WORD_SHARE:
        return f"{UNREADABLE_LAYER} (glyphs without a Unicode map)"
    words = _LOWER_WORD.findall(text)
    if len(words) >= 10 and sum(1 for w in words if not _VOWEL.search(w)) / len(words) >= VOWELLESS_SHARE:
        return f"{UNREADABLE_LAYER} (letters that make no words)"
    return None

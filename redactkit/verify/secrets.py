"""Redacted values must be gone from every layer of the file: check 7 of verify.

Given the proposals (what was redacted), each value that was not rejected is looked for in the
output's page text (text outside the page and in switched-off layers included), in every
decompressed stream and every string of every object (as UTF-8, UTF-16 both ways, and as hex),
in every hidden channel, in earlier revisions, and in what OCR reads off the pixels of scanned pages. With the original file at hand, the glyph codes
the original used for each value are searched for as well, which finds text kept in a font's own
encoding (two-byte glyph identifiers, for example) that no text search can see.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import pymupdf

from redactkit.model.proposals import findings_by_page
from redactkit.pdf.layers import with_all_layers_on
from redactkit.pdf.streams import GENERAL_FILTERS, stream_filters
from redactkit.verify.model import ERROR, Problem, not_checked

MIN_RAW = 5  # shorter values appear by chance in binary data; searched in text only
MIN_TEXT = 3  # letters or digits: shorter values (an age, a year group number) are not searched
HUGE = pymupdf.Rect(-1e5, -1e5, 1e5, 1e5)
PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
IMAGE_OBJECT = re.compile(r"/Subtype\s*/Image(?![^\s/<>\[\]()%{}])")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what re's \w matches in a str pattern


def has_whole(needle: str, haystack: str) -> bool:
    r"""Whether needle occurs in haystack with no word character just before or after it: what
    re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) says, without compiling a
    pattern for every value of every document (a tenth of verify's time with the proposals)."""
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        if (start == 0 or not _is_word_char(haystack[start - 1])) and \
                (end == len(haystack) or not _is_word_char(haystack[end])):
            return True
        start = haystack.find(needle, start + 1)
    return False


@functools.lru_cache(maxsize=4096)  # a bundle's values recur from document to document
def _pattern(value: str) -> re.Pattern:
    words = [re.escape(w) for w in value.split()]
    return re.compile(r"(?<!\w)" + r"\s*".join(words) + r"(?!\w)", re.IGNORECASE)


def all_page_text(doc: pymupdf.Document) -> dict[int, str]:
    """Each page's text, including text outside the page and in layers switched off."""
    texts = {}
    if doc.get_ocgs():
        doc = with_all_layers_on(doc)
    for page in doc:
        flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES
        tp = page.get_textpage(flags=flags, clip=HUGE)
        text = page.get_text("text", textpage=tp, flags=flags)
        if LIGATURES.search(text):  # "Griﬃths" in a font with ligatures shows "Griffiths": look for both
            text += "\n" + LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        texts[page.number + 1] = text
    return texts


LIGATURES = re.compile("[\ufb00-\ufb06]")


@dataclass
class Secret:
    value: str
    glyph_runs: list[bytes]  # glyph codes of this value in the original, if known
    name: bool = False  # a person's name: "Joy" redacted is not shown by "no joy" in a message
    # a name redacted in lower case only where scan carried it there from a found name (not the
    # case list's): "seren" on a typed line or a message's, as Seren Hopkins's name
    carried: bool = False


def _shows(pattern: re.Pattern, text: str, secret: Secret) -> bool:
    """Does text show the secret? A name with capitals in it is not shown by the same letters all
    in lower case ("REPEAT" the surname, "repeat" the word; "Joy" and "no joy"); any other case
    is ("GREEN", "Green"). A lower-case name redacted only where it was carried is shown where
    scan carries such a name (a typed line or cell, a message's line), not by the same word in
    prose, where a lower-case word is a word. Identifiers and other values match whatever their case."""
    if secret.carried:
        from redactkit.detect.bundle import carried_lower_case

        return any(carried_lower_case(text, match.start(), match.end()) for match in pattern.finditer(text))
    if not (secret.name and any(c.isupper() for c in secret.value)):
        return pattern.search(text) is not None
    return any(not match.group().islower() for match in pattern.finditer(text))


def _encodings(value: str) -> set[bytes]:
    out = set()
    for encoding in ("utf-8", "utf-16-be", "utf-16-le", "latin-1"):
        try:
            raw = value.encode(encoding)
        except UnicodeEncodeError:
            continue
        out |= {raw, raw.hex().encode(), raw.hex().upper().encode()}
    return out


def raw_objects(doc: pymupdf.Document, unreadable: list | None = None):
    """(xref, bytes) for every object's source and every decompressed stream; the xref of one
    MuPDF cannot read or decompress goes to unreadable (it was not searched). An image's samples
    are pixels, not text: five bytes of a picture spell "Color" by chance (a form's colour
    swatch did); what a picture shows is read by OCR instead (scanned_text)."""
    for xref in range(1, doc.xref_length()):
        try:
            source = doc.xref_object(xref, compressed=False)
            # PDF names are the format's own words (a redacted "Color" is in every /Colors key):
            # what a file says in its objects is in strings, streams and numbers
            yield xref, PDF_NAME.sub(b"/", source.encode("latin-1", "replace"))
            if doc.xref_is_stream(xref) and not IMAGE_OBJECT.search(source):
                if any(name not in GENERAL_FILTERS for name in stream_filters(doc, xref)):
                    # encoded as a picture (a JBIG2 "content stream" is a decompression bomb): its
                    # bytes as stored are searched, never expanded
                    yield xref, doc.xref_stream_raw(xref) or b""
                else:
                    yield xref, doc.xref_stream(xref) or b""
        except Exception:
            if unreadable is not None:
                unreadable.append(xref)
            continue


def scanned_text(doc: pymupdf.Document, gaps: list | None = None,
                 page_text: dict[int, str] | None = None) -> dict[int, str]:
    """What OCR reads on each scanned page of the output (the pixels, not any text layer), with
    OCR's letter-for-digit slips undone as well: a box in the wrong place over a scan leaves the
    value readable although no text layer holds it. A page OCR cannot read goes to gaps as
    (what, why, page): not checked, never passed.

    page_text: all_page_text(doc), when the caller has it, for the test of a text layer of glyph
    garbage (a page then read by OCR): extracting each page's text once more for it cost a
    quarter of a render a page. That text also holds the page's text off the page and in layers
    switched off, so more of it, not less, is looked at."""
    from redactkit.core.errors import one_line
    from redactkit.detect.ocr_slips import digits_normalised
    from redactkit.extract.ocr import needs_ocr, ocr_page

    texts = {}
    for page in doc:
        try:
            known = None if page_text is None else page_text.get(page.number + 1)
            decision = needs_ocr(page, "auto", text=known)
            if decision.reason:
                text = ocr_page(page, decision).text
                texts[page.number + 1] = text + "\n" + digits_normalised(text)
        except Exception as exc:
            if gaps is not None:
                gaps.append(("the redacted values in this page's image (OCR)", one_line(exc), page.number + 1))
    return texts


def find_secrets(doc: pymupdf.Document, secrets: list[Secret], channels, earlier_text: dict[int, str],
                 ocr_text: dict[int, str] | None = None, page_text: dict[int, str] | None = None) -> list[Problem]:
    """page_text: all_page_text(doc), when the caller has it already."""
    problems = []
    page_text = all_page_text(doc) if page_text is None else page_text
    unreadable: list[int] = []
    blobs = list(raw_objects(doc, unreadable))
    if unreadable and secrets:
        shown = ", ".join(map(str, unreadable[:5])) + (" ..." if len(unreadable) > 5 else "")
        problems.append(not_checked(f"the raw data of {len(unreadable)} object(s) ({shown})",
                                    "MuPDF cannot read or decompress them, so the redacted values were not "
                                    "looked for there"))
    for secret in secrets:
        if len(re.findall(r"[^\W_]", secret.value)) < MIN_TEXT:
            continue  # "9" or "Al" occurs by chance in any text: nothing to prove either way
        pattern = _pattern(secret.value)
        for number, text in page_text.items():
            if _shows(pattern, text, secret):
                problems.append(Problem("redacted-value-present", ERROR, "redacted value in the page text",
                                        number, "page text", secret.value))
        for number, text in (ocr_text or {}).items():
            if _shows(pattern, text, secret):
                problems.append(Problem("redacted-value-present", ERROR, "redacted value readable in the scanned "
                                        "page image (OCR)", number, "page image", secret.value))
        for item in channels:
            if _shows(pattern, item.text, secret):
                problems.append(Problem("redacted-value-present", ERROR, f"redacted value in {item.channel}",
                                        item.page, item.where, secret.value))
        for number, text in earlier_text.items():
            if _shows(pattern, text, secret):
                problems.append(Problem("redacted-value-present", ERROR, "redacted value in an earlier revision",
                                        number, "earlier revision", secret.value))
        needles = set()
        if len(norm(secret.value)) >= MIN_RAW:
            needles |= _encodings(secret.value)
        needles |= {run for run in secret.glyph_runs if len(run) >= 6}
        needles |= {run.hex().upper().encode() for run in secret.glyph_runs if len(run) >= 6}
        needles |= {run.hex().encode() for run in secret.glyph_runs if len(run) >= 6}
        for xref, blob in blobs:
            if any(needle in blob for needle in needles):
                problems.append(Problem("redacted-value-present", ERROR,
                                        f"redacted value in the raw data of object {xref}", None,
                                        f"object {xref}", secret.value))
                break
    return problems


def glyph_runs(original: pymupdf.Document, findings) -> dict[str, list[bytes]]:
    """For each finding's text, the glyph ids the original drew it with (two bytes each)."""
    runs: dict[str, list[bytes]] = {}
    for number, items in findings_by_page(findings).items():
        if not 1 <= number <= original.page_count:
            continue
        spans = original[number - 1].get_texttrace()
        for finding in items:
            rects = [pymupdf.Rect(r) for r in finding.rects]
            glyphs = []
            for span in spans:
                for char in span["chars"]:
                    centre = pymupdf.Rect(char[3])
                    centre = (centre.tl + centre.br) / 2
                    if any(r.contains(centre) for r in rects) and char[1] > 0:
                        glyphs.append(char[1])
            if len(glyphs) >= 3:
                runs.setdefault(finding.text, []).append(b"".join(g.to_bytes(2, "big") for g in glyphs))
    return runs

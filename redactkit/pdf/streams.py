"""Reading a page's content streams without being bombed by them.

A content stream holds operators, so it may only be encoded with the general-purpose filters
(Flate, LZW, RunLength, the ASCII ones). One encoded as an image (JBIG2, CCITT fax, JPEG, JPEG
2000) is hostile or broken: MuPDF will not draw it ("Can't open image only stream for non-image
purposes"), but PyMuPDF's ``read_contents`` and ``xref_stream`` decode it all the same, and a
small JBIG2 stream can expand to gigabytes (pdf.js's ``bomb_giant.pdf``: 120 KB, 95 s in
``read_contents``). Every reader of a page's operators goes through here, and such a page is
treated as one that cannot be read: scan reports it, apply redacts it whole, verify says
not-checked.
"""

from __future__ import annotations

import re

import pymupdf
from pymupdf import mupdf

GENERAL_FILTERS = frozenset({"FlateDecode", "Fl", "LZWDecode", "LZW", "RunLengthDecode", "RL",
                             "ASCIIHexDecode", "AHx", "ASCII85Decode", "A85", "Crypt"})
_NAME = re.compile(r"/([^\s/\[\]<>()]+)")
_FILTER = mupdf.pdf_new_name("Filter")


class UnreadableContents(Exception):
    """A content stream of the page cannot be read safely."""


def stream_filters(doc: pymupdf.Document, xref: int) -> list[str]:
    """The names in a stream's /Filter (one name or an array)."""
    kind, value = doc.xref_get_key(xref, "Filter")
    if kind in ("null", "undefined") or not value:
        return []
    return _NAME.findall(value)


def _filters_quickly(pdf, doc: pymupdf.Document, xref: int) -> list[str]:
    """stream_filters, read straight from the object where its /Filter is one name (the usual
    case: a page of the test generator has 67 content streams, and asking PyMuPDF for each one's
    key as text cost 3% of a scan); anything else is left to stream_filters."""
    try:
        value = mupdf.pdf_dict_get(mupdf.pdf_load_object(pdf, xref), _FILTER)
    except mupdf.FzErrorBase:  # an object MuPDF cannot load: as stream_filters says
        return stream_filters(doc, xref)
    if not value.m_internal:
        return []
    if not mupdf.pdf_is_indirect(value) and mupdf.pdf_is_name(value):
        return _NAME.findall("/" + mupdf.pdf_to_name(value))
    return stream_filters(doc, xref)


def image_encoded_contents(page: pymupdf.Page) -> list[tuple[int, str]]:
    """(xref, filter) for each content stream of the page encoded with a filter meant for images."""
    doc = page.parent
    pdf = pymupdf._as_pdf_document(doc)
    out = []
    for xref in page.get_contents():
        odd = [name for name in _filters_quickly(pdf, doc, xref) if name not in GENERAL_FILTERS]
        if odd:
            out.append((xref, odd[0]))
    return out


def check_contents(page: pymupdf.Page) -> None:
    """Raise UnreadableContents if a content stream of the page is encoded as an image."""
    odd = image_encoded_contents(page)
    if odd:
        xref, name = odd[0]
        raise UnreadableContents(f"page {page.number + 1}: content stream {xref} is encoded as an image "
                                 f"({name}), not as operators: not read")


def page_contents(page: pymupdf.Page) -> bytes:
    """The page's operators, all content streams joined (``page.read_contents()``), after
    check_contents."""
    check_contents(page)
    return page.read_contents()


def operator_contents(page: pymupdf.Page) -> bytes:
    """The page's operators from the content streams that may hold them, joined; a stream encoded
    as a picture is left out, never decoded (MuPDF does not draw it either)."""
    doc, odd = page.parent, {xref for xref, _name in image_encoded_contents(page)}
    return b"\n".join(doc.xref_stream(xref) or b"" for xref in page.get_contents() if xref not in odd)


def wipe_contents(page: pymupdf.Page) -> None:
    """Empty the page: no content streams and no resources, so nothing of it is drawn, decoded
    or kept when the file is saved with garbage collection (its redaction is then the whole
    page's black box, drawn on nothing). For a page whose contents cannot be read safely:
    redacting it box by box would mean decoding them."""
    doc = page.parent
    empty = doc.get_new_xref()
    doc.update_object(empty, "<<>>")
    doc.update_stream(empty, b"")
    doc.xref_set_key(page.xref, "Contents", f"{empty} 0 R")
    doc.xref_set_key(page.xref, "Resources", "<<>>")

"""Strip the hidden data a redacted PDF must not carry.

A black box is only half of a redaction: the name is often still in the document information,
the XMP packet, a bookmark, a comment, a form field, an attached file or an earlier revision.
:func:`clean_document` removes every such channel from an open document and reports what it
removed (counts and key names, never values), for the redaction log. What a reader needs is
kept: page labels, internal links, and bookmarks, with any redacted value in a bookmark title
replaced by "[REDACTED]".

Earlier revisions are not handled here: they disappear because redactkit always writes a
complete new file (garbage-collected, never an incremental update).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from redactkit.pdf.layers import object_sources, remove_hidden_content

REDACTED_MARK = "[REDACTED]"
# Catalog entries with nothing a disclosed document needs and much that can leak.
CATALOG_DROP = ("OpenAction", "AA", "Names", "Dests", "AcroForm", "Metadata", "PieceInfo", "Perms",
                "Collection", "URI", "SpiderInfo", "Threads", "AF", "Legal", "Requirements")
PAGE_DROP = ("AA", "Thumb", "PieceInfo", "Metadata", "B", "AF")
# The page-object keys of the PDF standard (ISO 32000-2, table 31) that a shown page may need.
# Any other key is a producer's private data (qpdf's test file hangs a 75 KB stream on /Other):
# no viewer shows it, and nothing says what it holds, so it goes (fail closed).
PAGE_KEEP = frozenset(("Type", "Parent", "LastModified", "Resources", "MediaBox", "CropBox", "BleedBox",
                       "TrimBox", "ArtBox", "BoxColorInfo", "Contents", "Rotate", "Group", "Dur", "Trans",
                       "Annots", "StructParents", "ID", "PZ", "SeparationInfo", "Tabs", "TemplateInstantiated",
                       "PresSteps", "UserUnit", "VP", "OutputIntents", "DPart"))
STRUCT_TEXT_KEYS = ("Alt", "ActualText", "E", "T")


@dataclass
class CleanReport:
    """What was removed from one document (counts and names only)."""

    removed: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, count: int = 1) -> None:
        if count:
            self.removed[what] += count

    def to_dict(self) -> dict:
        return {"removed": dict(sorted(self.removed.items())), "notes": list(self.notes)}


def _key_present(doc: pymupdf.Document, xref: int, key: str) -> bool:
    kind, _value = doc.xref_get_key(xref, key)
    return kind not in ("null", None)


def _drop_key(doc: pymupdf.Document, xref: int, key: str) -> bool:
    if _key_present(doc, xref, key):
        doc.xref_set_key(xref, key, "null")
        return True
    return False


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def scrub_text(text: str, secrets: list[str]) -> tuple[str, bool]:
    """Replace every occurrence of a redacted value (ignoring case and spacing) with [REDACTED]."""
    changed = False
    for secret in sorted(secrets, key=len, reverse=True):
        words = secret.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        new = re.sub(pattern, REDACTED_MARK, text, flags=re.IGNORECASE)
        if new != text:
            text, changed = new, True
    return text, changed


def _clean_metadata(doc: pymupdf.Document, report: CleanReport) -> None:
    kind, value = doc.xref_get_key(-1, "Info")
    if kind == "xref":
        info = int(value.split()[0])
        keys = [k for k in doc.xref_get_keys(info)]
        for key in keys:
            report.add(f"document information: {key}")
    if kind != "null":
        doc.xref_set_key(-1, "Info", "null")
    if doc.get_xml_metadata():
        report.add("XMP metadata packet")
    doc.del_xml_metadata()


def _clean_annotations(doc: pymupdf.Document, report: CleanReport) -> None:
    """Every annotation and form field goes. Taking one off its page leaves its object in the
    file wherever something else still points at it (the structure tree's /OBJR, a field's
    /Parent or /Kids, the form's /Fields): its value, its choices (/Opt), its name and its
    appearance stream travelled with the redacted PDF. So each object is emptied as well."""
    gone: list[int] = []
    for number in range(doc.page_count):
        if doc.xref_get_key(doc.page_xref(number), "Annots")[0] == "null":
            continue  # annotations, form fields and links all live in /Annots: none on this page
        page = doc[number]
        for annot in list(page.annots() or []):
            report.add(f"annotation: {annot.type[1]}")
            gone.append(annot.xref)
            page.delete_annot(annot)
        for widget in list(page.widgets() or []):
            report.add("form field")
            gone.append(widget.xref)
            page.delete_widget(widget)
        kept = []
        for link in page.get_links():
            if link.get("kind") == pymupdf.LINK_GOTO and link.get("page", -1) >= 0:
                kept.append({"kind": pymupdf.LINK_GOTO, "from": link["from"], "page": link["page"],
                             "to": link.get("to", pymupdf.Point(0, 0))})
            else:
                report.add("link: external, launch or named")
        for link in page.get_links():
            page.delete_link(link)
        for link in kept:  # internal links come back with explicit page targets, no names
            page.insert_link(link)
    for xref in gone:
        if 0 < xref < doc.xref_length():
            doc.update_object(xref, "<<>>")


def _clean_outline(doc: pymupdf.Document, secrets: list[str], report: CleanReport) -> None:
    if not _key_present(doc, doc.pdf_catalog(), "Outlines"):
        return  # no outline: nothing to read or rebuild (get_toc reads the catalog's /Outlines)
    toc = doc.get_toc(simple=True)
    cleaned = []
    for level, title, page in toc:
        new_title, changed = scrub_text(title, secrets)
        if changed:
            report.add("bookmark title with redacted text (replaced)")
        cleaned.append([level, new_title, page])
    # rebuilding drops actions, scripts and named destinations from outline items
    doc.set_toc(cleaned)


def _clean_catalog(doc: pymupdf.Document, report: CleanReport) -> None:
    catalog = doc.pdf_catalog()
    keys = set(doc.xref_get_keys(catalog))  # one look at each dictionary, then only the keys it has
    for key in CATALOG_DROP:
        if key in keys and _drop_key(doc, catalog, key):
            report.add(f"catalog: {key}")
    for number in range(doc.page_count):
        xref = doc.page_xref(number)
        keys = set(doc.xref_get_keys(xref))
        for key in PAGE_DROP:
            if key in keys and _drop_key(doc, xref, key):
                report.add(f"page: {key}")
        for key in sorted(keys - PAGE_KEEP - set(PAGE_DROP)):
            if _drop_key(doc, xref, key):
                report.add("page: private key (not of the PDF standard)")


# keys worth a look: an object whose source names none of them has nothing _clean_objects removes
_OBJECT_KEYS = re.compile(r"/(?:Metadata|PieceInfo|JS|Alt|ActualText|E|T)(?![^\s/<>\[\]()%{}])")


def _clean_objects(doc: pymupdf.Document, report: CleanReport, sources: dict[int, str]) -> None:
    """Per-object XMP, PieceInfo, JavaScript actions and structure-tree text."""
    for xref, source in sources.items():
        if not _OBJECT_KEYS.search(source):
            continue
        try:
            keys = set(doc.xref_get_keys(xref))
        except Exception:  # free or broken object
            continue
        if not keys:
            continue
        for key in ("Metadata", "PieceInfo"):
            if key in keys and _drop_key(doc, xref, key):
                report.add(f"object: {key}")
        if "JS" in keys and _drop_key(doc, xref, "JS"):
            report.add("JavaScript")
        is_struct = doc.xref_get_key(xref, "Type")[1] == "/StructElem" or {"S", "P"} <= keys
        if is_struct:
            for key in STRUCT_TEXT_KEYS:
                if key in keys and _drop_key(doc, xref, key):
                    report.add(f"structure tree: {key}")


def _clean_embedded_files(doc: pymupdf.Document, report: CleanReport) -> None:
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
        report.add("embedded file")


def clean_document(doc: pymupdf.Document, secrets: list[str]) -> CleanReport:
    """Remove hidden data in place; secrets are the redacted values (for bookmark titles)."""
    report = CleanReport()
    if doc.version_count > 1:
        report.add("earlier revisions (incremental updates)", doc.version_count - 1)
    _clean_embedded_files(doc, report)
    _clean_annotations(doc, report)
    _clean_outline(doc, secrets, report)
    _clean_metadata(doc, report)
    sources = object_sources(doc)
    hidden = remove_hidden_content(doc, sources)
    for what, count in hidden.items():
        report.add(what, count)
    _clean_catalog(doc, report)
    # the same sources again: the steps since then only took keys away, and _clean_objects uses
    # them to pick which objects to ask MuPDF about, reading each one's keys as they are now
    _clean_objects(doc, report, sources)
    return report

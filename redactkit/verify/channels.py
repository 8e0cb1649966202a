"""Everything in a PDF that is text but not page content: checks 5 and 9 of verify.

Document information, XMP, annotation contents and pop-ups, form field values, bookmarks, link
targets, embedded files, structure-tree alternate and actual text, and JavaScript. Each piece is
collected with where it was found; verify then runs the scanner's own recognizers over them, and
reports any personal data. JavaScript and embedded files are reported whatever they hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

import pymupdf

from redactkit.core.errors import one_line


@dataclass
class ChannelText:
    channel: str  # metadata, xmp, annotation, form-field, bookmark, link, embedded-file, structure, javascript
    where: str
    text: str
    page: int | None = None


SOFTWARE_KEYS = {"format", "encryption", "creator", "producer", "creationDate", "modDate", "trapped"}
CONTACT_SCHEMES = ("mailto:", "tel:", "sms:", "callto:", "whatsapp:")
# XMP elements that name software, identify versions or hold dates: nothing personal
XMP_SKIP = re.compile(r"^(?:xmp:(?:CreatorTool|CreateDate|ModifyDate|MetadataDate)|pdf:(?:Producer|PDFVersion)|"
                      r"xmpMM:.*|dc:format|stEvt:.*|stRef:.*|pdfaid:.*|rdf:.*|x:.*)$")


RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _xmp_fields(xmp: str) -> list[ChannelText]:
    """The text of each XMP property that can hold personal data (title, creator, description...)."""
    if not xmp or not xmp.strip():
        return []
    try:
        root = ElementTree.fromstring(xmp.strip().encode("utf-8"))
    except ElementTree.ParseError:  # not well-formed: check all of it rather than none
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", xmp)).strip()
        return [ChannelText("xmp", "XMP metadata (malformed)", text)] if text else []
    parents = {child: parent for parent in root.iter() for child in parent}
    items = []

    def prefixed(tag: str) -> str:
        namespace, _, local = tag.rpartition("}")
        return f"{PREFIXES.get(namespace.lstrip('{'), 'ns')}:{local}"

    for element in root.iter():
        for attr, value in element.attrib.items():
            name = prefixed(attr) if attr.startswith("{") else attr
            if not attr.startswith(RDF) and not XMP_SKIP.match(name) and value.strip() and not value.startswith("uuid:"):
                items.append(ChannelText("xmp", f"XMP {name}", value))
        text = (element.text or "").strip()
        if not text or not isinstance(element.tag, str):
            continue
        owner = element
        while owner is not None and owner.tag.startswith(RDF):  # rdf:li inside rdf:Alt: use the property
            owner = parents.get(owner)
        if owner is None:
            continue
        name = prefixed(owner.tag)
        if not XMP_SKIP.match(name) and not text.startswith("uuid:"):
            items.append(ChannelText("xmp", f"XMP {name}", text))
    return items


PREFIXES = {"http://purl.org/dc/elements/1.1/": "dc", "http://ns.adobe.com/xap/1.0/": "xmp",
            "http://ns.adobe.com/pdf/1.3/": "pdf", "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
            "http://ns.adobe.com/photoshop/1.0/": "photoshop", "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
            "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#": "stEvt",
            "http://ns.adobe.com/xap/1.0/sType/ResourceRef#": "stRef", "adobe:ns:meta/": "x"}


def collect(doc: pymupdf.Document, gaps: list | None = None) -> list[ChannelText]:
    """Every channel's text. gaps, when given, receives a (what, reason, page) tuple for each part
    that could not be read (an attachment MuPDF cannot extract, a damaged object): verify reports
    those as not checked rather than passing them."""
    items: list[ChannelText] = []
    gaps = [] if gaps is None else gaps
    for key, value in (doc.metadata or {}).items():
        if value and key not in SOFTWARE_KEYS:
            items.append(ChannelText("metadata", f"document information: {key}", value))
    kind, info = doc.xref_get_key(-1, "Info")
    if kind == "xref":
        xref = int(info.split()[0])
        for key in doc.xref_get_keys(xref):
            if key.lower() in ("title", "author", "subject", "keywords", "creator", "producer",
                               "creationdate", "moddate", "trapped"):
                continue
            k, v = doc.xref_get_key(xref, key)
            if k == "string" and v:
                items.append(ChannelText("metadata", f"document information: {key}", v))
    items.extend(_xmp_fields(doc.get_xml_metadata()))
    for page in doc:
        number = page.number + 1
        for annot in page.annots() or []:
            info = annot.info
            for field_name in ("content", "title", "subject"):
                if info.get(field_name):
                    items.append(ChannelText("annotation", f"{annot.type[1]} annotation: {field_name}",
                                             info[field_name], number))
            kind, rich = doc.xref_get_key(annot.xref, "RC")
            if kind == "string" and rich:
                items.append(ChannelText("annotation", f"{annot.type[1]} annotation: rich text",
                                         re.sub(r"<[^>]+>", " ", rich), number))
            if annot.type[0] == pymupdf.PDF_ANNOT_FILE_ATTACHMENT:
                try:
                    file_info = annot.file_info
                    items.append(ChannelText("embedded-file", "file attachment annotation",
                                             f"{file_info.get('filename', '')} {file_info.get('description', '')}",
                                             number))
                    items.extend(_file_text(annot.get_file(), "file attachment annotation", number, gaps))
                except Exception as exc:
                    gaps.append(("a file attachment annotation", one_line(exc), number))
        for widget in page.widgets() or []:
            for label, value in (("value", widget.field_value), ("default", getattr(widget, "field_default_value", None))):
                if value not in (None, "", "Off", False, True):
                    items.append(ChannelText("form-field", f"form field {widget.field_name!r}: {label}",
                                             str(value), number))
        for link in page.get_links():
            uri = link.get("uri") or ""
            if uri.lower().startswith(CONTACT_SCHEMES):  # web addresses are not personal data
                items.append(ChannelText("link", "link target", uri.split(":", 1)[1], number))
            if link.get("file"):
                items.append(ChannelText("link", "link to a file", link["file"], number))
    for level, title, page_no in doc.get_toc(simple=True) if _may_have_bookmarks(doc) else []:
        items.append(ChannelText("bookmark", f"bookmark (level {level})", title, page_no if page_no > 0 else None))
    for name in doc.embfile_names():
        info = doc.embfile_info(name)
        items.append(ChannelText("embedded-file", f"embedded file {name!r}",
                                 f"{name} {info.get('filename', '')} {info.get('description', '')}"))
        try:
            items.extend(_file_text(doc.embfile_get(name), f"embedded file {name!r}", None, gaps))
        except Exception as exc:
            gaps.append((f"embedded file {name!r}", one_line(exc), None))
    items.extend(_object_strings(doc, gaps))
    return items


def _may_have_bookmarks(doc: pymupdf.Document) -> bool:
    """False when the catalog has no /Outlines (then there are no bookmarks: asking MuPDF for
    them costs more than the rest of collect on most files); True when it has, or cannot say."""
    try:
        return doc.xref_get_key(doc.pdf_catalog(), "Outlines")[0] != "null"
    except Exception:
        return True


def _file_text(data: bytes, where: str, page: int | None, gaps: list) -> list[ChannelText]:
    """The text of an attached file: a PDF's page text, or the file as UTF-8 text. Anything else
    (an image, a Word file, a PDF MuPDF cannot open) is not read: reported as not checked (the
    attachment itself is reported as active content whatever it holds)."""
    if data[:5] == b"%PDF-":
        try:
            with pymupdf.open("pdf", data) as inner:
                text = " ".join(p.get_text() for p in inner)
            return [ChannelText("embedded-file", f"{where}: contents (PDF)", text, page)]
        except Exception as exc:
            gaps.append((f"{where}: contents", f"the attached PDF cannot be read ({one_line(exc)})", page))
            return []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if data:
            gaps.append((f"{where}: contents", "not text and not a PDF: its contents are not read", page))
        return []
    return [ChannelText("embedded-file", f"{where}: contents", text, page)]


def _object_strings(doc: pymupdf.Document, gaps: list) -> list[ChannelText]:
    """Structure-tree text and JavaScript, wherever they are."""
    items = []
    unreadable = []
    for xref in range(1, doc.xref_length()):
        try:
            keys = doc.xref_get_keys(xref)
        except Exception:
            unreadable.append(xref)
            continue
        for key in ("Alt", "ActualText", "E"):
            if key in keys:
                kind, value = doc.xref_get_key(xref, key)
                if kind == "string" and value.strip():
                    items.append(ChannelText("structure", f"/{key} (object {xref})", value))
        if "JS" in keys:
            kind, value = doc.xref_get_key(xref, "JS")
            if kind == "xref":
                try:
                    value = (doc.xref_stream(int(value.split()[0])) or b"").decode("latin-1")
                except Exception:
                    value = ""  # reported as JavaScript all the same
            items.append(ChannelText("javascript", f"JavaScript (object {xref})", value or "(script)"))
    if unreadable:
        shown = ", ".join(map(str, unreadable[:5])) + (" ..." if len(unreadable) > 5 else "")
        gaps.append((f"{len(unreadable)} object(s) ({shown})", "MuPDF cannot read them", None))
    return items

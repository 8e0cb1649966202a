"""XFDF export and import: the redaction mark-up Acrobat reads (Comments > Import) and writes.

Export writes one ``.xfdf`` per document (the folder tree mirrored), with a ``<redact>`` for each
box to redact, named like the preview's annotations (``redactkit:ID:N``), so Acrobat's own
reviewing (delete, move, draw, then Comments > Export) comes back through the same rules as a
preview: a box gone is rejected, a moved one takes the new rectangle, an unnamed one is added.

XFDF coordinates are PDF user space (origin at the bottom left of the media box), ours are
PyMuPDF's (origin at the top left), so both directions need the page heights: the documents are
read (``--bundle``). The file names its document (``<f href>``) and carries its /ID; one for a
document that is not in the proposals file, or whose /ID differs, is refused. The standard
library's ElementTree reads and writes it: XFDF is plain XML, and Expat refuses entity bombs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from redactkit.core.atomic import write_bytes
from redactkit.core.errors import InputError, MismatchError, OutputError, UsageError
from redactkit.model.proposals import Proposals
from redactkit.review.decisions import Change
from redactkit.review.preview import annotation_name, entity_colour
from redactkit.review.roundtrip import apply_boxes

NS = "http://ns.adobe.com/xfdf/"
ET.register_namespace("", NS)


def _need(bundle) -> None:
    if bundle is None:
        raise UsageError("XFDF needs the documents (for their page sizes): give --bundle")


def _pdf_id(pdf) -> str:
    kind, value = pdf.xref_get_key(-1, "ID")
    if kind != "array":
        return ""
    return value.strip("[]").split(">")[0].lstrip("<").strip()


def _flip(pdf, page: int, rect, to_pdf: bool = True) -> tuple[float, float, float, float]:
    """PyMuPDF's top-left rectangle -> PDF user space (to_pdf), or back."""
    mediabox = pdf[page - 1].mediabox
    x0, y0, x1, y1 = rect
    dx = mediabox.x0 if to_pdf else -mediabox.x0
    return (x0 + dx, mediabox.y1 - y1, x1 + dx, mediabox.y1 - y0)


def xfdf_path(out_dir: Path, relpath: str) -> Path:
    rel = Path(relpath)
    return out_dir / rel.parent / (rel.stem + ".xfdf")


def export_xfdf(proposals: Proposals, out_dir: Path, bundle) -> list[Path]:
    _need(bundle)
    written = []
    for doc in proposals.documents:
        if not bundle.has(doc.path):
            continue
        pdf = bundle.pdf(doc.path)
        root = ET.Element(f"{{{NS}}}xfdf", {"xml:space": "preserve"})
        annots = ET.SubElement(root, f"{{{NS}}}annots")
        for f in doc.findings:
            if not f.redact:
                continue
            r, g, b = entity_colour(f.entity)
            for index, rect in enumerate(f.rects):
                x0, y0, x1, y1 = _flip(pdf, f.page, rect)
                element = ET.SubElement(annots, f"{{{NS}}}redact", {
                    "page": str(f.page - 1), "rect": f"{x0:.2f},{y0:.2f},{x1:.2f},{y1:.2f}",
                    "name": annotation_name(f.id, index), "title": "redactkit", "subject": f.entity,
                    "color": f"#{int(r * 255):02X}{int(g * 255):02X}{int(b * 255):02X}", "flags": "print"})
                ET.SubElement(element, f"{{{NS}}}contents").text = f"{f.entity} ({f.decision}): {f.reason} [id {f.id}]"
        ET.SubElement(root, f"{{{NS}}}f", {"href": Path(doc.path).name})
        pdf_id = _pdf_id(pdf)
        if pdf_id:
            ET.SubElement(root, f"{{{NS}}}ids", {"original": pdf_id, "modified": pdf_id})
        target = xfdf_path(Path(out_dir), doc.path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the folder ({exc.strerror})", path=str(target.parent)) from None
        write_bytes(target, b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8"))
        written.append(target)
    return written


def import_xfdf(proposals: Proposals, source: Path, by: str, note: str | None, change: Change | None,
                bundle) -> Change:
    change = Change() if change is None else change
    _need(bundle)
    try:
        root = ET.parse(source).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"not a readable XFDF file ({exc})", path=str(source)) from None
    href = root.find(f"{{{NS}}}f")
    name = Path(href.get("href", "")).name if href is not None else ""
    docs = [d for d in proposals.documents if Path(d.path).name == name and bundle.has(d.path)]
    if len(docs) != 1:
        raise MismatchError(f"made for {name or 'an unnamed document'}, which is not (once) among the documents "
                            "of the proposals file and --bundle", path=str(source))
    doc = docs[0]
    pdf = bundle.pdf(doc.path)
    ids = root.find(f"{{{NS}}}ids")
    if ids is not None and _pdf_id(pdf) and ids.get("original", "").lower() != _pdf_id(pdf).lower():
        raise MismatchError("made for another version of the document (its /ID differs)", path=str(source))
    boxes: dict[str, list[list[float]]] = defaultdict(list)
    drawn: list[tuple[int, list[float]]] = []
    annots = root.find(f"{{{NS}}}annots")
    for element in list(annots) if annots is not None else []:
        if element.tag != f"{{{NS}}}redact":
            continue
        try:
            page = int(element.get("page", "")) + 1
            values = [float(v) for v in element.get("rect", "").split(",")]
        except ValueError:
            raise InputError("a <redact> without a page or rect", path=str(source)) from None
        if not 1 <= page <= doc.pages or len(values) != 4:
            raise MismatchError(f"a <redact> on page {page}, which the document does not have", path=str(source))
        rect = [round(v, 2) for v in _flip(pdf, page, values, to_pdf=False)]
        rect = [min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])]
        parts = element.get("name", "").split(":")
        if len(parts) == 3 and parts[0] == "redactkit":
            boxes[parts[1]].append(rect)
        else:
            drawn.append((page, rect))
    shown = [f.id for f in doc.findings if f.redact]
    apply_boxes(proposals, doc, shown, boxes, drawn, by, note, "xfdf", change, str(source))
    return change

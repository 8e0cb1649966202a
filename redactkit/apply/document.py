"""Stage 5, apply: produce redacted copies of the inputs, and a redaction log for each.

Everything the proposals file marks for redaction (any decision but ``rejected``: an unreviewed
proposal is redacted) is removed, not covered: text, image pixels and vector art under each box
(:mod:`.redact`), the spacing residue and the box width that measure a removed word
(:mod:`.widths`), then the document's hidden channels (:mod:`.clean`). The file is written anew,
garbage-collected, so no earlier revision survives.

Every input is matched to the proposals by its SHA-256 before any work starts, and every box is
checked against its page as its document is opened; outputs are built in a staging folder and
moved into place only when every document is done. A refusal removes the staging folder and any
output folder apply created, so nothing is left half-written. The input files are only ever
opened for reading.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pymupdf
from pymupdf import mupdf

from redactkit.apply.clean import CleanReport, clean_document
from redactkit.apply.page import (
    drop_invisible_layer,
    image_reuse,
    layer_off_the_ink,
    on_lines,
    redact_as_picture,
    redact_page,
    trim_outside,
)
from redactkit.apply.textlayer import add_text_layer
from redactkit.apply.widths import hide_residue, quantize_box, rewrite_residue
from redactkit.core.errors import RedactkitError, one_line
from redactkit.extract.readable import UNREADABLE_LAYER
from redactkit.model.matching import checked_rects, page_bounds
from redactkit.model.proposals import Decision, DocumentProposals, Finding, Source
from redactkit.pdf.inputs import open_pdf
from redactkit.pdf.pictures import over_picture, picture_rects
from redactkit.pdf.streams import image_encoded_contents, wipe_contents

LABEL_MODES = ("none", "entity", "reason")
UNREADABLE = "UNREADABLE_PAGE"
EXISTING_REDACTION = "REDACT_ANNOTATION_IN_INPUT"


@dataclass
class ApplyOptions:
    label: str = "none"
    hide_widths: bool = True
    password: str | None = None
    operator: str | None = None
    log_text: bool = False
    redact_unreadable: bool = True
    ocr_layer: bool = False  # give redacted scans an invisible text layer, read after redaction
    workers: int = 0  # documents redacted in parallel (0: one per CPU, at most 4)
    overwrite: bool = False  # replace an earlier redactkit run in the output folder (redactkit.jobs.outdir)


@dataclass
class Box:
    """One black box to draw, and the findings behind it."""

    rect: pymupdf.Rect
    finding: Finding


@dataclass
class DocumentResult:
    relpath: str
    input_path: Path
    output_path: Path
    input_sha256: str
    output_sha256: str = ""
    pages: int = 0
    boxes: int = 0
    entities: Counter = field(default_factory=Counter)
    cleaning: CleanReport = field(default_factory=CleanReport)
    warnings: list[str] = field(default_factory=list)
    log_paths: list[Path] = field(default_factory=list)
    withheld: bool = False  # every page blacked out: MuPDF could not redact the file (withheld_document)
    withheld_pages: list[int] = field(default_factory=list)  # pages blacked out whole (_redact_otherwise)


@dataclass
class DocumentFailure:
    """A document apply could not redact (run goes on with the others): nothing of it was written."""

    relpath: str
    reason: str
    exit_code: int


@dataclass
class ApplyResult:
    documents: list[DocumentResult]
    out_dir: Path
    warnings: list[str] = field(default_factory=list)
    failed: list[DocumentFailure] = field(default_factory=list)


def _boxes_for(doc: pymupdf.Document, props: DocumentProposals, options: ApplyOptions, relpath: str) -> dict[int, list[Box]]:
    boxes: dict[int, list[Box]] = defaultdict(list)
    for number, found in checked_rects(doc, props, relpath).items():
        boxes[number] = [Box(rect, finding) for rect, finding in found]
    if options.redact_unreadable:
        for number in props.unreadable_pages:
            page = doc[number - 1]
            if image_encoded_contents(page):  # a decompression bomb: emptied, never decoded
                wipe_contents(page)
            whole = Finding(id=f"unreadable-{number}", page=number, entity=UNREADABLE, text="",
                            score=1.0, rects=[list(page_bounds(page))], recognizer="apply",
                            reason="page could not be read completely when scanned: redacted whole",
                            decision=Decision.ACCEPTED, source=Source.APPLY)
            boxes[number].append(Box(page_bounds(page), whole))
    for number in range(doc.page_count):  # Redact annotations someone else left unapplied: apply them (fail closed)
        if doc.xref_get_key(doc.page_xref(number), "Annots")[0] == "null":
            continue  # no annotations at all (most pages): not worth loading the page
        page = doc[number]
        for annot in page.annots(types=[pymupdf.PDF_ANNOT_REDACT]) or []:
            pending = Finding(id=f"annot-{page.number + 1}-{annot.xref}", page=page.number + 1,
                              entity=EXISTING_REDACTION, text="", score=1.0, rects=[list(annot.rect)],
                              recognizer="apply", reason="redaction marked in the input but never applied",
                              decision=Decision.ACCEPTED, source=Source.INPUT)
            boxes[page.number + 1].append(Box(annot.rect & page_bounds(page), pending))
    return boxes


# -- drawing ----------------------------------------------------------------------------------

def _limits(chars: np.ndarray, box: pymupdf.Rect) -> tuple[float, float]:
    """Right edge of the nearest visible character left of box, left edge of the nearest to its right.

    chars: (n, 4) boxes of the page's characters that lie under no redaction box. A neighbour is
    on the line when its box reaches into the middle half of the box's height (a Type 3 glyph's
    box can be a hair high), and on a side by its centre, so one that starts a hair inside the
    box still stops it there: passed over, it was half covered by the widened box (a comma after
    a name on a LaTeX page, half a "B" after an OCR box on a PostScript round trip's)."""
    return _limits_all(chars, [box])[0]


def _limits_all(chars: np.ndarray, boxes: list[pymupdf.Rect]) -> list[tuple[float, float]]:
    """:func:`_limits` of each of boxes, for all of them at once (a character per row, a box per
    column: a page's boxes cost one pass over its characters, not one each)."""
    if not boxes:
        return []
    chars = np.asarray(chars, dtype=float).reshape(-1, 4)
    x0 = np.array([b.x0 for b in boxes], dtype=float)
    x1 = np.array([b.x1 for b in boxes], dtype=float)
    line = on_lines(chars, boxes)
    centres = ((chars[:, 0] + chars[:, 2]) / 2)[:, None]
    on_left, on_right = line & (centres <= x0), line & (centres >= x1)
    left_of = np.where(on_left, chars[:, 2, None], -np.inf).max(axis=0, initial=-np.inf)
    right_of = np.where(on_right, chars[:, 0, None], np.inf).min(axis=0, initial=np.inf)
    left = np.where(on_left.any(axis=0), np.minimum(left_of, x0), -1e9)
    right = np.where(on_right.any(axis=0), np.maximum(right_of, x1), 1e9)
    return [(float(a) + 0.3, float(b) - 0.3) for a, b in zip(left, right)]


def _pictures(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Where the page shows pictures, in unrotated page space (as the boxes are)."""
    try:
        return picture_rects(page)
    except Exception:  # the picture cannot be read: treat the page as all picture (no widening)
        return [page_bounds(page)]


def _label_text(finding: Finding, mode: str) -> str:
    if mode == "entity":
        return finding.entity
    if mode == "reason":
        return finding.reason
    return ""


def _draw(page: pymupdf.Page, drawn: list[tuple[pymupdf.Rect, Finding]], mode: str) -> None:
    """Black boxes (and labels) over the redacted areas, given in unrotated page space.

    PyMuPDF's Shape maps a rotated page's coordinates to PDF space without the media box's
    origin, which put boxes beside the removed words on rotated pages whose media box does not
    start at 0 0; drawing with the rotation set to 0, as annotations are added, places them right."""
    rotation = page.rotation
    if rotation:
        page.set_rotation(0)
    try:
        _draw_unrotated(page, drawn, mode)
    finally:
        if rotation:
            page.set_rotation(rotation)


def _draw_unrotated(page: pymupdf.Page, drawn: list[tuple[pymupdf.Rect, Finding]], mode: str) -> None:
    # PyMuPDF's Shape, written out: its Rect and Matrix arithmetic per box, and the new content
    # object it adds, cost more than the redaction of the boxes. Each rectangle is its bottom-left
    # corner in PDF space, then its width and height.
    if not drawn:
        return
    m = ~page.transformation_matrix
    boxes = "".join(
        f"{r.x0 * m.a + r.y1 * m.c + m.e:g} {r.x0 * m.b + r.y1 * m.d + m.f:g} {r.x1 - r.x0:g} {r.y1 - r.y0:g} re\n"
        for r, _finding in drawn)
    doc, xrefs = page.parent, page.get_contents()
    if len(xrefs) == 1 and tuple(page._count_q_balance()) == (0, 0):
        # the one stream MuPDF's redaction wrote, balanced: the boxes go after it, outside its q/Q
        drawing = b"q\n" + (doc.xref_stream(xrefs[0]) or b"") + b"\nQ\nq\n0 0 0 rg\n" + boxes.encode() + b"f\nQ\n"
        doc.update_stream(xrefs[0], drawing, compress=0)  # the save deflates every stream
    else:
        shape = page.new_shape()
        shape.draw_cont = boxes
        shape.finish(color=None, fill=(0, 0, 0), width=0)
        shape.commit(overlay=True)
    if mode == "none":
        return
    for rect, finding in drawn:
        text = _label_text(finding, mode)
        if not text or rect.height < 4:
            continue
        width_at_1pt = max(pymupdf.get_text_length(text, "helv", 1), 1e-6)
        size = min(rect.height * 0.7, 9.0, (rect.width - 2) / width_at_1pt)
        if size < 3.5:  # too small to read: a plain box says enough
            continue
        x = rect.x0 + (rect.width - width_at_1pt * size) / 2
        y = rect.y0 + (rect.height + size * 0.7) / 2
        page.insert_text((x, y), text, fontsize=size, fontname="helv", color=(1, 1, 1))


# -- one document -----------------------------------------------------------------------------

def _agree(layer: pymupdf.Rect, read: pymupdf.Rect) -> bool:
    """The same word where the layer and OCR put it: centres within a quarter of its width and
    half its height (OCR's boxes are tighter than a font's, never shifted by a word)."""
    dx = abs((layer.x0 + layer.x1) - (read.x0 + read.x1)) / 2
    dy = abs((layer.y0 + layer.y1) - (read.y0 + read.y1)) / 2
    return dx <= 0.25 * max(layer.width, 1) and dy <= 0.5 * max(layer.height, 1)


def _union(rects) -> pymupdf.Rect:
    area = pymupdf.Rect(rects[0])
    for r in rects[1:]:
        area |= pymupdf.Rect(r)
    return area


def _misaligned_layers(props: DocumentProposals, pages: int) -> list[int]:
    """Scanned pages (read by OCR) where the invisible text layer and OCR put the same value in
    different places: the layer lies, and goes (:func:`.page.drop_invisible_layer`). A layer
    that agrees with the pixels stays searchable."""
    ocr_pages = {int(row["page"]) for row in props.ocr_pages}
    found = []
    for number in sorted(ocr_pages):
        on_page = [f for f in props.findings if f.page == number and f.redact]
        read = [f for f in on_page if f.source == Source.OCR]
        for finding in (f for f in on_page if f.source == Source.TEXT):
            # each rectangle OCR gave the value, and their union: OCR cuts a line at wide gaps
            # ("07700" and "900461" apart), where the layer has the number as one run
            same = [pymupdf.Rect(r) for f in read if f.text == finding.text for r in f.rects]
            same += [_union(f.rects) for f in read if f.text == finding.text and len(f.rects) > 1]
            if same and not any(_agree(pymupdf.Rect(finding.rects[0]), r) for r in same):
                found.append(number)
                break
    return found


def _reuse_boxes(number: int, reused: dict[int, list[pymupdf.Rect]]) -> list[tuple[pymupdf.Rect, Finding]]:
    """The boxes drawn over the parts of a picture redacted where it is shown on another page."""
    return [(rect, Finding(id="image-reuse", page=number, entity="IMAGE", text="", score=1.0, rects=[list(rect)],
                           recognizer="apply", reason="image redacted elsewhere", decision=Decision.ACCEPTED))
            for rect in reused.get(number, [])]


def _redact_otherwise(doc: pymupdf.Document, number: int, drawn: list[tuple[pymupdf.Rect, Finding]],
                      ocr_rotation: float | None, options: ApplyOptions, result: DocumentResult, reason: str) -> None:
    """A page MuPDF could not redact in place (redact_page raised): redacted as a picture of
    itself, with a new OCR text layer, or, when it cannot even be rendered, withheld (its
    contents emptied and the page blacked out whole). Either way the rest of the document is
    redacted as usual, and the warning says what was done to which page."""
    page = doc[number - 1]
    covers = [rect for rect, _finding in drawn]
    try:
        redact_as_picture(page, covers)
    except Exception:
        doc.xref_set_key(page.xref, "Annots", "null")
        wipe_contents(page)
        whole = Finding(id=f"withheld-{number}", page=number, entity=WITHHELD, text="", score=1.0,
                        rects=[list(page_bounds(page))], recognizer="apply", reason=WITHHELD_LABEL,
                        decision=Decision.ACCEPTED, source=Source.APPLY)
        _draw(page, [(page_bounds(page), whole)], options.label)
        result.withheld_pages.append(number)
        result.boxes += 1
        result.entities[WITHHELD] += 1
        result.warnings.append(f"page {number} withheld (blacked out whole): it could not be redacted ({reason})")
        return
    result.warnings.append(f"page {number}: redacted as a picture of the page, since it could not be redacted "
                           f"in place ({reason}); its text layer is new, from OCR")
    result.cleaning.add("pages redacted as pictures of themselves", 1)
    if options.ocr_layer:
        result.cleaning.add("words in the new OCR text layer", add_text_layer(page, ocr_rotation or 0, covers))
    _draw(page, drawn, options.label)
    found = [finding for _rect, finding in drawn if finding.id != "image-reuse"]  # counted as redact_document does
    result.boxes += len(found)
    result.entities.update(finding.entity for finding in found)


def redact_document(path: Path, props: DocumentProposals, options: ApplyOptions, relpath: str,
                    member: str | None = None) -> tuple[bytes, DocumentResult]:
    """The redacted PDF (bytes) and what was done to it."""
    result = DocumentResult(relpath=relpath, input_path=path, output_path=Path(), input_sha256=props.sha256)
    with open_pdf(path, options.password, max_pages=0, member=member) as doc:
        result.pages = doc.page_count
        plan_boxes = _boxes_for(doc, props, options, relpath)
        reused = image_reuse(doc, {n: [b.rect for b in bs] for n, bs in plan_boxes.items()})
        if reused:
            result.cleaning.add("image areas redacted where the same image is shown again",
                                sum(len(r) for r in reused.values()))
        ocr_layer = {int(r["page"]): float(r.get("rotation", 0)) for r in props.ocr_pages} if options.ocr_layer else {}
        # pages read by OCR because their text layer is not readable text: their glyphs are real
        # (a PostScript round trip's), and the boxes over them hide widths as on any text page
        glyph_pages = {int(r["page"]) for r in props.ocr_pages if str(r.get("reason", "")).startswith(UNREADABLE_LAYER)}
        picture_pages = {int(r["page"]) for r in props.ocr_pages} - glyph_pages  # scans, invisible layer or not
        settled: dict[int, np.ndarray] = {}  # character boxes of redacted pages, traced after redaction
        misaligned = set(_misaligned_layers(props, doc.page_count))  # scans whose invisible layer is elsewhere
        misaligned |= {n for n in picture_pages - misaligned if 1 <= n <= doc.page_count and layer_off_the_ink(doc[n - 1])}
        for number in sorted(misaligned):
            if 1 <= number <= doc.page_count:
                dropped = drop_invisible_layer(doc[number - 1])
                if dropped:
                    result.cleaning.add("characters of a scan's invisible text layer made elsewhere", dropped)
                    # the layer's boxes stay (in the wrong place they may cut words around them, but
                    # taking them away left another mention readable: over-redaction is the safe side)
        fonts: dict = {}  # glyph widths by font object, read once a document (widths.rewrite_residue)
        for number in sorted(set(plan_boxes) | set(reused)):
            page = doc[number - 1]
            boxes = plan_boxes.get(number, [])
            rects = [b.rect for b in boxes]
            if doc.xref_get_key(page.xref, "Annots")[0] != "null":
                for annot in list(page.annots(types=[pymupdf.PDF_ANNOT_REDACT]) or []):
                    page.delete_annot(annot)  # their areas are in rects; MuPDF would apply them with a fill
            rewrite = (lambda page=page: rewrite_residue(doc, page, fonts)) if options.hide_widths else None
            try:
                outcome = redact_page(page, rects, reused.get(number), rewrite=rewrite if boxes else None,
                                      stretch=options.hide_widths and number not in picture_pages)
                for box, rect in zip(boxes, outcome.rects):
                    box.rect = rect
            except RedactkitError:
                raise
            except Exception as exc:  # MuPDF cannot redact this page in place: fail closed, page by page
                drawn = [(b.rect, b.finding) for b in boxes] + _reuse_boxes(number, reused)
                _redact_otherwise(doc, number, drawn, ocr_layer.get(number), options, result, one_line(exc))
                ocr_layer.pop(number, None)
                continue
            if outcome.rewrite_note:
                result.warnings.append(f"page {number}: {outcome.rewrite_note}")
            chars = outcome.before[outcome.kept]  # neighbours: the characters that stay
            quarter_turned = page.rotation % 180 != 0
            if outcome.second_pass:
                result.warnings.append(f"page {number}: {outcome.second_pass} character(s) under boxes needed a second pass")
            if outcome.lost_outside:
                result.warnings.append(f"page {number}: {len(outcome.lost_outside)} character(s) next to a box were "
                                       "removed or moved by the PDF engine")
            drawn = []
            pictures = _pictures(page) if number in picture_pages else []
            limits = _limits_all(chars, [box.rect for box in boxes])
            for box, limit in zip(boxes, limits):
                rect = box.rect
                # widened along x of the unrotated page: on a page turned a quarter, that is across the
                # lines as shown (tall strips over the neighbouring lines), so boxes keep their size there.
                # Not a box over a scan's picture: it was grown to the value's ink, and widening it would
                # black out part of the next letter (half a letter beside a box is a clue, and a stroke cut
                # by the box edge is what verify's ink-cut-by-box looks for); a scan has no spacing numbers.
                # A box over the typed part of a page with a scanned insert is over glyphs, and so is one
                # on a page read by OCR because its text layer is garbage: their widths are hidden.
                if options.hide_widths and box.finding.entity not in (UNREADABLE, EXISTING_REDACTION) \
                        and not over_picture(rect, pictures) and not quarter_turned:
                    rect = quantize_box(rect, *limit)
                drawn.append((rect, box.finding))
            drawn += _reuse_boxes(number, reused)
            if options.hide_widths and not boxes:
                note = hide_residue(doc, page)
                if note:
                    result.warnings.append(f"page {number}: {note}")
            if number in ocr_layer:  # read now: removed pixels are blank, the boxes not yet drawn
                covers = [rect for rect, _finding in drawn] + rects
                result.cleaning.add("words in the new OCR text layer",
                                    add_text_layer(page, ocr_layer.pop(number), covers))
            elif boxes:
                settled[number] = outcome.after  # the page's text now (labels drawn next go inside the boxes)
            _draw(page, drawn, options.label)
            result.boxes += len(boxes)
            for box in boxes:
                result.entities[box.finding.entity] += 1
        for number, rotation in ocr_layer.items():  # scanned pages with nothing to redact
            result.cleaning.add("words in the new OCR text layer", add_text_layer(doc[number - 1], rotation))
        for page in doc:
            trimmed = trim_outside(page, settled.get(page.number + 1))
            if trimmed:
                result.cleaning.add("text outside the visible page (characters)", trimmed)
        secrets = sorted({f.text for f in props.findings if f.redact and f.text.strip()})
        cleaning = clean_document(doc, secrets)
        cleaning.removed.update(result.cleaning.removed)
        result.cleaning = cleaning
        try:
            doc.subset_fonts()
        except Exception:  # not every embedded font can be re-subset; the glyphs then stay
            result.warnings.append("embedded fonts could not be re-subset (removed glyph shapes may remain)")
        data = _saved(doc, result)
    result.output_sha256 = hashlib.sha256(data).hexdigest()
    return data, result


def _saved(doc: pymupdf.Document, result: DocumentResult) -> bytes:
    """The document's bytes, its streams compressed; uncompressed where MuPDF cannot compress
    them (pdf.js's xobject-image.pdf gives an image two filters and an empty DecodeParms array,
    and MuPDF's deflate then fails with "index out of bounds"). Either way unused objects go."""
    try:
        return _tobytes(doc, garbage=4, deflate=True, deflate_images=True, deflate_fonts=True)
    except Exception as exc:
        result.warnings.append(f"streams saved as they were, not compressed ({one_line(exc)})")
        return doc.tobytes(garbage=4)


def _tobytes(doc: pymupdf.Document, garbage: int = 0, deflate: bool = False, deflate_images: bool = False,
             deflate_fonts: bool = False) -> bytes:
    """``doc.tobytes(...)``, the same document written with the same options, into a MuPDF
    buffer: PyMuPDF writes through a Python file object, one call back into Python for every
    piece MuPDF writes, which took as long again as the writing. What its save does before
    writing is done here as there (pymupdf.Document.save)."""
    if doc.is_closed or doc.is_encrypted or doc.page_count < 1 or not doc.is_pdf:
        return doc.tobytes(garbage=garbage, deflate=deflate, deflate_images=deflate_images, deflate_fonts=deflate_fonts)
    pdf = pymupdf._as_pdf_document(doc)
    opts = mupdf.PdfWriteOptions()
    opts.do_incremental = 0
    opts.do_ascii = 0
    opts.do_compress = int(deflate)
    opts.do_compress_images = int(deflate_images)
    opts.do_compress_fonts = int(deflate_fonts)
    opts.do_decompress = 0
    opts.do_garbage = garbage
    opts.do_pretty = 0
    opts.do_linear = 0
    opts.do_clean = 0
    opts.do_sanitize = 0
    opts.dont_regenerate_id = 0
    opts.do_appearance = 0
    opts.do_encrypt = 1  # PDF_ENCRYPT_NONE, PyMuPDF's default: the output is never encrypted
    opts.permissions = 4095
    opts.reproducible = 0
    opts.do_preserve_metadata = 1
    opts.do_use_objstms = 0
    opts.compression_effort = 0
    pdf.m_internal.resynth_required = 0
    pymupdf.JM_embedded_clean(pdf)
    pymupdf.JM_ensure_identity(pdf)
    buffer = mupdf.fz_new_buffer(1 << 16)
    out = mupdf.FzOutput(buffer)
    mupdf.pdf_write_document(pdf, out, opts)
    out.fz_close_output()
    return buffer.fz_buffer_extract()


WITHHELD = "WITHHELD"  # the entity of a page blacked out whole because the file could not be redacted
WITHHELD_LABEL = "page withheld: it could not be redacted safely"


def withheld_document(path: Path, props: DocumentProposals, options: ApplyOptions, relpath: str,
                      reason: str, member: str | None = None) -> tuple[bytes, DocumentResult]:
    """Fail closed for a file MuPDF cannot redact (a page tree with a cycle, an image too large to
    decode, an object it cannot save): a new PDF with a black page for each page of the input,
    of the size a viewer showed, holding nothing of the original. The disclosure keeps its page
    count and says where pages were withheld; the log and the warnings say why."""
    sizes: list[pymupdf.Rect] = []
    try:
        with open_pdf(path, options.password, max_pages=0, member=member) as doc:
            for number in range(doc.page_count):
                try:
                    sizes.append(doc[number].rect)
                except Exception:  # the page cannot even be loaded: A4
                    sizes.append(pymupdf.paper_rect("a4"))
    except Exception:
        sizes = []
    if not sizes:
        sizes = [pymupdf.paper_rect("a4")] * max(props.pages, 1)
    out = pymupdf.open()
    for rect in sizes:
        page = out.new_page(width=rect.width, height=rect.height)
        page.draw_rect(page.rect, color=None, fill=(0, 0, 0))
        size = min(10.0, (rect.width - 8) / 26)  # Helvetica is about 0.55 em a character
        if size >= 2 and rect.height > size + 8:  # on the page, or not at all (verify: hidden text)
            page.insert_text((4, 4 + size), WITHHELD_LABEL, fontsize=size, color=(1, 1, 1))
    data = out.tobytes(garbage=4, deflate=True)
    out.close()
    result = DocumentResult(relpath=relpath, input_path=path, output_path=Path(), input_sha256=props.sha256,
                            pages=len(sizes), boxes=len(sizes), entities=Counter({WITHHELD: len(sizes)}),
                            withheld=True)
    result.warnings.append(f"every page withheld (blacked out whole): the file could not be redacted ({reason})")
    result.output_sha256 = hashlib.sha256(data).hexdigest()
    return data, result


# -- the redaction log ------------------------------------------------------------------------


# -- the whole job ----------------------------------------------------------------------------



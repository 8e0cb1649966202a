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

import csv
import datetime as _dt
import getpass
import hashlib
import io
import json
import math
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pymupdf

from . import __version__
from .clean import CleanReport, clean_document
from .errors import InputError, MismatchError, OutputError, UsageError
from .inputs import InputFile, collect_inputs, open_pdf, sha256_file
from .propose import DocumentProposals, Finding, Proposals
from .ocr import add_text_layer
from .parallel import default_workers, run_in_pool
from .redact import centres_inside, image_reuse, redact_page, trim_outside
from .widths import hide_residue, quantize_box, rewrite_residue

LABEL_MODES = ("none", "entity", "reason")
LOG_SUFFIX = ".redaction-log"
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


@dataclass
class ApplyResult:
    documents: list[DocumentResult]
    out_dir: Path
    warnings: list[str] = field(default_factory=list)


def output_path(out_dir: Path, relpath: str) -> Path:
    return out_dir / relpath


def log_paths(out_dir: Path, relpath: str) -> tuple[Path, Path]:
    """The JSON and CSV redaction logs beside an output: case001.redaction-log.json / .csv."""
    rel = Path(relpath)
    base = out_dir / rel.parent / (rel.stem + LOG_SUFFIX)
    return base.with_name(base.name + ".json"), base.with_name(base.name + ".csv")


def operator_name(explicit: str | None = None) -> str:
    if explicit:
        return explicit
    if os.environ.get("REDACTKIT_OPERATOR"):
        return os.environ["REDACTKIT_OPERATOR"]
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


# -- planning: everything is checked before anything is written -----------------------------

def _check_out_dir(out_dir: Path, paths: Sequence[str | os.PathLike], inputs: list[InputFile]) -> None:
    target = out_dir.resolve()
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            folder = path.resolve()
            if target == folder or folder in target.parents:
                raise OutputError("the output folder is inside an input folder; choose another", path=str(out_dir))
    for item in inputs:
        out = output_path(target, item.relpath)
        if out.exists() and out.resolve() == item.path.resolve():
            raise OutputError("the output would overwrite an input file", path=str(out))


def _match(item: InputFile, proposals: Proposals, sha: str) -> DocumentProposals:
    doc = proposals.document(item.relpath)
    if doc is None:
        same = [d for d in proposals.documents if d.sha256 == sha]
        if len(same) == 1:
            return same[0]
        raise MismatchError("not in the proposals file (scan it first)", path=str(item.path))
    if doc.sha256 != sha:
        raise MismatchError("the file differs from the one scanned (SHA-256 does not match the proposals); "
                            "scan it again", path=str(item.path))
    return doc


def plan(paths: Sequence[str | os.PathLike], proposals: Proposals, out_dir: Path, password: str | None = None,
         check_boxes: bool = True):
    """Match inputs to the proposals and check every box against its page; raise on the first
    problem, before any output exists.

    check_boxes=False leaves the boxes to the caller: apply checks them as it opens each document
    (opening every file twice was a twentieth of its time), with its outputs still in staging."""
    inputs, skipped = collect_inputs(paths)
    for problem in skipped:
        if problem.exit_code is not None:
            raise InputError(problem.reason, path=problem.path)
    if not inputs:
        raise InputError("no PDF files to redact")
    _check_out_dir(out_dir, paths, inputs)
    work = [(item, _match(item, proposals, sha256_file(item.path))) for item in inputs]
    for item, props in work if check_boxes else []:
        with open_pdf(item.path, password, max_pages=0) as doc:
            _boxes_for(doc, props, ApplyOptions(redact_unreadable=False), item.relpath)
    return work


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of folder's path that does not exist yet (None if it exists)."""
    missing = None
    for candidate in [folder, *folder.parents]:
        if candidate.exists():
            break
        missing = candidate
    return missing


def _page_bounds(page: pymupdf.Page) -> pymupdf.Rect:
    """The page in the coordinates of text extraction and redaction (not rotated)."""
    return page.rect * page.derotation_matrix


def _boxes_for(doc: pymupdf.Document, props: DocumentProposals, options: ApplyOptions, relpath: str) -> dict[int, list[Box]]:
    if props.pages != doc.page_count:
        raise MismatchError(f"the proposals say {props.pages} pages, the file has {doc.page_count}", path=relpath)
    boxes: dict[int, list[Box]] = defaultdict(list)
    bounds_of: dict[int, pymupdf.Rect] = {}
    for finding in props.findings:
        if not finding.redact:
            continue
        if not 1 <= finding.page <= doc.page_count:
            raise MismatchError(f"finding {finding.id} is on page {finding.page}, which does not exist", path=relpath)
        bounds = bounds_of.get(finding.page)
        if bounds is None:
            bounds = bounds_of[finding.page] = _page_bounds(doc[finding.page - 1])
        for rect in finding.rects:  # plain numbers: thousands of boxes, and PyMuPDF's Rect operators are slow
            x0, y0, x1, y1 = (float(v) for v in rect)
            if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or x1 <= x0 or y1 <= y0:
                raise MismatchError(f"finding {finding.id} has an empty rectangle", path=relpath)
            x0, y0, x1, y1 = max(x0, bounds.x0), max(y0, bounds.y0), min(x1, bounds.x1), min(y1, bounds.y1)
            if x1 <= x0 or y1 <= y0:
                raise MismatchError(f"finding {finding.id} has a rectangle outside page {finding.page}", path=relpath)
            boxes[finding.page].append(Box(pymupdf.Rect(x0, y0, x1, y1), finding))
    if options.redact_unreadable:
        for number in props.unreadable_pages:
            page = doc[number - 1]
            whole = Finding(id=f"unreadable-{number}", page=number, entity=UNREADABLE, text="",
                            score=1.0, rects=[list(_page_bounds(page))], recognizer="apply",
                            reason="page could not be read completely when scanned: redacted whole",
                            decision="accepted", source="apply")
            boxes[number].append(Box(_page_bounds(page), whole))
    for number in range(doc.page_count):  # Redact annotations someone else left unapplied: apply them (fail closed)
        if doc.xref_get_key(doc.page_xref(number), "Annots")[0] == "null":
            continue  # no annotations at all (most pages): not worth loading the page
        page = doc[number]
        for annot in page.annots(types=[pymupdf.PDF_ANNOT_REDACT]) or []:
            pending = Finding(id=f"annot-{page.number + 1}-{annot.xref}", page=page.number + 1,
                              entity=EXISTING_REDACTION, text="", score=1.0, rects=[list(annot.rect)],
                              recognizer="apply", reason="redaction marked in the input but never applied",
                              decision="accepted", source="input")
            boxes[page.number + 1].append(Box(annot.rect & _page_bounds(page), pending))
    return boxes


# -- drawing ----------------------------------------------------------------------------------

def _limits(chars: np.ndarray, box: pymupdf.Rect) -> tuple[float, float]:
    """Right edge of the nearest visible character left of box, left edge of the nearest to its right.

    chars: (n, 4) boxes of the page's visible characters that lie under no redaction box."""
    mid = (box.y0 + box.y1) / 2
    line = chars[(chars[:, 1] <= mid) & (mid <= chars[:, 3])]
    left_of = line[line[:, 2] <= box.x0 + 0.01, 2]
    right_of = line[line[:, 0] >= box.x1 - 0.01, 0]
    left = float(left_of.max()) if len(left_of) else -1e9
    right = float(right_of.min()) if len(right_of) else 1e9
    return left + 0.3, right - 0.3


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
        doc.update_stream(xrefs[0], drawing)
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

def redact_document(path: Path, props: DocumentProposals, options: ApplyOptions, relpath: str) -> tuple[bytes, DocumentResult]:
    """The redacted PDF (bytes) and what was done to it."""
    result = DocumentResult(relpath=relpath, input_path=path, output_path=Path(), input_sha256=props.sha256)
    with open_pdf(path, options.password, max_pages=0) as doc:
        result.pages = doc.page_count
        plan_boxes = _boxes_for(doc, props, options, relpath)
        reused = image_reuse(doc, {n: [b.rect for b in bs] for n, bs in plan_boxes.items()})
        if reused:
            result.cleaning.add("image areas redacted where the same image is shown again",
                                sum(len(r) for r in reused.values()))
        ocr_layer = {int(r["page"]): float(r.get("rotation", 0)) for r in props.ocr_pages} if options.ocr_layer else {}
        settled: dict[int, np.ndarray] = {}  # character boxes of redacted pages, traced after redaction
        for number in sorted(set(plan_boxes) | set(reused)):
            page = doc[number - 1]
            boxes = plan_boxes.get(number, [])
            rects = [b.rect for b in boxes]
            for annot in list(page.annots(types=[pymupdf.PDF_ANNOT_REDACT]) or []):
                page.delete_annot(annot)  # their areas are in rects; MuPDF would apply them with a fill
            rewrite = (lambda page=page: rewrite_residue(doc, page)) if options.hide_widths else None
            outcome = redact_page(page, rects, reused.get(number), rewrite=rewrite if boxes else None)
            if outcome.rewrite_note:
                result.warnings.append(f"page {number}: {outcome.rewrite_note}")
            chars = outcome.before[~centres_inside(outcome.before, rects)]  # neighbours: the characters that stay
            if outcome.second_pass:
                result.warnings.append(f"page {number}: {outcome.second_pass} character(s) under boxes needed a second pass")
            if outcome.lost_outside:
                result.warnings.append(f"page {number}: {len(outcome.lost_outside)} character(s) next to a box were "
                                       "removed or moved by the PDF engine")
            drawn = []
            for box in boxes:
                rect = box.rect
                if options.hide_widths and box.finding.entity not in (UNREADABLE, EXISTING_REDACTION):
                    rect = quantize_box(rect, *_limits(chars, rect))
                drawn.append((rect, box.finding))
            for rect in reused.get(number, []):
                drawn.append((rect, Finding(id="image-reuse", page=number, entity="IMAGE", text="", score=1.0,
                                            rects=[list(rect)], recognizer="apply", reason="image redacted elsewhere",
                                            decision="accepted")))
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
        data = doc.tobytes(garbage=4, deflate=True, deflate_images=True, deflate_fonts=True)
    result.output_sha256 = hashlib.sha256(data).hexdigest()
    return data, result


# -- the redaction log ------------------------------------------------------------------------

LOG_COLUMNS = ["kind", "document", "page", "x0", "y0", "x1", "y1", "entity", "reason", "decision", "finding_id",
               "operator", "applied_at", "input_sha256", "output_sha256", "rules"]


def _log_records(result: DocumentResult, props: DocumentProposals, proposals: Proposals, options: ApplyOptions,
                 operator: str, when: str) -> tuple[dict, list[dict]]:
    rows = []
    for finding in props.findings:
        if not finding.redact:
            continue
        for rect in finding.rects:
            row = {"kind": "redaction", "document": result.relpath, "page": finding.page,
                   "x0": rect[0], "y0": rect[1], "x1": rect[2], "y1": rect[3], "entity": finding.entity,
                   "reason": finding.reason, "decision": finding.decision, "finding_id": finding.id}
            if options.log_text:
                row["text"] = finding.text
            rows.append(row)
    for what, count in sorted(result.cleaning.removed.items()):
        rows.append({"kind": "removed", "document": result.relpath, "entity": what, "reason": f"{count} removed"})
    common = {"operator": operator, "applied_at": when, "input_sha256": result.input_sha256,
              "output_sha256": result.output_sha256, "rules": proposals.rules}
    rows = [{**row, **common} for row in rows]
    record = {
        "tool": f"redactkit {__version__}", "document": result.relpath, **common,
        "proposals_created": proposals.created, "policy": proposals.policy,
        "options": {"label": options.label, "hide_widths": options.hide_widths, "log_text": options.log_text},
        "pages": result.pages, "redactions": [r for r in rows if r["kind"] == "redaction"],
        "removed_hidden_data": result.cleaning.to_dict()["removed"], "warnings": result.warnings,
        "limits": ("Boxes are widened to a multiple of half an em where the space allows, and no spacing "
                   "number measures a removed word; the distance between the words either side of a box is "
                   "unchanged, as on any printed copy.") if options.hide_widths else
                  "Box widths equal the removed text's width (--no-hide-widths).",
    }
    return record, rows


def _json(record: dict) -> str:
    """The JSON log: a key a line, a redaction a line. Readable, and written by the json module's
    C encoder (an indented dump goes through its pure-Python one, a tenth of apply's time)."""
    lines = []
    for key, value in record.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            items = ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f" {json.dumps(key)}: [\n  {items}\n ]")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _csv(rows: list[dict], with_text: bool) -> str:
    buffer = io.StringIO()
    columns = LOG_COLUMNS + (["text"] if with_text else [])
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# -- the whole job ----------------------------------------------------------------------------

SERIAL_BELOW_PAGES = 12  # forking costs more than it saves on a handful of pages
_JOB: dict = {}  # set in the parent before the pool forks


def _redact_one(job: tuple[int, InputFile, DocumentProposals]) -> tuple[int, DocumentResult]:
    """Redact one document into the staging folder (in a worker, or in this process)."""
    index, item, props = job
    data, result = redact_document(item.path, props, _JOB["options"], item.relpath)
    staged = output_path(_JOB["staging"], item.relpath)
    staged.parent.mkdir(parents=True, exist_ok=True)
    staged.write_bytes(data)
    return index, result


def apply(paths: Sequence[str | os.PathLike], proposals: Proposals, out_dir: Path,
          options: ApplyOptions | None = None, progress=None) -> ApplyResult:
    """Redact every input named in paths, as the proposals say, into out_dir."""
    options = options or ApplyOptions()
    if options.label not in LABEL_MODES:
        raise UsageError(f"--label must be one of {', '.join(LABEL_MODES)}")
    out_dir = Path(out_dir)
    work = plan(paths, proposals, out_dir, options.password, check_boxes=False)
    created = _first_missing(out_dir.absolute())
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".redactkit-staging-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"cannot write the output folder ({exc.strerror})", path=str(out_dir)) from None
    operator = operator_name(options.operator)
    when = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    results: list[DocumentResult] = []
    if progress:
        progress.start([(item.relpath, props.pages) for item, props in work])
    _JOB.update(options=options, staging=staging)
    workers = options.workers or default_workers()
    if sum(props.pages for _item, props in work) < SERIAL_BELOW_PAGES:
        workers = 1
    failed = True  # until every document is in place
    try:
        for index, result in run_in_pool(_redact_one, [(i, item, props) for i, (item, props) in enumerate(work)],
                                         workers):
            item, props = work[index]
            result.output_path = output_path(out_dir, item.relpath)
            record, rows = _log_records(result, props, proposals, options, operator, when)
            json_log, csv_log = log_paths(staging, item.relpath)
            json_log.write_text(_json(record))
            csv_log.write_text(_csv(rows, options.log_text))
            result.log_paths = list(log_paths(out_dir, item.relpath))
            results.append(result)
            if progress:
                progress.advance(item.relpath, props.pages)
                progress.document_done(item.relpath, result.boxes, "box(es)")
        order = {item.relpath: i for i, (item, _props) in enumerate(work)}
        results.sort(key=lambda r: order[r.relpath])
        for staged in sorted(p for p in staging.rglob("*") if p.is_file()):
            final = out_dir / staged.relative_to(staging)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
        failed = False
    except OSError as exc:
        raise OutputError(f"cannot write the output ({exc.strerror or exc})", path=str(out_dir)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if progress:
            progress.close()
        if failed and created is not None:  # a refused document (its boxes are checked as it is opened):
            shutil.rmtree(created, ignore_errors=True)  # leave no folder behind that was not there
    return ApplyResult(documents=results, out_dir=out_dir)

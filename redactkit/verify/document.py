"""Stage 6, verify: prove that nothing redacted can be recovered, from any PDF.

Works on redactkit's own output and on PDFs redacted elsewhere (a force's bundle before it goes
to the CPS). Each check is its own module; this one runs them over every page and channel of a
file and collects the problems:

1. text under an opaque cover, judged by rendering and drawing order (:mod:`.visibility`);
2. Redact annotations never applied;
3. image pixels under boxes (:mod:`.images`) and invisible OCR text under blacked-out areas;
4. hidden text: background-coloured, tiny, clipped, off the page, in switched-off layers;
5. hidden channels holding personal data (:mod:`.channels`), run through the scanner itself;
6. earlier revisions: words, and pictures of scanned pages (:mod:`.revisions`);
7. with the proposals: every redacted value absent from every layer, and unreadable by OCR on
   scanned pages (:mod:`.secrets`);
8. width residue (:mod:`.residue`);
9. boxes whose edge cuts through ink on a scan, or through a glyph (:mod:`.ink`).
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from redactkit.core.errors import InputError, one_line
from redactkit.pdf.inputs import open_pdf, pdf_bytes, sha256_file
from redactkit.pdf.layers import with_all_layers_on
from redactkit.pdf.streams import image_encoded_contents, operator_contents
from redactkit.verify.channels import collect as collect_channels
from redactkit.verify.images import covered_image_pixels
from redactkit.verify.ink import DARK_FILL, dark_boxes, glyph_outside_problems, ink_cut_problems
from redactkit.verify.missed import (
    VISIBLE,
    missed_problems,
    unredacted_warning,
    visible_findings,
)
from redactkit.verify.model import ERROR, WARNING, FileReport, Problem, not_checked
from redactkit.verify.residue import residue
from redactkit.verify.revisions import (
    open_versions,
    removed_image_regions,
    removed_words,
)
from redactkit.verify.secrets import Secret, all_page_text, find_secrets, glyph_runs, has_whole, norm, scanned_text
from redactkit.verify.visibility import (
    PageCopies,
    PageRenders,
    char_table,
    draws_only_paths_and_text,
    hidden_runs,
    meaningful,
    plainly_visible,
    problems_from_runs,
    rectangle_paths,
    render,
)


@dataclass
class VerifyOptions:
    proposals: object | None = None  # a redactkit.propose.Proposals
    originals: list[str] = field(default_factory=list)  # files or folders holding the originals
    password: str | None = None
    strict: bool = False
    rules_dir: Path | None = None
    model: str | None = None
    workers: int = 0  # files checked in parallel (0: one per CPU, at most 4)
    missed: bool = False  # also report personal data still visible (see redactkit.verify.missed)
    policy: str | None = None  # the policy the scanner applies for --missed and the no-redaction warning
    people_file: Path | None = None  # the case list for that scan
    seen: dict | None = None  # sha256 -> findings of the scanner on that file (filled by the verify job)




class Scanner:
    """The scanner's detector, loaded only when there is text to classify."""

    def __init__(self, options: VerifyOptions, detector=None, load=None):
        """load: builds the detector when one is needed (by default a new one from the options)."""
        self.options = options
        self._detector = detector
        self._load = load

    def detect(self, texts: list[str]):
        if not any(t.strip() for t in texts):
            return [[] for _ in texts]
        if self._detector is None:
            if self._load is not None:
                self._detector = self._load()
            else:
                from redactkit.config.rules import load_rules
                from redactkit.detect.engine import Detector

                self._detector = Detector(load_rules(self.options.rules_dir), self.options.model)
        return self._detector.detect_texts(texts)


def _hidden_pii(scanner: Scanner, runs) -> set[str]:
    words = [r.word for r in runs if r.reason not in ("ocr",) and meaningful(r.word)]
    if not words:
        return set()
    text = " ".join(words)
    found = set()
    for detection in scanner.detect([text])[0]:
        for word in detection.text.split():
            found.add(word)
    return {w for w in words if w in found}


def _hidden_layer_problems(doc: pymupdf.Document) -> list[Problem]:
    ocgs = doc.get_ocgs() or {}
    if not any(not v.get("on", True) for v in ocgs.values()):
        return []
    shown = {p.number: {w[4] for w in p.get_text("words")} for p in doc}
    copy = with_all_layers_on(doc)
    problems = []
    for page in copy:
        extra = [w[4] for w in page.get_text("words") if w[4] not in shown.get(page.number, set())]
        words = [w for w in extra if meaningful(w)]
        if words:
            problems.append(Problem("hidden-layer", ERROR, f"{len(words)} word(s) in a layer that is switched off",
                                    page.number + 1, "optional content", " ".join(words)))
    return problems


def _visible_text(doc: pymupdf.Document) -> str:
    return re.sub(r"\s+", " ", " ".join(p.get_text() for p in doc)).casefold()


def _page_marks(page: pymupdf.Page, drawings: list | None = None) -> int:
    """drawings: the page's get_cdrawings, when the caller has them."""
    count = len(list(page.annots(types=[pymupdf.PDF_ANNOT_REDACT]) or []))
    half = None
    for drawing in page.get_cdrawings() if drawings is None else drawings:
        fill = drawing.get("fill")
        if fill is None or max(fill) > DARK_FILL:
            continue
        x0, y0, x1, y1 = drawing["rect"]
        half = 0.5 * page.rect.get_area() if half is None else half
        if x1 - x0 >= 4 and y1 - y0 >= 4 and (x1 - x0) * (y1 - y0) < half:
            count += 1
    return count


def redaction_marks(doc: pymupdf.Document) -> int:
    """Dark filled boxes and Redact annotations: the signs that something was redacted."""
    return sum(_page_marks(page) for page in doc)


def shows_redaction(doc: pymupdf.Document) -> bool:
    """Whether any page shows a sign of redaction (redaction_marks(doc) > 0, stopping at the
    first page that does: most redacted documents show one on their first page)."""
    return any(_page_marks(page) for page in doc)


def _shown(value: str, visible: str) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", value.casefold())
    if words:
        return all(has_whole(w, visible) for w in words)
    return norm(value) in visible


def _channel_problems(scanner: Scanner, channels, visible_text, is_redacted) -> list[Problem]:
    """Personal data in hidden channels: an error when the document shows signs of redaction and
    the value is printed on none of its pages (the channel then says what the pages hide); a
    warning otherwise, for a person to look at.

    visible_text and is_redacted are functions, called only when a channel holds personal data
    (reading every page's text and drawings is most of this check's cost)."""
    problems = []
    visible, redacted = functools.cache(visible_text), functools.cache(is_redacted)

    for item in channels:
        if item.channel == "javascript":
            problems.append(Problem("active-content", WARNING, "JavaScript in the document", item.page, item.where))
    items = [c for c in channels if c.channel != "javascript"]
    for item, detections in zip(items, scanner.detect([c.text for c in items])):
        for detection in detections:
            if detection.score < 0.5:
                continue
            shown = _shown(detection.text, visible())
            note = " (also printed on a page)" if shown else ("" if redacted() else " (document shows no redaction)")
            problems.append(Problem("hidden-channel", ERROR if redacted() and not shown else WARNING,
                                    f"{detection.entity} in {item.channel}{note}", item.page, item.where,
                                    detection.text))
    attachments = {c.where.split(":")[0] for c in channels if c.channel == "embedded-file"}
    for where in sorted(attachments):
        problems.append(Problem("active-content", WARNING, "embedded file", None, where))
    return problems


def _carried(finding) -> bool:
    """A lower-case name that scan carried from a name found with capitals (not the case list's):
    redacted as that person's where it stands on a typed or message line (Secret.carried)."""
    return (finding.entity == "PERSON" and finding.recognizer == "Propagation" and finding.text.islower()
            and finding.derived_from not in (None, "case-list"))


def _secrets_for(report_path: Path, relpath: str, options: VerifyOptions, originals: dict[str, Path]):
    """(Secret list, original document or None) for a file, from the proposals."""
    proposals = options.proposals
    doc_props = proposals.document(relpath)
    original_path = originals.get(relpath)
    if doc_props is None and original_path is not None:
        sha = sha256_file(original_path)
        doc_props = next((d for d in proposals.documents if d.sha256 == sha), None)
    if doc_props is None:
        return None, None
    # a value that is also part of something deliberately kept ("Hargreaves" redacted where it
    # could be anyone's, kept in the suspect's "Daniel HARGREAVES") is legitimately still there
    kept = " | ".join(norm(f.text) for f in doc_props.findings if not f.redact)
    redacted = [f for f in doc_props.findings if f.redact and f.text.strip() and not has_whole(norm(f.text), kept)]
    runs = {}
    if original_path is not None:
        try:
            with open_pdf(original_path, options.password, max_pages=0) as original:
                runs = glyph_runs(original, redacted)
        except InputError:
            runs = {}
    values = {}
    for f in redacted:
        # a name, or a school year that is one word ("Nursery", "Reception" in a table's year
        # column): the same letters all in lower case are an ordinary word ("collected late from
        # nursery"), not the value shown again
        word = f.entity == "SCHOOL_YEAR" and f.text.strip().isalpha()
        values.setdefault(f.text, Secret(f.text, [], name=f.entity == "PERSON" or word,
                                         carried=all(_carried(g) for g in redacted if g.text == f.text)))
        values[f.text].glyph_runs.extend(runs.get(f.text, []))
    # the widths of removed glyphs; a box read off a scan by OCR is as wide as ink anyone sees
    widths = [(f.page, pymupdf.Rect(r)) for f in redacted if f.source != "ocr" for r in f.rects]
    return list(values.values()), widths


def _visible_problems(path: Path, doc: pymupdf.Document, options: VerifyOptions,
                      marked: bool | None = None) -> list[Problem]:
    """marked: whether the document shows a sign of redaction, when the caller knows."""
    findings = options.seen.get(sha256_file(path))
    if findings is None:
        if not options.missed:
            return []
        return [Problem(VISIBLE, ERROR if options.strict else WARNING,
                        "the scanner could not read this file: what is still visible was not checked")]
    if options.missed:
        return missed_problems(visible_findings(doc, findings), options.strict)
    return unredacted_warning(doc, findings, lambda: int(shows_redaction(doc) if marked is None else marked))


def visible_problems(path: Path, options: VerifyOptions, marked: bool | None = None) -> list[Problem]:
    """What options.seen (the scanner's findings) says is still visible in the file at path: the
    problems verify_document reports first, for a verify job that scans a file only once its
    checks have said it shows no redaction (marked: FileReport.shows_redaction)."""
    with open_pdf(path, options.password, max_pages=0) as doc:
        return _visible_problems(path, doc, options, marked)


def _page_problems(doc: pymupdf.Document, page: pymupdf.Page, copies: PageCopies, scanner: Scanner,
                   widths) -> tuple[list[Problem], bool]:
    """Checks 1 to 4, 8 and 9 on one page; and whether it shows a sign of redaction."""
    problems: list[Problem] = []
    number = page.number + 1
    odd = image_encoded_contents(page)
    for xref, name in odd:  # never decoded (a decompression bomb): said, not passed
        problems.append(not_checked(f"content stream {xref}", f"it is encoded as a picture ({name}), not as "
                                    "operators; MuPDF does not draw it, other viewers may", number))
    for annot in page.annots(types=[pymupdf.PDF_ANNOT_REDACT]) or []:
        under = page.get_text("text", clip=annot.rect).strip()
        problems.append(Problem("unapplied-redaction", ERROR, "Redact annotation never applied", number,
                                f"[{annot.rect.x0:.1f}, {annot.rect.y0:.1f}, {annot.rect.x1:.1f}, {annot.rect.y1:.1f}]",
                                under or None))
    matrix = page.rotation_matrix * pymupdf.Matrix(96 / 72, 96 / 72)  # page space -> rendered pixels
    drawings = page.get_cdrawings()
    # the page's operators, read once for the two checks that look at them (every stream of the
    # page when none is encoded as a picture, as read_contents joins them; else those that may
    # hold operators)
    contents = functools.cache(lambda: operator_contents(page) if odd else page.read_contents())
    simple = draws_only_paths_and_text(page, odd, contents)  # then its drawings and text say all it draws
    log = None if simple else page.get_bboxlog()
    shown = render(page, grey=simple)  # colour where an image's pixels may be looked at
    content_page = copies.content_page(page)
    spans = content_page.get_texttrace()
    table = char_table(spans)  # its characters as arrays, for the checks that look at each
    # the second render and the pixel comparison only where a character is not plainly on show
    if spans and not plainly_visible(page, spans, log, drawings, shown, matrix, table):
        if shown.ndim == 2:
            shown = render(page)
        log = page.get_bboxlog() if log is None else log
        renders = PageRenders(page, shown, render(copies.text_free_page(page.number)), matrix, log,
                              rectangle_paths(drawings))
        runs = hidden_runs(doc, page, renders, content_page, spans)
        problems.extend(problems_from_runs(runs, _hidden_pii(scanner, runs)))
    if not simple:
        problems.extend(covered_image_pixels(doc, page, shown, matrix, log, drawings))
    # the dark fills, which are all that the box checks and the signs of redaction look at
    fills = [d for d in drawings if d.get("fill") is not None and max(d["fill"]) <= DARK_FILL]
    if content_page is page:
        problems.extend(residue(page, widths, fills, spans, table.boxes, no_pictures=simple, contents=contents))
    else:
        problems.extend(residue(page, widths, fills, no_pictures=simple, contents=contents))
    # 9. boxes that leave part of a value showing
    dark = dark_boxes(page, with_order=True, drawings=fills)
    problems.extend(ink_cut_problems(page, [rect for rect, _order in dark], no_pictures=simple))
    problems.extend(glyph_outside_problems(page, spans, table=table, boxes=dark))
    return problems, _page_marks(page, fills) > 0


def verify_document(path: Path, relpath: str, options: VerifyOptions, scanner: Scanner,
                    originals: dict[str, Path] | None = None) -> FileReport:
    started = time.perf_counter()
    report = FileReport(path=relpath)
    try:
        doc = open_pdf(path, options.password, max_pages=0)
    except InputError as exc:
        report.error = exc.message
        report.exit_code = int(exc.exit_code)
        return report
    with doc:
        report.pages = doc.page_count
        secrets = widths = None
        if options.proposals is not None:
            secrets, widths = _secrets_for(path, relpath, options, originals or {})
            if secrets is None:
                report.add(Problem("redacted-value-present", ERROR,
                                   "this file is not in the proposals file: its redacted values cannot be checked"))
        copies = PageCopies(doc)
        marked: bool | None = False  # a page shows a sign of redaction (None: a page not read)
        for page in doc:
            try:
                found, page_marked = _page_problems(doc, page, copies, scanner, widths)
                report.add(*found)
                marked = True if page_marked else marked
            except Exception as exc:  # MuPDF on a damaged or hostile page: that page is not passed
                report.add(not_checked("this page", f"MuPDF could not render or read it ({one_line(exc)})",
                                       page.number + 1))
                marked = None if marked is False else marked
        report.shows_redaction = marked
        if options.seen is not None:  # first in the report, as the verdict on the file as a whole
            report.problems[:0] = _visible_problems(path, doc, options, marked)
        gaps: list[tuple[str, str, int | None]] = []  # (what, why, page) for what could not be read
        try:
            report.add(*_hidden_layer_problems(doc))
        except Exception as exc:  # pdf.layers edits a copy's optional-content dictionary
            gaps.append(("switched-off layers", f"the layers cannot be switched on ({one_line(exc)})", None))
        channels = collect_channels(doc, gaps)
        report.add(*_channel_problems(scanner, channels, lambda: _visible_text(copies.content_document()),
                                      lambda: shows_redaction(doc) if marked is None else marked))
        copies.close()
        data = pdf_bytes(path)
        removed = [(n, w) for n, w in removed_words(data, doc, gaps) if meaningful(w)]
        by_page: dict[int, list[str]] = {}
        for number, word in removed:
            by_page.setdefault(number, []).append(word)
        for number, words in sorted(by_page.items()):
            report.add(Problem("earlier-revision", ERROR,
                               f"{len(words)} word(s) removed in a later revision are still in the file",
                               number, "earlier revision", " ".join(words)))
        for number, rect in removed_image_regions(data, doc, gaps):  # a scan blacked out in an update
            report.add(Problem("earlier-revision", ERROR, "an earlier revision shows picture content here "
                               "that the final revision no longer shows", number,
                               f"[{rect.x0:.1f}, {rect.y0:.1f}, {rect.x1:.1f}, {rect.y1:.1f}]"))
        if secrets:
            earlier_text = {}
            for old in open_versions(data):  # one that cannot be opened is in gaps already
                for page in old:
                    earlier_text[page.number + 1] = earlier_text.get(page.number + 1, "") + page.get_text()
            page_text = all_page_text(doc)
            report.add(*find_secrets(doc, secrets, channels, earlier_text, scanned_text(doc, gaps, page_text), page_text))
        report.add(*(not_checked(what, why, page) for what, why, page in gaps))
    report.seconds = time.perf_counter() - started
    return report











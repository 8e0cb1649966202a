"""The scan job: inputs -> extract -> detect -> propose, for a whole bundle, in parallel.

The bundle is cut into chunks of a few pages. With one worker the chunks run in this process;
with more, a pool of forked processes runs them. The detector (and its spaCy model) is built once,
before the fork, so workers share it instead of each loading their own. Results are put back in
input order (_collect), so the proposals file does not depend on which worker finished first.

Bad inputs never stop the others: each problem is recorded (in ``skipped`` or as a document
warning) and decides the exit code, and every readable document is still scanned.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pymupdf

from redactkit.config.policy import apply_policy
from redactkit.config.rules import RuleSet, load_rules, read_list
from redactkit.core.cluster import FolderBytes, kept, unpacked
from redactkit.core.errors import ExitCode, InputError, UsageError, one_line
from redactkit.core.workers import Remote, default_workers, local_path, run_in_pool
from redactkit.detect.bundle import (
    BundleMatcher,
    assign_roles,
    build_index,
    identifier_owners,
    lone_name_mentions,
    merge_findings,
    uncovered,
    value_mentions,
)
from redactkit.detect.engine import Detector, model_name
from redactkit.detect.findings import make_findings
from redactkit.detect.ocr_slips import rate_readings, with_ocr_slips, with_typing_slips
from redactkit.extract.ink import grow_findings
from redactkit.extract.ocr import (
    OCR_MODES,
    POOR_QUALITY,
    SCANNED_PAGE,
    PageTimeout,
    needs_ocr,
    ocr_page,
)
from redactkit.extract.text import PageText, extract_page_checked
from redactkit.model.proposals import (
    DocumentProposals,
    Finding,
    Proposals,
    Source,
    findings_by_page,
    now_iso,
)
from redactkit.pdf.inputs import (
    DEFAULT_MAX_PAGES,
    InputFile,
    Skipped,
    collect_inputs,
    damage_note,
    open_pdf,
    sha256_file,
)

CHUNK_PAGES = 12
TAIL_CHUNKS = 1  # the last chunk's worth of work per worker is cut into smaller chunks (_chunks)
PAGE_SECONDS = 120.0  # far above any sound page (a few seconds); only a pathological one reaches it
SERIAL_BELOW_PAGES = 12  # forking costs more than it saves on a handful of pages


class Progress(Protocol):
    """What the scan tells its caller as it goes (the CLI draws a bar or prints lines)."""

    def start(self, documents: Sequence[tuple[str, int]]) -> None: ...
    def advance(self, document: str, pages: int) -> None: ...
    def document_done(self, document: str, count: int, what: str = ...) -> None: ...
    def close(self) -> None: ...


@dataclass
class ScanOptions:
    rules_dir: Path | None = None
    policy: str | None = None
    workers: int = 0  # 0: one per CPU, at most 4
    password: str | None = None
    model: str | None = None
    max_pages: int = DEFAULT_MAX_PAGES
    people_file: Path | None = None  # the case list (YAML)
    deny_files: list[Path] = field(default_factory=list)
    allow_files: list[Path] = field(default_factory=list)
    propagate: bool = True  # look for every name found, everywhere in the bundle
    ocr: str = "auto"  # auto: scanned pages; always; never
    cluster: str | None = None  # a Dask scheduler (tcp://HOST:8786): the pages are read and detected there
    # time limits (0: none): a page still being read after page_seconds, and the pages of a document
    # not reached after document_seconds, are not read and are listed as unreadable (apply redacts them whole)
    page_seconds: float = PAGE_SECONDS
    document_seconds: float = 0.0


@dataclass
class ScanResult:
    proposals: Proposals
    problems: list[Skipped] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    workers: int = 1

    @property
    def exit_code(self) -> int:
        for problem in self.problems:
            if problem.exit_code is not None:
                return int(problem.exit_code)
        for doc in self.proposals.documents:
            if incomplete(doc):
                return int(ExitCode.DAMAGED)
        return int(ExitCode.OK)


POOR_READING = "poor OCR reading"


def incomplete(doc: DocumentProposals) -> bool:
    """Was part of the document not read (a page MuPDF could not read, one stopped at a time
    limit, boxes that could not be grown to the ink)? Then the exit code says so (5). A poor OCR
    reading is not that: the page was read and redacted as read, and it is listed for a person to
    look at (a warning, and the scan summary's "check by eye" column)."""
    return bool(doc.unreadable_pages) or any(POOR_READING not in warning for warning in doc.warnings)


@dataclass(frozen=True)
class _Part:
    """Pages [first, last) (0-based) of one document of the bundle."""

    index: int  # position of the document in the bundle
    path: str
    sha256: str
    first: int
    last: int
    share: float = 1.0  # this part's share of the document's pages: of its time limit too
    member: str | None = None  # an e-mail attachment: which (path is the message)


@dataclass
class _PartResult:
    index: int
    pages: int
    findings: list[Finding]
    unreadable: list[int]
    texts: dict[tuple[int, str], str] = field(default_factory=dict)  # (page, source) -> page text
    ocr: dict[int, dict] = field(default_factory=dict)  # page -> how it was read
    stopped: list[int] = field(default_factory=list)  # pages stopped at the page time limit
    not_reached: list[int] = field(default_factory=list)  # pages left when the document's time ran out
    boxes: dict[tuple[int, str], tuple] = field(default_factory=dict)  # from a cluster: (boxes, lines)
    first: int = 0  # the part's first page (0-based): results are put back in this order


@dataclass
class _Opened:
    """A readable input, checked before scanning: what chunking and the proposals need of it."""

    item: InputFile
    sha256: str
    pages: int
    warnings: list[str]
    pictured: set[int]  # pages holding images: the ones that may need OCR, for balancing the work

    @property
    def work(self) -> int:
        """Pages, with a page that may need OCR counted as OCR_WEIGHT pages."""
        return self.pages + (OCR_WEIGHT - 1) * len(self.pictured)


@dataclass(frozen=True)
class _ChunkState:
    """What every chunk needs: given to each worker once (see redactkit.core.workers)."""

    detector: Detector
    password: str | None
    boxes_dir: str | None  # character boxes of each page go here for the second pass (None: in the result)
    ocr: str = "auto"
    page_seconds: float = 0.0
    document_seconds: float = 0.0


@dataclass
class _ChunkRecipe:
    """What a cluster worker builds its _ChunkState from (redactkit.core.cluster): the rules as
    bytes (the worker need not share our disk or our redactkit's rules), the model's name and the
    options. The detector is built on the worker, never pickled."""

    rules: FolderBytes
    digest: str
    model: str
    password: str | None
    ocr: str
    page_seconds: float = 0.0
    document_seconds: float = 0.0

    def build(self) -> _ChunkState:
        return _ChunkState(cluster_detector(self.rules, self.digest, self.model), self.password, None, self.ocr,
                           self.page_seconds, self.document_seconds)


def cluster_detector(rules: FolderBytes, digest: str, model: str) -> Detector:
    """On a cluster worker: the detector for these rules and this model, built once per process."""

    def build() -> Detector:
        loaded = load_rules(unpacked(rules))
        if loaded.digest != digest:
            raise UsageError("the rules unpacked on a cluster worker differ from the client's")
        return Detector(loaded, model)

    return kept(("detector", rules.key, model), build)


def _chunk_files(parts: tuple[_Part, ...]) -> list[str]:
    return sorted({part.path for part in parts})


def _scan_chunk(state: _ChunkState, parts: tuple[_Part, ...]) -> list[_PartResult]:
    """Extract (and OCR) and detect a chunk of pages, possibly from several documents.

    spaCy is much faster on a batch of pages than on one at a time, so a chunk gathers pages
    across small documents and the detector sees them in one batch. A scanned page is read by
    OCR as well as for its text layer; both readings go to the detectors.
    """
    detector, mode = state.detector, state.ocr
    identifiers = detector.without_names()  # the second look at a typed slip keeps only identifiers
    results, pages, owners, opened = [], [], [], []
    for part in parts:
        result = _PartResult(part.index, part.last - part.first, [], [], first=part.first)
        results.append(result)
        try:
            doc = open_pdf(Path(local_path(part.path)), state.password, max_pages=0, member=part.member)
        except InputError:
            result.unreadable.extend(range(part.first + 1, part.last + 1))
            continue
        opened.append(doc)
        part_deadline = (time.monotonic() + state.document_seconds * part.share) if state.document_seconds else None
        for number in range(part.first, part.last):
            if part_deadline is not None and time.monotonic() > part_deadline:
                result.not_reached.extend(range(number + 1, part.last + 1))  # not read: redacted whole
                result.unreadable.extend(range(number + 1, part.last + 1))
                break
            started = time.monotonic()
            try:
                pdf_page = doc[number]
                page, damaged = extract_page_checked(pdf_page)
                decision = needs_ocr(pdf_page, mode, page.text, checked=True)
            except Exception:  # a broken page must not lose the rest of the document
                result.unreadable.append(number + 1)
                continue
            pages.append(page)
            owners.append((result, part.sha256, pdf_page))
            if damaged:  # scanned as far as it could be read, and reported
                result.unreadable.append(number + 1)
            if decision.reason:
                limits = [t for t in (part_deadline, started + state.page_seconds if state.page_seconds else None) if t]
                try:
                    read = ocr_page(pdf_page, decision, deadline=min(limits) if limits else None)
                except PageTimeout:  # stopped: the page is not read, and is redacted whole
                    result.unreadable.append(number + 1)
                    result.stopped.append(number + 1)
                    continue
                except Exception:
                    result.unreadable.append(number + 1)
                    continue
                pages.append(read)
                owners.append((result, part.sha256, pdf_page))
                result.ocr[number + 1] = {"page": number + 1, "reason": decision.reason,
                                          "quality": round(read.quality or 0.0, 2), "rotation": read.rotation}
    try:
        boxes_dir = state.boxes_dir
        for page, detections, (result, sha, pdf_page) in zip(pages, detector.detect_pages(pages), owners):
            if page.source == Source.OCR:
                detections = with_ocr_slips(detector, page, detections)
            else:
                detections = with_typing_slips(identifiers, page, detections)
            findings = make_findings(sha, page, detections)
            if page.source == Source.OCR:
                rate_readings(findings, page, pdf_page)
            result.findings.extend(findings)
            result.texts[(page.number, page.source)] = page.text
            if boxes_dir:  # for the second pass: character boxes on disk (no text), the text in memory
                _save_boxes(boxes_dir, result.index, page.number, page.source, page.boxes, page.line_of)
            else:  # a cluster worker: they go back with the result, and the client saves them
                result.boxes[(page.number, page.source)] = (page.boxes, page.line_of)
    finally:
        for doc in opened:
            doc.close()
        empty_store()
    return results


def empty_store() -> None:
    """Empty MuPDF's store, once the documents are closed. MuPDF keeps what it decoded there (a
    scanned page's image: about 8 MiB at 200 dpi) after its document is closed, up to 256 MiB a
    process: a bundle's scans would fill it in every worker and in this process (whose boxes are
    grown over the scans' images), whatever the bundle's size below that. What it holds of a
    closed document is of no further use."""
    pymupdf.TOOLS.store_shrink(100)
























def _open_documents(inputs: list[InputFile], options: ScanOptions, skipped: list[Skipped]) -> list[_Opened]:
    """Check every input and read its hash and page count; bad ones are added to skipped."""
    opened = []
    for item in inputs:
        try:
            doc = open_pdf(item.path, options.password, options.max_pages, member=item.member)
        except InputError as exc:
            skipped.append(Skipped(item.where, exc.message, int(exc.exit_code)))
            continue
        with doc:
            warnings = [w for w in [damage_note(doc)] if w]
            pages = doc.page_count
            pictured = _pictured_pages(doc) if options.ocr != "never" else set()
        opened.append(_Opened(item, sha256_file(item.path, item.member), pages, warnings, pictured))
    return opened


OCR_WEIGHT = 12  # a page that may need OCR costs about as much as this many text pages


def _pictured_pages(doc) -> set[int]:
    """Pages with image objects: the ones that may need OCR, for balancing the work."""
    found = set()
    for number in range(doc.page_count):
        try:
            if doc.get_page_images(number):
                found.add(number)
        except Exception:
            continue
    return found


def _chunks(opened: list[_Opened], chunk_pages: int, tail: int = 0) -> list[tuple[_Part, ...]]:
    """Cut the bundle into chunks of about chunk_pages pages' work, in bundle order; a page that
    may need OCR counts as OCR_WEIGHT pages, so workers get even shares of a scanned bundle.
    The last `tail` pages' work is cut finer (a third of chunk_pages): the workers run out of
    chunks at nearly the same time, instead of one finishing a whole chunk while the others wait."""
    chunks, current, size = [], [], 0
    left = sum(doc.work for doc in opened)
    for index, doc in enumerate(opened):
        item, sha, pages, pictured = doc.item, doc.sha256, doc.pages, doc.pictured
        first = 0
        while first < pages:
            last = first
            limit = chunk_pages if left > tail else max(1, chunk_pages // 3)
            while last < pages and size < limit:
                weight = OCR_WEIGHT if last in pictured else 1
                size += weight
                left -= weight
                last += 1
            current.append(_Part(index, str(item.path), sha, first, last, (last - first) / pages, item.member))
            first = last
            if size >= limit:
                chunks.append(tuple(current))
                current, size = [], 0
    if current:
        chunks.append(tuple(current))
    return chunks


@dataclass(frozen=True)
class _PassState:
    """What the second pass's page work needs (given to forked workers, never pickled)."""

    matcher: BundleMatcher | None
    texts: dict[tuple[int, int, str], str]  # (document, page, source) -> page text
    shas: list[str]  # each document's hash (for the findings' ids)
    boxes_dir: str
    documents: list[DocumentProposals]  # as they are while the pass runs (merged after it)
    pages: dict[int, dict] = field(default_factory=dict)  # document -> its findings by page, as needed

    def new_only(self, doc_index: int, findings: list[Finding]) -> list[Finding]:
        """findings less those the merge after the pass would drop (bundle.uncovered: inside one
        the document has). Dropped here, in the worker: they were most of what the lists find
        (each mention of a listed person the model had found already), sent back, unpickled and
        held until the merge, the scan's peak (at 5,000 pages about 12 MiB of 200)."""
        by_page = self.pages.get(doc_index)
        if by_page is None:
            by_page = self.pages[doc_index] = findings_by_page(self.documents[doc_index].findings)
        return uncovered(findings, by_page)


def _groups(items: list, workers: int) -> list[list]:
    """items cut into runs of about equal length, a few per worker (one when there is one worker)."""
    count = 1 if workers <= 1 else min(len(items), 4 * workers)
    size = -(-len(items) // max(count, 1))
    return [items[i:i + size] for i in range(0, len(items), size)] if items else []


def _match_pages(state: _PassState, keys: list[tuple[int, int, str]]) -> dict:
    """The lists' matches on some pages: key -> (allowed spans, findings or None when none)."""
    out = {}
    for key in keys:
        doc_index, number, source = key
        text = state.texts[key]
        detections = state.matcher.detections(text, source)
        findings = None
        if detections:
            page = _cached_page(state.boxes_dir, doc_index, number, source, text)
            findings = state.new_only(doc_index, make_findings(state.shas[doc_index], page, detections)) or None
        out[key] = (state.matcher.allowed_spans(text), findings)
    return out


def _mention_findings(state: _PassState, items: list) -> dict:
    """Findings of the bundle-wide mentions on some pages: key -> findings."""
    out = {}
    for key, detections in items:
        doc_index, number, source = key
        page = _cached_page(state.boxes_dir, doc_index, number, source, state.texts[key])
        out[key] = state.new_only(doc_index, make_findings(state.shas[doc_index], page, detections))
    return out


def _save_boxes(boxes_dir: str, doc_index: int, number: int, source: str, boxes, lines) -> None:
    """A page's character boxes and line numbers, as two plain arrays in one file (np.savez's zip
    cost more than the write: the boxes are written once and read back only by the second pass)."""
    with open(os.path.join(boxes_dir, f"{doc_index}-{number}-{source}.npy"), "wb") as out:
        np.save(out, np.asarray(boxes), allow_pickle=False)
        np.save(out, np.asarray(lines), allow_pickle=False)


def _cached_page(boxes_dir: str, doc_index: int, number: int, source: str, text: str) -> PageText:
    with open(os.path.join(boxes_dir, f"{doc_index}-{number}-{source}.npy"), "rb") as data:
        boxes, lines = np.load(data, allow_pickle=False), np.load(data, allow_pickle=False)
    return PageText(number=number, text=text, boxes=boxes, line_of=lines, width=0.0, height=0.0,
                    source=source)




def scan(paths: Sequence[str | os.PathLike], options: ScanOptions | None = None,
         progress: Progress | None = None, detector: Detector | None = None,
         rules: RuleSet | None = None) -> ScanResult:
    """Scan PDFs and folders; return the proposals and every problem met on the way."""
    options = options or ScanOptions()
    if options.ocr not in OCR_MODES:
        raise UsageError(f"--ocr must be one of {', '.join(OCR_MODES)}")
    started = time.perf_counter()
    rules = rules or (detector.rules if detector else load_rules(options.rules_dir))
    policy = rules.policy(options.policy)
    deny = rules.list_terms("deny") + [t for f in options.deny_files for t in read_list(Path(f))]
    allow = rules.list_terms("allow") + [t for f in options.allow_files for t in read_list(Path(f))]
    inputs, skipped = collect_inputs(paths)
    opened = _open_documents(inputs, options, skipped)
    problems = [s for s in skipped if s.exit_code is not None]
    if options.cluster:  # the detector is built on the cluster's workers; here only its model's name
        model = detector.model if detector else model_name(rules, options.model)
    else:
        detector = detector or Detector(rules, options.model)
        model = detector.model
    total_pages = sum(doc.pages for doc in opened)
    workers = options.workers or default_workers()
    if sum(doc.work for doc in opened) < SERIAL_BELOW_PAGES and not options.cluster:
        workers = 1
    chunk_pages = CHUNK_PAGES if workers > 1 else 16

    documents = [DocumentProposals(path=doc.item.relpath, sha256=doc.sha256, pages=doc.pages,
                                   warnings=list(doc.warnings)) for doc in opened]
    remaining = [doc.pages for doc in opened]
    if progress:
        progress.start([(doc.item.relpath, doc.pages) for doc in opened])

    boxes_dir = tempfile.mkdtemp(prefix="redactkit-boxes-")  # private (0700), removed below
    remote = None
    if options.cluster:
        state = None
        remote = Remote(options.cluster, _ChunkRecipe(FolderBytes.of(rules.root), rules.digest, model,
                                                      options.password, options.ocr, options.page_seconds,
                                                      options.document_seconds), _chunk_files)
    else:
        state = _ChunkState(detector, options.password, boxes_dir, options.ocr, options.page_seconds,
                            options.document_seconds)
    chunks = _chunks(opened, chunk_pages, TAIL_CHUNKS * chunk_pages * workers if workers > 1 else 0)
    texts: dict[tuple[int, int, str], str] = {}
    allowed: dict[tuple[int, int, str], list[tuple[int, int]]] = {}
    compact = _Compact()
    try:
        _collect(run_in_pool(_scan_chunk, state, chunks, workers, remote), documents, remaining, progress, texts,
                 boxes_dir, compact)
        # second pass: every mention of everyone found, the case list, and the lists. The pages'
        # share of it (the lists' matches, the findings' boxes) runs in the workers too; the
        # merges stay here, in the same order as one worker's
        index = build_index(rules, options.people_file, options.propagate, documents)
        keys = sorted(texts)
        pass_workers = workers if not options.cluster and len(keys) >= 2 * SERIAL_BELOW_PAGES else 1
        if index.people or deny or allow:
            matcher = BundleMatcher(index, deny, allow, set(rules.list_terms("word-names")))
            matched = _PassState(matcher, texts, [doc.sha256 for doc in documents], boxes_dir, documents)
            found = {}
            for part in run_in_pool(_match_pages, matched, _groups(keys, pass_workers), pass_workers):
                found.update(part)
            added = []
            for key in keys:
                spans, findings = found.pop(key)
                if spans:
                    allowed[key] = spans
                if findings is not None:
                    added.append((key[0], compact.findings(findings)))
            _merge_by_document(documents, added)
            del found, matched, added
        mentions = lone_name_mentions(documents, texts)
        for key, detections in value_mentions(documents, texts).items():  # a value found once, found everywhere
            mentions.setdefault(key, []).extend(detections)
        if mentions:
            state = _PassState(None, texts, [doc.sha256 for doc in documents], boxes_dir, documents)
            made = {}
            for part in run_in_pool(_mention_findings, state, _groups(list(mentions.items()), pass_workers),
                                    pass_workers):
                made.update(part)
            _merge_by_document(documents, [(key[0], compact.findings(made.pop(key))) for key in mentions])
            del made
        del mentions, texts  # the page texts are not needed after the bundle pass
        state = None
    finally:
        shutil.rmtree(boxes_dir, ignore_errors=True)
        if progress:
            progress.close()
    if workers == 1 or len(chunks) <= 1:
        workers = 1

    # boxes read off a page image grown to the whole of the ink they cut, a few pages at a time
    # in the workers (one worker's serial tail otherwise: 4.4 s of the bench's 22 s of scans)
    growing = _GrowState([doc.item for doc in opened], documents, options.password)
    grow_jobs = _grow_jobs(documents)
    grow_workers = 1 if options.cluster else min(workers, len(grow_jobs))
    grown: dict[int, list] = {}
    failed: dict[int, str] = {}
    for doc_index, rects, error in run_in_pool(_grow_pages, growing, grow_jobs, grow_workers):
        if error is not None:
            failed.setdefault(doc_index, error)
        grown.setdefault(doc_index, []).extend(rects)
    del growing
    for doc_index, doc in enumerate(documents):
        for position, rects in grown.get(doc_index, ()):
            doc.findings[position].rects = compact.rects(rects)
        if doc_index in failed:
            doc.warnings.append(f"OCR boxes could not be grown to the ink they cut ({failed[doc_index]}); "
                                "check them by eye")

    owners = identifier_owners(index)  # once: made for each document, it went through every person each time
    for doc_index, doc in enumerate(documents):
        assign_roles(doc.findings, index, owners)

        def inside_allowed(finding, doc_index=doc_index):
            spans = allowed.get((doc_index, finding.page, Source.OCR if finding.source == Source.OCR else Source.TEXT), [])
            return bool(finding.span) and any(a <= finding.span[0] and finding.span[1] <= b for a, b in spans)

        apply_policy(doc.findings, policy, inside_allowed)
        anonymous = {p.display: p.anonymity for p in index.people.values() if p.anonymity}
        for finding in doc.findings:
            if finding.person in anonymous and finding.redact:
                finding.reason = f"{anonymous[finding.person]} anonymity"
        doc.findings.sort(key=lambda f: (f.page, f.rects[0][1], f.rects[0][0], f.entity))
        doc.unreadable_pages.sort()
        doc.ocr_pages.sort(key=lambda o: o["page"])
        for read in doc.ocr_pages:
            if read["quality"] < POOR_QUALITY:
                doc.warnings.append(f"page {read['page']}: {POOR_READING} (estimated quality {read['quality']:.0%}); "
                                    "check it by eye")
        if doc.unreadable_pages:
            doc.warnings.append(f"{len(doc.unreadable_pages)} page(s) could not be read completely: "
                                + ", ".join(map(str, doc.unreadable_pages)))
    proposals = Proposals(
        created=now_iso(), rules=rules.label, policy=policy.name, model=model,
        documents=documents, skipped=[s.to_dict() for s in skipped],
    )
    return ScanResult(proposals=proposals, problems=problems, pages=total_pages,
                      seconds=time.perf_counter() - started, workers=workers)


def _merge_by_document(documents: list[DocumentProposals], added: list[tuple[int, list[Finding]]]) -> None:
    """Merge (document, new findings of one of its pages) into the documents, one merge a
    document with all its pages' new findings in page order: findings of different pages never
    meet in a merge, and merging page by page went through a long document's findings once a page."""
    by_document: dict[int, list[Finding]] = {}
    for doc_index, findings in added:
        by_document.setdefault(doc_index, []).extend(findings)
    for doc_index, findings in by_document.items():
        documents[doc_index].findings = merge_findings(documents[doc_index].findings, findings)


GROW_PAGES = 4  # pages of a document whose boxes one job grows (a long scanned document is shared out)


@dataclass(frozen=True)
class _GrowState:
    """What growing the boxes needs (given to forked workers, never pickled)."""

    items: list[InputFile]
    documents: list[DocumentProposals]
    password: str | None


def _scanned_pages(doc: DocumentProposals) -> frozenset[int]:
    return frozenset(read["page"] for read in doc.ocr_pages if read["reason"] == SCANNED_PAGE)


def _grow_jobs(documents: list[DocumentProposals]) -> list[tuple[int, tuple[int, ...]]]:
    """(document, pages) for each run of up to GROW_PAGES pages holding boxes to grow: those of
    OCR findings, and every finding's on a scanned page (grow_findings)."""
    jobs = []
    for doc_index, doc in enumerate(documents):
        scanned = _scanned_pages(doc)
        pages = sorted({f.page for f in doc.findings if (f.source == Source.OCR or f.page in scanned) and f.rects})
        jobs += [(doc_index, tuple(pages[i:i + GROW_PAGES])) for i in range(0, len(pages), GROW_PAGES)]
    return jobs


def _grow_pages(state: _GrowState, job: tuple[int, tuple[int, ...]]) -> tuple[int, list, str | None]:
    """Grow the boxes of one document's findings on some of its pages (grow_findings, page by
    page: the result does not depend on how the pages are shared out). Returns (document,
    [(finding's position, its new rects)], the error that stopped it or None)."""
    doc_index, pages = job
    doc, item = state.documents[doc_index], state.items[doc_index]
    wanted = set(pages)
    positions = [i for i, f in enumerate(doc.findings) if f.page in wanted]
    findings = [_GrowCopy(doc.findings[i]) for i in positions]
    try:
        with open_pdf(item.path, state.password, max_pages=0, member=item.member) as pdf:
            grow_findings(pdf, findings, scanned=_scanned_pages(doc))
        return doc_index, [(i, f.rects) for i, f in zip(positions, findings) if f.rects is not f.original], None
    except Exception as exc:
        return doc_index, [], one_line(exc)
    finally:
        empty_store()


class _GrowCopy:
    """What grow_findings reads and writes of a finding (its source, page and rects): the
    finding itself is left as it is, so only the rects that changed go back from a worker."""

    __slots__ = ("source", "page", "rects", "original")

    def __init__(self, finding: Finding) -> None:
        self.source, self.page, self.rects = finding.source, finding.page, finding.rects
        self.original = finding.rects


class _Compact:
    """Makes the findings that come back from the workers small, as they come: a large bundle's
    findings are all held here until the proposals are returned (a 10,000-page bundle has about
    200,000 of them). Unpickled, every finding has its own copy of every string and number in it;
    here equal values share one object (the entity, recognizer, reason, person and the text of a
    name that recurs: all immutable), and the rectangles and spans become lists of their exact
    size. Values are unchanged: the proposals file is byte for byte the same. The number and
    offset caches are bounded by what a page can hold (coordinates are rounded to 1/100 pt, spans
    are offsets in a page's text); the string cache grows with the bundle's distinct values, but
    holds only strings the findings hold anyway (a dictionary entry each)."""

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._floats: dict[float, float] = {}
        self._ints: dict[int, int] = {}

    def _string(self, value):
        return value if value is None else self._strings.setdefault(value, value)

    def _float(self, value):
        # 0.0 and -0.0 are equal keys but are written differently, and NaN is no key at all
        if not isinstance(value, float) or not value or math.isnan(value):
            return value
        return self._floats.setdefault(value, value)

    def _int(self, value):
        return self._ints.setdefault(value, value) if type(value) is int else value

    def rects(self, rects: list[list[float]]) -> list[list[float]]:
        """rects as lists of exactly their length (list(tuple(...))), their numbers shared. A
        list built item by item (a comprehension's, an unpickled one's) keeps room for more: a
        one-box finding's rects and every span were 16-32 bytes larger each, of a finding's ~480."""
        number = self._float
        return list(tuple(list(tuple(number(v) for v in rect)) for rect in rects))

    def findings(self, findings: list[Finding]) -> list[Finding]:
        string, number, integer = self._string, self._float, self._int
        for f in findings:
            f.entity, f.text, f.recognizer, f.reason = string(f.entity), string(f.text), string(f.recognizer), string(f.reason)
            f.role, f.person, f.derived_from, f.note = string(f.role), string(f.person), string(f.derived_from), string(f.note)
            f.score, f.confidence = number(f.score), number(f.confidence)
            f.rects = self.rects(f.rects)
            if f.span is not None:
                f.span = list(tuple(integer(v) for v in f.span))
        return findings


def _collect(chunks, documents: list[DocumentProposals], remaining: list[int], progress: Progress | None,
             texts: dict[tuple[int, int], str], boxes_dir: str, compact: _Compact) -> None:
    """Take the chunks' results as they come (progress is told at once), then put them in the
    documents in input order, document by document and page by page: the findings' order (which
    decides, for instance, which of a value's findings the bundle pass derives its other mentions
    from) does not depend on which worker finished first, nor on the chunks' size."""
    parts: list[_PartResult] = []
    found = [0] * len(documents)
    for result in (r for chunk in chunks for r in chunk):
        for (number, source), (boxes, lines) in result.boxes.items():
            _save_boxes(boxes_dir, result.index, number, source, boxes, lines)
        result.boxes.clear()
        compact.findings(result.findings)
        parts.append(result)
        found[result.index] += len(result.findings)
        remaining[result.index] -= result.pages
        if progress:
            path = documents[result.index].path
            progress.advance(path, result.pages)
            if remaining[result.index] == 0:
                progress.document_done(path, found[result.index])
    for result in sorted(parts, key=lambda r: (r.index, r.first)):
        doc = documents[result.index]
        doc.findings.extend(result.findings)
        doc.unreadable_pages.extend(result.unreadable)
        for (number, source), text in result.texts.items():
            texts[(result.index, number, source)] = text
        doc.ocr_pages.extend(result.ocr.values())
        if result.stopped:
            doc.warnings.append(f"page(s) {', '.join(map(str, result.stopped))}: stopped at the page time limit, "
                                "not read (redacted whole)")
        if result.not_reached:
            doc.warnings.append(f"page(s) {result.not_reached[0]}-{result.not_reached[-1]}: not read before the "
                                "document's time limit (redacted whole)")

"""The scan job: inputs -> extract -> detect -> propose, for a whole bundle, in parallel.

The bundle is cut into chunks of a few pages. With one worker the chunks run in this process;
with more, a pool of forked processes runs them. The detector (and its spaCy model) is built once,
before the fork, so workers share it instead of each loading their own. Results are put back in
input order, so the proposals file does not depend on which worker finished first.

Bad inputs never stop the others: each problem is recorded (in ``skipped`` or as a document
warning) and decides the exit code, and every readable document is still scanned.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Sequence

from .detect import Detector
from .errors import ExitCode, InputError
from .extract import extract_page_checked
from .inputs import DEFAULT_MAX_PAGES, InputFile, Skipped, collect_inputs, damage_note, open_pdf, sha256_file
from .policy import Policy
from .propose import DocumentProposals, Finding, Proposals, make_findings, now_iso
from .rules import RuleSet, load_rules

CHUNK_PAGES = 12
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
            if doc.unreadable_pages or doc.warnings:
                return int(ExitCode.DAMAGED)
        return int(ExitCode.OK)


@dataclass(frozen=True)
class _Part:
    """Pages [first, last) (0-based) of one document of the bundle."""

    index: int  # position of the document in the bundle
    path: str
    sha256: str
    first: int
    last: int


@dataclass
class _PartResult:
    index: int
    pages: int
    findings: list[Finding]
    unreadable: list[int]


# Set in the parent before the pool forks; workers inherit it (copy-on-write).
_WORKER: dict = {}


def _scan_chunk(parts: tuple[_Part, ...]) -> list[_PartResult]:
    """Extract and detect a chunk of pages, possibly from several documents.

    spaCy is much faster on a batch of pages than on one at a time, so a chunk gathers pages
    across small documents and the detector sees them in one batch.
    """
    detector: Detector = _WORKER["detector"]
    policy: Policy = _WORKER["policy"]
    results, pages, owners = [], [], []
    for part in parts:
        result = _PartResult(part.index, part.last - part.first, [], [])
        results.append(result)
        try:
            doc = open_pdf(Path(part.path), _WORKER.get("password"), max_pages=0)
        except InputError:
            result.unreadable.extend(range(part.first + 1, part.last + 1))
            continue
        with doc:
            for number in range(part.first, part.last):
                try:
                    page, damaged = extract_page_checked(doc[number])
                except Exception:  # a broken page must not lose the rest of the document
                    result.unreadable.append(number + 1)
                    continue
                pages.append(page)
                owners.append((result, part.sha256))
                if damaged:  # scanned as far as it could be read, and reported
                    result.unreadable.append(number + 1)
    for page, detections, (result, sha) in zip(pages, detector.detect_pages(pages), owners):
        result.findings.extend(make_findings(sha, page, detections, policy))
    return results


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _open_documents(inputs: list[InputFile], options: ScanOptions, skipped: list[Skipped]):
    """Check every input and read its hash and page count; bad ones are added to skipped."""
    opened = []
    for item in inputs:
        try:
            doc = open_pdf(item.path, options.password, options.max_pages)
        except InputError as exc:
            skipped.append(Skipped(str(item.path), exc.message, int(exc.exit_code)))
            continue
        with doc:
            warnings = [w for w in [damage_note(doc)] if w]
            pages = doc.page_count
        opened.append((item, sha256_file(item.path), pages, warnings))
    return opened


def _chunks(opened, chunk_pages: int) -> list[tuple[_Part, ...]]:
    """Cut the bundle into chunks of about chunk_pages pages, in bundle order."""
    chunks, current, size = [], [], 0
    for index, (item, sha, pages, _w) in enumerate(opened):
        first = 0
        while first < pages:
            take = min(chunk_pages - size, pages - first)
            current.append(_Part(index, str(item.path), sha, first, first + take))
            size += take
            first += take
            if size >= chunk_pages:
                chunks.append(tuple(current))
                current, size = [], 0
    if current:
        chunks.append(tuple(current))
    return chunks


def scan(paths: Sequence[str | os.PathLike], options: ScanOptions | None = None,
         progress: Progress | None = None, detector: Detector | None = None,
         rules: RuleSet | None = None) -> ScanResult:
    """Scan PDFs and folders; return the proposals and every problem met on the way."""
    options = options or ScanOptions()
    started = time.perf_counter()
    rules = rules or (detector.rules if detector else load_rules(options.rules_dir))
    policy = rules.policy(options.policy)
    inputs, skipped = collect_inputs(paths)
    opened = _open_documents(inputs, options, skipped)
    problems = [s for s in skipped if s.exit_code is not None]
    detector = detector or Detector(rules, options.model)
    total_pages = sum(pages for _i, _s, pages, _w in opened)
    workers = options.workers or default_workers()
    if total_pages < SERIAL_BELOW_PAGES:
        workers = 1
    chunk_pages = CHUNK_PAGES if workers > 1 else 16

    documents = [DocumentProposals(path=item.relpath, sha256=sha, pages=pages, warnings=list(warnings))
                 for item, sha, pages, warnings in opened]
    remaining = [pages for _i, _s, pages, _w in opened]
    if progress:
        progress.start([(item.relpath, pages) for item, _s, pages, _w in opened])

    _WORKER.update(detector=detector, policy=policy, password=options.password)
    chunks = _chunks(opened, chunk_pages)
    try:
        if workers > 1 and len(chunks) > 1:
            context = multiprocessing.get_context("fork")
            with context.Pool(min(workers, len(chunks))) as pool:
                results = pool.imap_unordered(_scan_chunk, chunks)
                _collect(results, documents, remaining, progress)
        else:
            workers = 1
            _collect(map(_scan_chunk, chunks), documents, remaining, progress)
    finally:
        _WORKER.clear()
        if progress:
            progress.close()

    for doc in documents:
        doc.findings.sort(key=lambda f: (f.page, f.rects[0][1], f.rects[0][0], f.entity))
        doc.unreadable_pages.sort()
        if doc.unreadable_pages:
            doc.warnings.append(f"{len(doc.unreadable_pages)} page(s) could not be read completely: "
                                + ", ".join(map(str, doc.unreadable_pages)))
    proposals = Proposals(
        created=now_iso(), rules=rules.label, policy=policy.name, model=detector.model,
        documents=documents, skipped=[s.to_dict() for s in skipped],
    )
    return ScanResult(proposals=proposals, problems=problems, pages=total_pages,
                      seconds=time.perf_counter() - started, workers=workers)


def _collect(chunks, documents: list[DocumentProposals], remaining: list[int], progress: Progress | None) -> None:
    for result in (r for chunk in chunks for r in chunk):
        doc = documents[result.index]
        doc.findings.extend(result.findings)
        doc.unreadable_pages.extend(result.unreadable)
        remaining[result.index] -= result.pages
        if progress:
            progress.advance(doc.path, result.pages)
            if remaining[result.index] == 0:
                progress.document_done(doc.path, len(doc.findings))

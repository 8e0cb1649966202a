"""The run job: scan, apply and verify a bundle in one go, each document standing alone.

The scan is one pass over the whole bundle (a name found in one document is looked for in all of
them); apply and verify then take each document on its own, so a document that cannot be read,
redacted or checked is reported and decides the exit code while every other one is redacted and
verified. The summary pairs every count with its document by path, never by position.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from redactkit.apply.document import ApplyOptions, ApplyResult
from redactkit.core.errors import ExitCode, InputError
from redactkit.core.atomic import write_text
from redactkit.jobs.apply import apply_items
from redactkit.jobs.mentions import add_every_mention
from redactkit.jobs.outdir import prepare as prepare_output
from redactkit.jobs.outdir import record as record_output
from redactkit.jobs.scan import ScanOptions, ScanResult, incomplete, scan
from redactkit.jobs.verify import VerifyResult, verify_items, write_report
from redactkit.model.proposals import Proposals
from redactkit.pdf.inputs import collect_inputs
from redactkit.verify.document import VerifyOptions

INTERNAL = "_INTERNAL-not-for-disclosure"  # proposals and report: they hold personal data
NOT_VERIFIED = "INTERRUPTED-not-verified.txt"  # in INTERNAL while verification has not finished


def fit_to_pages(item, doc, password: str | None) -> int:
    """Every text-layer mention of a value redacted once is redacted too (:mod:`.mentions`).
    Clip the findings' rectangles to their pages (scan's own findings: an OCR box on a turned
    scan may reach past the edge, and apply refuses a rectangle outside its page). A rectangle
    wholly off its page is a reading mapped to the wrong place: the page is redacted whole (fail
    closed) and the finding says so. Returns how many rectangles were wholly off."""
    import pymupdf

    from redactkit.model.matching import page_bounds
    from redactkit.pdf.inputs import open_pdf

    if not any(f.redact for f in doc.findings):
        return 0
    try:
        with open_pdf(item.path, password, max_pages=0, member=item.member) as pdf:
            bounds = {n + 1: page_bounds(pdf[n]) for n in range(pdf.page_count)}
            add_every_mention(pdf, doc)
    except Exception:  # apply reports the document
        return 0
    off = 0
    for finding in doc.findings:
        page = bounds.get(finding.page)
        if page is None or not finding.redact:
            continue
        rects = []
        for rect in finding.rects:
            clipped = pymupdf.Rect(rect) & page
            if clipped.is_empty or clipped.width <= 0 or clipped.height <= 0:
                off += 1
                rects = [list(page)]
                finding.note = ((finding.note + "; ") if finding.note else "") + "placed off the page: page redacted whole"
                break
            rects.append([clipped.x0, clipped.y0, clipped.x1, clipped.y1])
        finding.rects = rects
    return off


@dataclass
class RunOptions:
    scan: ScanOptions = field(default_factory=ScanOptions)
    apply: ApplyOptions = field(default_factory=ApplyOptions)
    strict: bool = False  # verification warnings count as failures


@dataclass
class DocumentRun:
    """What happened to one input, from scan to verification."""

    path: str  # as in the proposals file: relative to the folder given, or the file's name
    pages: int = 0
    found: int = 0
    kept: int = 0
    boxes: int = 0
    status: str = "not processed"  # pass, pass with warnings, fail, not redacted, not a PDF, unreadable, ...
    error: str | None = None
    exit_code: int = 0  # what this document alone would make the exit code
    output: Path | None = None


@dataclass
class RunResult:
    documents: list[DocumentRun]
    proposals: Proposals
    scanned: ScanResult
    applied: ApplyResult | None
    checked: VerifyResult | None
    internal: Path

    @property
    def exit_code(self) -> int:
        """The first failing document's code in input order (0 when every document passed)."""
        for doc in self.documents:
            if doc.exit_code:
                return doc.exit_code
        return int(ExitCode.OK)


def _progress(factory: Callable[[str], object] | None, verb: str):
    return factory(verb) if factory else None


def run(paths: Sequence[str | os.PathLike], out_dir: Path, options: RunOptions | None = None,
        progress: Callable[[str], object] | None = None, detector=None) -> RunResult:
    """Scan, apply and verify every PDF in paths into out_dir.

    progress: called with "scan", "apply" and "verify" to make each stage's progress reporter.
    detector: a Detector already built (a script running several bundles loads spaCy once)."""
    options = options or RunOptions()
    out_dir = Path(out_dir)
    prepare_output(out_dir, options.apply.overwrite)  # before the scan: a refusal costs nothing
    scanned = scan(paths, options.scan, progress=_progress(progress, "scan"), detector=detector)
    proposals = scanned.proposals
    inputs, skipped = collect_inputs(paths)
    rows: dict[str, DocumentRun] = {}
    order: list[str] = []
    for item in inputs:
        order.append(item.relpath)
        rows[item.relpath] = DocumentRun(item.relpath)
    for problem in skipped:  # paths that are not PDFs, missing, or refused before scanning
        order.append(problem.path)
        rows[problem.path] = DocumentRun(problem.path, status="not a PDF: not redacted" if problem.exit_code is None
                                         else "unreadable: not redacted", error=problem.reason,
                                         exit_code=problem.exit_code or 0)
    for item in inputs:  # inputs scan refused (encrypted, damaged beyond reading, too many pages)
        problem = next((s for s in scanned.problems if s.path == item.where), None)
        if problem is not None:
            row = rows[item.relpath]
            row.status, row.error, row.exit_code = "unreadable: not redacted", problem.reason, int(problem.exit_code)
    work = []
    for item in inputs:
        doc = proposals.document(item.relpath)
        if doc is None:
            continue
        row = rows[item.relpath]
        row.pages, row.found = doc.pages, len(doc.findings)
        row.kept = sum(1 for f in doc.findings if not f.redact)
        if incomplete(doc):
            row.exit_code = int(ExitCode.DAMAGED)  # redacted (unreadable pages whole) but reported
        fitted = fit_to_pages(item, doc, options.apply.password)
        if fitted:
            row.error = f"{fitted} finding(s) placed off the page: their pages redacted whole"
        work.append((item, doc))
    internal = out_dir / INTERNAL
    if not work:  # nothing readable: each input's own code (encrypted 4, damaged 5), else "no PDF"
        if not any(row.exit_code for row in rows.values()):
            raise InputError("nothing to redact: no readable PDF among the inputs")
        return RunResult(documents=[rows[p] for p in order], proposals=proposals, scanned=scanned,
                         applied=None, checked=None, internal=internal)

    cluster = options.scan.cluster  # one cluster for all three stages (redactkit.core.cluster)
    applied = apply_items(work, proposals, out_dir, options.apply, _progress(progress, "apply"), keep_going=True,
                          cluster=cluster)
    internal.mkdir(parents=True, exist_ok=True)
    proposals.save(internal / "proposals.json")
    for failure in applied.failed:
        row = rows[failure.relpath]
        row.status, row.error = "not redacted", failure.reason
        row.exit_code = failure.exit_code or int(ExitCode.DAMAGED)
    for done in applied.documents:
        rows[done.relpath].boxes, rows[done.relpath].output = done.boxes, done.output_path
        if done.withheld or done.withheld_pages:  # fail closed, and said: out, but with black pages
            rows[done.relpath].error = next(w for w in done.warnings if "withheld" in w)
            rows[done.relpath].exit_code = int(ExitCode.DAMAGED)

    # until the report is written the folder says it is not verified (an interrupt, a crash, a kill)
    marker = internal / NOT_VERIFIED
    write_text(marker, "interrupted: the redacted PDFs in this folder were NOT verified; run again\n"
               + "".join(f"not verified: {d.relpath}\n" for d in applied.documents))
    record_output(out_dir, [internal / "proposals.json", marker])
    try:
        checked = verify_items([(d.output_path, d.relpath) for d in applied.documents],
                               VerifyOptions(proposals=proposals, strict=options.strict,
                                             rules_dir=options.scan.rules_dir, model=options.scan.model,
                                             workers=options.scan.workers),
                               progress=_progress(progress, "verify"), cluster=cluster)
    except KeyboardInterrupt:
        raise KeyboardInterrupt(f"interrupted during verification: {len(applied.documents)} redacted PDF(s) "
                                f"in {out_dir} are NOT verified (see {marker})") from None
    write_report(checked, internal / "verify-report.json")
    record_output(out_dir, [internal / "verify-report.json"])
    marker.unlink(missing_ok=True)
    for report in checked.files:
        row = rows[report.path]
        row.status = report.status(options.strict)
        if report.error:
            row.error, row.exit_code = report.error, report.exit_code or int(ExitCode.FINDINGS)
        elif row.status == "fail":
            row.exit_code = int(ExitCode.FINDINGS)
    return RunResult(documents=[rows[p] for p in order], proposals=proposals, scanned=scanned,
                     applied=applied, checked=checked, internal=internal)

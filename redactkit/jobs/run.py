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
from redactkit.jobs.apply import apply_items
from redactkit.jobs.scan import ScanOptions, ScanResult, scan
from redactkit.jobs.verify import VerifyResult, verify_items, write_report
from redactkit.model.proposals import Proposals
from redactkit.pdf.inputs import collect_inputs
from redactkit.verify.document import VerifyOptions

INTERNAL = "_INTERNAL-not-for-disclosure"  # proposals and report: they hold personal data


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
        problem = next((s for s in scanned.problems if s.path == str(item.path)), None)
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
        if doc.unreadable_pages or doc.warnings:
            row.exit_code = int(ExitCode.DAMAGED)  # redacted (unreadable pages whole) but reported
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

    checked = verify_items([(d.output_path, d.relpath) for d in applied.documents],
                           VerifyOptions(proposals=proposals, strict=options.strict,
                                         rules_dir=options.scan.rules_dir, model=options.scan.model,
                                         workers=options.scan.workers),
                           progress=_progress(progress, "verify"), cluster=cluster)
    write_report(checked, internal / "verify-report.json")
    for report in checked.files:
        row = rows[report.path]
        row.status = report.status(options.strict)
        if report.error:
            row.error, row.exit_code = report.error, report.exit_code or int(ExitCode.FINDINGS)
        elif row.status == "fail":
            row.exit_code = int(ExitCode.FINDINGS)
    return RunResult(documents=[rows[p] for p in order], proposals=proposals, scanned=scanned,
                     applied=applied, checked=checked, internal=internal)

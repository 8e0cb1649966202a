"""The verify job: every PDF of a bundle checked, in worker processes when there are several."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from redactkit.core.cluster import FolderBytes, kept, unpacked
from redactkit.core.errors import ExitCode, RedactkitError, one_line
from redactkit.core.workers import Remote, default_workers, local_path, run_in_pool
from redactkit.pdf.inputs import collect_inputs, join_source, open_pdf, split_source
from redactkit.verify.document import (
    Scanner,
    VerifyOptions,
    shows_redaction,
    verify_document,
    visible_problems,
)
from redactkit.verify.model import FileReport


@dataclass
class VerifyResult:
    files: list[FileReport]
    strict: bool = False
    skipped: list = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        for report in self.files:
            if report.error:
                return report.exit_code
        if any(r.status(self.strict) == "fail" for r in self.files):
            return int(ExitCode.FINDINGS)
        return int(ExitCode.OK)


def _local_source(source: str) -> str:
    """source (a file, or an e-mail attachment: see pdf.inputs) as this process opens it."""
    path, member = split_source(source)
    return join_source(local_path(str(path)), member)


def _original_index(originals: Sequence[str]) -> dict[str, Path]:
    if not originals:
        return {}
    found, _skipped = collect_inputs(originals)
    return {item.relpath: Path(item.source) for item in found}


@dataclass(frozen=True)
class _Checker:
    """What every file needs: given to each worker once (see redactkit.core.workers)."""

    options: VerifyOptions
    scanner: Scanner
    originals: dict[str, Path]


@dataclass
class _CheckerRecipe:
    """What a cluster worker builds its _Checker from (redactkit.core.cluster): the options (with
    the proposals) and the rules as bytes, unpacked on the worker; its detector is built there
    when a file has text to classify. The originals travel with each file, as bytes."""

    options: VerifyOptions
    rules: FolderBytes
    model: str

    def build(self) -> _Checker:
        import dataclasses

        options = dataclasses.replace(self.options, rules_dir=unpacked(self.rules), model=self.model, originals=[])
        # the detector scan built on this worker, if any (else the scanner loads one when needed)
        return _Checker(options, Scanner(options, kept(("detector", self.rules.key, self.model))), {})


def _verify_one(checker: _Checker, job: tuple[int, str, str, str | None]) -> tuple[int, FileReport]:
    index, path, name, original = job
    originals = checker.originals if original is None else {name: Path(_local_source(original))}
    try:
        return index, verify_document(Path(_local_source(path)), name, checker.options, checker.scanner, originals)
    except RedactkitError as exc:
        return index, FileReport(path=name, error=exc.message, exit_code=int(exc.exit_code))
    except Exception as exc:  # MuPDF's errors on a damaged or hostile file: the file is not passed
        return index, FileReport(path=name, error=f"could not be checked ({one_line(exc)})",
                                 exit_code=int(ExitCode.DAMAGED))


def verify_items(items: Sequence[tuple[Path, str]], options: VerifyOptions | None = None, progress=None,
                 reports: list[FileReport] | None = None, skipped: list | None = None,
                 detector=None, cluster: str | None = None) -> VerifyResult:
    """Verify (path, name in the bundle) pairs: the name matches the file to the proposals.

    Files are checked in parallel worker processes (options.workers) when there are several, or
    on a Dask cluster (cluster: its scheduler's address; each file and its original go as bytes)."""
    options = options or VerifyOptions()
    checker = _Checker(options, Scanner(options, detector, functools.partial(_kept_detector, options)),
                       _original_index(options.originals))
    workers = options.workers or default_workers()
    found: list[FileReport | None] = [None] * len(items)
    if progress:
        progress.start([(name, 0) for _path, name in items])
    try:
        remote = None
        if cluster:
            from redactkit.config.rules import default_rules_dir, load_rules
            from redactkit.detect.engine import model_name

            originals = {name: str(path) for name, path in checker.originals.items()}
            jobs = [(i, str(path), name, originals.get(name)) for i, (path, name) in enumerate(items)]
            rules_dir = Path(options.rules_dir or default_rules_dir())
            recipe = _CheckerRecipe(options, FolderBytes.of(rules_dir), model_name(load_rules(rules_dir), options.model))
            remote = Remote(cluster, recipe, lambda job: [str(split_source(p)[0]) for p in (job[1], job[3]) if p])
        else:
            jobs = [(i, str(path), name, None) for i, (path, name) in enumerate(items)]
        for index, report in run_in_pool(_verify_one, checker, jobs, workers if len(items) >= 4 else 1, remote):
            found[index] = report
            if progress:
                progress.document_done(report.path, len(report.errors(options.strict)), "problem(s)")
    finally:
        if progress:
            progress.close()
    reports = list(reports or []) + [r for r in found if r is not None]
    return VerifyResult(files=reports, strict=options.strict, skipped=list(skipped or []))


def verify(paths: Sequence[str | os.PathLike], options: VerifyOptions | None = None, progress=None,
           cluster: str | None = None) -> VerifyResult:
    """Verify every PDF in paths (files, or folders searched recursively); cluster: check them on
    that Dask scheduler's workers (see verify_items)."""
    options = options or VerifyOptions()
    inputs, skipped = collect_inputs(paths)
    unreadable = [FileReport(path=s.path, error=s.reason, exit_code=s.exit_code) for s in skipped if s.exit_code is not None]
    items = [(Path(item.source), item.relpath) for item in inputs]
    passed = [s for s in skipped if s.exit_code is None]
    if options.missed:  # every file scanned first, as one bundle
        seen, detector = _scan_what_is_seen(paths, [Path(item.source) for item in inputs], options)
        return verify_items(items, replace(options, seen=seen), progress, unreadable, passed, detector, cluster)
    held = kept(("verify-detector", _rules_key(options), options.model))  # this process's, if built
    result = verify_items(items, options, progress, unreadable, passed, held[1] if held else None, cluster)
    if options.proposals is None:
        _warn_unredacted(result, {name: path for path, name in items}, options)
    return result


def _warn_unredacted(result: VerifyResult, paths: dict[str, Path], options: VerifyOptions) -> None:
    """The no-redaction warning of a blind verify: the files whose checks found no sign of
    redaction on any page are scanned, each on its own, and what the scanner finds still visible
    goes first in their reports. (Known only once the pages are checked, which read every page's
    drawings anyway: asking before cost a second opening of every file and a second reading of its
    first page's drawings.)"""
    reports = [r for r in result.files if not r.error and r.path in paths]
    targets = [r for r in reports if r.shows_redaction is False
               or (r.shows_redaction is None and _shows_no_redaction(paths[r.path], options.password))]
    if not targets:
        return
    seen, _detector = _scan_what_is_seen([paths[r.path] for r in targets], [paths[r.path] for r in targets], options)
    options = replace(options, seen=seen)
    for report in targets:
        try:
            report.problems[:0] = visible_problems(paths[report.path], options, report.shows_redaction)
        except RedactkitError as exc:
            report.error, report.exit_code = exc.message, int(exc.exit_code)
        except Exception as exc:  # MuPDF's errors on a damaged or hostile file: the file is not passed
            report.error, report.exit_code = f"could not be checked ({one_line(exc)})", int(ExitCode.DAMAGED)


def _shows_no_redaction(path: Path, password: str | None) -> bool:
    try:
        with open_pdf(path, password, max_pages=0) as doc:
            return not shows_redaction(doc)
    except Exception:  # unreadable: verify itself reports it
        return False


def _rules_key(options: VerifyOptions) -> str:
    from redactkit.config.rules import default_rules_dir

    return FolderBytes.of(Path(options.rules_dir or default_rules_dir())).key


def _kept_and_rules(options: VerifyOptions):
    """(rules, detector), loaded once a process for the same rules (by content) and model, as a
    cluster worker keeps them."""
    from redactkit.config.rules import load_rules
    from redactkit.detect.engine import Detector

    def build():
        rules = load_rules(options.rules_dir)
        return rules, Detector(rules, options.model)

    return kept(("verify-detector", _rules_key(options), options.model), build)


def _kept_detector(options: VerifyOptions):
    return _kept_and_rules(options)[1]


def _scan_what_is_seen(paths, targets: list[Path], options: VerifyOptions):
    """(sha256 -> the scanner's findings, the detector) for the files the missed check needs.

    With --missed every file (targets), in one scan of the bundle as given (paths: a name found
    in one document is looked for in all of them, as scan does); otherwise the targets (files
    that show no redaction at all), each on its own, for the no-redaction warning. The scan is
    scan's own (text layer and OCR on scanned pages, the case list, the policy), so verify
    reports what scan would redact."""
    if not targets:
        return {}, None
    from redactkit.jobs.scan import ScanOptions, scan

    rules, detector = _kept_and_rules(options)
    scan_options = ScanOptions(rules_dir=options.rules_dir, policy=options.policy, workers=options.workers,
                               password=options.password, model=options.model, max_pages=0,
                               people_file=options.people_file)
    groups = [list(paths)] if options.missed else [[p] for p in targets]
    seen: dict[str, list] = {}
    for group in groups:
        for doc in scan(group, scan_options, detector=detector, rules=rules).proposals.documents:
            seen[doc.sha256] = doc.findings
    return seen, detector


def write_report(result: VerifyResult, path: Path, show_text: bool = False) -> None:
    """The report as JSON (atomically); recovered text only with show_text."""
    import json

    from redactkit import __version__
    from redactkit.core.atomic import write_text
    from redactkit.model.proposals import now_iso

    data = {"version": 1, "created": now_iso(), "tool": f"redactkit {__version__}", "strict": result.strict,
            "exit_code": result.exit_code,
            "files": [r.to_dict(result.strict, show_text) for r in result.files]}
    write_text(Path(path), json.dumps(data, indent=1, ensure_ascii=False) + "\n")

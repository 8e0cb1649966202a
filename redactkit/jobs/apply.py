"""The apply job: every input matched to the proposals, redacted in worker processes into a staging folder, and moved into place only when all succeeded."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from redactkit.apply.document import (
    LABEL_MODES,
    ApplyOptions,
    ApplyResult,
    DocumentFailure,
    DocumentResult,
    redact_document,
    withheld_document,
)
from redactkit.apply.log import log_csv, log_json, log_paths, log_records, operator_name
from redactkit.core.atomic import sync_file, sync_folder
from redactkit.core.errors import (
    InputError,
    OutputError,
    RedactkitError,
    UsageError,
    one_line,
)
from redactkit.core.workers import Remote, default_workers, local_path, run_in_pool
from redactkit.jobs.outdir import prepare as prepare_output
from redactkit.jobs.outdir import record as record_output
from redactkit.model.matching import output_path, plan
from redactkit.model.proposals import DocumentProposals, Proposals
from redactkit.pdf.inputs import InputFile


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of folder's path that does not exist yet (None if it exists)."""
    missing = None
    for candidate in [folder, *folder.parents]:
        if candidate.exists():
            break
        missing = candidate
    return missing


SERIAL_BELOW_PAGES = 12  # forking costs more than it saves on a handful of pages


@dataclass(frozen=True)
class _Staging:
    """What every document needs: given to each worker once (see redactkit.core.workers)."""

    options: ApplyOptions
    folder: Path | None  # None (a cluster worker): the redacted bytes go back in the outcome
    keep_going: bool = False

    def build(self) -> "_Staging":
        """As a cluster recipe (redactkit.core.cluster): nothing heavy to build, itself."""
        return self


@dataclass
class _Outcome:
    """One document's result from a worker: what was done, or why it could not be done."""

    index: int
    result: DocumentResult | None = None
    error: str | None = None
    exit_code: int = 0
    data: bytes | None = None  # from a cluster worker: the redacted PDF, written here by the client


def _redact_one(staging: _Staging, job: tuple[int, InputFile, DocumentProposals]) -> _Outcome:
    """Redact one document into the staging folder (in a worker, or in this process).

    With keep_going, a document that cannot be redacted (refused boxes, a file MuPDF cannot
    process) is reported in the outcome and the others go on; otherwise the error stops the job."""
    index, item, props = job
    try:
        data, result = redact_document(Path(local_path(item.path)), props, staging.options, item.relpath,
                                       item.member)
        return _staged(index, item, staging, data, result)
    except RedactkitError as exc:
        if not staging.keep_going:
            raise
        return _Outcome(index, error=exc.message, exit_code=int(exc.exit_code))
    except Exception as exc:  # MuPDF's own errors on a hostile file: reported, never a traceback
        if not staging.keep_going:
            raise InputError(f"cannot redact this file ({one_line(exc)})", path=item.relpath) from None
        # run: fail closed rather than leave the document out, every page blacked out whole
        data, result = withheld_document(Path(local_path(item.path)), props, staging.options, item.relpath,
                                         one_line(exc), item.member)
    return _staged(index, item, staging, data, result)


def _staged(index: int, item: InputFile, staging: _Staging, data: bytes, result: DocumentResult) -> _Outcome:
    """The outcome of one document: its bytes handed back (a cluster worker, staging.folder None)
    or written into the staging folder."""
    result.input_path = item.path
    if staging.folder is None:
        return _Outcome(index, result, data=data)
    staged = output_path(staging.folder, item.relpath)
    staged.parent.mkdir(parents=True, exist_ok=True)
    staged.write_bytes(data)
    return _Outcome(index, result)


def apply(paths: Sequence[str | os.PathLike], proposals: Proposals, out_dir: Path,
          options: ApplyOptions | None = None, progress=None, cluster: str | None = None) -> ApplyResult:
    """Redact every input named in paths, as the proposals say, into out_dir.

    All or nothing: every input is matched to the proposals first, and a document refused on
    the way (a box outside its page) leaves no output at all."""
    options = options or ApplyOptions()
    if options.label not in LABEL_MODES:
        raise UsageError(f"--label must be one of {', '.join(LABEL_MODES)}")
    out_dir = Path(out_dir)
    work = plan(paths, proposals, out_dir, options.password, check_boxes=False)  # refuses out over an input
    prepare_output(out_dir, options.overwrite)
    return apply_items(work, proposals, out_dir, options, progress, cluster=cluster)


def apply_items(work: list[tuple[InputFile, DocumentProposals]], proposals: Proposals, out_dir: Path,
                options: ApplyOptions, progress=None, keep_going: bool = False,
                cluster: str | None = None) -> ApplyResult:
    """Redact matched (input, proposals) pairs into out_dir.

    keep_going=False: the first document that fails stops the job and nothing is left behind.
    keep_going=True (run): each document stands alone; one that fails is listed in
    ApplyResult.failed, and every other one is written.
    cluster: a Dask scheduler's address; the documents travel there as bytes and come back redacted."""
    if options.label not in LABEL_MODES:
        raise UsageError(f"--label must be one of {', '.join(LABEL_MODES)}")
    out_dir = Path(out_dir)
    created = _first_missing(out_dir.absolute())
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".redactkit-staging-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"cannot write the output folder ({exc.strerror})", path=str(out_dir)) from None
    operator = operator_name(options.operator)
    when = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    results: list[DocumentResult] = []
    failures: list[DocumentFailure] = []
    if progress:
        progress.start([(item.relpath, props.pages) for item, props in work])
    workers = options.workers or default_workers()
    if sum(props.pages for _item, props in work) < SERIAL_BELOW_PAGES:
        workers = 1
    remote = Remote(cluster, _Staging(options, None, keep_going), lambda job: [str(job[1].path)]) if cluster else None
    failed = True  # until every document is in place
    try:
        jobs = [(i, item, props) for i, (item, props) in enumerate(work)]
        for outcome in run_in_pool(_redact_one, _Staging(options, staging, keep_going), jobs, workers, remote):
            item, props = work[outcome.index]
            if outcome.data is not None:  # redacted on a cluster worker: staged here, like a local run
                staged = output_path(staging, item.relpath)
                staged.parent.mkdir(parents=True, exist_ok=True)
                staged.write_bytes(outcome.data)
                outcome.data = None
            if outcome.result is None:
                failures.append(DocumentFailure(item.relpath, outcome.error or "not redacted", outcome.exit_code))
                if progress:
                    progress.advance(item.relpath, props.pages)
                    progress.document_done(item.relpath, 0, "box(es): NOT REDACTED")
                continue
            result = outcome.result
            result.output_path = output_path(out_dir, item.relpath)
            record, rows = log_records(result, props, proposals, options, operator, when)
            json_log, csv_log = log_paths(staging, item.relpath)
            json_log.write_text(log_json(record))
            csv_log.write_text(log_csv(rows, options.log_text))
            result.log_paths = list(log_paths(out_dir, item.relpath))
            results.append(result)
            if progress:
                progress.advance(item.relpath, props.pages)
                progress.document_done(item.relpath, result.boxes, "box(es)")
        order = {item.relpath: i for i, (item, _props) in enumerate(work)}
        results.sort(key=lambda r: order[r.relpath])
        failures.sort(key=lambda f: order[f.relpath])
        moved = []
        for staged in sorted(p for p in staging.rglob("*") if p.is_file()):
            final = out_dir / staged.relative_to(staging)
            final.parent.mkdir(parents=True, exist_ok=True)
            sync_file(staged)  # on disk before it takes the final name: a power cut leaves the old file or the whole new one
            os.replace(staged, final)
            moved.append(final)
        for folder in sorted({path.parent for path in moved}):
            sync_folder(folder)  # the renames themselves
        record_output(out_dir, moved)  # what --overwrite may remove next time
        failed = False
    except OSError as exc:
        raise OutputError(f"cannot write the output ({exc.strerror or exc})", path=str(out_dir)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if progress:
            progress.close()
        if failed and created is not None:  # a refused document (its boxes are checked as it is opened):
            shutil.rmtree(created, ignore_errors=True)  # leave no folder behind that was not there
    return ApplyResult(documents=results, out_dir=out_dir, failed=failures)


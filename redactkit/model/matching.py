"""Matching inputs to the proposals file: by path, then by hash, and every rectangle checked against its page, before anything is written."""

from __future__ import annotations

import math
import os
from collections import defaultdict
from pathlib import Path
from typing import Sequence

import pymupdf

from redactkit.core.errors import InputError, MismatchError, OutputError
from redactkit.model.proposals import DocumentProposals, Finding, Proposals
from redactkit.pdf.inputs import InputFile, collect_inputs, open_pdf, sha256_file


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
        raise MismatchError("not in the proposals file (scan it first)", path=item.where)
    if doc.sha256 != sha:
        raise MismatchError("the file differs from the one scanned (SHA-256 does not match the proposals); "
                            "scan it again", path=item.where)
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
    work = [(item, _match(item, proposals, sha256_file(item.path, item.member))) for item in inputs]
    for item, props in work if check_boxes else []:
        with open_pdf(item.path, password, max_pages=0, member=item.member) as doc:
            checked_rects(doc, props, item.relpath)
    return work


def page_bounds(page: pymupdf.Page) -> pymupdf.Rect:
    """The page in the coordinates of text extraction and redaction (not rotated)."""
    return page.rect * page.derotation_matrix


def checked_rects(doc: pymupdf.Document, props: DocumentProposals,
                  relpath: str) -> dict[int, list[tuple[pymupdf.Rect, Finding]]]:
    """Every rectangle to redact, clipped to its page, by page; MismatchError for a page count,
    page or rectangle that does not fit the document (a proposals file for another file, or edited)."""
    if props.pages != doc.page_count:
        raise MismatchError(f"the proposals say {props.pages} pages, the file has {doc.page_count}", path=relpath)
    boxes: dict[int, list[tuple[pymupdf.Rect, Finding]]] = defaultdict(list)
    bounds_of: dict[int, pymupdf.Rect] = {}
    for finding in props.findings:
        if not finding.redact:
            continue
        if not 1 <= finding.page <= doc.page_count:
            raise MismatchError(f"finding {finding.id} is on page {finding.page}, which does not exist", path=relpath)
        bounds = bounds_of.get(finding.page)
        if bounds is None:
            bounds = bounds_of[finding.page] = page_bounds(doc[finding.page - 1])
        for rect in finding.rects:  # plain numbers: thousands of boxes, and PyMuPDF's Rect operators are slow
            x0, y0, x1, y1 = (float(v) for v in rect)
            if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or x1 <= x0 or y1 <= y0:
                raise MismatchError(f"finding {finding.id} has an empty rectangle", path=relpath)
            x0, y0, x1, y1 = max(x0, bounds.x0), max(y0, bounds.y0), min(x1, bounds.x1), min(y1, bounds.y1)
            if x1 <= x0 or y1 <= y0:
                raise MismatchError(f"finding {finding.id} has a rectangle outside page {finding.page}", path=relpath)
            boxes[finding.page].append((pymupdf.Rect(x0, y0, x1, y1), finding))
    return boxes


def output_path(out_dir: Path, relpath: str) -> Path:
    return out_dir / relpath

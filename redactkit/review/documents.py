"""The scanned documents, opened again for review: page sizes, and the text a finding sits in.

The proposals file holds the findings but not the pages, so context lines, ``--add`` of a term
and the check that an added box lies on its page read the PDFs themselves (``--bundle``). A file
is used only when its SHA-256 matches the proposals: context or boxes from another version of a
document would be wrong in a way nobody could see.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Sequence

import pymupdf

from redactkit.core.errors import InputError, MismatchError
from redactkit.extract.text import PageText, extract_page
from redactkit.model.proposals import DocumentProposals, Proposals
from redactkit.pdf.inputs import collect_inputs, open_pdf, sha256_file


class Bundle:
    """The documents of a proposals file found under the given paths (matched by path, then hash).

    A document is looked for where scan would have found it (FOLDER/its path, or a file of its
    name) when it is first asked for, so a listing of 50 findings does not walk a bundle of
    thousands of files. Only when no document is where its path says is every file listed and
    matched by hash (the bundle was moved or renamed)."""

    def __init__(self, proposals: Proposals, paths: Sequence[str | os.PathLike], password: str | None = None):
        self.proposals = proposals
        self.password = password
        self._roots = [(Path(p), Path(p).is_dir()) for p in paths if Path(p).exists()]
        self._paths: dict[str, Path | None] = {}  # relpath -> the file, None when it is not there
        self._open: dict[str, pymupdf.Document] = {}
        self._by_hash = False
        self._listed: dict[str, Path] | None = None
        if not any(self.has(doc.path) for doc in proposals.documents):  # stops at the first one there
            inputs, _skipped = collect_inputs(paths)
            by_sha = {sha256_file(item.path, item.member): item for item in inputs}
            self._paths = {doc.path: Path(by_sha[doc.sha256].source) for doc in proposals.documents
                           if doc.sha256 in by_sha}
            self._by_hash = True
        if not any(self._paths.values()):
            raise InputError("none of the documents of the proposals file is there",
                             path=", ".join(str(p) for p in paths))
        self._texts: dict[tuple[str, int], list[PageText]] = {}
        self.located: dict[tuple, list] = {}  # context lines: where each finding of a page lies (review/context.py)

    def has(self, relpath: str) -> bool:
        if relpath not in self._paths and not self._by_hash:
            self._paths[relpath] = self._find(relpath)
        return self._paths.get(relpath) is not None

    def _find(self, relpath: str) -> Path | None:
        """Where collect_inputs (and so scan) would have found the document named relpath."""
        parts = PurePosixPath(relpath).parts
        if not parts or not relpath.lower().endswith(".pdf") or PurePosixPath(relpath).is_absolute() \
                or any(part in ("..", ".") or part.startswith(".") for part in parts):
            return None
        for root, is_folder in self._roots:  # the first that has it, as collect_inputs keeps the first
            if is_folder and (candidate := root.joinpath(*parts)).is_file():
                return candidate
            if not is_folder and len(parts) == 1 and root.name == parts[0]:
                return root
        # a picture or an e-mail ("photo.jpg.pdf"), or an attachment: named unlike its file
        if self._listed is None:
            self._listed = {item.relpath: Path(item.source)
                            for item in collect_inputs([root for root, _folder in self._roots])[0]}
        return self._listed.get(relpath)

    def pdf(self, relpath: str) -> pymupdf.Document:
        """The open document; MismatchError if it is not the file that was scanned."""
        if relpath in self._open:
            return self._open[relpath]
        path = self._paths.get(relpath) if self.has(relpath) else None
        if path is None:
            raise InputError(f"{relpath} is not among the documents given (--bundle)")
        doc = self.proposals.document(relpath)
        assert doc is not None
        if sha256_file(path) != doc.sha256:
            raise MismatchError("the file differs from the one scanned (SHA-256 does not match the proposals)",
                                path=str(path))
        pdf = open_pdf(path, self.password, max_pages=0)
        if pdf.page_count != doc.pages:
            pdf.close()
            raise MismatchError(f"the proposals say {doc.pages} pages, the file has {pdf.page_count}", path=str(path))
        self._open[relpath] = pdf
        return pdf

    def bounds(self, relpath: str, page: int) -> tuple[float, float, float, float]:
        p = self.pdf(relpath)[page - 1]
        r = p.rect * p.derotation_matrix
        return (r.x0, r.y0, r.x1, r.y1)

    def page_texts(self, relpath: str, page: int) -> list[PageText]:
        """The page's text layer, and for a page the scan read by OCR, its OCR reading too (slow:
        kept for the next call)."""
        key = (relpath, page)
        if key not in self._texts:
            pdf_page = self.pdf(relpath)[page - 1]
            texts = [extract_page(pdf_page)]
            doc = self.proposals.document(relpath)
            if doc is not None and page in ocr_page_numbers(doc):
                from redactkit.extract.ocr import needs_ocr, ocr_page

                decision = needs_ocr(pdf_page, "auto")
                if decision.reason is None:
                    decision = needs_ocr(pdf_page, "always")
                texts.append(ocr_page(pdf_page, decision))
            self._texts[key] = texts
        return self._texts[key]

    def close(self) -> None:
        for pdf in self._open.values():
            pdf.close()
        self._open.clear()


def ocr_page_numbers(doc: DocumentProposals) -> set[int]:
    return {int(p["page"]) for p in doc.ocr_pages}

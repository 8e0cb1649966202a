"""Find the PDFs a user named and open them safely.

Folders are searched recursively and sorted, so two runs see the same files in the same order.
Every PDF gets a *relative path* (to the folder it was found in, or its own name when it was named
directly): the proposals file records it, and apply mirrors it under the output folder.

Opening is where bad input is caught, each with its own error: missing, empty, not a PDF,
encrypted without a password, damaged beyond repair, or larger than the page limit.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pymupdf

from redactkit.core.errors import (
    DamagedError,
    EncryptedError,
    ExitCode,
    InputError,
    one_line,
)

# MuPDF prints warnings about odd files on stderr by default; we collect them instead.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

DEFAULT_MAX_PAGES = 5000
PDF_MAGIC = b"%PDF-"
SNIFF_BYTES = 1024  # the PDF header may follow some junk; readers accept it within 1 KB


@dataclass(frozen=True)
class InputFile:
    """A PDF to process: where it is, and the name it has inside the bundle."""

    path: Path
    relpath: str


@dataclass(frozen=True)
class Skipped:
    """A path that was not processed, and why. ``exit_code`` is None when that is not an error
    (a non-PDF file found while searching a folder)."""

    path: str
    reason: str
    exit_code: int | None = None

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason, "error": self.exit_code is not None}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def looks_like_pdf(path: Path) -> bool:
    with open(path, "rb") as handle:
        return PDF_MAGIC in handle.read(SNIFF_BYTES)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk_pdfs(root: Path) -> tuple[list[Path], list[Path]]:
    """All files under root, split into PDFs (by extension) and others, both sorted."""
    pdfs, others = [], []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        for name in sorted(filenames):
            path = Path(folder, name)
            if _is_hidden(name):
                continue
            (pdfs if name.lower().endswith(".pdf") else others).append(path)
    return sorted(pdfs), sorted(others)


def collect_inputs(args: Iterable[str | os.PathLike]) -> tuple[list[InputFile], list[Skipped]]:
    """Expand files and folders into a sorted list of PDFs, plus the paths that were skipped.

    A file named explicitly must be a PDF (an error otherwise); files found in folders that are
    not PDFs are listed as skipped but are not an error.
    """
    found: list[InputFile] = []
    skipped: list[Skipped] = []
    seen: dict[str, Path] = {}
    for arg in args:
        path = Path(arg)
        if not path.exists():
            skipped.append(Skipped(str(arg), "no such file or folder", ExitCode.BAD_INPUT))
            continue
        if path.is_dir():
            pdfs, others = _walk_pdfs(path)
            skipped.extend(Skipped(str(p), "not a PDF (skipped)") for p in others)
            candidates = [(p, p.relative_to(path).as_posix()) for p in pdfs]
        else:
            candidates = [(path, path.name)]
        for pdf, rel in candidates:
            resolved = pdf.resolve()
            if rel in seen and seen[rel] != resolved:
                skipped.append(
                    Skipped(str(pdf), f"two inputs are both named {rel!r} in the bundle; "
                            "pass their common parent folder instead", ExitCode.BAD_INPUT))
                continue
            if rel not in seen:
                seen[rel] = resolved
                found.append(InputFile(path=pdf, relpath=rel))
    return found, skipped


def check_file(path: Path) -> None:
    """Raise InputError unless path is a readable, non-empty file that starts like a PDF."""
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if not path.is_file():
        raise InputError("not a regular file", path=str(path))
    if path.stat().st_size == 0:
        raise InputError("empty file (0 bytes)", path=str(path))
    try:
        is_pdf = looks_like_pdf(path)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=str(path)) from None
    if not is_pdf:
        raise InputError("not a PDF (no %PDF- header)", path=str(path))


def open_pdf(path: Path, password: str | None = None,
             max_pages: int = DEFAULT_MAX_PAGES) -> pymupdf.Document:
    """Open a PDF for reading, or raise the error that says what is wrong with it."""
    check_file(path)
    pymupdf.TOOLS.reset_mupdf_warnings()
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises several types for broken files
        raise DamagedError(f"damaged PDF, cannot be opened ({one_line(exc)})", path=str(path)) from None
    if doc.needs_pass:
        if not password:
            doc.close()
            raise EncryptedError("encrypted PDF: give its password with --password", path=str(path))
        if not doc.authenticate(password):
            doc.close()
            raise EncryptedError("encrypted PDF: the password given does not open it", path=str(path))
    if doc.page_count == 0:
        doc.close()
        raise DamagedError("the PDF has no readable pages", path=str(path))
    if max_pages and doc.page_count > max_pages:
        count = doc.page_count
        doc.close()
        raise InputError(f"too large: {count} pages (the limit is {max_pages}; raise it with --max-pages)",
                         path=str(path))
    return doc


def damage_note(doc: pymupdf.Document) -> str | None:
    """A sentence for the report when MuPDF had to repair the file's structure."""
    if doc.is_repaired:
        return "the file's structure was damaged and repaired on reading; some content may be missing"
    return None




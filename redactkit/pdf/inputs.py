"""Find the documents a user named and open them safely.

Folders are searched recursively and sorted, so two runs see the same files in the same order.
Every document gets a *relative path* (to the folder it was found in, or its own name when it was
named directly): the proposals file records it, and apply mirrors it under the output folder.

Besides PDFs, pictures (JPEG, PNG, TIFF, GIF, BMP) and e-mail messages (.eml) are documents:
:mod:`redactkit.pdf.convert` makes each a PDF in memory whenever it is opened, and its relative
path is its name with ".pdf" added ("photo.jpg.pdf"), so its redacted copy is a PDF. An e-mail's
attachments that are PDFs, pictures, text or messages are documents of their own
("mail.eml.attachments/attachment-2.pdf"), opened from the message (``InputFile.member``); the
other attachments are listed as not processed.

Opening is where bad input is caught, each with its own error: missing, empty, not a PDF,
encrypted without a password, damaged beyond repair, or larger than the page limit.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pymupdf

from redactkit.core.errors import (
    DamagedError,
    EncryptedError,
    ExitCode,
    InputError,
    one_line,
)
from redactkit.pdf import convert

# MuPDF prints warnings about odd files on stderr by default; we collect them instead.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

DEFAULT_MAX_PAGES = 5000
SNIFF_BYTES = 1024  # the PDF header may follow some junk; readers accept it within 1 KB


@dataclass(frozen=True)
class InputFile:
    """A PDF to process: where it is, and the name it has inside the bundle."""

    path: Path
    relpath: str
    member: str | None = None  # an e-mail attachment: its number in the message (path is the message)

    @property
    def where(self) -> str:
        """The input as problems name it: its path, and which attachment."""
        return describe(self.path, self.member)

    @property
    def source(self) -> str:
        """One string that open_pdf and sha256_file take for this input, attachments included,
        for the code that passes documents around as paths (verify's originals, previews)."""
        return join_source(self.path, self.member)


MEMBER_MARK = "#attachment-"


def describe(path, member: str | None) -> str:
    """A file, or an attachment of the message at path, as messages name it."""
    return f"{path} (attachment {member})" if member else str(path)


def join_source(path, member: str | None) -> str:
    return f"{path}{MEMBER_MARK}{member}" if member else str(path)


def split_source(source, member: str | None = None) -> tuple[Path, str | None]:
    """(file, attachment) of a source string: "mail.eml#attachment-2" is attachment 2 of
    mail.eml, unless a file of that very name exists."""
    path = Path(source)
    if member is None and MEMBER_MARK in path.name and not path.exists():
        name, _, number = path.name.rpartition(MEMBER_MARK)
        if number.replace(".", "").isdigit():
            return path.with_name(name), number
    return path, member


@dataclass(frozen=True)
class Skipped:
    """A path that was not processed, and why. ``exit_code`` is None when that is not an error
    (a non-PDF file found while searching a folder)."""

    path: str
    reason: str
    exit_code: int | None = None

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason, "error": self.exit_code is not None}


def sha256_file(path: Path, member: str | None = None) -> str:
    """The SHA-256 of the file, or of the attachment member of the e-mail message at path."""
    path, member = split_source(path, member)
    if member is not None:
        return hashlib.sha256(_attachment(path, member).data).hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_kind(path: Path) -> str | None:
    """"pdf", "image", "email" (see :mod:`.convert`), or None for a file redactkit cannot read."""
    with open(path, "rb") as handle:
        return convert.content_kind(handle.read(SNIFF_BYTES), path.name)


def bundle_name(relpath: str, kind: str | None) -> str:
    """The name a document has in the bundle: a converted one's gets ".pdf" added."""
    return relpath if kind in (None, "pdf") else relpath + ".pdf"


def attachment_name(message_name: str, number: str) -> str:
    """The bundle name of an e-mail attachment's document (message_name is the message's own)."""
    return f"{message_name.removesuffix('.pdf')}.attachments/attachment-{number}.pdf"


@lru_cache(maxsize=4)
def _message_attachments(path: str, stamp: tuple[int, int]) -> tuple[convert.Attachment, ...]:
    data = Path(path).read_bytes()
    return tuple(convert.attachments(convert.parse_message(data, path)))


def _file_stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def message_attachments(path: Path) -> tuple[convert.Attachment, ...]:
    """Every attachment of the message at path (cached while the file is unchanged)."""
    return _message_attachments(str(path), _file_stamp(path))


def _attachment(path: Path, member: str) -> convert.Attachment:
    found = next((a for a in message_attachments(path) if a.number == member), None)
    if found is None:
        raise InputError(f"the message has no attachment {member}", path=str(path))
    return found


def _attachment_items(item: InputFile, skipped: list[Skipped]) -> list[InputFile]:
    """The documents an e-mail's attachments become; the others are listed in skipped."""
    try:
        found = message_attachments(item.path)
    except InputError:
        return []  # opening the message itself reports it
    out = []
    for attachment in found:
        if attachment.kind is None:
            skipped.append(Skipped(describe(item.path, attachment.number),
                                   f"not processed: an attachment of type {attachment.content_type}, "
                                   "not a PDF, picture, text or e-mail"))
        else:
            out.append(InputFile(item.path, attachment_name(item.relpath, attachment.number), attachment.number))
    return out


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk_pdfs(root: Path) -> tuple[list[Path], list[Path]]:
    """All files under root, split into documents (PDFs, pictures, e-mail, by extension) and
    others, both sorted."""
    pdfs, others = [], []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        for name in sorted(filenames):
            path = Path(folder, name)
            if _is_hidden(name):
                continue
            (pdfs if convert.suffix_kind(name) else others).append(path)
    return sorted(pdfs), sorted(others)


def collect_inputs(args: Iterable[str | os.PathLike]) -> tuple[list[InputFile], list[Skipped]]:
    """Expand files and folders into a sorted list of documents, plus the paths that were skipped.

    A file named explicitly must be a PDF, a picture or an e-mail (an error otherwise, when it is
    opened); files found in folders that are none of these are listed as skipped but are not an
    error, and so are the attachments of a message that are none of these.
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
            kind = _kind_or_none(pdf)
            rel = bundle_name(rel, kind)
            resolved = pdf.resolve()
            if rel in seen and seen[rel] != resolved:
                skipped.append(
                    Skipped(str(pdf), f"two inputs are both named {rel!r} in the bundle; "
                            "pass their common parent folder instead", ExitCode.BAD_INPUT))
                continue
            if rel not in seen:
                seen[rel] = resolved
                item = InputFile(path=pdf, relpath=rel)
                found.append(item)
                if kind == "email":
                    found.extend(_attachment_items(item, skipped))
    return found, skipped


def _kind_or_none(path: Path) -> str | None:
    try:
        return file_kind(path) if path.is_file() else None
    except OSError:
        return None


def check_file(path: Path) -> str:
    """Raise InputError unless path is a readable, non-empty file that starts like a PDF, a
    picture or (by its name) an e-mail message; return which (see :func:`file_kind`)."""
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if not path.is_file():
        raise InputError("not a regular file", path=str(path))
    if path.stat().st_size == 0:
        raise InputError("empty file (0 bytes)", path=str(path))
    try:
        kind = file_kind(path)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=str(path)) from None
    if kind is None:
        raise InputError("not a PDF (no %PDF- header), picture or e-mail message", path=str(path))
    return kind


@lru_cache(maxsize=4)
def _converted(path: str, stamp: tuple[int, int], member: str | None) -> bytes:
    """The PDF a picture, a message or an attachment is (a PDF attachment: itself). stamp (the
    file's time and size) keeps the cache from serving a file that changed."""
    if member is not None:
        attachment = _attachment(Path(path), member)
        named = describe(path, member)
        if attachment.kind == "pdf":
            return attachment.data
        if attachment.kind == "image":
            return convert.picture_to_pdf(attachment.data, named)
        if attachment.kind == "email":
            inner = convert.parse_message(attachment.data, named, strict=False)  # declared a message
            return convert.message_to_pdf(inner, _document_name, prefix=f"{member}.")
        if attachment.kind == "text":
            return convert.text_to_pdf(attachment.data, attachment.charset, attachment.content_type)
        raise InputError(f"attachment {member} is not a PDF, picture, text or e-mail", path=path)
    data = Path(path).read_bytes()
    if file_kind(Path(path)) == "image":
        return convert.picture_to_pdf(data, path)
    message = convert.parse_message(data, path)
    return convert.message_to_pdf(message, _document_name)


def _document_name(number: str) -> str:  # as the message's document lists its attachments
    return f"attachment-{number}.pdf"


def pdf_bytes(source) -> bytes:
    """The bytes of the PDF that open_pdf(source) opens: the file's own, or the PDF a picture,
    a message or an attachment converts to (for checks that read the file's revisions)."""
    path, member = split_source(source)
    if member is None and file_kind(path) == "pdf":
        return path.read_bytes()
    return _converted(str(path), _file_stamp(path), member)


def open_pdf(path: Path, password: str | None = None,
             max_pages: int = DEFAULT_MAX_PAGES, member: str | None = None) -> pymupdf.Document:
    """Open a PDF for reading, or raise the error that says what is wrong with it. A picture or
    an e-mail message (or its attachment member) is opened as the PDF it converts to; path may
    be an input's ``source``."""
    path, member = split_source(path, member)
    kind = check_file(path)
    pymupdf.TOOLS.reset_mupdf_warnings()
    named = describe(path, member)
    try:
        if member is None and kind == "pdf":
            doc = pymupdf.open(path, filetype="pdf")
        else:
            data = _converted(str(path), _file_stamp(path), member)
            doc = pymupdf.open("pdf", data)
    except InputError:
        raise
    except Exception as exc:  # MuPDF raises several types for broken files
        raise DamagedError(f"damaged PDF, cannot be opened ({one_line(exc)})", path=named) from None
    if doc.needs_pass:
        if not password:
            doc.close()
            raise EncryptedError("encrypted PDF: give its password with --password", path=named)
        if not doc.authenticate(password):
            doc.close()
            raise EncryptedError("encrypted PDF: the password given does not open it", path=named)
    if doc.page_count == 0:
        doc.close()
        raise DamagedError("the PDF has no readable pages", path=named)
    if max_pages and doc.page_count > max_pages:
        count = doc.page_count
        doc.close()
        raise InputError(f"too large: {count} pages (the limit is {max_pages}; raise it with --max-pages)",
                         path=named)
    return doc


def damage_note(doc: pymupdf.Document) -> str | None:
    """A sentence for the report when MuPDF had to repair the file's structure."""
    if doc.is_repaired:
        return "the file's structure was damaged and repaired on reading; some content may be missing"
    # MuPDF reads a page tree that loops page by page instead, and says so only in a warning,
    # on loading a page
    try:
        doc.load_page(0)
    except Exception:  # the scan reports the page
        pass
    if "page tree" in pymupdf.TOOLS.mupdf_warnings(reset=False).lower():
        return "the file's page tree is damaged (MuPDF found its pages one by one); pages may be missing"
    return None




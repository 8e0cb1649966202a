"""``redactkit samples``: write a fictional case bundle, its case list and its answer key.

Layout of OUTDIR::

    bundle/...               the documents (the input tree a trainee or a checker is given)
    people.yaml              the case list (for --people)
    answer-key.json          {"items": [{"document", "page", "rects", "entity", "text", "person", "redact"}]}
    badly-redacted/...       with --badly-redacted: copies redacted badly, one failure mode or more each
    badly-redacted-key.json  which failure mode is in which copy, and the check of verify that finds it

Every file is written atomically (core.atomic), so an interrupted run leaves no half-written PDF.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from redactkit.core.atomic import write_bytes, write_text
from redactkit.core.errors import OutputError, UsageError
from redactkit.training.documents import DOCUMENTS, SCANNED_ALWAYS, write_document
from redactkit.training.values import Cast

KEY = "answer-key.json"
BAD_KEY = "badly-redacted-key.json"
SCAN_DPI = 150


@dataclass
class Bundle:
    """What was written: the folders and files, and the key (items, page 1-based, rects in page space)."""

    root: Path
    documents: list[str] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.root / "bundle"

    @property
    def key(self) -> Path:
        return self.root / KEY

    @property
    def people(self) -> Path:
        return self.root / "people.yaml"


def as_scan(doc: pymupdf.Document, dpi: int = SCAN_DPI) -> pymupdf.Document:
    """Each page printed and scanned: one greyscale picture per page, no text layer. The picture
    fills the page, so the key's rectangles stay where they were."""
    scan = pymupdf.open()
    for page in doc:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        out = scan.new_page(width=page.rect.width, height=page.rect.height)
        out.insert_image(out.rect, stream=pix.tobytes("png"))
    return scan


FILE_ID = re.compile(rb"/ID *\[ *<([0-9A-Fa-f]+)> *<([0-9A-Fa-f]+)> *\]")


def _bytes(doc: pymupdf.Document, seed: int, name: str) -> bytes:
    """The file, the same bytes for the same seed: MuPDF gives a new file a random /ID, so the ID
    is made from the seed and the document's name instead (the same length: nothing moves)."""
    doc.subset_fonts()  # the embedded font whole is 3.5 MB; a subset is a few KB
    data = doc.tobytes(garbage=3, deflate=True)

    def same_id(match: re.Match) -> bytes:
        digest = hashlib.sha256(f"redactkit samples {seed} {name}".encode()).hexdigest().upper().encode()
        first, second = match.group(1), match.group(2)
        return match.group(0).replace(first, digest[:len(first)], 1).replace(second, digest[-len(second):], 1)

    return FILE_ID.sub(same_id, data, count=1)


def _metadata(cast: Cast, name: str) -> dict:
    """The document information a force's case system writes. The author is the force, not the
    officer: an officer's name is kept by the policy, and a name in the metadata of a copy
    redacted by another tool would count as hidden data against a trainee."""
    return {"title": Path(name).stem.split("-", 1)[-1].replace("-", " "), "author": "West Yorkshire Police",
            "producer": "redactkit samples (fictional data)"}


def make_bundle(root: Path, seed: int = 1, docs: int | None = None, scanned: bool = False,
                badly: bool = False) -> Bundle:
    """Write a bundle of fictional case papers into root (created if missing)."""
    if docs is not None and not 1 <= docs <= len(DOCUMENTS):
        raise UsageError(f"--docs must be between 1 and {len(DOCUMENTS)}")
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror})", path=str(root)) from exc
    cast = Cast(seed)
    bundle = Bundle(root)
    originals: dict[str, bytes] = {}
    specs = DOCUMENTS[:docs] if docs else DOCUMENTS
    for spec in specs:
        name = spec[0]
        doc, items = write_document(cast, spec)
        doc.set_metadata(_metadata(cast, name))
        if scanned or name in SCANNED_ALWAYS:
            scan = as_scan(doc)
            scan.set_metadata(_metadata(cast, name))
            doc.close()
            doc = scan
        data = _bytes(doc, seed, name)
        doc.close()
        originals[name] = data
        target = bundle.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, data)
        bundle.documents.append(name)
        bundle.items.extend(items)
    write_text(bundle.people, cast.case_list())
    write_text(bundle.key, json.dumps({"seed": seed, "case": cast.operation, "policy": "police-to-cps",
                                       "items": bundle.items}, indent=1, ensure_ascii=False) + "\n")
    if badly:
        from redactkit.training.badly import write_badly_redacted

        bundle.failures = write_badly_redacted(root, cast, originals, bundle.items)
    return bundle

"""Badly redacted copies of a generated bundle, for quality-check training.

Each copy carries one of the ways redactions fail in practice (../shared/domain/verification.md),
and the key names it with the verify check that finds it, so a trainer can ask "what is wrong
with this one?" and redactkit verify (or qc) shows the answer:

=====================  ==================================================  =========================
mode                   what was done                                       found by
=====================  ==================================================  =========================
box-over-text          black boxes drawn over the text, text left in place  text-under-cover
white-out              white boxes drawn over the text                     text-under-cover
pixels-under-box       a scan with black boxes drawn over it, pixels kept  image-under-cover
metadata               redacted properly, a name left in the title and     hidden-channel
                       a bookmark
earlier-revision       redacted in an incremental update: the original     earlier-revision
                       is still in the file
missed-mention         redacted properly except one mention                visible-personal-data
=====================  ==================================================  =========================
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf

from redactkit.core.atomic import write_bytes, write_text
from redactkit.training.values import Cast

BAD_FOLDER = "badly-redacted"
BAD_KEY = "badly-redacted-key.json"
MODES = {
    "box-over-text": "text-under-cover",
    "white-out": "text-under-cover",
    "pixels-under-box": "image-under-cover",
    "metadata": "hidden-channel",
    "earlier-revision": "earlier-revision",
    "missed-mention": "visible-personal-data",
}


def _boxes(page: pymupdf.Page, items: list[dict], colour) -> None:
    for item in items:
        for rect in item["rects"]:
            page.draw_rect(pymupdf.Rect(rect), color=colour, fill=colour, width=0)


def redact_properly(doc: pymupdf.Document, items: list[dict]) -> None:
    """What a careful tool does: text, pixels and drawings under each box removed."""
    for page in doc:
        mine = [i for i in items if i["page"] == page.number + 1]
        for item in mine:
            for rect in item["rects"]:
                page.add_redact_annot(pymupdf.Rect(rect), fill=(0, 0, 0))
        if mine:
            page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS)


def _for_page(items: list[dict], page: pymupdf.Page) -> list[dict]:
    return [i for i in items if i["page"] == page.number + 1]


def _is_scan(doc: pymupdf.Document) -> bool:
    return all(not page.get_text().strip() for page in doc)


def badly_redacted(mode: str, data: bytes, items: list[dict], cast: Cast) -> tuple[bytes, str]:
    """(the badly redacted copy, what was done to it, in words without personal data)."""
    from redactkit.training.bundle import as_scan

    redact = [i for i in items if i["redact"]]
    doc = pymupdf.open("pdf", data)
    if mode == "box-over-text":
        for page in doc:
            _boxes(page, _for_page(redact, page), (0, 0, 0))
        note = f"{len(redact)} black boxes drawn over the text; the text is still there underneath"
    elif mode == "white-out":
        for page in doc:
            _boxes(page, _for_page(redact, page), (1, 1, 1))
        note = f"{len(redact)} white boxes drawn over the text (white-out); the text is still there"
    elif mode == "pixels-under-box":
        if not _is_scan(doc):
            scan = as_scan(doc)
            doc.close()
            doc = scan
        for page in doc:
            _boxes(page, _for_page(redact, page), (0, 0, 0))
        note = "black boxes drawn over a scan; the picture's pixels under them were not changed"
    elif mode == "metadata":
        redact_properly(doc, redact)
        person = next((i["person"] for i in redact if i["entity"] == "PERSON" and i["person"]), cast.complainant.name)
        doc.set_metadata({"title": f"Statement of {person}", "author": cast.oic.officer})
        doc.set_toc([[1, f"Statement of {person}", 1]])
        note = "redacted properly, but a redacted name is left in the title and a bookmark"
    elif mode == "earlier-revision":
        original = pymupdf.open("pdf", data)
        # an incremental update needs the file on disk: write the original, then update it
        import tempfile

        with tempfile.TemporaryDirectory(prefix="redactkit-samples-") as tmp:
            path = Path(tmp) / "doc.pdf"
            original.save(path)
            original.close()
            doc.close()
            doc = pymupdf.open(path)
            redact_properly(doc, redact)
            doc.saveIncr()
            doc.close()
            result = path.read_bytes()
        return result, "redacted in an incremental update: the unredacted original is still in the file"
    elif mode == "missed-mention":
        text_items = [i for i in redact if i["entity"] in ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS")] or redact
        left = text_items[len(text_items) // 2]
        redact_properly(doc, [i for i in redact if i is not left])
        note = f"redacted properly except one {left['entity']} on page {left['page']}, left visible"
    else:  # pragma: no cover - MODES is the list
        raise ValueError(mode)
    result = doc.tobytes(garbage=3, deflate=True) if mode != "metadata" else doc.tobytes(garbage=4, deflate=True)
    doc.close()
    return result, note


def found_by(mode: str, original: bytes) -> str:
    """The verify check that finds the mode in this document. On a scan, boxes of any colour are
    over a picture (image-under-cover); an earlier revision of a scan holds no text, and verify
    finds it by comparing the earlier revision's picture with the final one (earlier-revision)."""
    with pymupdf.open("pdf", original) as doc:
        scan = _is_scan(doc)
    if scan and mode in ("box-over-text", "white-out"):
        return "image-under-cover"
    return MODES[mode]


def write_badly_redacted(root: Path, cast: Cast, originals: dict[str, bytes], items: list[dict]) -> list[dict]:
    """One badly redacted copy per failure mode, of the documents in bundle order (a bundle of
    fewer documents than modes gets the first modes only); the key says which is which."""
    failures = []
    for (name, data), mode in zip(originals.items(), MODES):
        mine = [i for i in items if i["document"] == name]
        copy, note = badly_redacted(mode, data, mine, cast)
        target = root / BAD_FOLDER / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, copy)
        failures.append({"document": name, "mode": mode, "found_by": found_by(mode, data), "what": note})
    write_text(root / BAD_KEY, json.dumps({"failures": failures, "items": [
        i for i in items if any(f["document"] == i["document"] for f in failures)]}, indent=1,
        ensure_ascii=False) + "\n")
    return failures

"""Shared test helpers: build proposals by hand, and look for a secret in every corner of a PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf

from redactkit.pdf.inputs import sha256_file
from redactkit.pdf.layers import with_all_layers_on
from redactkit.model.proposals import DocumentProposals, Finding, Proposals, finding_id

HUGE = pymupdf.Rect(-1e5, -1e5, 1e5, 1e5)


def proposals_for(path: Path, secrets: list[str], entity: str = "PERSON", relpath: str | None = None) -> Proposals:
    """Proposals redacting every occurrence of each secret (found with search_for)."""
    sha = sha256_file(path)
    findings = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for secret in secrets:
                for i, quad in enumerate(page.search_for(secret)):
                    findings.append(Finding(
                        id=finding_id(sha, page.number + 1, entity, f"{secret}:{i}"), page=page.number + 1,
                        entity=entity, text=secret, score=1.0, rects=[list(quad)], recognizer="test",
                        reason="third-party personal data"))
        pages = doc.page_count
    doc_props = DocumentProposals(path=relpath or path.name, sha256=sha, pages=pages, findings=findings)
    return Proposals(created="2026-11-21T00:00:00+00:00", rules="test", policy="test", model="test",
                     documents=[doc_props])


def everywhere(path: Path, secret: str) -> list[str]:
    """Every place in the file where secret can still be found; empty when it is gone."""
    found = []
    data = path.read_bytes()
    needle = re.compile(r"\s*".join(re.escape(w) for w in secret.split()), re.IGNORECASE)
    with pymupdf.open(path) as doc:
        if len(re.findall(rb"%%EOF", data)) > 1 or doc.version_count > 1:
            found.append("earlier revision")
        shown = with_all_layers_on(doc)
        for page in shown:
            text = page.get_text("text", clip=HUGE, flags=0)
            if needle.search(text):
                found.append(f"page {page.number + 1} text")
        for page in doc:
            for annot in page.annots() or []:
                if any(needle.search(str(v)) for v in annot.info.values()):
                    found.append(f"annotation on page {page.number + 1}")
            for widget in page.widgets() or []:
                if needle.search(str(widget.field_value or "")):
                    found.append("form field")
            for link in page.get_links():
                if needle.search(str(link.get("uri", ""))):
                    found.append("link")
        if any(needle.search(str(v or "")) for v in doc.metadata.values()):
            found.append("metadata")
        if needle.search(doc.get_xml_metadata() or ""):
            found.append("XMP")
        if any(needle.search(t) for _l, t, _p in doc.get_toc()):
            found.append("bookmarks")
        for name in doc.embfile_names():
            found.append(f"embedded file {name}")
        raw = [secret.encode("latin-1", "ignore"), secret.encode("utf-16-be"), secret.encode("utf-16-le"),
               secret.encode("latin-1", "ignore").hex().encode(), secret.encode("latin-1", "ignore").hex().upper().encode()]
        for xref in range(1, doc.xref_length()):
            try:
                blobs = [doc.xref_object(xref).encode("latin-1", "replace")]
                if doc.xref_is_stream(xref):
                    blobs.append(doc.xref_stream(xref) or b"")
            except Exception:
                continue
            if any(r and r in b for r in raw for b in blobs):
                found.append(f"object {xref}")
    return found


def words_at(page: pymupdf.Page) -> list[tuple[str, float, float]]:
    return [(w[4], round(w[0], 1), round(w[3], 1)) for w in page.get_text("words")]

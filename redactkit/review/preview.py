"""Preview copies: the original with every proposal drawn as an unapplied Redact annotation."""

from __future__ import annotations

import colorsys
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pymupdf

from redactkit.core.atomic import write_bytes
from redactkit.core.errors import MismatchError, OutputError
from redactkit.model.matching import plan
from redactkit.model.proposals import Finding, Proposals
from redactkit.pdf.inputs import open_pdf

PREVIEW_SUFFIX = ".PREVIEW-not-redacted.pdf"


BANNER = "PREVIEW - NOT REDACTED - proposals shown as annotations; this file still holds everything"


KEPT_COLOUR = (0.1, 0.6, 0.2)


def entity_colour(entity: str) -> tuple[float, float, float]:
    """A stable, distinct colour per entity type."""
    hue = int(hashlib.sha1(entity.encode()).hexdigest()[:4], 16) / 0xFFFF
    return colorsys.hsv_to_rgb(hue, 0.85, 0.85)


def preview_path(out_dir: Path, relpath: str) -> Path:
    rel = Path(relpath)
    return out_dir / rel.parent / (rel.stem + PREVIEW_SUFFIX)


@dataclass
class PreviewResult:
    relpath: str
    path: Path
    proposed: int
    kept: int


MANIFEST = "redactkit-preview.json"  # embedded file: which document, and which findings were drawn


def annotation_name(finding_id: str, index: int) -> str:
    """The annotation's /NM: which finding (and which of its boxes) it is, read back by
    review --from-preview after a reviewer edited the preview in a viewer."""
    return f"redactkit:{finding_id}:{index}"


def _annotate(page: pymupdf.Page, finding: Finding) -> None:
    colour = entity_colour(finding.entity)
    for index, rect in enumerate(finding.rects):
        r = pymupdf.Rect(rect)
        if finding.redact:
            annot = page.add_redact_annot(r, fill=(0, 0, 0), cross_out=False)
            annot.set_colors(stroke=colour)
            annot.set_info(title="redactkit", subject=finding.entity,
                           content=f"{finding.entity} ({finding.decision}, score {finding.score:.2f}): "
                                   f"{finding.reason} [id {finding.id}]")
        else:
            annot = page.add_rect_annot(r)
            annot.set_colors(stroke=KEPT_COLOUR)
            annot.set_border(width=0.8, dashes=[2, 2])
            annot.set_info(title="redactkit", subject=f"KEPT {finding.entity}",
                           content=f"KEPT {finding.entity}: {finding.reason} [id {finding.id}]")
        annot.update()
        page.parent.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(annotation_name(finding.id, index)))


def preview(paths: Sequence[str | os.PathLike], proposals: Proposals, out_dir: Path,
            password: str | None = None) -> list[PreviewResult]:
    """Write a preview PDF for each input (checked against the proposals like apply)."""
    out_dir = Path(out_dir)
    work = plan(paths, proposals, out_dir, password)
    results = []
    for item, props in work:
        with open_pdf(item.path, password, max_pages=0, member=item.member) as doc:
            if props.pages != doc.page_count:
                raise MismatchError("page count differs from the proposals", path=item.where)
            proposed = kept = 0
            for finding in props.findings:
                if not 1 <= finding.page <= doc.page_count:
                    raise MismatchError(f"finding {finding.id} is on a page that does not exist", path=item.where)
                _annotate(doc[finding.page - 1], finding)
                if finding.redact:
                    proposed += 1
                else:
                    kept += 1
            for page in doc:
                width = page.rect.width
                banner = page.add_freetext_annot(pymupdf.Rect(10, 2, width - 10, 14), BANNER, fontsize=7,
                                                 text_color=(0.8, 0, 0), fill_color=(1, 1, 0.85))
                banner.set_info(title="redactkit")
                banner.update()
            manifest = {"document": item.relpath, "sha256": props.sha256, "pages": props.pages,
                        "redact": [f.id for f in props.findings if f.redact],
                        "kept": [f.id for f in props.findings if not f.redact]}
            doc.embfile_add(MANIFEST, json.dumps(manifest).encode("utf-8"), filename=MANIFEST,
                            desc="redactkit: the document and findings this preview shows")
            target = preview_path(out_dir, item.relpath)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"cannot create the folder ({exc.strerror})", path=str(target.parent)) from None
            write_bytes(target, doc.tobytes(garbage=3, deflate=True))
        results.append(PreviewResult(item.relpath, target, proposed, kept))
    return results

"""The quality-check job (``redactkit qc``): the pre-disclosure check of a bundle someone else
redacted, in one go.

Verify with ``--missed`` (what was done badly and what was not done at all), then a report a
supervisor can read without redactkit: a PDF with a table per document and, for every problem
with a place on a page, a small picture of that region. Personal data is never shown in the
report unless asked for: every rectangle a problem names on that page is pixelated in the
picture, and the text column is left out. The same is written as JSON (verify's report format).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import numpy as np
import pymupdf

from redactkit.core.atomic import write_bytes
from redactkit.jobs.verify import VerifyResult, verify, write_report
from redactkit.pdf.inputs import collect_inputs, open_pdf
from redactkit.verify.document import VerifyOptions

PICTURE_DPI = 110
MARGIN = 36  # points of page shown around a problem's rectangle
CELL = 6  # pixelation: pixels averaged into one block
_RECT = re.compile(r"\[\s*(-?[\d.]+),\s*(-?[\d.]+),\s*(-?[\d.]+),\s*(-?[\d.]+)\s*\]")


def problem_rect(where: str) -> pymupdf.Rect | None:
    match = _RECT.search(where or "")
    return pymupdf.Rect(*map(float, match.groups())) if match else None


def qc(paths: Sequence[str], options: VerifyOptions | None = None, progress=None) -> VerifyResult:
    """Verify every PDF with the missed check on."""
    return verify(paths, replace(options or VerifyOptions(), missed=True), progress)


def _pixelate(pixels: np.ndarray, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    region = pixels[y0:y1, x0:x1]
    for y in range(0, region.shape[0], CELL):
        for x in range(0, region.shape[1], CELL):
            block = region[y:y + CELL, x:x + CELL]
            block[...] = block.reshape(-1, block.shape[-1]).mean(axis=0).astype(np.uint8)


def region_picture(page: pymupdf.Page, rect: pymupdf.Rect, blur: list[pymupdf.Rect], show_text: bool) -> bytes:
    """PNG of the page around rect, the rectangle outlined in red, personal data pixelated."""
    clip = (rect + (-MARGIN, -MARGIN / 2, MARGIN, MARGIN / 2)) & page.rect
    pix = page.get_pixmap(dpi=PICTURE_DPI, clip=clip, alpha=False, colorspace=pymupdf.csRGB)
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3).copy()
    scale = PICTURE_DPI / 72

    def box(r: pymupdf.Rect) -> tuple[int, int, int, int]:
        return (max(0, int((r.x0 - clip.x0) * scale) - 2), max(0, int((r.y0 - clip.y0) * scale) - 2),
                min(pix.width, int((r.x1 - clip.x0) * scale) + 3), min(pix.height, int((r.y1 - clip.y0) * scale) + 3))

    if not show_text:
        for r in blur:
            if r.intersects(clip):
                _pixelate(pixels, box(r))
    x0, y0, x1, y1 = box(rect)
    for x_a, x_b, y_a, y_b in ((x0, x1, y0, y0 + 2), (x0, x1, y1 - 2, y1), (x0, x0 + 2, y0, y1), (x1 - 2, x1, y0, y1)):
        pixels[max(y_a, 0):max(y_b, 0), max(x_a, 0):max(x_b, 0)] = (220, 0, 0)
    out = pymupdf.Pixmap(pymupdf.csRGB, pix.width, pix.height, pixels.tobytes(), False)
    return out.tobytes("png")


class _Report:
    """A plain A4 report laid out top to bottom with base-14 fonts."""

    def __init__(self):
        self.doc = pymupdf.open()
        self.new_page()

    def new_page(self):
        self.page = self.doc.new_page(width=595, height=842)
        self.y = 50

    def need(self, height: float):
        if self.y + height > 800:
            self.new_page()

    def text(self, text: str, size: float = 9, bold: bool = False, x: float = 40, colour=(0, 0, 0),
             mono: bool = False):
        self.need(size * 1.6)
        fontname = ("cobo" if bold else "cour") if mono else ("hebo" if bold else "helv")
        self.page.insert_text((x, self.y), text[:110 if mono else 150], fontname=fontname, fontsize=size,
                              color=colour)
        self.y += size * 1.5


def write_qc_report(result: VerifyResult, paths: Sequence[str], target: Path, options: VerifyOptions,
                    show_text: bool = False) -> None:
    """The supervisor's PDF report (atomically)."""
    files = {item.relpath: Path(item.source) for item in collect_inputs(paths)[0]}
    report = _Report()
    failed = sum(1 for r in result.files if r.status(result.strict) in ("fail", "unreadable"))
    report.text("redactkit quality check", 16, bold=True)
    report.text(f"{len(result.files)} document(s); {failed} not fit for disclosure as they are. "
                "Personal data is pixelated in the pictures" + ("" if not show_text else " (shown: --show-text)") + ".")
    report.y += 8
    for file in result.files:
        status = file.status(result.strict)
        colour = (0, 0.5, 0) if status == "pass" else (0.75, 0.45, 0) if status == "pass with warnings" else (0.8, 0, 0)
        report.need(60)
        report.text(f"{file.path}   {file.pages} page(s)   {status}", 11, bold=True, colour=colour)
        if file.error:
            report.text(f"could not be checked: {file.error}")
            continue
        if not file.problems:
            report.text("no problems found")
            report.y += 6
            continue
        report.text(f"{'Page':<5} {'Severity':<8} {'Check':<22} Detail", 7.5, bold=True, x=44, mono=True)
        for p in file.problems:
            severity = "error" if p.severity == "error" or result.strict else "warning"
            line = f"{str(p.page or '-'):<5} {severity:<8} {p.check:<22} {p.detail}"
            report.text(line + (f"   [{p.text}]" if show_text and p.text else ""), 7.5, x=44, mono=True)
        path = files.get(file.path)
        placed = [p for p in file.problems if p.page and problem_rect(p.where)]
        if path is None or not placed:
            report.y += 8
            continue
        with open_pdf(path, options.password, max_pages=0) as doc:
            for p in placed:
                if p.page > doc.page_count:
                    continue
                page = doc[p.page - 1]
                blur = [problem_rect(q.where) for q in file.problems if q.page == p.page and problem_rect(q.where)]
                png = region_picture(page, problem_rect(p.where), blur, show_text)
                width, height = pymupdf.Pixmap(png).width * 72 / PICTURE_DPI, pymupdf.Pixmap(png).height * 72 / PICTURE_DPI
                scale = min(1.0, 500 / width)
                report.need(height * scale + 24)
                report.text(f"page {p.page}: {p.check} - {p.detail}", 8, x=44)
                report.page.insert_image(pymupdf.Rect(44, report.y - 4, 44 + width * scale, report.y - 4 + height * scale),
                                         stream=png)
                report.y += height * scale + 10
        report.y += 8
    report.doc.set_metadata({"title": "redactkit quality check", "producer": "redactkit"})
    write_bytes(Path(target), report.doc.tobytes(garbage=3, deflate=True))
    report.doc.close()


def write_qc(result: VerifyResult, paths: Sequence[str], report: Path, json_path: Path | None,
             options: VerifyOptions, show_text: bool = False) -> Path:
    """The PDF report and its JSON twin (REPORT.json beside it unless a path is given)."""
    json_path = json_path or Path(report).with_suffix(".json")
    write_qc_report(result, paths, report, options, show_text)
    write_report(result, json_path, show_text)
    return json_path

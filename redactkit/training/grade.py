"""``redactkit exercise grade``: mark a trainee's redacted PDFs against the answer key.

The PDFs may come from any tool, so nothing about how they were made is assumed: each key item
is looked for where the key says it is, in the submitted file as a reader and as a recovery tool
would see it:

- ``redacted``: its text is gone from the text layer and its place shows no writing;
- ``missed``: it can still be read (its characters are drawn and visible, or a scan still shows
  writing there);
- ``improper``: covered but recoverable (the text is still in the file under the box, the scan's
  pixels are still under the box, or an earlier revision still holds it: verify's detectors);
- for items the policy keeps: ``kept`` or ``over-redacted`` (blacked out although the policy
  keeps it).

Hidden data verify finds in a file (a name in the metadata or a bookmark, an earlier revision,
a switched-off layer, hidden text with personal data) is listed as well and costs points.

Score: 100 x (items redacted properly - half the items over-redacted) / items to redact, less 5
points per piece of hidden data (at most 30), between 0 and 100. An untouched bundle scores 0;
black boxes over live text score nothing for the items under them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pymupdf

from redactkit.core.atomic import write_bytes, write_text
from redactkit.core.errors import InputError, UsageError
from redactkit.pdf.inputs import check_file, collect_inputs, open_pdf
from redactkit.verify.document import VerifyOptions
from redactkit.verify.missed import DPI, INK
from redactkit.verify.visibility import PageCopies

HIDDEN_CHECKS = {"hidden-channel", "earlier-revision", "hidden-layer", "hidden-text", "unapplied-redaction"}
COVER_CHECKS = {"text-under-cover", "image-under-cover", "ocr-text-under-cover", "unapplied-redaction"}
RED, AMBER = (0.9, 0.0, 0.0), (1.0, 0.6, 0.0)
HIDDEN_POINTS, HIDDEN_MAX = 5, 30


@dataclass
class ItemMark:
    item: dict
    status: str  # redacted, missed, improper, kept, over-redacted, not submitted
    why: str = ""

    def to_dict(self, show_text: bool) -> dict:
        data = {k: v for k, v in self.item.items() if k != "text" or show_text}
        data.update(status=self.status, why=self.why)
        return data


@dataclass
class Grade:
    marks: list[ItemMark] = field(default_factory=list)
    hidden: list[dict] = field(default_factory=list)  # {document, page, check, detail}
    unknown: list[str] = field(default_factory=list)  # submitted files the key does not know

    def count(self, status: str) -> int:
        return sum(1 for m in self.marks if m.status == status)

    @property
    def to_redact(self) -> int:
        return sum(1 for m in self.marks if m.item["redact"])

    @property
    def score(self) -> int:
        if not self.to_redact:
            return 0
        value = 100 * (self.count("redacted") - 0.5 * self.count("over-redacted")) / self.to_redact
        value -= min(HIDDEN_MAX, HIDDEN_POINTS * len(self.hidden))
        return int(round(max(0.0, min(100.0, value))))

    def to_dict(self, show_text: bool = False) -> dict:
        statuses = ("redacted", "missed", "improper", "not submitted", "kept", "over-redacted")
        return {"version": 1, "score": self.score, "items_to_redact": self.to_redact,
                "counts": {s: self.count(s) for s in statuses}, "hidden_data": self.hidden,
                "unknown_files": self.unknown, "items": [m.to_dict(show_text) for m in self.marks]}


def load_key(path: Path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        items = data["items"]
        for item in items:
            item["document"], item["page"], item["rects"], item["redact"]  # noqa: B018 (shape check)
    except FileNotFoundError:
        raise InputError("no such key file", path=str(path)) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not an answer key (a JSON file with items: document, page, rects, redact): {exc}",
                         path=str(path)) from None
    return items


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]", "", text)


def _grey(page: pymupdf.Page) -> np.ndarray:
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY, alpha=False, annots=True)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width).astype(np.int16)


def _box(rect: pymupdf.Rect, matrix: pymupdf.Matrix, shape) -> tuple[int, int, int, int] | None:
    box = (rect * matrix).irect
    x0, y0, x1, y1 = max(box.x0, 0), max(box.y0, 0), min(box.x1, shape[1]), min(box.y1, shape[0])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _shows_writing(shown: np.ndarray, rect: pymupdf.Rect, matrix: pymupdf.Matrix) -> bool:
    """Writing in the middle of the rectangle (where letters are, whatever the height of the box a
    tool drew): not one flat colour (a box, white-out, or a blank left by removal)."""
    band = pymupdf.Rect(rect.x0 + 0.1 * rect.width, rect.y0 + 0.3 * rect.height,
                        rect.x1 - 0.1 * rect.width, rect.y1 - 0.3 * rect.height)
    box = _box(band, matrix, shown.shape)
    if box is None:
        return False
    region = shown[box[1]:box[3], box[0]:box[2]]
    close = np.abs(region - np.median(region)) <= 40
    return float(close.mean()) < 0.93


class _Page:
    """One submitted page, looked at once for all its items."""

    def __init__(self, doc: pymupdf.Document, copies: PageCopies, number: int):
        page = doc[number - 1]
        self.matrix = page.rotation_matrix * pymupdf.Matrix(DPI / 72, DPI / 72)
        self.shown = _grey(page)
        self.images = [pymupdf.Rect(i["bbox"]) for i in page.get_image_info()]
        self.chars = [(pymupdf.Rect(ch["bbox"]), ch["c"]) for block in page.get_text("rawdict")["blocks"]
                      for line in block.get("lines", []) for span in line["spans"] for ch in span["chars"]]
        self._copies, self._number, self._bare = copies, number, None

    def bare(self) -> np.ndarray:
        if self._bare is None:
            self._bare = _grey(self._copies.text_free_page(self._number - 1))
        return self._bare

    def look(self, item: dict) -> tuple[float, float, bool]:
        """(share of the item's characters in the text layer, share drawn and visible, writing shown)."""
        want = len(_alnum(item["text"])) or 1
        present = visible = 0
        writing = False
        for raw in item["rects"]:
            rect = pymupdf.Rect(raw)
            inner = pymupdf.Rect(rect.x0 - 1, rect.y0 - 1, rect.x1 + 1, rect.y1 + 1)
            for bbox, c in self.chars:
                if not _alnum(c) or not inner.contains((bbox.tl + bbox.br) / 2):
                    continue
                present += 1
                box = _box(bbox, self.matrix, self.shown.shape)
                if box and (np.abs(self.shown[box[1]:box[3], box[0]:box[2]]
                                   - self.bare()[box[1]:box[3], box[0]:box[2]]) >= INK).sum() >= 2:
                    visible += 1
            # a picture of writing (a scan, or text flattened into an image) can be read too
            if any(image.intersects(rect) for image in self.images):
                writing = writing or _shows_writing(self.shown, rect, self.matrix)
        return min(1.0, present / want), min(1.0, visible / want), writing


def _overlaps(problem, item: dict) -> bool:
    if problem.page != item["page"] or not problem.where.startswith("["):
        return False
    try:
        where = pymupdf.Rect(json.loads(problem.where))
    except ValueError:
        return False
    return any(pymupdf.Rect(r).intersects(where) for r in item["rects"])


def _in_revision(problem, item: dict) -> bool:
    """An earlier revision holds the item: its words (a text page), or the picture under its place
    (a scan blacked out in an incremental update: verify gives the place, not the words)."""
    if problem.check != "earlier-revision" or problem.page != item["page"]:
        return False
    if problem.where.startswith("["):
        return _overlaps(problem, item)
    if not problem.text:
        return False
    words = set(problem.text.split())
    return all(w in words for w in item["text"].split())


def mark_item(page: _Page | None, item: dict, problems: Sequence) -> ItemMark:
    if page is None:
        return ItemMark(item, "missed" if item["redact"] else "over-redacted", "page missing from the submission")
    present, visible, writing = page.look(item)
    recoverable = next((p for p in problems if p.check in COVER_CHECKS and _overlaps(p, item)), None)
    revision = next((p for p in problems if _in_revision(p, item)), None)
    if not item["redact"]:
        if visible >= 0.5 or (present < 0.3 and writing):
            return ItemMark(item, "kept")
        return ItemMark(item, "over-redacted", "blacked out or removed, but the policy keeps it")
    if visible >= 0.3 or (present < 0.3 and writing and recoverable is None):
        return ItemMark(item, "missed", "still readable")
    if present >= 0.3:
        return ItemMark(item, "improper", "covered, but the text is still in the file under the cover")
    if recoverable is not None:
        return ItemMark(item, "improper", f"covered but recoverable ({recoverable.check})")
    if revision is not None:
        return ItemMark(item, "improper", "removed, but an earlier revision in the file still holds it")
    return ItemMark(item, "redacted")


def _match(key_docs: set[str], relpath: str) -> str | None:
    if relpath in key_docs:
        return relpath
    by_name = [d for d in key_docs if Path(d).name == Path(relpath).name]
    return by_name[0] if len(by_name) == 1 else None


def grade(key: Path, submitted: Sequence[str], password: str | None = None,
          annotate: Path | None = None) -> Grade:
    """Grade the submitted PDFs (files or folders) against the answer key."""
    from redactkit.jobs.verify import verify_items

    items = load_key(key)
    key_docs = {i["document"] for i in items}
    for arg in submitted:
        if Path(arg).is_file():
            check_file(Path(arg))  # a file named on the command line must be a PDF
    inputs, skipped = collect_inputs(submitted)
    if not inputs:
        raise UsageError("nothing to grade: no PDF in " + ", ".join(map(str, submitted)))
    bad = next((s for s in skipped if s.exit_code is not None), None)
    if bad is not None:
        raise InputError(bad.reason, path=bad.path)
    result = Grade()
    matched: dict[str, Path] = {}
    for item in inputs:
        name = _match(key_docs, item.relpath)
        if name is None:
            result.unknown.append(item.relpath)
        else:
            matched[name] = Path(item.source)
    if all(Path(arg).is_file() for arg in submitted):
        # single documents handed in: they are marked on their own, not against the whole bundle
        key_docs = set(matched)
    checked = verify_items([(path, name) for name, path in matched.items()],
                           VerifyOptions(password=password, workers=1))
    reports = {r.path: r for r in checked.files}
    for name in sorted(key_docs):
        mine = [i for i in items if i["document"] == name]
        if name not in matched:
            result.marks += [ItemMark(i, "not submitted" if i["redact"] else "kept", "document not submitted")
                             for i in mine]
            continue
        report = reports.get(name)
        problems = report.problems if report else []
        if report is not None and report.error:
            raise InputError(report.error, path=str(matched[name]))
        result.hidden += [{"document": name, "page": p.page, "check": p.check, "detail": p.detail}
                          for p in problems if p.check in HIDDEN_CHECKS and p.severity == "error"]
        with open_pdf(matched[name], password, max_pages=0) as doc:
            copies = PageCopies(doc)
            pages: dict[int, _Page] = {}
            marks = []
            for item in mine:
                number = item["page"]
                if number <= doc.page_count and number not in pages:
                    pages[number] = _Page(doc, copies, number)
                marks.append(mark_item(pages.get(number), item, problems))
            copies.close()
            result.marks += marks
            if annotate is not None:
                _annotate(doc, marks, Path(annotate) / name)
    return result


def _annotate(doc: pymupdf.Document, marks: list[ItemMark], target: Path) -> None:
    """A copy with misses (and improper redactions) outlined in red, over-redactions in amber."""
    copy = pymupdf.open("pdf", doc.tobytes())
    for mark in marks:
        colour = RED if mark.status in ("missed", "improper") else AMBER if mark.status == "over-redacted" else None
        if colour is None or mark.item["page"] > copy.page_count:
            continue
        page = copy[mark.item["page"] - 1]
        for r in mark.item["rects"]:
            page.draw_rect(pymupdf.Rect(r) + (-2, -2, 2, 2), color=colour, width=1.5)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, copy.tobytes(garbage=3, deflate=True))
    copy.close()


def write_grade(grade_: Grade, path: Path, show_text: bool = False) -> None:
    write_text(Path(path), json.dumps(grade_.to_dict(show_text), indent=1, ensure_ascii=False) + "\n")

"""Review at scale (issue 14): a 1,000-page bundle, its proposals made synthetically.

The sample bundle (samples/bundle, 9 pages) is copied until it has 1,000 pages; the proposals are
made from the words on each page (one word in eight becomes a finding, of a rotating entity type
and score), not by scanning 1,000 pages, so the section takes seconds and needs no language
model. Then, each as the user runs it (a fresh ``redactkit`` process, best of three, with the CPU
seconds of that run: on a loaded machine the wall clock also counts the wait for the CPU):

  * a bulk decision by FILTER (``--reject 'entity=DATE_OF_BIRTH,score<0.5'``): target < 1 s
  * a ``--list`` page with context read from the PDFs (``--limit 50 --bundle``): target < 1 s
  * the interactive review's start-up to its first screen (a fresh process, imports included,
    drawn by Textual's test driver at 80x24): target < 2 s
  * ``--from-preview`` of every document's preview, edited (a box deleted on each): < 5 s
  * ``--import-csv`` of an exported sheet with 500 decisions changed: < 5 s

Baseline, measured in the same run: loading the proposals file (read, JSON, schema check) in a
fresh process, the least any review command does. Ratios against it travel between machines.

    python -m bench --only review        or        python bench/review.py [--pages 1000]
"""

from __future__ import annotations

import csv
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = ["PERSON", "DATE_OF_BIRTH", "PHONE_NUMBER", "ADDRESS", "UK_NINO", "UK_POSTCODE", "EMAIL_ADDRESS",
            "UK_COLLAR_NUMBER"]
CLI = [sys.executable, "-c", "from redactkit.cli import main; main()"]


def build(work: Path, pages: int) -> tuple[Path, Path]:
    """The sample bundle copied to `pages` pages, and synthetic proposals for it."""
    import pymupdf

    from redactkit.model.proposals import DocumentProposals, Finding, Proposals, finding_id
    from redactkit.pdf.inputs import collect_inputs, sha256_file

    source = ROOT / "samples" / "bundle"
    inputs, _skipped = collect_inputs([source])
    folder = work / "bundle"
    if folder.exists():
        shutil.rmtree(folder)
    documents, total, copy = [], 0, 0
    while total < pages:
        for item in inputs:
            if total >= pages:
                break
            rel = f"copy{copy:03d}/{item.relpath}"
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item.path, target)
            sha = sha256_file(target)
            findings = []
            with pymupdf.open(target) as doc:
                for page in doc:
                    for i, w in enumerate(page.get_text("words")[::8]):
                        entity = ENTITIES[i % len(ENTITIES)]
                        rect = [round(v, 2) for v in w[:4]]
                        findings.append(Finding(
                            id=finding_id(sha, page.number + 1, entity, f"{rect}"), page=page.number + 1,
                            entity=entity, text=w[4], score=round(0.3 + (i % 7) / 10, 2), rects=[rect],
                            recognizer=f"{entity.title()}Recognizer", reason="synthetic", role="witness"))
                documents.append(DocumentProposals(path=rel, sha256=sha, pages=doc.page_count, findings=findings))
                total += doc.page_count
        copy += 1
    props = Proposals(created="2026-12-01T00:00:00+00:00", rules="bench", policy="bench", model="none",
                      documents=documents)
    path = work / "proposals.json"
    props.save(path)
    return folder, path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(args: list[str], runs: int = 3, before=None) -> tuple[float, float]:
    """Best wall-clock seconds of `runs` fresh processes, and the CPU seconds of that run (on a
    loaded machine the wall clock waits for other work; the CPU time does not). `before` runs
    before each (untimed): a decision made again would change nothing and save nothing."""
    best, cpu = float("inf"), 0.0
    for _ in range(runs):
        if before is not None:
            before()
        start, used = time.perf_counter(), _children_cpu()
        done = subprocess.run(args, capture_output=True, text=True)
        took, used = time.perf_counter() - start, _children_cpu() - used
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[3:6])}...: exit {done.returncode}: {done.stderr.strip()[:300]}")
        if took < best:
            best, cpu = took, used
    return best, cpu


INTERACTIVE = """
import asyncio, os, sys
from pathlib import Path
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as redactkit review does
from redactkit.model.proposals import Proposals
from redactkit.review.documents import Bundle
from redactkit.review.interactive import ReviewApp

path, folder = Path(sys.argv[1]), Path(sys.argv[2])
props = Proposals.load(path)
app = ReviewApp(path, props, "", Bundle(props, [folder]), "bench")

async def first_screen():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

asyncio.run(first_screen())
"""


def _interactive_start(path: Path, folder: Path) -> tuple[float, float]:
    """A fresh process, from its start to the first screen of the review drawn (80x24, by
    Textual's test driver) and closed: what a reviewer waits for, imports included."""
    return _timed([sys.executable, "-c", INTERACTIVE, str(path), str(folder)])


def _edited_previews(path: Path, folder: Path, work: Path) -> list[Path]:
    import pymupdf

    from redactkit.model.proposals import Proposals
    from redactkit.review.preview import preview

    out = work / "previews"
    if out.exists():
        shutil.rmtree(out)
    results = preview([folder], Proposals.load(path), out)
    edited = []
    for r in results:
        with pymupdf.open(r.path) as doc:
            for page in doc:
                annots = list(page.annots(types=[pymupdf.PDF_ANNOT_REDACT]))
                if annots:
                    page.delete_annot(annots[0])
                    break
            target = r.path.with_name(r.path.stem + ".edited.pdf")
            doc.save(target)
        edited.append(target)
    return edited


def _edited_csv(path: Path, work: Path) -> Path:
    sheet = work / "review.csv"
    subprocess.run(CLI + ["review", str(path), "--export-csv", str(sheet)], check=True, capture_output=True)
    with open(sheet, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[:500]:
        row["decision"], row["note"] = "keep", "bench"
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return sheet


def section_review(console, out_dir: Path, results: dict, target, pages: int = 1000) -> None:
    from rich.table import Table

    work = out_dir / "review"
    work.mkdir(parents=True, exist_ok=True)
    folder, path = build(work, pages)
    pristine = path.read_bytes()
    data = json.loads(pristine)
    findings = sum(len(d["findings"]) for d in data["documents"])
    baseline = _timed(CLI + ["stats", str(path)])  # load + a table: the least a review command does

    def fresh() -> None:
        path.write_bytes(pristine)

    fresh()
    bulk = _timed(CLI + ["review", str(path), "--reject", "entity=DATE_OF_BIRTH,score<0.5", "--by", "bench"],
                  before=fresh)
    fresh()
    listing = _timed(CLI + ["review", str(path), "--list", "entity=PERSON,doc=copy05*", "--limit", "50",
                            "--bundle", str(folder)])
    fresh()
    startup = _interactive_start(path, folder)
    fresh()
    edited = _edited_previews(path, folder, work)
    args = [a for p in edited for a in ("--from-preview", str(p))]
    fresh()
    from_preview = _timed(CLI + ["review", str(path), *args], runs=1)
    fresh()
    sheet = _edited_csv(path, work)
    csv_import = _timed(CLI + ["review", str(path), "--import-csv", str(sheet)], runs=1)
    fresh()
    rows = [("bulk decision by filter", bulk, 1.0), ("--list page (50, with context)", listing, 1.0),
            ("interactive start-up", startup, 2.0), (f"--from-preview ({len(edited)} previews)", from_preview, 5.0),
            ("--import-csv (500 changes)", csv_import, 5.0)]
    table = Table(title=f"review on {pages} pages, {len(data['documents'])} documents, {findings} findings "
                        f"(baseline: stats in a fresh process {baseline[0]:.2f} s, CPU {baseline[1]:.2f} s)")
    for column in ("operation", "seconds", "CPU seconds", "x baseline", "target"):
        table.add_column(column)
    for name, (took, cpu), limit in rows:
        table.add_row(name, f"{took:.2f}", f"{cpu:.2f}", f"{took / baseline[0]:.1f}", target(took < limit, f"< {limit:g} s"))
    console.print(table)
    results["review"] = {"pages": pages, "documents": len(data["documents"]), "findings": findings,
                         "baseline_stats_s": baseline[0], "baseline_stats_cpu_s": baseline[1],
                         **{name: {"seconds": took, "cpu_seconds": cpu, "ratio": took / baseline[0], "target_s": limit,
                                   "met": took < limit}
                            for name, (took, cpu), limit in rows},
                         "proposals_sha256": hashlib.sha256(pristine).hexdigest()[:16]}


def main(argv=None) -> int:
    import argparse

    from rich.console import Console

    parser = argparse.ArgumentParser(prog="python bench/review.py")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from redactkit.core.offline import forbid_network

    forbid_network()
    results: dict = {}
    section_review(Console(highlight=False, width=120), args.out, results,
                   lambda ok, text: f"{'met' if ok else 'MISSED'} ({text})", args.pages)
    (args.out / "review.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

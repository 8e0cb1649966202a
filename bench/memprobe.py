"""Run one scan in a fresh process and print its peak memory (used by ``python -m bench``).

    python -m bench.memprobe FOLDER WORKERS [--trace]
    python -m bench.memprobe --build TARGET PAGES SOURCE [SCAN_EVERY]

The first form prints one JSON line: pages, seconds, peak RSS of this process and of its largest
worker (MiB), the bundle pass's CPU and wall seconds. With --trace, tracemalloc follows this
process (not the workers: it is stopped in each forked child) and the line also gives the
Python heap's peak during the scan, what the result still holds after it, and the ten places
(file:line) holding most of that: run it at two bundle sizes and compare, to see which objects
grow with the bundle (slower: 1.7x the time on the producers corpus).

The second builds a bundle of about PAGES pages in TARGET by repeating the PDFs of SOURCE (each
copy made distinct by its title, so no two files are the same), with a one-page scan (a page of
SOURCE rasterised at 200 dpi, no text layer) first and after every SCAN_EVERY
pages of text: a large bundle of mixed text and scans, made in seconds.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

SCAN_DPI = 200


def peak_rss_mib() -> float:
    """This process's peak RSS (MiB): the high-water mark of its own memory map (VmHWM).

    Not getrusage's ru_maxrss: Linux carries that across exec, so a probe started by a large
    process (python -m bench, holding the detector and the other sections' data: 1,084 MiB)
    reported its parent's peak as its own, the same 1,084 MiB at 100 and at 10,000 pages. A
    forked worker's count starts afresh, so RUSAGE_CHILDREN stays right for the workers."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: the best there is


def build_repeated(target: Path, pages: int, source: Path, scan_every: int = 500) -> dict:
    """About pages pages of copies of source's PDFs (and scans) in target; returns the counts."""
    import pymupdf

    templates = [(p, pymupdf.open(p)) for p in sorted(source.rglob("*.pdf"))]
    if not templates:
        raise SystemExit(f"no PDFs in {source}")
    scan = pymupdf.open()
    first = templates[0][1][0]
    pix = first.get_pixmap(dpi=SCAN_DPI, colorspace=pymupdf.csGRAY)
    page = scan.new_page(width=first.rect.width, height=first.rect.height)
    page.insert_image(page.rect, pixmap=pix)
    target.mkdir(parents=True, exist_ok=True)
    made = text_pages = scan_pages = 0
    since_scan = scan_every  # a scan first: every size holds one
    while text_pages + scan_pages < pages:
        path, doc = templates[made % len(templates)]
        folder = target / f"part{made // 500:03d}"
        folder.mkdir(exist_ok=True)
        if scan_every and since_scan >= scan_every:
            out, count, name = scan, 1, f"scan{made:05d}.pdf"
            scan_pages += 1
            since_scan = 0
        else:
            out, count, name = doc, doc.page_count, f"{made:05d}-{path.name}"
            text_pages += count
            since_scan += count
        out.set_metadata({"title": f"copy {made}"})
        out.save(folder / name, garbage=1)
        made += 1
    for _path, doc in templates:
        doc.close()
    scan.close()
    return {"documents": made, "text_pages": text_pages, "scan_pages": scan_pages}


def probe(folder: str, workers: int, trace: bool = False) -> dict:
    if trace:
        import gc
        import os
        import tracemalloc

        tracemalloc.start(1)
        os.register_at_fork(after_in_child=tracemalloc.stop)
    from redactkit.core.offline import forbid_network
    from redactkit.jobs.scan import ScanOptions, scan

    from .bundlepass import _timed_pass

    forbid_network()
    marks = _timed_pass()
    started = time.perf_counter()
    result = scan([folder], ScanOptions(workers=workers))
    seconds = time.perf_counter() - started
    self_mib = peak_rss_mib()
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    traced = {}
    if trace:
        _now, peak = tracemalloc.get_traced_memory()
        gc.collect()
        snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, "<frozen *>")])
        traced = {"traced_peak_mib": round(peak / 2**20, 1),
                  "traced_held_mib": round(sum(s.size for s in snap.statistics("filename")) / 2**20, 1),
                  "traced_top": [f"{s.traceback[0].filename.rsplit('/', 2)[-1]}:{s.traceback[0].lineno} "
                                 f"{s.size / 2**20:.2f} MiB" for s in snap.statistics("lineno")[:10]]}
    return {
        "pages": result.pages,
        "documents": len(result.proposals.documents),
        "findings": sum(len(d.findings) for d in result.proposals.documents),
        "seconds": round(seconds, 2),
        "peak_main_mib": round(self_mib, 1),
        "peak_worker_mib": round(child_kib / 1024, 1),
        # the bundle pass (build_index to its last merge): CPU seconds of this process and of the
        # workers it forks for its page work, and wall seconds
        "bundle_pass_cpu_s": round(marks["end"] - marks["start"], 2),
        "bundle_pass_wall_s": round(marks["wall_end"] - marks["wall_start"], 2),
        **traced,
    }


def main() -> None:
    if sys.argv[1] == "--build":
        target, pages, source = Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
        scan_every = int(sys.argv[5]) if len(sys.argv) > 5 else 500
        print(json.dumps(build_repeated(target, pages, source, scan_every)))
        return
    print(json.dumps(probe(sys.argv[1], int(sys.argv[2]), "--trace" in sys.argv[3:])))


if __name__ == "__main__":
    main()

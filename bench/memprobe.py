"""Run one scan in a fresh process and print its peak memory (used by ``python -m bench``).

    python -m bench.memprobe FOLDER WORKERS
    python -m bench.memprobe --build TARGET PAGES SOURCE [SCAN_EVERY]

The first form prints one JSON line: pages, seconds, peak RSS of this process and of its largest
worker (MiB), the bundle pass's CPU and wall seconds. The second builds a bundle of about PAGES pages in TARGET by repeating the PDFs of
SOURCE (each copy made distinct by its title, so no two files are the same), with a one-page
scan (a page of SOURCE rasterised at 200 dpi, no text layer) first and after every SCAN_EVERY
pages of text: a large bundle of mixed text and scans, made in seconds.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

SCAN_DPI = 200


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


def probe(folder: str, workers: int) -> dict:
    from redactkit.core.offline import forbid_network
    from redactkit.jobs.scan import ScanOptions, scan

    from .bundlepass import _timed_pass

    forbid_network()
    marks = _timed_pass()
    started = time.perf_counter()
    result = scan([folder], ScanOptions(workers=workers))
    seconds = time.perf_counter() - started
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "pages": result.pages,
        "documents": len(result.proposals.documents),
        "findings": sum(len(d.findings) for d in result.proposals.documents),
        "seconds": round(seconds, 2),
        "peak_main_mib": round(self_kib / 1024, 1),
        "peak_worker_mib": round(child_kib / 1024, 1),
        # the bundle pass (build_index to its last merge): CPU seconds of this process and of the
        # workers it forks for its page work, and wall seconds
        "bundle_pass_cpu_s": round(marks["end"] - marks["start"], 2),
        "bundle_pass_wall_s": round(marks["wall_end"] - marks["wall_start"], 2),
    }


def main() -> None:
    if sys.argv[1] == "--build":
        target, pages, source = Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
        scan_every = int(sys.argv[5]) if len(sys.argv) > 5 else 500
        print(json.dumps(build_repeated(target, pages, source, scan_every)))
        return
    print(json.dumps(probe(sys.argv[1], int(sys.argv[2]))))


if __name__ == "__main__":
    main()

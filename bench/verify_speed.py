"""verify --strict against one render of every page, on apply's output of the generated bundle.

The same measure as bench/pipeline.py's section_apply_verify (render_every_page, read_every_page
and a blind verify --strict --workers 1, interleaved, each round's own ratio), with CPU time
beside wall time, more rounds, and an optional profile:

    python -m bench.verify_speed [--rounds 5] [--profile FILE] [--report FILE]

apply's output is kept in bench/out (verify-speed-<bundle>) so that runs compare the same files;
--fresh applies again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path

from bench.pipeline import read_every_page, render_every_page

OUT = Path(__file__).resolve().parent / "out"


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def outputs(pages: int = 200, fresh: bool = False) -> Path:
    """apply's outputs of the generated bundle (made once, then kept)."""
    from bench.__main__ import bundle
    from redactkit.apply.document import ApplyOptions
    from redactkit.jobs.apply import apply
    from redactkit.jobs.scan import ScanOptions, scan

    folder, _truth = bundle(OUT, pages)
    out = OUT / f"verify-speed-{folder.name}"
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    if not (out / ".done").exists():
        shutil.rmtree(out, ignore_errors=True)
        proposals = scan([folder], ScanOptions(workers=2)).proposals
        apply([folder], proposals, out, ApplyOptions(workers=1))
        (out / ".done").write_text("")
    return out


def report_json(result) -> dict:
    return {r.path: r.to_dict(True, True) for r in result.files}


def main(argv=None) -> int:
    from redactkit.jobs.verify import verify
    from redactkit.verify.document import VerifyOptions

    parser = argparse.ArgumentParser(prog="python -m bench.verify_speed")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--profile", type=Path, help="write a cProfile of one verify here (no timing rounds)")
    parser.add_argument("--report", type=Path, help="write the verify report (JSON, with text) here")
    args = parser.parse_args(argv)
    out = outputs(args.pages, args.fresh)
    options = VerifyOptions(strict=True, workers=1)
    _w, _c, result = _timed(lambda: verify([out], options))  # loads the detector
    if args.report:
        args.report.write_text(json.dumps(report_json(result), indent=1, ensure_ascii=False))
    if args.profile:
        import cProfile

        cProfile.runctx("verify([out], options)", globals(), {"verify": verify, "out": out, "options": options},
                        str(args.profile))
        return 0
    rows: dict[str, list[tuple[float, float]]] = {"render": [], "read": [], "verify": []}
    for _ in range(args.rounds):
        rows["render"].append(_timed(lambda: render_every_page(out))[:2])
        rows["read"].append(_timed(lambda: read_every_page(out))[:2])
        rows["verify"].append(_timed(lambda: verify([out], options))[:2])
    print(f"{sum(1 for _ in out.rglob('*.pdf'))} files, {args.rounds} rounds (median of each round's own ratio to the render)")
    for name in ("render", "read", "verify"):
        wall = statistics.median(w / r[0] for (w, _c), r in zip(rows[name], rows["render"]))
        cpu = statistics.median(c / r[1] for (_w, c), r in zip(rows[name], rows["render"]))
        best_w = min(w for w, _c in rows[name])
        best_c = min(c for _w, c in rows[name])
        print(f"{name:8s} wall {best_w:6.2f} s  cpu {best_c:6.2f} s   ratio wall {wall:.2f}  cpu {cpu:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

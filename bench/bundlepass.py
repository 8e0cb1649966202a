"""Time scan's bundle pass alone, on saved inputs (used to profile it and by ``python -m bench``).

    python -m bench.bundlepass save FOLDER SAVED [--people CASE_LIST]
    python -m bench.bundlepass replay FOLDER SAVED [PROPOSALS] [--profile OUT] [--workers N] [--people CASE_LIST]

save scans FOLDER with two workers and keeps what the first pass handed the second (the
documents' findings, the page texts and the character boxes) in SAVED, then stops. replay runs
scan on FOLDER again with the first pass's results read from SAVED instead of made, so that only
the bundle pass (and what follows it) runs, and prints one JSON line: the bundle pass's CPU
seconds (build_index to its last merge_findings; this process and its workers: with N workers, 1 by
default, its page work is forked as scan forks it) and wall seconds, the pages and findings,
this process's RSS before the pass and its peak at the pass's end; PROPOSALS: where
to write the proposals (to compare them across versions). The first pass of a 5,000-page bundle
takes most of an hour on two cores; its bundle pass, replayed, a minute.
"""

from __future__ import annotations

import json
import pickle
import resource
import shutil
import sys
import time
from pathlib import Path


class _Saved(Exception):
    pass


def _patched_collect(saved: Path, mode: str):
    from redactkit.jobs import scan as scan_module

    real = scan_module._collect

    def collect(chunks, documents, remaining, progress, texts, boxes_dir, compact):
        if mode == "save":
            real(chunks, documents, remaining, progress, texts, boxes_dir, compact)
            saved.mkdir(parents=True, exist_ok=True)
            with open(saved / "state.pickle", "wb") as out:
                pickle.dump(([d.findings for d in documents], [d.unreadable_pages for d in documents],
                             [d.ocr_pages for d in documents], [d.warnings for d in documents], texts), out,
                            protocol=pickle.HIGHEST_PROTOCOL)
            shutil.copytree(boxes_dir, saved / "boxes", dirs_exist_ok=True)
            raise _Saved
        with open(saved / "state.pickle", "rb") as data:
            findings, unreadable, ocr_pages, warnings, saved_texts = pickle.load(data)
        for doc, f, u, o, w in zip(documents, findings, unreadable, ocr_pages, warnings, strict=True):
            doc.findings, doc.unreadable_pages, doc.ocr_pages, doc.warnings = f, u, o, w
            compact.findings(doc.findings)
        texts.update(saved_texts)
        del saved_texts
        shutil.copytree(saved / "boxes", boxes_dir, dirs_exist_ok=True)

    scan_module._collect = collect


def _status(field: str) -> float:
    """A field of /proc/self/status in MiB (VmRSS: now; VmHWM: the peak so far)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the pass's forked workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed_pass():
    """Wrap build_index (the pass's start), merge_findings (its last call is the pass's end) and
    assign_roles (called after the pass: its end, where nothing was merged)."""
    from redactkit.jobs import scan as scan_module

    marks: dict[str, float] = {}
    build, assign, merge = scan_module.build_index, scan_module.assign_roles, scan_module.merge_findings

    def merge_findings(*args, **kwargs):
        merged = merge(*args, **kwargs)
        if "end" not in marks:  # the pass's merges are over once assign_roles is called
            marks["merged"], marks["wall_merged"] = _cpu(), time.perf_counter()
        return merged

    def build_index(*args, **kwargs):
        marks.setdefault("rss_before_mib", _status("VmRSS"))
        marks.setdefault("start", _cpu())
        marks.setdefault("wall_start", time.perf_counter())
        return build(*args, **kwargs)

    def assign_roles(*args, **kwargs):
        if "end" not in marks:
            marks["end"], marks["wall_end"] = marks.get("merged", _cpu()), marks.get("wall_merged", time.perf_counter())
            marks["hwm_after_mib"] = _status("VmHWM")
        return assign(*args, **kwargs)

    scan_module.build_index, scan_module.assign_roles = build_index, assign_roles
    scan_module.merge_findings = merge_findings
    return marks


def main(argv: list[str]) -> None:
    from redactkit.core.offline import forbid_network
    from redactkit.jobs.scan import ScanOptions, scan

    forbid_network()
    mode, folder, saved = argv[0], argv[1], Path(argv[2])
    profile, workers = None, 1
    if "--profile" in argv:
        at = argv.index("--profile")
        profile, argv = argv[at + 1], argv[:at] + argv[at + 2:]
    if "--workers" in argv:
        at = argv.index("--workers")
        workers, argv = int(argv[at + 1]), argv[:at] + argv[at + 2:]
    people = None
    if "--people" in argv:
        at = argv.index("--people")
        people, argv = Path(argv[at + 1]), argv[:at] + argv[at + 2:]
    _patched_collect(saved, mode)
    if mode == "save":
        try:
            scan([folder], ScanOptions(workers=2, people_file=people))
        except _Saved:
            pass
        print(json.dumps({"saved": str(saved)}))
        return
    marks = _timed_pass()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    result = scan([folder], ScanOptions(workers=workers, people_file=people))
    if profile:
        profiler.disable()
        profiler.dump_stats(profile)
    if len(argv) > 3:
        Path(argv[3]).write_text(result.proposals.to_json() if hasattr(result.proposals, "to_json")
                                 else json.dumps(result.proposals.model_dump(), default=str))
    print(json.dumps({
        "pages": result.pages,
        "findings": sum(len(d.findings) for d in result.proposals.documents),
        "workers": workers,
        "bundle_pass_cpu_s": round(marks["end"] - marks["start"], 2),
        "bundle_pass_wall_s": round(marks["wall_end"] - marks["wall_start"], 2),
        "rss_before_pass_mib": marks["rss_before_mib"],
        "peak_at_pass_end_mib": marks["hwm_after_mib"],
        "peak_main_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main(sys.argv[1:])

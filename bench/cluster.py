"""Bench section ``cluster``: the scan of the generated bundle on a Dask cluster of two workers
against the same cluster code with one worker, measured in the same run.

Both clusters are LocalClusters of worker processes on 127.0.0.1 (one thread each). Each is warmed
first with a scan of one document, so the detectors are built on its workers (they are kept per
worker process) and the figure is the steady-state speed of the work, not of loading spaCy. The
local scan with one worker is the third column, for the cost of shipping documents and results.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.table import Table


def _cluster(workers: int):
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        scheduler_port=0, dashboard_address=None)


def section_cluster(console, folder: Path, results: dict, target, repeats: int = 2) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        console.print("cluster: Dask distributed is not installed (pip install 'redactkit[cluster]'); skipped")
        results["cluster"] = {"skipped": "distributed not installed"}
        return
    import logging

    from redactkit.core.offline import allow_host, disallow_hosts
    from redactkit.jobs.scan import ScanOptions, scan

    logging.getLogger("distributed").setLevel(logging.WARNING)
    console.rule("cluster: scan on a Dask LocalCluster, two workers against one")
    first = sorted(folder.rglob("*.pdf"))[0]
    allow_host("127.0.0.1")
    times: dict[int, float] = {}
    pages = 0
    try:
        for workers in (1, 2):
            cluster = _cluster(workers)
            try:
                address = cluster.scheduler_address
                scan([first], ScanOptions(cluster=address))  # builds the detectors on the workers
                best = float("inf")
                for _ in range(repeats):
                    started = time.perf_counter()
                    result = scan([folder], ScanOptions(cluster=address))
                    best = min(best, time.perf_counter() - started)
                times[workers], pages = best, result.pages
            finally:
                cluster.close()
    finally:
        disallow_hosts()
    from redactkit.config.rules import load_rules
    from redactkit.detect.engine import Detector

    detector = Detector(load_rules())  # built once, as the workers' are
    local = min(_timed(lambda: scan([folder], ScanOptions(workers=1), detector=detector)) for _ in range(repeats))
    speedup = times[1] / times[2]
    table = Table(title=f"Cluster scan, {pages} pages (best of {repeats}, detectors already on the workers)")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    table.add_column("Target")
    table.add_row("scan, local, --workers 1", f"{local:.1f} s", "")
    table.add_row("scan, cluster of 1 worker", f"{times[1]:.1f} s", "")
    table.add_row("scan, cluster of 2 workers", f"{times[2]:.1f} s", "")
    table.add_row("ratio cluster(1) / local(1): shipping bytes", f"{times[1] / local:.2f}", "")
    table.add_row("speed-up cluster 2 workers / 1", f"{speedup:.2f}", target(speedup >= 1.6, ">= 1.6"))
    console.print(table)
    results["cluster"] = {"pages": pages, "local_w1_seconds": round(local, 2), "cluster_w1_seconds": round(times[1], 2),
                          "cluster_w2_seconds": round(times[2], 2), "speedup_w2": round(speedup, 2),
                          "ratio_cluster_w1_to_local_w1": round(times[1] / local, 2)}


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started

"""Run one scan in a fresh process and print its peak memory (used by ``python -m bench``).

    python -m bench.memprobe FOLDER WORKERS

Prints one JSON line: pages, seconds, peak RSS of this process and of its largest worker (MiB).
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> None:
    folder, workers = sys.argv[1], int(sys.argv[2])
    from redactkit.core.offline import forbid_network
    from redactkit.jobs.scan import ScanOptions, scan

    forbid_network()
    started = time.perf_counter()
    result = scan([folder], ScanOptions(workers=workers))
    seconds = time.perf_counter() - started
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({
        "pages": result.pages,
        "documents": len(result.proposals.documents),
        "findings": sum(len(d.findings) for d in result.proposals.documents),
        "seconds": round(seconds, 2),
        "peak_main_mib": round(self_kib / 1024, 1),
        "peak_worker_mib": round(child_kib / 1024, 1),
    }))


if __name__ == "__main__":
    main()

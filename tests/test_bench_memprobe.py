"""The bench's memory probe reports its own peak, not the peak of the process that started it.

getrusage's ru_maxrss is carried across exec on Linux: started from ``python -m bench`` (1 GB
after its other sections), the probe reported 1,084 MiB at 100 pages and at 10,000 alike.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
def test_a_probe_started_by_a_large_process_reports_its_own_peak():
    held = bytearray(400 * 2**20)
    held[::4096] = b"\x01" * len(held[::4096])  # every page touched: 400 MiB resident here
    try:
        code = "from bench.memprobe import peak_rss_mib; print(peak_rss_mib())"
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    finally:
        del held
    assert 1 < float(out.stdout) < 200  # a bare interpreter and numpy, far below the 400 MiB above

"""SIGTERM (a scheduler's time limit, `kill`) ends a job as Ctrl-C does: exit 130, one line, no
traceback, and nothing left behind: no half-written output and no temporary folder (a scan keeps
its documents' character boxes in a private folder while it works)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "tests" / "corpora" / "producers" / "pdf" / "scan-01-mg11-kowalczyk.pdf"
CLI = [sys.executable, "-c", "from redactkit.cli import main; main()"]


@pytest.mark.slow
def test_sigterm_during_a_scan_leaves_nothing_behind(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for n in range(3):  # long enough to be stopped while it works
        shutil.copy(SCAN, bundle / f"scan-{n}.pdf")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    out = tmp_path / "proposals.json"
    env = dict(os.environ, TMPDIR=str(private_tmp))
    proc = subprocess.Popen(CLI + ["scan", str(bundle), "--out", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(private_tmp.glob("redactkit-boxes-*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    assert proc.poll() is None, "the scan ended before it could be stopped"
    assert any(private_tmp.glob("redactkit-boxes-*")), "the scan's private folder never appeared"
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, (proc.returncode, stderr)
    assert "Traceback" not in stderr + stdout
    assert stderr.strip().splitlines()[-1] == "redactkit: interrupted; nothing half-written is left"
    assert list(private_tmp.iterdir()) == []  # the boxes folder and any temp file removed
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "tmp"]  # no stray output beside it
    assert sorted(p.name for p in bundle.iterdir()) == ["scan-0.pdf", "scan-1.pdf", "scan-2.pdf"]

"""A bundle run on a Dask cluster gives the same outputs, byte for byte, as a local run.

The cluster is a real one: a LocalCluster of two worker processes on 127.0.0.1, which builds
its own detectors from the rules shipped to it and reads the documents from the bytes sent to it.
The offline guard stays on: only loopback is let through, for the cluster's own connections.
"""

from __future__ import annotations

import json
import re
import socket

import pytest

from redactkit.core.offline import NetworkBlocked, allow_host, disallow_hosts

distributed = pytest.importorskip("distributed")


def _without_times(data):
    """A report or proposals file without what legitimately differs between two runs."""
    if isinstance(data, dict):
        return {k: _without_times(v) for k, v in data.items() if k not in {"created", "seconds", "elapsed", "when"}}
    if isinstance(data, list):
        return [_without_times(v) for v in data]
    return data


def _without_save_id(pdf: bytes) -> bytes:
    """The PDF without the second half of its trailer /ID: MuPDF makes a new one at every save
    (two local runs differ there too); everything else must be the same."""
    string = rb"(?:<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))"  # MuPDF writes it hex or literal, as the bytes fall
    return re.sub(rb"(/ID\s*\[\s*" + string + rb"\s*)" + string, rb"\1<>", pdf, flags=re.DOTALL)


def test_loopback_allowed_for_a_cluster_other_hosts_still_refused():
    allow_host("tcp://127.0.0.1:8786")
    try:
        with socket.socket() as sock:
            with pytest.raises(NetworkBlocked):
                sock.connect(("192.0.2.1", 8786))  # TEST-NET-1: never reachable, and refused first
        with pytest.raises(NetworkBlocked):
            socket.getaddrinfo("example.org", 443)
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with server, socket.socket() as sock:
            sock.connect(server.getsockname())  # the scheduler's host is let through
    finally:
        disallow_hosts()
    with socket.socket() as sock, pytest.raises(NetworkBlocked):
        sock.connect(("127.0.0.1", 9))


@pytest.mark.slow
def test_unreachable_scheduler_is_one_line_config_error(monkeypatch):
    from redactkit.core import cluster
    from redactkit.core.errors import ExitCode

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.close()  # nothing listens there now
    try:
        with pytest.raises(cluster.ClusterError) as caught:
            cluster.connect(f"tcp://127.0.0.1:{port}")
    finally:
        disallow_hosts()
    assert caught.value.exit_code == ExitCode.CONFIG
    assert "\n" not in str(caught.value)


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    allow_host("127.0.0.1")
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           scheduler_port=0, dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()
        disallow_hosts()


@pytest.mark.slow
def test_run_on_a_cluster_matches_a_local_run(scheduler, samples_dir, tmp_path, detector):
    from redactkit.jobs.run import RunOptions, run
    from redactkit.jobs.scan import ScanOptions

    people = samples_dir.parent / "people.yaml"
    local = run([str(samples_dir)], tmp_path / "local",
                RunOptions(scan=ScanOptions(workers=1, people_file=people)), detector=detector)
    remote = run([str(samples_dir)], tmp_path / "cluster",
                 RunOptions(scan=ScanOptions(workers=1, people_file=people, cluster=scheduler)))
    assert remote.exit_code == local.exit_code
    assert [(d.path, d.status, d.boxes) for d in remote.documents] == [(d.path, d.status, d.boxes) for d in local.documents]
    assert sum(d.boxes for d in remote.documents) > 0
    outputs = sorted(p.relative_to(tmp_path / "local") for p in (tmp_path / "local").rglob("*.pdf"))
    assert outputs and outputs == sorted(p.relative_to(tmp_path / "cluster") for p in (tmp_path / "cluster").rglob("*.pdf"))
    for name in outputs:
        ours, theirs = ((root / name).read_bytes() for root in (tmp_path / "cluster", tmp_path / "local"))
        assert _without_save_id(ours) == _without_save_id(theirs), name
    for name in ("proposals.json", "verify-report.json"):
        ours, theirs = (json.loads((root / "_INTERNAL-not-for-disclosure" / name).read_text())
                        for root in (tmp_path / "cluster", tmp_path / "local"))
        assert _without_times(ours) == _without_times(theirs), name


@pytest.mark.slow
def test_long_document_cut_into_chunks_on_a_cluster(scheduler, tmp_path, detector):
    """A document longer than a chunk is read by several tasks from bytes scattered once; the
    proposals are the same as a local scan's."""
    from tests.fixtures.pdfgen import DocBuilder

    from redactkit.jobs.scan import ScanOptions, scan

    builder = DocBuilder()
    for number in range(30):
        builder.para(f"Page {number}: Mary Jones rang from 07700 900{number:03d} about AB12 CDE.")
        builder.new_page()
    path = tmp_path / "long.pdf"
    builder.save(path)
    local = scan([path], ScanOptions(workers=1), detector=detector).proposals.to_dict()
    remote = scan([path], ScanOptions(workers=2, cluster=scheduler)).proposals.to_dict()
    assert remote["documents"][0]["pages"] == 31
    assert _without_times(remote) == _without_times(local)
    assert sum(1 for f in local["documents"][0]["findings"] if f["entity"] == "PHONE_NUMBER") >= 30

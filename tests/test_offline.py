"""redactkit never touches the network: the guard works, and a full scan runs under it."""

import socket

import pytest

from redactkit.core.offline import NetworkBlocked, allow_network, forbid_network, network_forbidden


def test_guard_blocks_connections_and_lookups():
    assert network_forbidden()
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("pypi.org", 443), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("publicsuffix.org", 443)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkBlocked):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()


def test_guard_can_be_lifted_and_restored():
    allow_network()
    try:
        assert not network_forbidden()
    finally:
        forbid_network()
    assert network_forbidden()


@pytest.mark.slow
def test_full_scan_under_the_block(samples_dir, rules):
    """A cold start (new detector: model load, Presidio, tldextract) and a scan of the whole
    sample bundle, e-mail addresses included, with every socket blocked."""
    from redactkit.detect.engine import Detector
    from redactkit.jobs.scan import ScanOptions, scan

    result = scan([samples_dir], ScanOptions(workers=2), detector=Detector(rules))
    emails = [f for d in result.proposals.documents for f in d.findings if f.entity == "EMAIL_ADDRESS"]
    assert emails, "the e-mail recognizer (tldextract) must work without the network"
    assert result.exit_code == 0


def test_email_domain_check_uses_the_bundled_suffix_list():
    from redactkit.detect.recognizers import OfflineEmailRecognizer

    recognizer = OfflineEmailRecognizer()
    assert recognizer.validate_result("someone@police.example.co.uk")
    assert not recognizer.validate_result("someone@localhost")

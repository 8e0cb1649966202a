"""Keep redactkit offline.

The documents redactkit reads are the most sensitive a police force holds, so the tool must never
touch the network. Three things in our dependency tree would try to:

* tldextract (used by Presidio's email recognizer) fetches the public suffix list on first use;
  ``TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS`` set to an empty value makes every new extractor use only
  the snapshot bundled in the wheel, and we build our own extractor that way as well.
* Presidio's spaCy engine downloads a model that is not installed; :mod:`redactkit.detect` checks
  the model is installed first and refuses otherwise.
* Hugging Face libraries (only if a user configures a transformer model) honour ``HF_HUB_OFFLINE``.

On top of that, :func:`forbid_network` replaces ``socket.socket.connect`` (and friends) so that any
attempt to reach another machine raises :class:`NetworkBlocked`. The command line installs it at
start-up, and the test suite installs it for every test, which is how we prove the claim.

The one exception is a Dask cluster the user names with ``--cluster``: :func:`allow_host` lets
connections to that scheduler's host through (and only to it; every other address stays refused).
"""

from __future__ import annotations

import os
import socket

_OFFLINE_ENV = {
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "SPACY_WARNING_IGNORE": "W095",
}


class NetworkBlocked(RuntimeError):
    """Raised when code inside redactkit tries to open a network connection."""


def set_offline_environment() -> None:
    """Set the environment variables that switch our dependencies to offline mode."""
    for key, value in _OFFLINE_ENV.items():
        os.environ[key] = value


_LOCAL_FAMILIES = {getattr(socket, "AF_UNIX", None)}
_original = {}


def _refuse(*_args, **_kwargs):
    raise NetworkBlocked("redactkit is offline: a network connection was attempted and refused")


_allowed_hosts: set[str] = set()  # a --cluster scheduler's host and its addresses


def _allowed(family, address) -> bool:
    if family in _LOCAL_FAMILIES:  # local pipes used by multiprocessing are fine
        return True
    return isinstance(address, tuple) and bool(address) and str(address[0]) in _allowed_hosts


def _guarded_connect(self, address, *args, **kwargs):
    if _allowed(self.family, address):
        return _original["connect"](self, address, *args, **kwargs)
    _refuse()


def _guarded_connect_ex(self, address, *args, **kwargs):
    if _allowed(self.family, address):
        return _original["connect_ex"](self, address, *args, **kwargs)
    _refuse()


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is None or str(host) not in _allowed_hosts:
        _refuse()
    found = _original["getaddrinfo"](host, *args, **kwargs)
    _allowed_hosts.update(str(entry[4][0]) for entry in found)  # the addresses it resolves to
    return found


def allow_host(address: str) -> str:
    """Let connections to one host through the guard (a Dask scheduler named with --cluster);
    address is a host name or a URL such as tcp://HOST:8786. Returns the host."""
    from urllib.parse import urlsplit

    host = urlsplit(address).hostname if "://" in address else address.rsplit(":", 1)[0] if address.count(":") == 1 else address
    host = (host or "").strip("[]")
    if not host:
        raise ValueError(f"no host in {address!r}")
    _allowed_hosts.add(host)
    if host == "localhost":
        _allowed_hosts.update({"127.0.0.1", "::1"})
    return host


def disallow_hosts() -> None:
    """Refuse every host again (undoes allow_host)."""
    _allowed_hosts.clear()


def _guarded_sendto(self, *args, **kwargs):
    if self.family in _LOCAL_FAMILIES:
        return _original["sendto"](self, *args, **kwargs)
    _refuse()


def forbid_network() -> None:
    """Make every non-local socket connection, DNS lookup or datagram raise NetworkBlocked."""
    set_offline_environment()
    if _original:
        return
    _original["connect"] = socket.socket.connect
    _original["connect_ex"] = socket.socket.connect_ex
    _original["sendto"] = socket.socket.sendto
    _original["getaddrinfo"] = socket.getaddrinfo
    _original["create_connection"] = socket.create_connection
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.socket.sendto = _guarded_sendto
    socket.getaddrinfo = _guarded_getaddrinfo
    socket.create_connection = _refuse


def allow_network() -> None:
    """Undo :func:`forbid_network` (used by tests that check the guard itself)."""
    if not _original:
        return
    socket.socket.connect = _original.pop("connect")
    socket.socket.connect_ex = _original.pop("connect_ex")
    socket.socket.sendto = _original.pop("sendto")
    socket.getaddrinfo = _original.pop("getaddrinfo")
    socket.create_connection = _original.pop("create_connection")


def network_forbidden() -> bool:
    return bool(_original)

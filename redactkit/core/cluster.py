"""The same job calls on a Dask distributed cluster: the executor seam's second executor.

``redactkit run/scan/apply/verify --cluster tcp://HOST:8786`` sends the calls of a job to the
workers of an existing Dask cluster instead of forked local processes. Dask (the ``distributed``
package, ``pip install redactkit[cluster]``) does the scheduling, retries on a lost worker and the
transport, so none of that is written here. What this module adds:

* **State built on each worker, never pickled.** A job gives a *recipe*: a small picklable object
  with ``build()`` (and, optionally, ``close(state)``). It travels in a Dask worker plugin, and each
  worker builds the state (the detector and its spaCy model) once, when the plugin is registered
  or when the worker joins later. A spaCy pipeline is hundreds of megabytes and its pickle is not
  guaranteed to behave like the loaded model; building it where it runs is both smaller and safe.
* **Files travel as bytes.** Workers need not share a disk with the client. A job says which local
  files each item reads (``files_of``); the client reads each file and sends its bytes with the
  task (or scatters them once, when several tasks read the file), and on the worker :func:`local_path` gives the call a private copy (a 0700 temporary
  folder, removed after the call). Outputs come back as bytes in the results, and the job writes
  them on the client, atomically, as a local run does.
* **Bounded memory.** Items are submitted in a window a few times the number of worker threads, and
  a document's bytes are released from the cluster when its last item is done, so a bundle of
  tens of thousands of pages never sits in memory at once.
* **Results in input order**, whatever order the workers finish in, so the outputs are the same,
  byte for byte, as a local run.

What crosses the network: the recipe (rules, options, the proposals when verifying), the documents
and the outputs. Run a cluster only on a trusted network, with TLS (``tls://``) when the scheduler
is on another machine.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import uuid
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence, TypeVar

from redactkit.core.errors import ConfigError, RedactkitError, UsageError, one_line

T = TypeVar("T")
R = TypeVar("R")

CONNECT_SECONDS = 20
INLINE_BYTES = 4 << 20  # a file read by one task goes inside it up to this size (Dask warns above)
WINDOW_PER_THREAD = 3  # items in flight per worker thread: enough to keep each busy, few in memory


class Recipe(Protocol):
    """What a job ships to every worker to build its state there."""

    def build(self) -> object: ...


class ClusterError(ConfigError):
    """The cluster cannot be reached or used (exit code 8, a configuration problem)."""


@dataclass(frozen=True)
class FolderBytes:
    """A small folder (the rules) as bytes, to rebuild on a worker that does not share our disk."""

    files: tuple[tuple[str, bytes], ...]

    @classmethod
    def of(cls, root: Path) -> "FolderBytes":
        root = Path(root)
        return cls(tuple((p.relative_to(root).as_posix(), p.read_bytes())
                         for p in sorted(root.rglob("*")) if p.is_file()))

    @property
    def key(self) -> str:
        digest = hashlib.sha256()
        for name, data in self.files:
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()

    def unpack(self, folder: Path) -> Path:
        for name, data in self.files:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder


class _Kept:
    """What a worker process keeps between jobs: unpacked rules folders and built detectors, by
    content (a second job with the same rules and model does not load spaCy again)."""

    objects: dict = {}
    folders: dict[str, str] = {}


def unpacked(folder: FolderBytes) -> Path:
    """folder's files in a private temporary folder of this process, unpacked once by content and
    removed when the process exits."""
    key = folder.key
    if key not in _Kept.folders:
        path = tempfile.mkdtemp(prefix="redactkit-rules-")
        atexit.register(shutil.rmtree, path, True)
        _Kept.folders[key] = str(folder.unpack(Path(path)))
    return Path(_Kept.folders[key])


def kept(key, build: Callable[[], T] | None = None) -> T | None:
    """The object this process built for key (build() it now if not yet; None without build)."""
    if key not in _Kept.objects:
        if build is None:
            return None
        _Kept.objects[key] = build()
    return _Kept.objects[key]


class _Shipped:
    """This worker's private copies of the files of the call it is running (see local_path)."""

    copies: dict[str, str] = {}


def local_path(path: str | os.PathLike) -> str:
    """Where this process can read a file of the job: the path itself in a local run, the private
    copy of its bytes on a cluster worker."""
    return _Shipped.copies.get(str(path), str(path))


def _load_distributed():
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError("--cluster needs Dask distributed: pip install 'redactkit[cluster]'") from None
    return distributed


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class JobState(WorkerPlugin):
        """Builds a job's state on each worker from its recipe, once (Dask calls setup on every
        worker that is there at registration and on any that joins later)."""

        def __init__(self, recipe: Recipe):
            self.recipe = recipe
            self.state = None

        def setup(self, worker):
            self.state = self.recipe.build()

        def teardown(self, worker):
            close = getattr(self.recipe, "close", None)
            if close is not None and self.state is not None:
                close(self.state)
            self.state = None

    return JobState


def _remote_call(plugin_name: str, function: Callable, item, blobs: dict[str, bytes]):
    """Runs on a worker: the call, with this item's files as private copies."""
    from distributed import get_worker

    plugin = get_worker().plugins[plugin_name]
    folder = tempfile.mkdtemp(prefix="redactkit-cluster-")  # 0700, removed below
    try:
        copies = {}
        for number, (name, data) in enumerate(sorted(blobs.items())):
            copy = Path(folder) / str(number) / Path(name).name
            copy.parent.mkdir()
            copy.write_bytes(data)
            copies[name] = str(copy)
        _Shipped.copies = copies
        return function(plugin.state, item)
    finally:
        _Shipped.copies = {}
        shutil.rmtree(folder, ignore_errors=True)


def connect(address: str):
    """A Dask client on the scheduler at address (tcp://HOST:8786 or tls://...), or a one-line error."""
    _load_distributed()
    from distributed import Client

    from redactkit.core.offline import allow_host

    allow_host(address)  # the one machine this run may talk to (the guard stays on for any other)
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({one_line(exc)})") from None


def run_on_cluster(address: str, function: Callable[[object, T], R], recipe: Recipe, items: Iterable[T],
                   files_of: Callable[[T], Sequence[str]] = lambda item: ()) -> Iterator[R]:
    """function(state, item) for every item, on the cluster's workers; results in input order.

    state is recipe.build(), made once on each worker. files_of(item) names the local files the
    call reads through local_path."""
    client = connect(address)
    name = f"redactkit-{uuid.uuid4().hex}"
    try:
        threads = sum(client.nthreads().values())
        if not threads:
            raise ClusterError(f"the Dask cluster at {address} has no workers")
        try:
            client.register_plugin(_plugin_class()(recipe), name=name)
        except RedactkitError:
            raise
        except Exception as exc:  # the state could not be built on a worker (model missing there)
            raise ClusterError(f"the cluster's workers cannot run redactkit ({one_line(exc)})") from None
        yield from _ordered(client, name, function, list(items), files_of, threads * WINDOW_PER_THREAD)
    finally:
        try:
            client.unregister_worker_plugin(name)
        except Exception:  # the cluster went away: nothing left to clean up there
            pass
        client.close()


def _ordered(client, name, function, items, files_of, window) -> Iterator:
    """Submit items in a bounded window; yield results in input order.

    A file only one item reads goes inside that item's task (no round trip of its own; most
    documents of a bundle are a few pages, one chunk); a file several items read (a long document
    cut into chunks), or a large one, is scattered to the cluster once, in one call for the whole window, and
    released when the last item that reads it has finished."""
    users: dict[str, int] = {}
    for item in items:
        for path in files_of(item):
            users[path] = users.get(path, 0) + 1
    shared = {p for p, n in users.items() if n > 1 or os.path.getsize(p) > INLINE_BYTES}
    scattered: dict[str, object] = {}
    pending: deque = deque()
    position = 0

    def fill():
        nonlocal position
        batch = items[position:position + max(0, window - len(pending))]
        position += len(batch)
        new = sorted({p for item in batch for p in files_of(item) if p in shared and p not in scattered})
        if new:
            for path, future in zip(new, client.scatter([Path(p).read_bytes() for p in new], hash=False)):
                scattered[path] = future
        for item in batch:
            paths = list(files_of(item))
            blobs = {p: scattered[p] if p in shared else Path(p).read_bytes() for p in paths}
            pending.append((client.submit(_remote_call, name, function, item, blobs, pure=False), paths))

    try:
        while position < len(items) or pending:
            if position < len(items) and len(pending) < window:
                fill()
            future, paths = pending.popleft()
            try:
                result = future.result()
            except RedactkitError:
                raise
            except Exception as exc:
                raise ClusterError(f"a cluster worker failed ({one_line(exc)})") from None
            for path in paths:
                users[path] -= 1
                if not users[path] and path in scattered:
                    scattered.pop(path).release()
            yield result
    finally:
        for future, _paths in pending:
            future.cancel()
        for blob in scattered.values():
            blob.release()

"""Worker processes for scan, apply and verify: the executor seam.

A job hands :func:`run_in_pool` a function, the state every call needs (the detector and its
spaCy model, the options, a staging folder) and the items. The state is given to each worker
once, by the executor's initializer, and every call receives it as its first argument, so no
job keeps what its workers need in a module-level dict. Workers are forked: what the parent
built (the spaCy model above all) is shared copy-on-write instead of pickled or loaded again.
A Dask cluster can stand behind the same call (:class:`Remote`, redactkit.core.cluster): there
the state is not handed over but built on each worker from a recipe, and files travel as bytes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """One worker per CPU, at most four (beyond that the disk and memory are the limit)."""
    return max(1, min(os.cpu_count() or 1, 4))


FREEZE = True  # see run_in_pool
_lent = 0  # CPUs this process may use beside its own for the item it is on (lent by run_in_pool)


def spare_cpus() -> int:
    """CPUs the item under way may use beside this process's (a scanned page read in strips on
    several): the workers a job was given that have nothing else to do, because it had fewer
    items than workers (one scanned page alone). 0 in a pool's worker, whose siblings hold the
    others, and outside a job unless lent (:func:`lending`)."""
    return _lent


def idle_cpus(wanted: int) -> int:
    """Up to wanted CPUs that the machine's load leaves free beside this process (the load average
    counts this process too): reading a page in strips on a machine whose CPUs are all busy costs
    more than reading it whole (ocrmypdf's jbig2.pdf at load 2.5 on 2 CPUs: 30 s against 21 s)."""
    try:
        free = (os.cpu_count() or 1) - os.getloadavg()[0]
    except OSError:
        return 0
    return max(0, min(wanted, int(free)))


@contextmanager
def lending(cpus: int):
    """spare_cpus() is cpus inside the block."""
    global _lent
    saved, _lent = _lent, max(0, cpus)
    try:
        yield
    finally:
        _lent = saved


class _Bound(Generic[S, T, R]):
    """What one worker process holds: the function and the state it was started with."""

    function: Callable[[S, T], R] | None = None
    state: object = None


def _start_worker(function: Callable, state: object) -> None:
    """The executor's initializer: runs once in each worker, before its first item."""
    _Bound.function, _Bound.state = function, state


def _call(item):
    return _Bound.function(_Bound.state, item)


@dataclass(frozen=True)
class Remote:
    """Run a job's calls on a Dask cluster instead: its scheduler's address, the recipe each
    worker builds the job's state from (picklable; built there, never the state itself pickled),
    and the local files each item reads (shipped as bytes; calls open them via local_path)."""

    address: str
    recipe: object
    files_of: Callable[[object], Sequence[str]] = lambda item: ()


def local_path(path) -> str:
    """The path a call opens a job's file by: itself locally, a private copy on a cluster worker."""
    from redactkit.core.cluster import local_path as shipped

    return shipped(path)


def run_in_pool(function: Callable[[S, T], R], state: S, items: Iterable[T], workers: int,
                remote: Remote | None = None) -> Iterator[R]:
    """function(state, item) for every item, in this process, in forked workers or (remote) on a
    Dask cluster; results in the order they finish (callers put them back in input order)."""
    items = list(items)
    if remote is not None:
        from redactkit.core.cluster import run_on_cluster

        yield from run_on_cluster(remote.address, function, remote.recipe, items, remote.files_of)
        return
    if workers <= 1 or len(items) <= 1:
        for item in items:
            with lending(idle_cpus(workers - 1)):  # a lone item may use the workers it leaves idle
                result = function(state, item)
            yield result
        return
    executor = ProcessPoolExecutor(max_workers=min(workers, len(items)),
                                   mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(function, state))
    try:
        # the workers are forked at the first submit. What this process holds (the spaCy model
        # above all) is frozen out of their garbage collections first: a collection writes to
        # every object it looks at, and each page of the model it wrote to would be copied
        if FREEZE:
            gc.freeze()
        try:
            pending = {executor.submit(_call, item) for item in items}
        finally:
            if FREEZE:
                gc.unfreeze()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)

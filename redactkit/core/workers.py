"""Worker processes for scan, apply and verify: the executor seam.

A job hands :func:`run_in_pool` a function, the state every call needs (the detector and its
spaCy model, the options, a staging folder) and the items. The state is given to each worker
once, by the executor's initializer, and every call receives it as its first argument, so no
job keeps what its workers need in a module-level dict. Workers are forked: what the parent
built (the spaCy model above all) is shared copy-on-write instead of pickled or loaded again.
Another executor (a cluster) can stand behind the same call.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable, Generic, Iterable, Iterator, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """One worker per CPU, at most four (beyond that the disk and memory are the limit)."""
    return max(1, min(os.cpu_count() or 1, 4))


class _Bound(Generic[S, T, R]):
    """What one worker process holds: the function and the state it was started with."""

    function: Callable[[S, T], R] | None = None
    state: object = None


def _start_worker(function: Callable, state: object) -> None:
    """The executor's initializer: runs once in each worker, before its first item."""
    _Bound.function, _Bound.state = function, state


def _call(item):
    return _Bound.function(_Bound.state, item)


def run_in_pool(function: Callable[[S, T], R], state: S, items: Iterable[T], workers: int) -> Iterator[R]:
    """function(state, item) for every item, in this process or in forked workers; results in
    the order they finish (callers put them back in input order)."""
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        for item in items:
            yield function(state, item)
        return
    executor = ProcessPoolExecutor(max_workers=min(workers, len(items)),
                                   mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(function, state))
    try:
        pending = {executor.submit(_call, item) for item in items}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)

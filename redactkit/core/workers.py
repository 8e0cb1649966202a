"""Worker processes for scan and apply: forked, so that what the parent built (the detector and
its spaCy model, the proposals) is shared copy-on-write instead of loaded again."""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """One worker per CPU, at most four (beyond that the disk and memory are the limit)."""
    return max(1, min(os.cpu_count() or 1, 4))


def run_in_pool(function: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """function over the items, in this process or in a pool of forked workers (results in the
    order they finish)."""
    items = list(items)
    if workers > 1 and len(items) > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(items))) as pool:
            yield from pool.imap_unordered(function, items)
    else:
        yield from map(function, items)

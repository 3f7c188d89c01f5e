"""Worker processes for a large run: each holds its own models and tags and finishes the pages it
is handed (lines with their template context already computed by the run's process, in input
order), so the articles are the ones a single process makes. Process-based (the line and NER
taggers and the enrichment are Python and C called from Python: threads would share one GIL).
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable, Iterator

from ..model import Article, Document, Rejection

_WORKER = None          # the worker process's Extractor


def default_jobs() -> int:
    """The CPUs this process may use (its affinity), at most 8."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(8, n))


def _init(settings: dict) -> None:
    global _WORKER
    from .extract import Extractor

    _WORKER = Extractor(templates=False, **settings)


def _work(block: list[Document | Rejection], prepared: list) -> list[Article | Rejection]:
    return _WORKER.finish_pages(block, prepared)


class ExtractPool:
    """`jobs` worker processes; `submit` hands out a block in chunks and returns a function that
    gives the block's outputs in order (waiting for them)."""

    def __init__(self, extractor, jobs: int) -> None:
        settings = dict(extractor.settings, collection=False)
        self.jobs = jobs
        # spawned, not forked: a worker starts clean (no copy of the caller's open archive or threads)
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init, initargs=(settings,))

    def submit(self, block: list[Document | Rejection], prepared: list) -> Callable[[], Iterator[Article | Rejection]]:
        preps = [p for p, _ in prepared]
        size = max(25, -(-len(block) // (self.jobs * 4)))       # about four chunks a worker
        futures: list[Future] = [self._pool.submit(_work, block[s:s + size], preps[s:s + size])
                                 for s in range(0, len(block), size)]

        def results() -> Iterator[Article | Rejection]:
            # each chunk's outputs as soon as it is done, in order: the caller stores the first
            # chunks of a block while the workers finish the rest (it waited for the whole block)
            for f in futures:
                yield from f.result()
        return results

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


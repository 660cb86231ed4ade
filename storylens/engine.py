"""Run the per-article extract stage: in this process, in a process pool, or on Dask.

The extract stage is a pure function of one article (`extract_batch`), so every engine gives
identical records; they differ only in where the function runs. Articles stream through a
bounded window of in-flight batches, so memory does not grow with the corpus.

With embed=True the batch's statement contents are also embedded there (the sentence
embedder is the costliest per-statement step; claims need it): the vectors travel with the
records into the store, so they scale out with extraction and are never computed twice. The
statements' parses always travel with the records (`extract.statement_parses`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Literal

from storylens.extract import extract_many
from storylens.model import Article, ArticleRecords

__all__ = ["BATCH_ARTICLES", "Engine", "extract_batch", "extract_stream"]

Engine = Literal["local", "dask"]
BATCH_ARTICLES = 16  # articles per task: big enough to amortise pickling, small for progress
WINDOW_PER_WORKER = 2  # in-flight batches per worker: keeps workers busy, memory bounded


def extract_batch(articles: list[Article], embed: bool = False) -> list[ArticleRecords]:
    """The unit of work shipped to a pool process or a Dask worker (model loaded once there)."""
    from storylens.nlp import load_nlp

    records = list(extract_many(articles, load_nlp()))
    if embed:
        from storylens.resolve.embeddings import attach_statement_vectors

        records = attach_statement_vectors(records)
    return records


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def worker_threads(workers: int) -> int:
    """Compute threads for each of `workers` processes: the machine's cores shared out.

    Why: torch (the sentence embedder) starts one thread per core in every process, so two
    pool processes on two cores ran four threads and --workers 2 was slower than one."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def _warm_worker(threads: int) -> None:
    # a spawned process has not imported torch yet (the embedder loads lazily), so its
    # thread pool is sized from these when it does
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    from storylens.nlp import load_nlp

    load_nlp()


def extract_stream(
    articles: Iterable[Article],
    *,
    engine: Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
    embed: bool = False,
) -> Iterator[ArticleRecords]:
    """Records for every article, in input order (with statement vectors when embed)."""
    if engine == "dask":
        from storylens.dask_engine import extract_stream_dask

        yield from extract_stream_dask(articles, workers=workers, scheduler=scheduler, embed=embed)
        return
    if workers <= 1:
        for batch in _batches(articles, BATCH_ARTICLES):
            yield from extract_batch(batch, embed)
        return
    yield from _pool_stream(articles, workers, embed)


def _pool_stream(
    articles: Iterable[Article], workers: int, embed: bool
) -> Iterator[ArticleRecords]:
    """The process-pool engine. A pool process that dies (killed, out of memory, a crash in
    native code) breaks the whole pool; the batches then in flight and every later one are
    extracted in this process instead, so the run completes with nothing lost or repeated."""
    # spawn, not fork: the calling process may already run torch's and spaCy's thread pools
    # (a second analyze in one process, a notebook), and a forked child of a threaded process
    # can hang on a lock some other thread held at the fork (seen: the statement embedder).
    pool = ProcessPoolExecutor(
        max_workers=workers,
        initializer=_warm_worker,
        initargs=(worker_threads(workers),),
        mp_context=multiprocessing.get_context("spawn"),
    )
    window: deque[tuple[list[Article], Future[list[ArticleRecords]] | None]] = deque()
    broken = False

    def result(
        batch: list[Article], future: Future[list[ArticleRecords]] | None
    ) -> list[ArticleRecords]:
        nonlocal broken
        if not broken:
            try:
                if future is None:
                    raise BrokenProcessPool("submit refused")
                return future.result()
            except BrokenProcessPool:
                broken = True
                print(
                    "storylens: a worker process died; extracting the remaining articles "
                    "in this process",
                    file=sys.stderr,
                )
        return extract_batch(batch, embed)

    def submit(batch: list[Article]) -> Future[list[ArticleRecords]] | None:
        try:
            return pool.submit(extract_batch, batch, embed)
        except BrokenProcessPool:
            return None  # told, and extracted in-process, when its turn comes

    try:
        for batch in _batches(articles, BATCH_ARTICLES):
            window.append((batch, None if broken else submit(batch)))
            if len(window) >= workers * WINDOW_PER_WORKER:
                yield from result(*window.popleft())
        while window:
            yield from result(*window.popleft())
    finally:
        pool.shutdown(wait=not broken, cancel_futures=True)

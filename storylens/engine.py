"""Run the per-article extract stage: in this process, in a process pool, or on Dask.

The extract stage is a pure function of one article (`extract_batch`), so every engine gives
identical records; they differ only in where the function runs. Articles stream through a
bounded window of in-flight batches, so memory does not grow with the corpus.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Literal

from storylens.extract import extract_many
from storylens.model import Article, ArticleRecords

__all__ = ["BATCH_ARTICLES", "Engine", "extract_batch", "extract_stream"]

Engine = Literal["local", "dask"]
BATCH_ARTICLES = 16  # articles per task: big enough to amortise pickling, small for progress
WINDOW_PER_WORKER = 2  # in-flight batches per worker: keeps workers busy, memory bounded


def extract_batch(articles: list[Article]) -> list[ArticleRecords]:
    """The unit of work shipped to a pool process or a Dask worker (model loaded once there)."""
    from storylens.nlp import load_nlp

    return list(extract_many(articles, load_nlp()))


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def _warm_worker() -> None:
    from storylens.nlp import load_nlp

    load_nlp()


def extract_stream(
    articles: Iterable[Article],
    *,
    engine: Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[ArticleRecords]:
    """Records for every article, in input order."""
    if engine == "dask":
        from storylens.dask_engine import extract_stream_dask

        yield from extract_stream_dask(articles, workers=workers, scheduler=scheduler)
        return
    if workers <= 1:
        from storylens.nlp import load_nlp

        yield from extract_many(articles, load_nlp())
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker) as pool:
        window: deque[Future[list[ArticleRecords]]] = deque()
        for batch in _batches(articles, BATCH_ARTICLES):
            window.append(pool.submit(extract_batch, batch))
            if len(window) >= workers * WINDOW_PER_WORKER:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()

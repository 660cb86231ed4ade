"""The extract stage on a Dask cluster: a LocalCluster, or a scheduler the user runs.

Why this shape:
  - The unit of work is `storylens.engine.extract_batch` (a pure function of its articles), so
    Dask workers produce exactly the records the local engine does.
  - The model is loaded once per worker: a WorkerPlugin calls the per-process `load_nlp` cache
    when a worker joins, before any task runs there (so even a worker with several threads
    does not load it twice), and every later batch on that worker hits the cache.
  - At most WINDOW_PER_THREAD batches per worker thread are in flight: articles are read from
    the input only as results come back, so memory on the client and on the workers does not
    grow with the corpus.
  - Results are yielded in input order (a FIFO of futures, not as_completed): the store is
    written in the same order as with the local engine, so the two give identical exports.
    Head-of-line waiting costs little because batches are similar in size and two per thread
    are queued.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from distributed.diagnostics.plugin import WorkerPlugin

from storylens.engine import BATCH_ARTICLES, extract_batch
from storylens.model import Article, ArticleRecords

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["LoadModel", "dask_client", "extract_on", "extract_stream_dask", "model_loads"]

WINDOW_PER_THREAD = 2  # in-flight batches per worker thread: one running, one queued


class LoadModel(WorkerPlugin):
    """Load the spaCy model when a worker starts (or when the plugin is registered)."""

    name = "storylens-load-model"

    def setup(self, worker: object) -> None:
        from storylens.nlp import load_nlp

        load_nlp()


def _model_loads() -> int:
    """How many times this process has loaded the spaCy model (the lru_cache's misses)."""
    from storylens.nlp import load_nlp

    return load_nlp.cache_info().misses


def model_loads(client: Client) -> dict[str, int]:
    """Model loads per worker address: 1 each when the per-worker cache works."""
    return client.run(_model_loads)


@contextmanager
def dask_client(*, workers: int = 1, scheduler: str | None = None) -> Iterator[Client]:
    """A client for `scheduler`, or for a LocalCluster of `workers` single-threaded processes.

    The model plugin is registered before the client is handed out. Everything started here
    is closed on exit, also when the caller stops early or raises.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            client.register_plugin(LoadModel())
            yield client
        return
    with (
        LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(LoadModel())
        yield client


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_on(
    client: Client,
    articles: Iterable[Article],
    *,
    batch_size: int = BATCH_ARTICLES,
    embed: bool = False,
) -> Iterator[ArticleRecords]:
    """Records for every article, in input order, computed on the client's workers."""
    threads = max(1, sum(client.nthreads().values()))
    window: deque[Future] = deque()
    for batch in _batches(articles, batch_size):
        # pure=False: two identical batches are still two tasks, and no time goes on hashing.
        window.append(client.submit(extract_batch, batch, embed, pure=False))
        if len(window) >= threads * WINDOW_PER_THREAD:
            yield from window.popleft().result()
    while window:
        yield from window.popleft().result()


def extract_stream_dask(
    articles: Iterable[Article],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    embed: bool = False,
) -> Iterator[ArticleRecords]:
    """`extract_stream` for engine="dask": see the module docstring."""
    with dask_client(workers=workers, scheduler=scheduler) as client:
        yield from extract_on(client, articles, embed=embed)
